#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace conform::json {

struct TextPosition {
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in code points (bytes where UTF-8 is broken)
};

// Line and column of offsets that do not decrease: each call goes on from
// where the last one stopped, so placing every finding of a body reads its
// bytes once, however many there are.
class PositionCursor {
 public:
  explicit PositionCursor(std::string_view text) noexcept : text_(text) {}
  TextPosition at(std::size_t offset) noexcept;

 private:
  std::string_view text_;
  std::size_t scanned_ = 0;  // the newlines before this are counted
  std::uint32_t line_ = 1;
  std::size_t counted_ = 0;   // a character boundary on the current line; columns before it are counted
  std::uint32_t column_ = 1;  // the column at `counted_`
};

TextPosition position_at(std::string_view text, std::size_t offset) noexcept;

// The positions of many offsets, in any order, in one pass over `text`.
std::vector<TextPosition> positions_at(std::string_view text, std::span<const std::size_t> offsets);

}  // namespace conform::json
