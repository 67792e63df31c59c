#pragma once

#include <array>
#include <cstddef>
#include <ostream>
#include <streambuf>

namespace conform::io {

// A stream onto a file descriptor that finishes what it starts: a write cut
// short by a signal (EINTR) or by a full pipe (a partial write) is carried on
// where it stopped, so a report is never cut mid-string because Ctrl-C came
// while standard output was blocked. A write that fails for good keeps its
// errno (EPIPE: the reader went away) and fails the stream.
class FdOutput {
 public:
  FdOutput(int fd, bool owned) : buffer_(fd), stream_(&buffer_), owned_(owned) {}
  ~FdOutput();
  FdOutput(const FdOutput&) = delete;
  FdOutput& operator=(const FdOutput&) = delete;

  std::ostream& stream() { return stream_; }
  int fd() const { return buffer_.fd(); }
  int error() const { return buffer_.error(); }  // errno of the first failed write; 0 if none
  // Flushes, and closes the descriptor if it is ours; false if anything failed.
  bool finish();
  // Whether a pipe's reader has gone (asked of the kernel, without writing).
  bool reader_gone() const;

 private:
  class Buffer : public std::streambuf {
   public:
    explicit Buffer(int fd) : fd_(fd) { setp(data_.data(), data_.data() + data_.size()); }
    int fd() const { return fd_; }
    int error() const { return error_; }

   protected:
    int_type overflow(int_type c) override;
    int sync() override;
    std::streamsize xsputn(const char* text, std::streamsize count) override;

   private:
    bool drain();
    bool write_all(const char* bytes, std::size_t count);

    int fd_;
    int error_ = 0;
    std::array<char, 65536> data_{};
  };

  Buffer buffer_;
  std::ostream stream_;
  bool owned_;
  bool closed_ = false;
};

}  // namespace conform::io
