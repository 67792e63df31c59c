#include "io/fd_output.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace conform::io {

FdOutput::~FdOutput() {
  if (owned_ && !closed_) ::close(buffer_.fd());
}

bool FdOutput::finish() {
  stream_.flush();
  bool ok = static_cast<bool>(stream_) && buffer_.error() == 0;
  if (owned_ && !closed_) {
    closed_ = true;
    if (::close(buffer_.fd()) != 0 && errno != EINTR) ok = false;
  }
  return ok;
}

bool FdOutput::reader_gone() const {
  if (buffer_.error() == EPIPE) return true;
  // On the write end of a pipe whose read end is closed, poll reports POLLERR.
  struct pollfd watched {};
  watched.fd = buffer_.fd();
  watched.events = 0;
  return ::poll(&watched, 1, 0) == 1 && (watched.revents & POLLERR) != 0;
}

bool FdOutput::Buffer::write_all(const char* bytes, std::size_t count) {
  while (count > 0 && error_ == 0) {
    const ssize_t written = ::write(fd_, bytes, count);
    if (written < 0) {
      if (errno == EINTR) continue;  // a signal came (Ctrl-C while the reader was slow): carry on
      if (errno == EAGAIN) {         // a non-blocking descriptor we inherited: wait until it takes more
        struct pollfd writable {};
        writable.fd = fd_;
        writable.events = POLLOUT;
        ::poll(&writable, 1, -1);
        continue;
      }
      error_ = errno;
      break;
    }
    bytes += written;
    count -= static_cast<std::size_t>(written);
  }
  return error_ == 0;
}

bool FdOutput::Buffer::drain() {
  const bool ok = write_all(pbase(), static_cast<std::size_t>(pptr() - pbase()));
  setp(data_.data(), data_.data() + data_.size());
  return ok;
}

FdOutput::Buffer::int_type FdOutput::Buffer::overflow(int_type c) {
  if (!drain()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

int FdOutput::Buffer::sync() { return drain() ? 0 : -1; }

std::streamsize FdOutput::Buffer::xsputn(const char* text, std::streamsize count) {
  const auto room = epptr() - pptr();
  if (count <= room) {
    std::memcpy(pptr(), text, static_cast<std::size_t>(count));
    pbump(static_cast<int>(count));
    return count;
  }
  if (!drain()) return 0;
  if (count < static_cast<std::streamsize>(data_.size())) {
    std::memcpy(pptr(), text, static_cast<std::size_t>(count));
    pbump(static_cast<int>(count));
    return count;
  }
  return write_all(text, static_cast<std::size_t>(count)) ? count : 0;
}

}  // namespace conform::io
