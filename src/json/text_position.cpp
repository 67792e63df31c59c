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
  // A well-formed multi-byte sequence is one column; any other byte (a
  // stray continuation byte, a truncated sequence) is a column of its own.
  auto is_continuation = [&](std::size_t i) {
    return i < offset && (static_cast<unsigned char>(text[i]) & 0xC0U) == 0x80U;
  };
  for (std::size_t i = line_start; i < offset; ++position.column) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    for (std::size_t k = 1; k < length; ++k) {
      if (!is_continuation(i + k)) length = 1;
    }
    i += length;
  }
  return position;
}

}  // namespace conform::json
