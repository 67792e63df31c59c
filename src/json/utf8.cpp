#include "json/utf8.hpp"

#include <cstdint>
#include <cstring>
#include <string>

namespace conform::json {
namespace {

std::optional<EncodingProblem> detect_wide_encoding(std::string_view bytes) noexcept {
  const EncodingSniff sniffed = sniff_encoding(bytes);
  const bool mark = sniffed.bom != 0;
  switch (sniffed.encoding) {
    case Encoding::utf8:
      return std::nullopt;
    case Encoding::utf8_bom:
      return EncodingProblem{0, "UTF-8 byte order mark: RFC 8259 forbids it in JSON sent over a network"};
    case Encoding::utf16le:
      return EncodingProblem{0, mark ? "UTF-16 byte order mark: bodies must be UTF-8"
                                     : "the body looks like UTF-16LE: bodies must be UTF-8"};
    case Encoding::utf16be:
      return EncodingProblem{0, mark ? "UTF-16 byte order mark: bodies must be UTF-8"
                                     : "the body looks like UTF-16BE: bodies must be UTF-8"};
    case Encoding::utf32le:
      return EncodingProblem{0, mark ? "UTF-32 byte order mark: bodies must be UTF-8"
                                     : "the body looks like UTF-32LE: bodies must be UTF-8"};
    case Encoding::utf32be:
      return EncodingProblem{0, mark ? "UTF-32 byte order mark: bodies must be UTF-8"
                                     : "the body looks like UTF-32BE: bodies must be UTF-8"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<EncodingProblem> find_encoding_problem(std::string_view bytes) noexcept {
  if (auto wide = detect_wide_encoding(bytes)) return wide;

  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t i = 0;
  while (i < size) {
    // Skip ASCII eight bytes at a time; bodies are mostly ASCII.
    while (i + 8 <= size) {
      std::uint64_t chunk = 0;
      std::memcpy(&chunk, data + i, sizeof chunk);
      if ((chunk & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= size) break;
    const std::uint8_t lead = data[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint8_t low = 0x80;
    std::uint8_t high = 0xBF;  // allowed range of the second byte (RFC 3629 table)
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3, low = 0xA0;
    } else if (lead == 0xED) {
      length = 3, high = 0x9F;
    } else if (lead >= 0xE1 && lead <= 0xEF) {
      length = 3;
    } else if (lead == 0xF0) {
      length = 4, low = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = 4;
    } else if (lead == 0xF4) {
      length = 4, high = 0x8F;
    } else if (lead >= 0x80 && lead <= 0xBF) {
      return EncodingProblem{i, "invalid UTF-8: continuation byte without a lead byte"};
    } else if (lead == 0xC0 || lead == 0xC1) {
      return EncodingProblem{i, "invalid UTF-8: overlong encoding"};
    } else {
      return EncodingProblem{i, "invalid UTF-8: byte that never appears in UTF-8"};
    }
    if (i + length > size) return EncodingProblem{i, "invalid UTF-8: truncated multi-byte sequence"};
    const std::uint8_t second = data[i + 1];
    if (second < low || second > high) {
      if ((second & 0xC0U) != 0x80U) return EncodingProblem{i, "invalid UTF-8: truncated multi-byte sequence"};
      if (lead == 0xE0 || lead == 0xF0) return EncodingProblem{i, "invalid UTF-8: overlong encoding"};
      if (lead == 0xED) return EncodingProblem{i, "invalid UTF-8: encoded UTF-16 surrogate"};
      return EncodingProblem{i, "invalid UTF-8: code point beyond U+10FFFF"};
    }
    for (std::size_t k = 2; k < length; ++k) {
      if ((data[i + k] & 0xC0U) != 0x80U) return EncodingProblem{i, "invalid UTF-8: truncated multi-byte sequence"};
    }
    i += length;
  }
  return std::nullopt;
}

DecodedCodePoint decode_utf8(std::string_view text, std::size_t at) noexcept {
  const auto byte = [&](std::size_t index) { return static_cast<unsigned char>(text[index]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return {lead, 1, true};
  std::size_t trailing = 0;
  char32_t code_point = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    trailing = 1;
    code_point = lead & 0x1FU;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    trailing = 2;
    code_point = lead & 0x0FU;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    trailing = 3;
    code_point = lead & 0x07U;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {0, 1, false};
  }
  for (std::size_t k = 1; k <= trailing; ++k) {
    if (at + k >= text.size() || byte(at + k) < low || byte(at + k) > high) return {0, k, false};
    code_point = (code_point << 6) | (byte(at + k) & 0x3FU);
    low = 0x80;
    high = 0xBF;
  }
  return {code_point, trailing + 1, true};
}

std::string with_replacement_characters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const DecodedCodePoint decoded = decode_utf8(text, at);
    out += decoded.valid ? text.substr(at, decoded.length) : std::string_view("\xEF\xBF\xBD");
    at += decoded.length;
  }
  return out;
}

EncodingSniff sniff_encoding(std::string_view first) noexcept {
  auto byte = [&](std::size_t i) { return i < first.size() ? static_cast<unsigned char>(first[i]) : 0x100U; };
  if (byte(0) == 0 && byte(1) == 0 && byte(2) == 0xFE && byte(3) == 0xFF) return {Encoding::utf32be, 4};
  if (byte(0) == 0xFF && byte(1) == 0xFE && byte(2) == 0 && byte(3) == 0) return {Encoding::utf32le, 4};
  if (byte(0) == 0xFE && byte(1) == 0xFF) return {Encoding::utf16be, 2};
  if (byte(0) == 0xFF && byte(1) == 0xFE) return {Encoding::utf16le, 2};
  if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return {Encoding::utf8_bom, 3};
  if (first.size() >= 4) {
    if (byte(0) == 0 && byte(1) == 0 && byte(2) == 0 && byte(3) != 0) return {Encoding::utf32be, 0};
    if (byte(0) != 0 && byte(1) == 0 && byte(2) == 0 && byte(3) == 0) return {Encoding::utf32le, 0};
  }
  if (first.size() >= 2) {
    if (byte(0) == 0 && byte(1) != 0) return {Encoding::utf16be, 0};
    if (byte(0) != 0 && byte(1) == 0) return {Encoding::utf16le, 0};
  }
  return {Encoding::utf8, 0};
}

std::string_view to_string(Encoding encoding) noexcept {
  switch (encoding) {
    case Encoding::utf8_bom:
      return "UTF-8 with a byte order mark";
    case Encoding::utf16le:
      return "UTF-16LE";
    case Encoding::utf16be:
      return "UTF-16BE";
    case Encoding::utf32le:
      return "UTF-32LE";
    case Encoding::utf32be:
      return "UTF-32BE";
    default:
      return "UTF-8";
  }
}

bool is_wide(Encoding encoding) noexcept { return encoding != Encoding::utf8 && encoding != Encoding::utf8_bom; }

}  // namespace conform::json
