#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace conform::io {

// How the bytes of a source are stored: told from its first bytes (magic
// numbers), never from its name.
enum class Compression { none, gzip, zstd };

std::string_view to_string(Compression compression) noexcept;

class Decoder;

// The one way conform reads an input's bytes: a file (seekable, through the
// one descriptor it was opened with), a pipe, a device or standard input (a
// stream, read once), with gzip and zstd decoded as they are read. Bytes come
// block by block (next), the first ones can be looked at first (peek), and
// an uncompressed regular file can also be read at any offset (read_at, from
// several threads), which is how NDJSON files are cut into pieces.
class ByteSource {
 public:
  // Opens `path` ("-": standard input). A regular file is opened without
  // blocking and read only if it is still a regular file; a FIFO or device is
  // read only when `allow_stream` (named on the command line), else refused.
  // Returns nullptr with `error` set when it cannot be read.
  static std::unique_ptr<ByteSource> open(const std::string& path, bool allow_stream, std::string& error);
  // Over bytes in memory (tests and fuzzers); decoded like a file.
  static std::unique_ptr<ByteSource> from_memory(std::string bytes);
  // Over bytes a caller holds, not copied: they must outlive the source.
  static std::unique_ptr<ByteSource> over_memory(std::string_view bytes);
  // Over a caller's stream, read once as standard input is; it must outlive the source.
  static std::unique_ptr<ByteSource> from_stream(std::istream& in);

  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;
  ~ByteSource();

  // The next block of (decoded) bytes, valid until the next call; empty at
  // the end, or when reading failed (then error() says why).
  std::string_view next();
  // At least `want` of the first bytes not yet handed out by next() (fewer
  // only at the end), which next() still hands out.
  std::string_view peek(std::size_t want);

  Compression compression() const noexcept { return compression_; }
  // An uncompressed regular file: read_at works, and size() is its size.
  bool seekable() const noexcept { return seekable_; }
  bool stream() const noexcept { return stream_; }
  std::uint64_t size() const noexcept { return size_; }
  // Up to `size` bytes at `offset` of a seekable source (fewer at its end); thread safe.
  bool read_at(std::uint64_t offset, std::size_t size, std::string& into) const;
  // Why the bytes stopped early: "cannot read: ...", "gzip: the data is corrupt".
  const std::string& error() const noexcept { return error_; }
  // Bytes handed out by next() so far.
  std::uint64_t delivered() const noexcept { return delivered_; }

 private:
  ByteSource() = default;
  void start();
  // Raw bytes from the descriptor (or memory) into `raw_`; false at the end or on error.
  bool fill_raw();
  std::string_view decode_next();

  int fd_ = -1;
  bool owns_fd_ = false;
  bool seekable_ = false;
  bool stream_ = false;
  std::uint64_t size_ = 0;
  Compression compression_ = Compression::none;
  std::unique_ptr<Decoder> decoder_;
  std::string owned_;           // from_memory: the bytes
  std::string_view memory_;     // from_memory, over_memory: the bytes
  std::istream* in_ = nullptr;  // from_stream
  std::size_t memory_at_ = 0;
  std::string raw_;  // undecoded bytes read, from raw_at_ on not yet used
  std::size_t raw_at_ = 0;
  bool raw_end_ = false;
  std::string block_;   // decoded bytes handed out by the last next()
  std::string peeked_;  // decoded bytes peeked, handed out first
  std::string error_;
  std::uint64_t delivered_ = 0;
};

}  // namespace conform::io
