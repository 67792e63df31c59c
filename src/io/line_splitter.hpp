#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace conform::io {

// One line of NDJSON as every reader of conform sees it.
struct Line {
  std::string_view text;     // without its "\n" and a "\r" before it; at most `keep` bytes
  std::uint64_t length = 0;  // bytes of the whole line, as `text` counts them
  std::uint64_t number = 0;  // 1-based, among the lines fed
  std::uint64_t offset = 0;  // of its first byte, counted as the splitter was told
  bool cut = false;          // longer than `keep`: `text` holds its first `keep` bytes
  bool blank = false;        // only spaces, tabs and carriage returns (or nothing)
  bool terminated = true;    // ended by "\n" (the last line of a source may not be)
  // False for a line that crossed blocks of a splitter told not to put such
  // lines together: its `length` bytes (its end included) are read again at `offset`.
  bool held = true;
};

// The one line splitter: "\n" ends a line, a "\r" before it is no part of
// it, a line of blanks holds nothing, and a line longer than `keep` is
// measured, never held. Blocks come from a ByteSource (or a range of a file);
// a line inside a block is handed over where it lies, only one that crosses
// blocks is put together.
class LineSplitter {
 public:
  // `assemble` false: a line that crosses blocks is measured, not put
  // together (a file that can be read again at an offset holds nothing then).
  explicit LineSplitter(std::uint64_t keep, std::uint64_t first_offset = 0, bool assemble = true)
      : keep_(keep), offset_(first_offset), assemble_(assemble) {}

  // Hands every line that ends in `block` to visit(const Line&), which
  // returns false to stop; returns false once stopped.
  template <typename Visit>
  bool feed(std::string_view block, Visit&& visit) {
    while (!block.empty()) {
      const void* found = std::memchr(block.data(), '\n', block.size());
      if (found == nullptr) {
        take(block);
        return true;
      }
      const auto end = static_cast<std::size_t>(static_cast<const char*>(found) - block.data());
      std::string_view text;
      if (pending_length_ == 0) {
        text = block.substr(0, end);
        pending_length_ = end;
      } else {
        take(block.substr(0, end));
        text = pending_;
      }
      block.remove_prefix(end + 1);
      if (!hand_over(text, true, visit)) return false;
    }
    return true;
  }

  // The last line when the source ended without a "\n".
  template <typename Visit>
  bool finish(Visit&& visit) {
    if (pending_length_ == 0) return true;
    return hand_over(pending_, false, visit);
  }

  // Where the next line starts.
  std::uint64_t offset() const noexcept { return offset_; }
  std::uint64_t lines() const noexcept { return number_; }
  bool in_line() const noexcept { return pending_length_ != 0; }
  // Bytes of the line being read so far (it has not ended yet).
  std::uint64_t partial() const noexcept { return pending_length_; }

 private:
  void take(std::string_view part) {
    if (assemble_ && pending_.size() < keep_)
      pending_.append(part.substr(0, static_cast<std::size_t>(keep_ - pending_.size())));
    pending_length_ += part.size();
  }

  template <typename Visit>
  bool hand_over(std::string_view text, bool terminated, Visit&& visit) {
    Line line;
    line.length = pending_length_;
    if (!assemble_ && text.data() == pending_.data()) {
      line.held = false;  // crossed blocks: the reader reads it again
      line.number = ++number_;
      line.offset = offset_;
      line.terminated = terminated;
      offset_ += pending_length_ + (terminated ? 1 : 0);
      pending_length_ = 0;
      return visit(static_cast<const Line&>(line));
    }
    line.cut = line.length > keep_;
    line.text = text.substr(0, static_cast<std::size_t>(std::min<std::uint64_t>(text.size(), keep_)));
    if (!line.cut && !line.text.empty() && line.text.back() == '\r') {
      line.text.remove_suffix(1);
      --line.length;
    }
    line.blank = !line.cut && line.text.find_first_not_of(" \t\r") == std::string_view::npos;
    line.number = ++number_;
    line.offset = offset_;
    line.terminated = terminated;
    offset_ += pending_length_ + (terminated ? 1 : 0);
    pending_length_ = 0;
    const bool go_on = visit(static_cast<const Line&>(line));
    pending_.clear();  // after the visit: `text` may be a view of it
    return go_on;
  }

  std::uint64_t keep_;
  std::uint64_t offset_;
  bool assemble_;
  std::uint64_t number_ = 0;
  std::string pending_;               // a line that crosses blocks, up to `keep` bytes of it
  std::uint64_t pending_length_ = 0;  // bytes of the line being read (all of it, kept or not)
};

}  // namespace conform::io
