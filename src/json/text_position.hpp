#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace conform::json {

struct TextPosition {
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in code points (bytes where UTF-8 is broken)
};

TextPosition position_at(std::string_view text, std::size_t offset) noexcept;

}  // namespace conform::json
