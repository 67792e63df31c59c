#include "io/byte_source.hpp"

#include <istream>

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace conform::io {

namespace {

constexpr std::size_t kBlock = std::size_t{256} * 1024;

constexpr std::string_view kGzipMagic("\x1f\x8b", 2);
constexpr std::string_view kZstdMagic("\x28\xb5\x2f\xfd", 4);

Compression compression_of(std::string_view first) {
  if (first.substr(0, 2) == kGzipMagic) return Compression::gzip;
  if (first.substr(0, 4) == kZstdMagic) return Compression::zstd;
  return Compression::none;
}

}  // namespace

std::string_view to_string(Compression compression) noexcept {
  switch (compression) {
    case Compression::gzip:
      return "gzip";
    case Compression::zstd:
      return "zstd";
    default:
      return "none";
  }
}

// Turns compressed bytes into plain ones, a block at a time.
class Decoder {
 public:
  virtual ~Decoder() = default;
  // Decodes from `in` (advancing it past what was used) into out[0, room);
  // returns the bytes produced, or sets `error` on corrupt data.
  virtual std::size_t decode(std::string_view& in, char* out, std::size_t room, std::string& error) = 0;
  // Whether the data ended where a stream (member, frame) ended: else it was cut short.
  virtual bool complete() const = 0;
};

namespace {

class GzipDecoder final : public Decoder {
 public:
  GzipDecoder() {
    // 15 + 16: a gzip header and trailer, with a window of any size.
    if (inflateInit2(&stream_, 15 + 16) != Z_OK) throw std::runtime_error("zlib: cannot start inflating");
  }
  ~GzipDecoder() override { inflateEnd(&stream_); }

  std::size_t decode(std::string_view& in, char* out, std::size_t room, std::string& error) override {
    std::size_t produced = 0;
    while (produced < room && !in.empty()) {
      if (ended_) {
        // `cat a.gz b.gz` (what logrotate's delaycompress and tools that append write): members follow each other.
        if (in.substr(0, 2) != kGzipMagic) {
          error = "gzip: bytes that are not gzip data follow the compressed data";
          return produced;
        }
        inflateReset(&stream_);
        ended_ = false;
      }
      stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      stream_.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), 1U << 30));
      stream_.next_out = reinterpret_cast<Bytef*>(out + produced);
      stream_.avail_out = static_cast<uInt>(room - produced);
      const uInt had_in = stream_.avail_in;
      const uInt had_out = stream_.avail_out;
      const int code = inflate(&stream_, Z_NO_FLUSH);
      in.remove_prefix(had_in - stream_.avail_in);
      produced += had_out - stream_.avail_out;
      if (code == Z_STREAM_END) {
        ended_ = true;
      } else if (code != Z_OK && code != Z_BUF_ERROR) {
        error = fmt::format("gzip: the data is corrupt ({})", stream_.msg != nullptr ? stream_.msg : "inflate failed");
        return produced;
      } else if (had_in == stream_.avail_in && had_out == stream_.avail_out) {
        break;  // no progress: more input is needed
      }
    }
    return produced;
  }
  bool complete() const override { return ended_; }

 private:
  z_stream stream_{};
  bool ended_ = false;
};

class ZstdDecoder final : public Decoder {
 public:
  ZstdDecoder() : stream_(ZSTD_createDStream()) {
    if (stream_ == nullptr) throw std::runtime_error("zstd: cannot start decoding");
    ZSTD_initDStream(stream_);
  }
  ~ZstdDecoder() override { ZSTD_freeDStream(stream_); }

  std::size_t decode(std::string_view& in, char* out, std::size_t room, std::string& error) override {
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    ZSTD_outBuffer output{out, room, 0};
    while (output.pos < output.size && input.pos < input.size) {
      const std::size_t before_in = input.pos;
      const std::size_t before_out = output.pos;
      const std::size_t code = ZSTD_decompressStream(stream_, &output, &input);
      if (ZSTD_isError(code) != 0U) {
        error = fmt::format("zstd: the data is corrupt ({})", ZSTD_getErrorName(code));
        break;
      }
      frame_done_ = code == 0;  // 0: a frame was decoded and flushed whole; frames may follow
      if (input.pos == before_in && output.pos == before_out) break;
    }
    // Output may still be held inside after the input is used up: flushed by a call with no input.
    if (output.pos < output.size && input.pos == input.size && error.empty() && !frame_done_) {
      ZSTD_inBuffer none{nullptr, 0, 0};
      const std::size_t code = ZSTD_decompressStream(stream_, &output, &none);
      if (ZSTD_isError(code) == 0U) frame_done_ = code == 0;
    }
    in.remove_prefix(input.pos);
    return output.pos;
  }
  bool complete() const override { return frame_done_; }

 private:
  ZSTD_DStream* stream_;
  bool frame_done_ = false;
};

std::string system_error(std::string_view what) { return fmt::format("{}: {}", what, std::strerror(errno)); }

// ::open, and for a path the kernel refuses as too long (past PATH_MAX: some
// 2,000 nested folders), the same path opened a part at a time, each part
// relative to the folder the one before it opened. errno is open's.
int open_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd >= 0 || errno != ENAMETOOLONG) return fd;
  constexpr std::size_t kPart = PATH_MAX / 2;
  int folder = AT_FDCWD;
  std::size_t from = 0;
  auto close_folder = [&folder] {
    const int number = errno;
    if (folder != AT_FDCWD) ::close(folder);
    errno = number;
  };
  if (path.front() == '/') {
    folder = ::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder < 0) return -1;
    from = 1;
  }
  while (true) {
    while (from < path.size() && path[from] == '/') ++from;  // "a//b": no part starts at a slash (the root)
    if (path.size() - from < kPart) break;
    // Up to a slash within the part, so that no name is cut.
    const std::size_t slash = path.rfind('/', from + kPart - 1);
    if (slash == std::string::npos || slash < from) {
      close_folder();
      errno = ENAMETOOLONG;
      return -1;
    }
    const int next = ::openat(folder, path.substr(from, slash - from + 1).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    close_folder();
    if (next < 0) return -1;
    folder = next;
    from = slash + 1;
  }
  const int file = ::openat(folder, path.c_str() + from, flags);
  close_folder();
  return file;
}

}  // namespace

std::unique_ptr<ByteSource> ByteSource::open(const std::string& path, bool allow_stream, std::string& error) {
  std::unique_ptr<ByteSource> source(new ByteSource());
  if (path == "-") {
    source->fd_ = STDIN_FILENO;
    source->stream_ = true;
  } else {
    // Without blocking: what turned into a FIFO since it was listed is named,
    // not read. A FIFO named to be read waits for its writer, as a shell does.
    struct stat named {};
    const bool wait_for_writer = allow_stream && ::stat(path.c_str(), &named) == 0 && S_ISFIFO(named.st_mode);
    const int fd = open_path(path, O_RDONLY | O_CLOEXEC | (wait_for_writer ? 0 : O_NONBLOCK));
    if (fd < 0) {
      error = system_error("cannot open");
      return nullptr;
    }
    source->fd_ = fd;
    source->owns_fd_ = true;
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      error = system_error("cannot read");
      return nullptr;
    }
    if (S_ISDIR(info.st_mode)) {
      error = "is a directory";
      return nullptr;
    }
    if (!S_ISREG(info.st_mode)) {
      if (!allow_stream) {
        error = "not a regular file; not read";
        return nullptr;
      }
      source->stream_ = true;
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    } else {
      source->size_ = static_cast<std::uint64_t>(info.st_size);
    }
  }
  source->start();
  if (!source->error_.empty()) {
    error = source->error_;
    return nullptr;
  }
  return source;
}

std::unique_ptr<ByteSource> ByteSource::from_memory(std::string bytes) {
  std::unique_ptr<ByteSource> source(new ByteSource());
  source->owned_ = std::move(bytes);
  source->memory_ = source->owned_;
  source->size_ = source->memory_.size();
  source->start();
  return source;
}

std::unique_ptr<ByteSource> ByteSource::over_memory(std::string_view bytes) {
  std::unique_ptr<ByteSource> source(new ByteSource());
  source->memory_ = bytes;
  source->size_ = bytes.size();
  source->start();
  return source;
}

std::unique_ptr<ByteSource> ByteSource::from_stream(std::istream& in) {
  std::unique_ptr<ByteSource> source(new ByteSource());
  source->in_ = &in;
  source->stream_ = true;
  source->start();
  return source;
}

ByteSource::~ByteSource() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

void ByteSource::start() {
  if (!stream_ && fd_ >= 0) {
    // A regular file: its first bytes tell how it is stored, read where
    // they lie so that small plain files cost no buffer.
    std::string first;
    if (!read_at(0, kZstdMagic.size(), first)) {
      error_ = system_error("cannot read");
      return;
    }
    compression_ = compression_of(first);
    seekable_ = compression_ == Compression::none;
    if (seekable_) return;
  } else {
    // A stream (or memory): its first bytes are read and kept for next().
    while (raw_.size() - raw_at_ < kZstdMagic.size() && fill_raw()) {
    }
    compression_ = compression_of(std::string_view(raw_).substr(raw_at_));
    if (fd_ < 0 && in_ == nullptr) seekable_ = compression_ == Compression::none;
  }
  if (compression_ == Compression::gzip) decoder_ = std::make_unique<GzipDecoder>();
  if (compression_ == Compression::zstd) decoder_ = std::make_unique<ZstdDecoder>();
}

bool ByteSource::read_at(std::uint64_t offset, std::size_t size, std::string& into) const {
  if (fd_ < 0) {
    into.assign(offset < memory_.size() ? std::string_view(memory_).substr(offset, size) : std::string_view());
    return true;
  }
  into.resize(size);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd_, into.data() + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  into.resize(done);
  return true;
}

bool ByteSource::fill_raw() {
  if (raw_end_ || !error_.empty()) return false;
  if (raw_at_ == raw_.size()) {
    raw_.clear();
    raw_at_ = 0;
  }
  if (in_ != nullptr) {
    const std::size_t had = raw_.size();
    raw_.resize(had + kBlock);
    in_->read(raw_.data() + had, static_cast<std::streamsize>(kBlock));
    const auto n = static_cast<std::size_t>(in_->gcount());
    raw_.resize(had + n);
    if (in_->bad()) {
      error_ = "cannot read the stream";
      return false;
    }
    if (n == 0) raw_end_ = true;
    return n > 0;
  }
  if (fd_ < 0) {
    if (memory_at_ == memory_.size()) {
      raw_end_ = true;
      return false;
    }
    const std::size_t take = std::min(kBlock, memory_.size() - memory_at_);
    raw_.append(memory_.substr(memory_at_, take));
    memory_at_ += take;
    return true;
  }
  const std::size_t had = raw_.size();
  raw_.resize(had + kBlock);
  while (true) {
    const ssize_t n = ::read(fd_, raw_.data() + had, kBlock);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // Standard input left non-blocking by whoever started conform: wait for bytes.
      pollfd wait{fd_, POLLIN, 0};
      ::poll(&wait, 1, -1);
      continue;
    }
    if (n < 0) {
      raw_.resize(had);
      error_ = fd_ == STDIN_FILENO && !owns_fd_ ? "cannot read standard input" : system_error("cannot read");
      return false;
    }
    raw_.resize(had + static_cast<std::size_t>(n));
    if (n == 0) raw_end_ = true;
    return n > 0;
  }
}

std::string_view ByteSource::decode_next() {
  if (compression_ == Compression::none) {
    if (raw_at_ == raw_.size() && !fill_raw()) return {};
    if (raw_at_ == 0) {
      block_.swap(raw_);  // no copy: the next read fills the other buffer
      raw_.clear();
    } else {
      block_.assign(raw_, raw_at_, std::string::npos);
      raw_.clear();
    }
    raw_at_ = 0;
    return block_;
  }
  block_.resize(kBlock);
  while (true) {
    if (raw_at_ < raw_.size()) {
      std::string_view in = std::string_view(raw_).substr(raw_at_);
      const std::size_t before = in.size();
      const std::size_t produced = decoder_->decode(in, block_.data(), block_.size(), error_);
      raw_at_ += before - in.size();
      if (!error_.empty() && produced == 0) return {};
      if (produced > 0) {
        block_.resize(produced);
        return block_;
      }
      if (in.size() == before && raw_at_ < raw_.size() && raw_end_) break;  // stuck at the end: cut short
    }
    if (!fill_raw()) break;
  }
  if (error_.empty() && !decoder_->complete()) {
    error_ = fmt::format("{}: the compressed data is cut short (a file still being written, or truncated)",
                         to_string(compression_));
  }
  return {};
}

std::string_view ByteSource::next() {
  if (!peeked_.empty()) {
    block_.swap(peeked_);
    peeked_.clear();
    delivered_ += block_.size();
    return block_;
  }
  if (!error_.empty()) return {};
  const std::string_view block = decode_next();
  delivered_ += block.size();
  return block;
}

std::string_view ByteSource::peek(std::size_t want) {
  while (peeked_.size() < want && error_.empty()) {
    const std::string_view block = decode_next();
    if (block.empty()) break;
    peeked_.append(block);
  }
  return peeked_;
}

}  // namespace conform::io
