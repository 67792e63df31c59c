#include "report/json_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "conform/escape.hpp"
#include "json/utf8.hpp"

namespace conform::report {

namespace {

// Printable ASCII other than the quote and the backslash: written as it is.
bool plain(unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; }

}  // namespace

// RapidJSON escapes only C0 controls; DEL and C1 controls would reach a
// terminal raw when the report goes to standard output, so they are written
// as \u escapes too. Bytes that are not UTF-8 become U+FFFD: JSON is UTF-8.
// Runs of plain ASCII are copied whole; only the rest is decoded. Written
// straight to the stream: a 15 MiB pointer is never escaped into a copy first.
void JsonWriter::escape_into_stream(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    std::size_t run = at;
    while (run < text.size() && plain(static_cast<unsigned char>(text[run]))) ++run;
    stream_.append(text.substr(at, run - at));
    at = run;
    if (at == text.size()) break;
    const json::DecodedCodePoint decoded = json::decode_utf8(text, at);
    if (!decoded.valid) {
      stream_.append("\xEF\xBF\xBD");
    } else if (decoded.code_point == '"' || decoded.code_point == '\\') {
      stream_.Put('\\');
      stream_.Put(static_cast<char>(decoded.code_point));
    } else if (decoded.code_point == '\n') {
      stream_.append("\\n");
    } else if (decoded.code_point == '\t') {
      stream_.append("\\t");
    } else if (is_control_character(decoded.code_point)) {
      stream_.append(fmt::format("\\u{:04x}", static_cast<std::uint32_t>(decoded.code_point)));
    } else {
      stream_.append(text.substr(at, decoded.length));
    }
    at += decoded.length;
  }
}

void JsonWriter::string(std::string_view text) { string(std::initializer_list<std::string_view>{text}); }

void JsonWriter::string(std::initializer_list<std::string_view> pieces) {
  // The writer puts what goes before a value (a comma, the indentation) and the
  // opening quote; the rest goes to the stream behind it.
  writer_.RawValue("\"", 1, rapidjson::kStringType);
  for (const std::string_view piece : pieces) escape_into_stream(piece);
  stream_.Put('"');
}

// ASCII is valid UTF-8 as it is: only other keys are copied with replacements.
// A key of plain ASCII (each of the report's own) needs no escape: it goes in
// whole, where RapidJSON's Key would look up each character (a key and a
// string in the same place of an object take the same prefix).
void JsonWriter::key(std::string_view text) {
  std::size_t plain_end = 0;
  while (plain_end < text.size() && plain(static_cast<unsigned char>(text[plain_end]))) ++plain_end;
  if (plain_end == text.size() && text.size() <= 62) {
    // The writer puts what goes before the key; the key goes to the stream whole (RawValue would
    // transcode it a character at a time).
    writer_.RawValue("", 0, rapidjson::kStringType);
    stream_.reserve(text.size() + 2);
    stream_.put_unchecked('"');
    stream_.append(text);
    stream_.put_unchecked('"');
    return;
  }
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    writer_.Key(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    return;
  }
  const std::string valid = json::with_replacement_characters(text);
  writer_.Key(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
}

void JsonWriter::counts(const Summary& summary) {
  member("inputs", summary.inputs);
  member("passed", summary.passed);
  member("failed", summary.failed);
  member("errors", summary.errors);
  member("skipped", summary.skipped);
  if (summary.ignored_files != 0) member("ignoredFiles", summary.ignored_files);
  if (summary.suite_tests) {
    member("cases", summary.inputs);
    member("refused", summary.errors);
  }
  if (summary.interrupted) {
    key("interrupted");
    writer_.Bool(true);
  }
}

}  // namespace conform::report
