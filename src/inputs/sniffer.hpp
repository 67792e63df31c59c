#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "conform/input_format.hpp"
#include "json/utf8.hpp"

namespace conform::io {
class ByteSource;
}  // namespace conform::io

namespace conform::inputs {
using io::ByteSource;

// The encoding of a source, from its first bytes: the json layer's one classifier.
using json::Encoding;
using json::EncodingSniff;
using json::is_wide;
using json::sniff_encoding;
using json::to_string;

// What a source holds (conform/input_format.hpp): one JSON body, NDJSON
// bodies, NDJSON exchanges (a gateway log), or a HAR capture.
using Layout = InputFormat;

std::string_view to_string(Layout layout) noexcept;

// What the name of a file suggests, past a .gz or .zst ending (case
// insensitive): .har a HAR, .ndjson and .jsonl lines (bodies or exchanges,
// from their content), anything else nothing.
enum class NameHint { none, lines, har };
NameHint name_hint(std::string_view path) noexcept;

// One NDJSON line, classified on its own: an exchange, a body, or neither (a
// log line, the tail of a line cut off by a rotation), which is never judged
// against a body schema.
enum class LineKind { blank, exchange, body, neither };
LineKind classify_line(std::string_view line) noexcept;
// Whether a name starting "request" or "response" appears in a line: one memmem pass, as
// every body line of a large NDJSON file is looked at so. A JSON line with
// neither is a log line in a capture; one with either is a broken exchange.
bool names_a_request_or_response(std::string_view text) noexcept;
// Why a line that is neither is not read, for its report; `first_line`: the first of its file.
std::string neither_reason(std::string_view line, bool first_line);

struct Sniffed {
  Layout layout = Layout::json;
  EncodingSniff encoding;
};

// The one sniffer: run once per source on its first bytes (peeked, so the
// readers still get them), the same for files, pipes and standard input.
// Looks at every complete line of the first 64 KiB, and on up to the end of
// a longer first line (a first exchange over 64 KiB, up to `most_bytes` and
// 2 MiB), never at the first line alone. `forced` (--input-format)
// decides instead of the bytes.
Sniffed sniff(ByteSource& source, NameHint hint, std::optional<Layout> forced, std::size_t most_bytes);
// The same on bytes in memory; `whole` says they are all of the source.
Sniffed sniff_bytes(std::string_view head, bool whole, NameHint hint, std::optional<Layout> forced);

}  // namespace conform::inputs
