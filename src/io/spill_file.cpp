#include "io/spill_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace conform::io {
namespace {

constexpr std::size_t kBlock = std::size_t{1} << 16;

}  // namespace

SpillFile::~SpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

void SpillFile::append(std::string_view bytes) {
  pending_.append(bytes);
  if (pending_.size() >= kBlock) flush();
}

void SpillFile::flush() {
  if (pending_.empty()) return;
  if (fd_ < 0) {
    // tmpfile: unlinked at once, so nothing is left behind however the run ends.
    std::FILE* file = std::tmpfile();
    if (file == nullptr) throw std::runtime_error(std::string("cannot make a temporary file: ") + std::strerror(errno));
    fd_ = ::dup(::fileno(file));
    std::fclose(file);
    if (fd_ < 0) throw std::runtime_error(std::string("cannot make a temporary file: ") + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < pending_.size()) {
    const ssize_t n =
        ::pwrite(fd_, pending_.data() + done, pending_.size() - done, static_cast<off_t>(written_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("cannot write " + what_ + ": " + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  written_ += pending_.size();
  pending_.clear();
}

void SpillFile::overwrite(std::uint64_t at, std::string_view bytes) {
  if (at + bytes.size() > size()) throw std::logic_error("overwrite past the end of " + what_);
  // The part in the file, then the part still pending.
  if (at < written_) {
    const std::size_t in_file = static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), written_ - at));
    if (::pwrite(fd_, bytes.data(), in_file, static_cast<off_t>(at)) != static_cast<ssize_t>(in_file)) {
      throw std::runtime_error("cannot write " + what_ + ": " + std::strerror(errno));
    }
    bytes.remove_prefix(in_file);
    at += in_file;
  }
  if (!bytes.empty()) std::memcpy(pending_.data() + (at - written_), bytes.data(), bytes.size());
}

std::size_t SpillFile::read_at(std::uint64_t at, std::size_t count, char* out) const {
  std::size_t done = 0;
  while (done < count && at + done < written_) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(count - done, written_ - (at + done)));
    const ssize_t n = ::pread(fd_, out + done, want, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("cannot read " + what_ + " back");
    done += static_cast<std::size_t>(n);
  }
  if (done < count && at + done >= written_ && at + done < size()) {
    const std::size_t from = static_cast<std::size_t>(at + done - written_);
    const std::size_t take = std::min(count - done, pending_.size() - from);
    std::memcpy(out + done, pending_.data() + from, take);
    done += take;
  }
  return done;
}

std::string_view take(const SpillFile& file, std::uint64_t& offset, std::string& buffer, std::size_t& at,
                      std::size_t count) {
  if (buffer.size() - at < count) {
    buffer.erase(0, at);
    at = 0;
    const std::size_t want = std::max(count - buffer.size(), kBlock);
    const std::size_t had = buffer.size();
    buffer.resize(had + want);
    const std::size_t n = file.read_at(offset, want, buffer.data() + had);
    buffer.resize(had + n);
    offset += n;
    if (buffer.size() < count) throw std::runtime_error("cannot read " + file.what() + " back");
  }
  const std::string_view bytes(buffer.data() + at, count);
  at += count;
  return bytes;
}

void seek(std::uint64_t to, std::uint64_t& offset, std::string& buffer, std::size_t& at) {
  const std::uint64_t start = offset - buffer.size();
  if (to >= start && to <= offset) {
    at = static_cast<std::size_t>(to - start);
    return;
  }
  buffer.clear();
  at = 0;
  offset = to;
}

void put_string(std::string& out, std::string_view text) {
  const std::uint64_t length = text.size();
  out.append(reinterpret_cast<const char*>(&length), sizeof length);
  out += text;
}

std::string take_string(const SpillFile& file, std::uint64_t& offset, std::string& buffer, std::size_t& at) {
  std::uint64_t length = 0;
  std::memcpy(&length, take(file, offset, buffer, at, sizeof length).data(), sizeof length);
  return std::string(take(file, offset, buffer, at, static_cast<std::size_t>(length)));
}

}  // namespace conform::io
