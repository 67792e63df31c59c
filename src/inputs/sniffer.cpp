#include "inputs/sniffer.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "conform/limits.hpp"
#include "inputs/capture_reader.hpp"
#include "io/byte_source.hpp"
#include "json/strict_reader.hpp"

namespace conform::inputs {
namespace {

constexpr std::size_t kHead = std::size_t{64} * 1024;
// How far a first line longer than the head is read on to find its end: a
// bound on what a sniff holds, whatever the limits.
constexpr std::size_t kMostSniffed = std::size_t{2} * 1024 * 1024;

bool is_blank_char(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_blank_char(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank_char(text.back())) text.remove_suffix(1);
  return text;
}

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  const std::string_view tail = text.substr(text.size() - suffix.size());
  // ASCII only, inline: this runs for every name a walk finds, under the lock that hands out units.
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::equal(tail.begin(), tail.end(), suffix.begin(), [&](char a, char b) { return lower(a) == lower(b); });
}

// An object or array that opens and closes on the line: a whole NDJSON line,
// not the first line of a value printed over several lines.
bool balanced(std::string_view line) {
  line = trimmed(line);
  if (line.empty() || (line.front() != '{' && line.front() != '[')) return false;
  if (line.back() != '}' && line.back() != ']') return false;
  std::int64_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0 && i + 1 != line.size()) return false;
    }
  }
  return depth == 0 && !in_string;
}

}  // namespace

namespace {

// A prefix, as the gateways' names of the bodies (request_body, responseBody: kExchangeFieldNames) go on.
bool names_one_at(std::string_view text, std::size_t quote) {
  const std::string_view rest = text.substr(quote + 3);
  return rest.substr(0, 5) == "quest" || rest.substr(0, 6) == "sponse";
}

}  // namespace

// Runs for every NDJSON line: 16 bytes at a time where SSE2 is there (a
// byte-wise search was 9% of a quiet run), each byte from `at` on otherwise.
bool names_a_request_or_response(std::string_view text) noexcept {
  const char* const bytes = text.data();
  const std::size_t size = text.size();
  std::size_t at = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i r = _mm_set1_epi8('r');
  const __m128i e = _mm_set1_epi8('e');
  for (; at + 18 <= size; at += 16) {
    const auto load = [&](std::size_t from) {
      return _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + from));  // NOLINT: an unaligned load
    };
    // Bit i: `"re` begins at at + i.
    auto starts = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(load(at), quote),
                      _mm_and_si128(_mm_cmpeq_epi8(load(at + 1), r), _mm_cmpeq_epi8(load(at + 2), e)))));
    for (; starts != 0; starts &= starts - 1) {
      if (names_one_at(text, at + static_cast<std::size_t>(__builtin_ctz(starts)))) return true;
    }
  }
#endif
  for (; at + 3 <= size; ++at) {
    if (bytes[at] == '"' && bytes[at + 1] == 'r' && bytes[at + 2] == 'e' && names_one_at(text, at)) return true;
  }
  return false;
}

namespace {

// {"log": {  — a HAR. A docker log line ({"log": "text", ...}) is not one.
bool looks_like_har_object(std::string_view text) {
  text = trimmed(text);
  if (text.empty() || text.front() != '{') return false;
  text = trimmed(text.substr(1));
  if (text.substr(0, 5) != "\"log\"") return false;
  text = trimmed(text.substr(5));
  if (text.empty() || text.front() != ':') return false;
  text = trimmed(text.substr(1));
  return text.empty() || text.front() == '{';
}

// The ASCII characters of a UTF-16/32 text, enough to tell its layout.
std::string narrowed(std::string_view text, Encoding encoding) {
  const std::size_t width = encoding == Encoding::utf16le || encoding == Encoding::utf16be ? 2 : 4;
  const std::size_t low = encoding == Encoding::utf16be ? 1 : encoding == Encoding::utf32be ? 3 : 0;
  std::string out;
  out.reserve(text.size() / width);
  for (std::size_t i = low; i < text.size(); i += width) out.push_back(text[i]);
  return out;
}

}  // namespace

}  // namespace conform::inputs

namespace conform {

std::optional<InputFormat> parse_input_format(std::string_view name) noexcept {
  if (name == "json") return InputFormat::json;
  if (name == "ndjson") return InputFormat::ndjson;
  if (name == "exchanges") return InputFormat::exchanges;
  if (name == "har") return InputFormat::har;
  return std::nullopt;
}

}  // namespace conform

namespace conform::inputs {

std::string_view to_string(Layout layout) noexcept {
  switch (layout) {
    case Layout::ndjson:
      return "ndjson";
    case Layout::exchanges:
      return "exchanges";
    case Layout::har:
      return "har";
    default:
      return "json";
  }
}

NameHint name_hint(std::string_view path) noexcept {
  if (ends_with_ci(path, ".gz")) {
    path.remove_suffix(3);
  } else if (ends_with_ci(path, ".zst")) {
    path.remove_suffix(4);
  }
  if (ends_with_ci(path, ".har")) return NameHint::har;
  if (ends_with_ci(path, ".ndjson") || ends_with_ci(path, ".jsonl")) return NameHint::lines;
  return NameHint::none;
}

LineKind classify_line(std::string_view line) noexcept {
  const std::string_view text = trimmed(line);
  if (text.empty()) return LineKind::blank;
  if (text.front() == '{') {
    // Only a line naming a request or response can be an exchange: other bodies are never parsed twice.
    return names_a_request_or_response(text) && looks_like_capture_line(text) ? LineKind::exchange : LineKind::body;
  }
  if (text.front() == '[') return LineKind::body;
  // A log line is text: a line that begins with a control character or a
  // byte past ASCII (a NUL, a byte order mark) is a body, and fails as one.
  const auto first = static_cast<unsigned char>(text.front());
  if (first < 0x20 || first > 0x7E) return LineKind::body;
  // Anything else is a body only if it is a whole JSON value (a number, a
  // string): a malformed object stays a body that fails, but a log line or
  // the tail of a cut line is no body at all.
  rapidjson::Document document;
  return json::read_strict(text, Limits{}, document).empty() ? LineKind::body : LineKind::neither;
}

std::string neither_reason(std::string_view line, bool first_line) {
  const std::string_view text = trimmed(line);
  const bool json_tail = !text.empty() && (text.back() == '}' || text.back() == ']' || text.back() == '"');
  if (first_line && json_tail) {
    return "the first line is the end of a line cut off before the file begins (a log rotated mid-line?); not a "
           "body, not checked";
  }
  if (json_tail) return "the line is the end of a JSON line, not a whole one; not a body, not checked";
  return "the line is not JSON (a log line?); not a body, not checked";
}

Sniffed sniff_bytes(std::string_view head, bool whole, NameHint hint, std::optional<Layout> forced) {
  Sniffed sniffed;
  sniffed.encoding = sniff_encoding(head);
  if (forced) {
    sniffed.layout = *forced;
    return sniffed;
  }
  if (hint == NameHint::har) {
    sniffed.layout = Layout::har;
    return sniffed;
  }
  std::string wide;
  std::string_view text = head.substr(std::min(head.size(), sniffed.encoding.bom));
  if (is_wide(sniffed.encoding.encoding)) {
    wide = narrowed(text, sniffed.encoding.encoding);
    text = wide;
  }
  if (hint == NameHint::none && looks_like_har_object(text.substr(0, 256))) {
    sniffed.layout = Layout::har;
    return sniffed;
  }
  // The first line with something on it.
  std::size_t at = 0;
  while (at < text.size() && is_blank_char(text[at])) ++at;
  if (at == text.size()) {
    sniffed.layout = hint == NameHint::lines ? Layout::ndjson : Layout::json;
    return sniffed;
  }
  const std::size_t first_end = text.find('\n', at);
  const std::string_view first =
      text.substr(at, first_end == std::string_view::npos ? text.size() - at : first_end - at);
  const bool first_complete = first_end != std::string_view::npos || whole;
  const std::string_view rest = first_end == std::string_view::npos ? std::string_view() : text.substr(first_end + 1);
  const bool object_first = first.front() == '{' || first.front() == '[';
  if (hint == NameHint::none) {
    // One line only, or a value printed over several lines: one body.
    if ((object_first && (!first_complete || !balanced(first))) ||
        (trimmed(rest).empty() && (!first_complete || classify_line(first) != LineKind::exchange))) {
      sniffed.layout = Layout::json;
      return sniffed;
    }
  }
  // Lines: each complete one of the head classified on its own.
  bool lines = hint == NameHint::lines || (object_first && balanced(first));
  bool exchanges = false;
  std::string_view all = text.substr(at);
  while (!all.empty()) {
    const std::size_t end = all.find('\n');
    if (end == std::string_view::npos && !whole) break;  // cut by the head: not judged
    const std::string_view line = all.substr(0, end);
    all.remove_prefix(end == std::string_view::npos ? all.size() : end + 1);
    const LineKind kind = classify_line(line);
    if (kind == LineKind::exchange) exchanges = true;
    if (kind == LineKind::exchange || (kind == LineKind::body && balanced(line))) lines = true;
  }
  sniffed.layout = !lines ? Layout::json : exchanges ? Layout::exchanges : Layout::ndjson;
  return sniffed;
}

Sniffed sniff(ByteSource& source, NameHint hint, std::optional<Layout> forced, std::size_t most_bytes) {
  if (forced) return sniff_bytes(source.peek(4), false, hint, forced);
  std::string buffer;
  most_bytes = std::min(most_bytes, kMostSniffed);
  if (!source.seekable() && hint == NameHint::lines) {
    // Lines on a stream (--stdin-ndjson, a pipe named .ndjson): decided as soon as a complete line that is
    // a body or an exchange has come, so that a filter answers each line as it comes; log lines before it
    // do not decide, and every later line is classified on its own.
    std::string_view head = source.peek(1);
    std::size_t scanned = 0;
    while (true) {
      if (head.size() >= most_bytes || is_wide(sniff_encoding(head).encoding))
        return sniff_bytes(head, false, hint, forced);
      for (std::size_t end; (end = head.find('\n', scanned)) != std::string_view::npos; scanned = end + 1) {
        const LineKind kind = classify_line(head.substr(scanned, end - scanned));
        if (kind == LineKind::body || kind == LineKind::exchange) return sniff_bytes(head, false, hint, forced);
      }
      const std::string_view more = source.peek(head.size() + 1);
      if (more.size() == head.size()) return sniff_bytes(more, true, hint, forced);  // the end of the stream
      head = more;
    }
  }
  std::size_t want = std::min(kHead, std::max<std::size_t>(most_bytes, 4));
  while (true) {
    std::string_view head;
    if (source.seekable()) {
      // Read where it lies: the pieces of the file are read at their own offsets later.
      if (!source.read_at(0, want, buffer)) buffer.clear();
      head = buffer;
    } else {
      head = source.peek(want);
    }
    const bool whole = head.size() < want;
    // A first line longer than the head (an exchange with a large body) is read on to its end.
    const std::size_t start = head.find_first_not_of(" \t\r\n");
    const bool line_seen = start != std::string_view::npos && head.find('\n', start) != std::string_view::npos;
    if (whole || line_seen || want >= most_bytes) return sniff_bytes(head, whole, hint, forced);
    want = std::min(want * 4, most_bytes);
  }
}

}  // namespace conform::inputs
