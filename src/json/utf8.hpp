#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace conform::json {

// How a text is encoded, from its first bytes: a byte order mark, or
// (RFC 8259 §8.1, RFC 4627 §3: a JSON text starts with an ASCII character)
// the pattern of zero bytes among the first four.
enum class Encoding { utf8, utf8_bom, utf16le, utf16be, utf32le, utf32be };

struct EncodingSniff {
  Encoding encoding = Encoding::utf8;
  std::size_t bom = 0;  // bytes of the byte order mark, 0 without one
};
EncodingSniff sniff_encoding(std::string_view first) noexcept;
std::string_view to_string(Encoding encoding) noexcept;  // "UTF-16LE"
bool is_wide(Encoding encoding) noexcept;                // UTF-16 or UTF-32

struct EncodingProblem {
  std::size_t offset;  // first offending byte
  std::string_view reason;
};

// The first reason `bytes` is not a UTF-8 JSON text: a byte that cannot
// appear in UTF-8 (overlong forms, surrogates, code points past U+10FFFF,
// truncated sequences), a byte order mark, or a UTF-16/UTF-32 text.
std::optional<EncodingProblem> find_encoding_problem(std::string_view bytes) noexcept;

struct DecodedCodePoint {
  char32_t code_point = 0;
  std::size_t length = 1;  // bytes consumed; for an ill-formed sequence its maximal subpart
  bool valid = false;
};

// One UTF-8 sequence at `at`, checked as Unicode requires: no overlong forms,
// no surrogates, nothing past U+10FFFF.
DecodedCodePoint decode_utf8(std::string_view text, std::size_t at) noexcept;

// `text` with every ill-formed sequence replaced by U+FFFD, for output formats
// that must be UTF-8 (JSON, XML) whatever a file name or body held.
std::string with_replacement_characters(std::string_view text);

}  // namespace conform::json
