#include <fmt/format.h>

#include <string>

#include "conform/escape.hpp"
#include "json/utf8.hpp"
#include "report/markdown.hpp"

namespace conform {

bool is_control_character(char32_t code_point) noexcept {
  return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F);
}

std::string escaped_for_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const json::DecodedCodePoint decoded = json::decode_utf8(text, at);
    if (!decoded.valid) {
      // Each byte of the ill-formed sequence, so the bytes the name holds can still be told.
      for (std::size_t i = 0; i < decoded.length; ++i) {
        out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[at + i]));
      }
    } else if (!is_control_character(decoded.code_point)) {
      out.append(text, at, decoded.length);
    } else if (decoded.code_point == '\n') {
      out += "\\n";
    } else if (decoded.code_point == '\r') {
      out += "\\r";
    } else if (decoded.code_point == '\t') {
      out += "\\t";
    } else {
      out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(decoded.code_point));
    }
    at += decoded.length;
  }
  return out;
}

}  // namespace conform

namespace conform::report {

std::string markdown_text(std::string_view raw) {
  const std::string text = escaped_for_line(raw);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if ((c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~')) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace conform::report
