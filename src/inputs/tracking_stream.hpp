#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace conform::inputs {

// A RapidJSON input stream over bytes delivered by `Source` (a file read in
// blocks, or memory) that also knows the line it is on and where the string
// it last entered starts. A JSON string never spans lines, so this is all it
// takes to place a position inside any string value in the file.
template <typename Source>
class TrackingStream {
 public:
  using Ch = char;

  explicit TrackingStream(Source& source) : source_(source) {}

  Ch Peek() {
    if (position_ == size_) refill();
    return position_ < size_ ? block_[position_] : '\0';
  }

  Ch Take() {
    const Ch c = Peek();
    if (position_ == size_) return c;
    ++position_;
    ++offset_;
    if (c == '\n') {
      ++line_;
      line_begin_ = offset_;
    }
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
    } else if (c == '"') {
      in_string_ = true;
      string_begin_ = offset_;
    }
    return c;
  }

  std::size_t Tell() const { return offset_; }

  // Output is never used: RapidJSON reads, it does not write in place.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }

  std::uint32_t line() const { return line_; }
  std::uint64_t line_begin() const { return line_begin_; }
  std::uint64_t string_begin() const { return string_begin_; }  // first byte after the opening quote

 private:
  void refill() {
    const std::string_view next = source_.next();
    block_ = next.data();
    size_ = next.size();
    position_ = 0;
  }

  Source& source_;
  const char* block_ = nullptr;
  std::size_t size_ = 0;
  std::size_t position_ = 0;
  std::size_t offset_ = 0;
  std::uint32_t line_ = 1;
  std::uint64_t line_begin_ = 0;
  std::uint64_t string_begin_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
};

}  // namespace conform::inputs
