#include "json/text_position.hpp"

#include <algorithm>
#include <cstring>

namespace conform::json {

TextPosition position_at(std::string_view text, std::size_t offset) noexcept {
  offset = std::min(offset, text.size());
  TextPosition position{1, 1};
  std::size_t line_start = 0;
  for (const char* p = text.data(); p != nullptr;) {
    const auto remaining = static_cast<std::size_t>(text.data() + offset - p);
    const void* newline = std::memchr(p, '\n', remaining);
    if (newline == nullptr) break;
    ++position.line;
    p = static_cast<const char*>(newline) + 1;
    line_start = static_cast<std::size_t>(p - text.data());
  }
  // Continuation bytes (10xxxxxx) do not start a code point.
  for (std::size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++position.column;
  }
  return position;
}

}  // namespace conform::json
