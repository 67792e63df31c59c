#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace conform::inputs {

// A RapidJSON input stream over bytes delivered by `Source` (a file read in
// blocks, or memory) that also knows the line and column it is on and, for
// the string it last entered, where it starts, its raw (escaped) bytes and
// its decoded length. A JSON string never spans lines, so this is all it
// takes to place a position inside any string value without reading again.
//
// A string whose decoded length passes its limit (and which could not
// decode to base64 within it either) is cut: its further content is checked
// here (escapes, UTF-8) but no longer handed to RapidJSON, so that neither
// RapidJSON's buffer nor the handler ever holds more than the limit. The
// handler names the limit of the next string (a body's is --max-bytes, with
// its raw spelling kept); any other string is cut at `ignored_limit`.
template <typename Source>
class TrackingStream {
 public:
  using Ch = char;

  explicit TrackingStream(Source& source, std::uint64_t ignored_limit = std::uint64_t{64} * 1024)
      : source_(source), ignored_limit_(ignored_limit), next_limit_(ignored_limit) {}

  // The limit of the next string that starts, and whether its raw spelling is kept.
  void next_string(std::uint64_t limit, bool keep_raw) {
    next_limit_ = limit;
    next_keep_raw_ = keep_raw;
  }
  void next_string_ignored() { next_string(ignored_limit_, false); }

  Ch Peek() {
    if (pending_at_ < pending_.size()) return pending_[pending_at_];
    while (true) {
      if (position_ == size_) refill();
      if (position_ >= size_) return '\0';
      const char c = block_[position_];
      if (!skipping_) {
        if (!in_string_ || escape_ != 0 || utf8_left_ != 0 || c == '"' || !over_limit()) return c;
        skipping_ = cut_ = true;
      }
      // Cut: what RapidJSON would reject is handed over, the rest consumed here.
      if (escape_ == 0 && utf8_left_ == 0) {
        if (c == '"' || static_cast<unsigned char>(c) < 0x20) return c;
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 && lead_length(byte) == 0) return substitute();
      } else if (utf8_left_ != 0) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < next_low_ || byte > next_high_) return substitute();
      } else if (!escape_continues(c)) {
        // Replay the escape so far: RapidJSON rejects it with its own message.
        pending_ = escape_text_;
        pending_at_ = 0;
        skipping_ = false;
        escape_ = 0;
        return pending_.empty() ? c : pending_[0];
      }
      consume();
    }
  }

  Ch Take() {
    if (pending_at_ < pending_.size()) {
      const Ch c = pending_[pending_at_++];
      if (pending_at_ == pending_.size()) pending_.clear(), pending_at_ = 0;
      return c;
    }
    const Ch c = Peek();
    if (pending_at_ < pending_.size()) return Take();
    if (position_ >= size_) return c;
    consume();
    if (substituted_) {
      substituted_ = false;
      return '\xFF';
    }
    return c;
  }

  std::size_t Tell() const { return static_cast<std::size_t>(offset_); }

  // Output is never used: RapidJSON reads, it does not write in place.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }

  std::uint64_t line() const { return line_; }
  std::uint64_t line_begin() const { return line_begin_; }
  // Code points read on the current line.
  std::uint64_t column() const { return column_; }
  // The 1-based column of the byte at `offset`, one of the last few read (an error's position).
  std::uint64_t column_at(std::uint64_t offset) const {
    if (offset < offset_ && offset_ - offset <= kRecent && offset >= line_begin_) return recent_[offset % kRecent] + 1;
    return column_ + 1;
  }

  // The string read last (or being read).
  std::uint64_t string_begin() const { return string_begin_; }    // first byte after the opening quote
  std::uint64_t string_column() const { return string_column_; }  // code points before that byte on its line
  std::uint64_t string_decoded_length() const { return decoded_; }
  bool string_cut() const { return cut_; }
  // Its escaped bytes as the file holds them from its first escape on (the
  // bytes before it are the decoded ones); nullptr when they were not kept.
  const std::string* string_raw() const { return raw_lost_ || !keep_raw_ ? nullptr : &raw_; }
  std::uint64_t string_raw_prefix() const { return raw_prefix_; }
  bool string_escaped() const { return escaped_any_; }
  // Read as base64: the bytes it decodes to, and whether it holds characters base64 has not.
  std::uint64_t string_base64_bytes() const { return base64_chars_ * 6 / 8; }
  bool string_not_base64() const { return base64_other_ != 0; }

 private:
  static constexpr std::uint64_t kRecent = 64;

  bool over_limit() const {
    return decoded_ > max_string_ && (base64_other_ != 0 || base64_chars_ * 6 / 8 > max_string_);
  }

  static int lead_length(unsigned char byte) {
    if (byte >= 0xC2 && byte <= 0xDF) return 2;
    if (byte >= 0xE0 && byte <= 0xEF) return 3;
    if (byte >= 0xF0 && byte <= 0xF4) return 4;
    return 0;
  }

  static bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

  // Whether `c` may come next in the escape being read (as RapidJSON accepts them).
  bool escape_continues(char c) const {
    switch (escape_) {
      case 1:
        return std::string_view("\"\\/bfnrtu").find(c) != std::string_view::npos;
      case 2:
        if (!is_hex(c)) return false;
        if (hex_digits_ == 3 && high_surrogate_ != 0) {
          const std::uint32_t low = (code_ << 4) | hex_value(c);
          return low >= 0xDC00 && low <= 0xDFFF;
        }
        return true;
      case 3:
        return c == '\\';
      case 4:
        return c == 'u';
      default:
        return true;
    }
  }

  static std::uint32_t hex_value(char c) {
    if (c >= '0' && c <= '9') return static_cast<std::uint32_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<std::uint32_t>(c - 'a' + 10);
    return static_cast<std::uint32_t>(c - 'A' + 10);
  }

  Ch substitute() {
    // A byte RapidJSON's UTF-8 check rejects, at the offset of the bad one.
    substituted_ = true;
    skipping_ = false;
    return '\xFF';
  }

  void count_decoded(std::uint32_t code_point, std::uint64_t bytes) {
    decoded_ += bytes;
    const bool alphabet = (code_point >= 'A' && code_point <= 'Z') || (code_point >= 'a' && code_point <= 'z') ||
                          (code_point >= '0' && code_point <= '9') || code_point == '+' || code_point == '/';
    if (alphabet) {
      ++base64_chars_;
    } else if (code_point != '=' && code_point != '\n' && code_point != '\r') {
      ++base64_other_;
    }
  }

  static std::uint64_t utf8_length(std::uint32_t code_point) {
    return code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
  }

  // Takes the current byte: position, line and column, and the state of the string it is in.
  void consume() {
    const char c = block_[position_++];
    const auto byte = static_cast<unsigned char>(c);
    recent_[offset_ % kRecent] = column_;
    ++offset_;
    if (c == '\n') {
      ++line_;
      line_begin_ = offset_;
      column_ = 0;
    } else if ((byte & 0xC0U) != 0x80U) {
      ++column_;
    }
    if (!in_string_) {
      if (c == '"') start_string();
      return;
    }
    if (keep_raw_ && !skipping_ && !raw_lost_) {
      if (!escaped_any_ && c != '\\') {
        ++raw_prefix_;  // the same bytes as decoded: nothing to keep
      } else if (raw_.size() < max_raw_) {
        raw_.push_back(c);
      } else {
        raw_lost_ = true;
        std::string().swap(raw_);
      }
    }
    if (utf8_left_ != 0) {
      --utf8_left_;
      ++decoded_;
      next_low_ = 0x80;
      next_high_ = 0xBF;
      return;
    }
    switch (escape_) {
      case 0:
        if (c == '"') {
          in_string_ = false;
          if (!raw_.empty()) {
            raw_.pop_back();  // the closing quote
          } else if (raw_prefix_ > 0) {
            --raw_prefix_;
          }
          skipping_ = false;
        } else if (c == '\\') {
          escape_ = 1;
          escaped_any_ = true;
          escape_text_.assign(1, c);
        } else {
          count_decoded(byte, 1);
          if (byte >= 0x80) start_sequence(byte);
        }
        return;
      case 1:
        escape_text_.push_back(c);
        if (c == 'u') {
          escape_ = 2;
          hex_digits_ = 0;
          code_ = 0;
        } else {
          escape_ = 0;
          count_decoded(c == 'n' ? '\n' : c == 'r' ? '\r' : c == '/' ? '/' : 0, 1);
        }
        return;
      case 2:
        escape_text_.push_back(c);
        code_ = (code_ << 4) | (is_hex(c) ? hex_value(c) : 0);
        if (++hex_digits_ < 4) return;
        if (high_surrogate_ != 0) {
          high_surrogate_ = 0;
          escape_ = 0;
          count_decoded(0x10000, 4);
        } else if (code_ >= 0xD800 && code_ <= 0xDBFF) {
          high_surrogate_ = code_;
          escape_ = 3;
        } else {
          escape_ = 0;
          count_decoded(code_, utf8_length(code_));
        }
        return;
      case 3:
        escape_text_.push_back(c);
        escape_ = c == '\\' ? 4 : 0;
        return;
      default:
        escape_text_.push_back(c);
        escape_ = c == 'u' ? 2 : 0;
        hex_digits_ = 0;
        code_ = 0;
        return;
    }
  }

  void start_sequence(unsigned char lead) {
    const int length = lead_length(lead);
    utf8_left_ = length > 0 ? length - 1 : 0;
    next_low_ = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    next_high_ = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
  }

  void start_string() {
    max_string_ = next_limit_;
    keep_raw_ = next_keep_raw_;
    max_raw_ = max_string_ > std::numeric_limits<std::uint64_t>::max() / 8 ? max_string_ : max_string_ * 6 + 64;
    next_string_ignored();
    raw_prefix_ = 0;
    in_string_ = true;
    string_begin_ = offset_;
    string_column_ = column_;
    decoded_ = 0;
    base64_chars_ = 0;
    base64_other_ = 0;
    cut_ = false;
    escaped_any_ = false;
    raw_lost_ = false;
    raw_.clear();
    escape_ = 0;
    utf8_left_ = 0;
    high_surrogate_ = 0;
  }

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
  std::uint64_t offset_ = 0;
  std::uint64_t line_ = 1;
  std::uint64_t line_begin_ = 0;
  std::uint64_t column_ = 0;
  std::array<std::uint64_t, kRecent> recent_{};

  std::uint64_t ignored_limit_;
  std::uint64_t next_limit_;
  bool next_keep_raw_ = false;
  std::uint64_t max_string_ = 0;
  std::uint64_t max_raw_ = 0;
  bool keep_raw_ = false;
  std::uint64_t raw_prefix_ = 0;
  bool in_string_ = false;
  std::uint64_t string_begin_ = 0;
  std::uint64_t string_column_ = 0;
  std::uint64_t decoded_ = 0;
  std::uint64_t base64_chars_ = 0;
  std::uint64_t base64_other_ = 0;
  bool cut_ = false;
  bool skipping_ = false;
  bool substituted_ = false;
  bool escaped_any_ = false;
  bool raw_lost_ = false;
  std::string raw_;
  // The escape being read: 0 none, 1 after '\', 2 in \u's hex digits, 3 and 4 between a surrogate pair's halves.
  int escape_ = 0;
  int hex_digits_ = 0;
  std::uint32_t code_ = 0;
  std::uint32_t high_surrogate_ = 0;
  std::string escape_text_;
  int utf8_left_ = 0;
  unsigned next_low_ = 0x80;
  unsigned next_high_ = 0xBF;
  std::string pending_;  // an escape replayed to RapidJSON after a cut
  std::size_t pending_at_ = 0;
};

}  // namespace conform::inputs
