#include <fmt/format.h>

#include <ostream>
#include <string>

#include "conform/escape.hpp"
#include "json/utf8.hpp"
#include "report/markdown.hpp"

namespace conform {

bool is_control_character(char32_t code_point) noexcept {
  return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F);
}

namespace {

// The one escaper of line output, handing its pieces to `write`: runs of
// characters that need nothing are handed on whole.
template <typename Write>
void escape_for_line(std::string_view text, Write&& write) {
  std::size_t run = 0;  // the start of the characters not handed on yet
  for (std::size_t at = 0; at < text.size();) {
    // Printable ASCII, most of any report, needs no decoding.
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x20 && byte < 0x7F) {
      ++at;
      continue;
    }
    const json::DecodedCodePoint decoded = json::decode_utf8(text, at);
    if (decoded.valid && !is_control_character(decoded.code_point)) {
      at += decoded.length;
      continue;
    }
    write(text.substr(run, at - run));
    if (!decoded.valid) {
      // Each byte of the ill-formed sequence, so the bytes the name holds can still be told.
      for (std::size_t i = 0; i < decoded.length; ++i) {
        write(fmt::format("\\x{:02x}", static_cast<unsigned char>(text[at + i])));
      }
    } else if (decoded.code_point == '\n') {
      write("\\n");
    } else if (decoded.code_point == '\r') {
      write("\\r");
    } else if (decoded.code_point == '\t') {
      write("\\t");
    } else {
      write(fmt::format("\\u{:04x}", static_cast<std::uint32_t>(decoded.code_point)));
    }
    at += decoded.length;
    run = at;
  }
  write(text.substr(run));
}

}  // namespace

std::string escaped_for_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped_for_line(out, text);
  return out;
}

void append_escaped_for_line(std::string& out, std::string_view text) {
  escape_for_line(text, [&](std::string_view piece) { out += piece; });
}

void write_escaped_for_line(std::ostream& out, std::string_view text) {
  escape_for_line(text,
                  [&](std::string_view piece) { out.write(piece.data(), static_cast<std::streamsize>(piece.size())); });
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
