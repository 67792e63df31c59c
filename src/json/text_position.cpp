#include "json/text_position.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>

namespace conform::json {

TextPosition PositionCursor::at(std::size_t offset) noexcept {
  offset = std::min(offset, text_.size());
  if (offset < scanned_) *this = PositionCursor(text_);  // went back: start again rather than be wrong
  // An empty view may have no data at all: memchr must not see that pointer.
  for (const char* p = text_.data() + scanned_; p != text_.data() + offset;) {
    const auto remaining = static_cast<std::size_t>(text_.data() + offset - p);
    const void* newline = std::memchr(p, '\n', remaining);
    if (newline == nullptr) break;
    ++line_;
    p = static_cast<const char*>(newline) + 1;
    counted_ = static_cast<std::size_t>(p - text_.data());
    column_ = 1;
  }
  scanned_ = offset;
  // A well-formed multi-byte sequence is one column; any other byte (a
  // stray continuation byte, a sequence cut short, here or by `offset`) is a
  // column of its own.
  auto is_continuation = [&](std::size_t i) {
    return i < offset && (static_cast<unsigned char>(text_[i]) & 0xC0U) == 0x80U;
  };
  TextPosition position{line_, column_};
  for (std::size_t i = counted_; i < offset; ++position.column) {
    // Eight ASCII bytes at a time: each is a column, whatever follows it.
    std::uint64_t word = 0;
    if (offset - i >= sizeof word) {
      std::memcpy(&word, text_.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += sizeof word;
        position.column += sizeof word - 1;  // and one more by the loop
        counted_ = i;
        column_ = position.column + 1;
        continue;
      }
    }
    const std::size_t start = i;
    const auto lead = static_cast<unsigned char>(text_[i]);
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    for (std::size_t k = 1; k < length; ++k) {
      if (!is_continuation(i + k)) length = 1;
    }
    i += length;
    // A step that `offset` could not cut short holds for any later offset too.
    if (start + 4 <= offset) {
      counted_ = i;
      column_ = position.column + 1;
    }
  }
  return position;
}

TextPosition position_at(std::string_view text, std::size_t offset) noexcept { return PositionCursor(text).at(offset); }

std::vector<TextPosition> positions_at(std::string_view text, std::span<const std::size_t> offsets) {
  std::vector<std::size_t> order(offsets.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return offsets[a] < offsets[b]; });
  std::vector<TextPosition> positions(offsets.size());
  PositionCursor cursor(text);
  for (const std::size_t index : order) positions[index] = cursor.at(offsets[index]);
  return positions;
}

}  // namespace conform::json
