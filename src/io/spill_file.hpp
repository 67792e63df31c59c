#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace conform::io {

// An anonymous temporary file that lists too long to hold move to: written at
// its end a block at a time, read back at any offset (pending bytes
// included, so reading never writes). Made when the first byte comes.
class SpillFile {
 public:
  // `what` names the contents in errors: "the list of skipped calls".
  explicit SpillFile(std::string what) : what_(std::move(what)) {}
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  std::uint64_t size() const noexcept { return written_ + pending_.size(); }
  void append(std::string_view bytes);
  // Replaces bytes already appended, from `at` on.
  void overwrite(std::uint64_t at, std::string_view bytes);
  // Copies up to `count` bytes from `at` to `out`; returns how many there were.
  std::size_t read_at(std::uint64_t at, std::size_t count, char* out) const;
  const std::string& what() const noexcept { return what_; }

 private:
  void flush();
  std::string what_;
  int fd_ = -1;
  std::uint64_t written_ = 0;  // bytes in the file; the pending ones follow them
  std::string pending_;
};

// A pass over a spill file reads ahead a block at a time. Its place is held
// by the pass itself (an iterator's `offset` of the file just past `buffer`,
// and `at`, the next byte in it), so that passes never disturb one another.
// The next `count` bytes of the pass; valid until the next call. Throws when the file ends first.
std::string_view take(const SpillFile& file, std::uint64_t& offset, std::string& buffer, std::size_t& at,
                      std::size_t count);
// Moves the pass to `to`, keeping the bytes read ahead when they hold it.
void seek(std::uint64_t to, std::uint64_t& offset, std::string& buffer, std::size_t& at);
// A string as a spill file holds it: its length, then its bytes.
void put_string(std::string& out, std::string_view text);
std::string take_string(const SpillFile& file, std::uint64_t& offset, std::string& buffer, std::size_t& at);

}  // namespace conform::io
