#include "json/strict_reader.hpp"

#include <fmt/format.h>

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

#include "json/json_pointer.hpp"
#include "json/text_position.hpp"
#include "json/utf8.hpp"

namespace conform::json {
namespace {

// Numbers arrive as text and read_number makes them the nearest double, so that
// comparisons and multipleOf see the number that was written.
constexpr unsigned kStrictFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;

Finding well_formedness_finding(std::string_view body, std::size_t offset, std::string keyword, std::string message,
                                std::string instance_location = {}) {
  Finding finding;
  finding.keyword = std::move(keyword);
  finding.message = std::move(message);
  finding.instance_location = std::move(instance_location);
  const TextPosition position = position_at(body, offset);
  finding.line = position.line;
  finding.column = position.column;
  return finding;
}

// The offset where the token after `offset` starts: RapidJSON reports
// scalars and names after consuming them, so we step over the separators.
std::size_t next_token(std::string_view body, std::size_t offset) noexcept {
  while (offset < body.size()) {
    const char c = body[offset];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != ':') break;
    ++offset;
  }
  return offset;
}

// Follows the parse as a SAX handler: keeps the JSON Pointer of the current
// value and the offset where each token starts. Both passes (the strict read
// and the offset index) derive from it.
template <typename Derived>
class PathTracker {
 public:
  PathTracker(std::string_view body, rapidjson::MemoryStream& stream) : body_(body), stream_(stream) {}

  bool Null() { return scalar(); }
  bool Bool(bool) { return scalar(); }
  bool Int(int) { return scalar(); }
  bool Uint(unsigned) { return scalar(); }
  bool Int64(std::int64_t) { return scalar(); }
  bool Uint64(std::uint64_t) { return scalar(); }
  bool Double(double) { return scalar(); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return scalar(); }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    return scalar() && self().on_text(std::string_view(text, length), last_start_);
  }

  bool StartObject() { return open(true); }
  bool StartArray() { return open(false); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  bool Key(const char* name, rapidjson::SizeType length, bool) {
    const std::size_t start = next_token(body_, last_end_);
    last_end_ = stream_.Tell();
    Frame& frame = frames_.back();
    pointer_.resize(frame.pointer_length);
    append_pointer_token(pointer_, std::string_view(name, length));
    key_start_ = start;
    return self().on_key(std::string_view(name, length), start) &&
           self().on_text(std::string_view(name, length), start);
  }

 protected:
  const std::string& pointer() const noexcept { return pointer_; }
  std::size_t value_start() const noexcept { return last_start_; }
  std::size_t depth() const noexcept { return frames_.size(); }
  std::string_view body_;

 private:
  struct Frame {
    bool is_object;
    std::size_t pointer_length;
    std::size_t next_index;
  };

  Derived& self() { return static_cast<Derived&>(*this); }

  // Array elements get their index appended before the value is seen.
  void enter_value() {
    if (!frames_.empty() && !frames_.back().is_object) {
      Frame& frame = frames_.back();
      pointer_.resize(frame.pointer_length);
      append_pointer_index(pointer_, frame.next_index++);
    }
  }

  std::size_t key_offset(std::size_t value_start) const {
    return (!frames_.empty() && frames_.back().is_object) ? key_start_ : value_start;
  }

  bool scalar() {
    enter_value();
    const std::size_t start = next_token(body_, last_end_);
    last_end_ = stream_.Tell();
    last_start_ = start;
    return self().on_value(start, key_offset(start));
  }

  bool open(bool is_object) {
    enter_value();
    const std::size_t start = stream_.Tell();  // RapidJSON reports the bracket before consuming it
    last_end_ = start + 1;
    if (!self().on_value(start, key_offset(start))) return false;
    frames_.push_back(Frame{is_object, pointer_.size(), 0});
    return self().on_open(is_object, start);
  }

  bool close() {
    last_end_ = stream_.Tell() + 1;
    frames_.pop_back();
    if (!frames_.empty()) pointer_.resize(frames_.back().pointer_length);
    return self().on_close();
  }

  rapidjson::MemoryStream& stream_;
  std::vector<Frame> frames_;
  std::string pointer_;
  std::size_t last_end_ = 0;
  std::size_t last_start_ = 0;
  std::size_t key_start_ = 0;
};

class StrictHandler : public PathTracker<StrictHandler> {
 public:
  StrictHandler(std::string_view body, rapidjson::MemoryStream& stream, const Limits& limits,
                std::vector<std::pair<std::string, ValueOffsets>>* offsets)
      : PathTracker(body, stream), limits_(limits), offsets_(offsets) {}

  // Noting every value while reading saves a second parse to place findings.
  bool on_value(std::size_t start, std::size_t key_start) {
    if (offsets_ != nullptr) {
      if (offsets_->size() < OffsetIndex::kMostValues) {
        offsets_->emplace_back(pointer(), ValueOffsets{start, key_start});
      } else {
        too_many_values_ = true;
      }
    }
    return true;
  }
  bool on_open(bool, std::size_t start) {
    if (depth() > limits_.max_depth) {
      stop_finding_ = well_formedness_finding(
          body_, start, "limit", fmt::format("nesting deeper than the limit of {} levels", limits_.max_depth));
      return false;
    }
    names_.emplace_back();  // arrays get an entry too, so the stack follows the nesting
    return true;
  }
  bool on_close() {
    names_.pop_back();
    return true;
  }
  bool on_key(std::string_view name, std::size_t start) {
    auto& seen = names_.back();
    auto first = std::find_if(seen.begin(), seen.end(), [&](const auto& entry) { return entry.first == name; });
    if (first != seen.end()) {
      const TextPosition original = position_at(body_, first->second);
      duplicates_.push_back(well_formedness_finding(
          body_, start, "duplicateKey",
          fmt::format("duplicate member name; first defined at line {}, column {} (RFC 8259 leaves the "
                      "meaning of duplicates undefined)",
                      original.line, original.column),
          pointer()));
    } else {
      seen.emplace_back(std::string(name), start);
    }
    return true;
  }

  // RapidJSON decodes an escaped lone low surrogate (\udc00) into bytes that
  // are not UTF-8 (ED B0 80) instead of rejecting it.
  bool on_text(std::string_view text, std::size_t start) {
    for (auto at = text.find('\xED'); at != std::string_view::npos; at = text.find('\xED', at + 1)) {
      if (at + 1 < text.size() && static_cast<unsigned char>(text[at + 1]) >= 0xA0) {
        stop_finding_ = well_formedness_finding(body_, start, "encoding", "\\u escape is an unpaired UTF-16 surrogate");
        return false;
      }
    }
    return true;
  }

  // A number past the largest double, found once its text is converted.
  bool number_too_big() {
    stop_finding_ = well_formedness_finding(body_, value_start(), "limit", "number too large for a double");
    return false;
  }

  std::optional<Finding> stop_finding_;
  std::vector<Finding> duplicates_;
  bool too_many_values_ = false;

 private:
  const Limits& limits_;
  std::vector<std::pair<std::string, ValueOffsets>>* offsets_;
  // Member names seen so far, with their offsets, per open container.
  std::vector<std::vector<std::pair<std::string, std::size_t>>> names_;
};

// Forwards every event to the document as well as to the checks.
class DocumentBuilder {
 public:
  DocumentBuilder(StrictHandler& checks, rapidjson::Document& document) : checks_(checks), document_(document) {}
  bool Null() { return checks_.Null() && document_.Null(); }
  bool Bool(bool b) { return checks_.Bool(b) && document_.Bool(b); }
  bool Int(int i) { return checks_.Int(i) && document_.Int(i); }
  bool Uint(unsigned u) { return checks_.Uint(u) && document_.Uint(u); }
  bool Int64(std::int64_t i) { return checks_.Int64(i) && document_.Int64(i); }
  bool Uint64(std::uint64_t u) { return checks_.Uint64(u) && document_.Uint64(u); }
  bool Double(double d) { return checks_.Double(d) && document_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool c) {
    if (!checks_.RawNumber(s, n, c)) return false;
    const NumberValue number = read_number(std::string_view(s, n));
    switch (number.kind) {
      case NumberValue::Kind::int32:
        return document_.Int(static_cast<int>(number.signed_value));
      case NumberValue::Kind::uint32:
        return document_.Uint(static_cast<unsigned>(number.unsigned_value));
      case NumberValue::Kind::int64:
        return document_.Int64(number.signed_value);
      case NumberValue::Kind::uint64:
        return document_.Uint64(number.unsigned_value);
      case NumberValue::Kind::real:
        return document_.Double(number.real);
      case NumberValue::Kind::too_big:
        break;
    }
    return checks_.number_too_big();
  }
  bool String(const char* s, rapidjson::SizeType n, bool c) {
    return checks_.String(s, n, c) && document_.String(s, n, c);
  }
  bool StartObject() { return checks_.StartObject() && document_.StartObject(); }
  bool Key(const char* s, rapidjson::SizeType n, bool c) { return checks_.Key(s, n, c) && document_.Key(s, n, c); }
  bool EndObject(rapidjson::SizeType n) { return checks_.EndObject(n) && document_.EndObject(n); }
  bool StartArray() { return checks_.StartArray() && document_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { return checks_.EndArray(n) && document_.EndArray(n); }

 private:
  StrictHandler& checks_;
  rapidjson::Document& document_;
};

std::string_view syntax_keyword(rapidjson::ParseErrorCode code) noexcept {
  switch (code) {
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      return "encoding";
    case rapidjson::kParseErrorNumberTooBig:
      return "limit";
    default:
      return "syntax";
  }
}

std::string syntax_message(rapidjson::ParseErrorCode code, std::string_view body, std::size_t offset) {
  // RapidJSON 1.1 reports a raw control character in a string as a bad escape.
  if (offset < body.size() && static_cast<unsigned char>(body[offset]) < 0x20 &&
      (code == rapidjson::kParseErrorStringEscapeInvalid || code == rapidjson::kParseErrorStringInvalidEncoding)) {
    return "control character in a string: it must be escaped (\\t, \\n, \\u0001 ...)";
  }
  switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
      return "empty body: a JSON text needs a value";
    case rapidjson::kParseErrorDocumentRootNotSingular:
      return "unexpected content after the JSON value";
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      return "\\u escape is an unpaired UTF-16 surrogate";
    case rapidjson::kParseErrorNumberTooBig:
      return "number too large for a double";
    case rapidjson::kParseErrorValueInvalid:
      return "invalid value: expected an object, array, string, number, true, false or null";
    case rapidjson::kParseErrorObjectMissName:
      return "expected a member name in double quotes (a trailing comma or an unquoted name?)";
    case rapidjson::kParseErrorObjectMissColon:
      return "expected ':' after the member name";
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
      return "expected ',' or '}' after an object member";
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      return "expected ',' or ']' after an array item";
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
      return "\\u must be followed by four hexadecimal digits";
    case rapidjson::kParseErrorStringEscapeInvalid:
      return "invalid escape; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX";
    case rapidjson::kParseErrorStringMissQuotationMark:
      return "string is not closed with a double quote";
    case rapidjson::kParseErrorNumberMissFraction:
      return "number needs digits after the decimal point";
    case rapidjson::kParseErrorNumberMissExponent:
      return "number needs digits in its exponent";
    default:
      return rapidjson::GetParseError_En(code);
  }
}

// Whether a number std::from_chars found out of a double's range is too large
// rather than too small: the power of ten of its first significant digit says.
bool beyond_largest_double(std::string_view text) noexcept {
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t at = text.starts_with('-') ? 1 : 0;
  std::int64_t power = 0;  // the number is 0.d1d2... times ten to this
  bool significant = false;
  for (; at < text.size() && is_digit(text[at]); ++at) {
    significant = significant || text[at] != '0';
    if (significant) ++power;
  }
  if (at < text.size() && text[at] == '.') {
    for (++at; at < text.size() && is_digit(text[at]); ++at) {
      if (significant) continue;
      significant = text[at] != '0';
      if (!significant) --power;
    }
  }
  if (!significant) return false;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    const bool negative = at < text.size() && text[at] == '-';
    if (at < text.size() && (text[at] == '-' || text[at] == '+')) ++at;
    std::int64_t exponent = 0;  // saturated: a billion is past any double already
    for (; at < text.size() && is_digit(text[at]); ++at) {
      exponent = std::min<std::int64_t>(exponent * 10 + (text[at] - '0'), 1'000'000'000);
    }
    power += negative ? -exponent : exponent;
  }
  return power > 0;
}

}  // namespace

NumberValue read_number(std::string_view text) noexcept {
  NumberValue number;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  if (text.find_first_of(".eE") == std::string_view::npos) {
    // Integers as RapidJSON sorts them: 32 bits when they fit, else 64, else a double.
    if (text.starts_with('-')) {
      std::int64_t value = 0;
      if (std::from_chars(begin, end, value).ec == std::errc()) {
        number.kind =
            value >= std::numeric_limits<std::int32_t>::min() ? NumberValue::Kind::int32 : NumberValue::Kind::int64;
        number.signed_value = value;
        return number;
      }
    } else {
      std::uint64_t value = 0;
      if (std::from_chars(begin, end, value).ec == std::errc()) {
        number.kind =
            value <= std::numeric_limits<std::uint32_t>::max() ? NumberValue::Kind::uint32 : NumberValue::Kind::uint64;
        number.unsigned_value = value;
        return number;
      }
    }
  }
  // from_chars rounds correctly, however many digits the text has.
  double value = 0;
  if (std::from_chars(begin, end, value).ec == std::errc::result_out_of_range) {
    if (beyond_largest_double(text)) {
      number.kind = NumberValue::Kind::too_big;
      return number;
    }
    value = text.starts_with('-') ? -0.0 : 0.0;
  }
  number.real = value;
  return number;
}

Finding size_limit_finding(std::uint64_t size, const Limits& limits, bool size_known) {
  Finding finding;
  finding.keyword = "limit";
  finding.message =
      size_known ? fmt::format("body of {} bytes exceeds the limit of {} bytes", size, limits.max_bytes)
                 : fmt::format("body exceeds the limit of {} bytes; the stream was read no further", limits.max_bytes);
  finding.line = 1;
  finding.column = 1;
  return finding;
}

std::vector<Finding> read_strict(std::string_view body, const Limits& limits, rapidjson::Document& document,
                                 OffsetIndex* offsets) {
  if (body.size() > limits.max_bytes) return {size_limit_finding(body.size(), limits)};
  if (auto problem = find_encoding_problem(body)) {
    return {well_formedness_finding(body, problem->offset, "encoding", std::string(problem->reason))};
  }
  // RapidJSON stops at a NUL byte as if the text ended there; JSON allows
  // none outside a string (and inside one it must be escaped).
  if (const auto nul = body.find('\0'); nul != std::string_view::npos) {
    return {well_formedness_finding(body, nul, "syntax", "NUL byte: JSON text cannot contain one unescaped")};
  }

  rapidjson::MemoryStream stream(body.data(), body.size());
  if (offsets != nullptr) {
    offsets->entries_.clear();
    offsets->entries_.reserve(8);
  }
  StrictHandler checks(body, stream, limits, offsets != nullptr ? &offsets->entries_ : nullptr);
  DocumentBuilder builder(checks, document);
  rapidjson::Reader reader;
  rapidjson::ParseResult parsed;
  auto generate = [&](rapidjson::Document&) {
    parsed = reader.Parse<kStrictFlags>(stream, builder);
    return !parsed.IsError();
  };
  // Populate moves the finished root out of the document's stack.
  document.Populate(generate);

  if (checks.stop_finding_) return {*std::move(checks.stop_finding_)};
  if (parsed.IsError()) {
    return {well_formedness_finding(body, parsed.Offset(), std::string(syntax_keyword(parsed.Code())),
                                    syntax_message(parsed.Code(), body, parsed.Offset()))};
  }
  if (offsets != nullptr) offsets->complete_ = !checks.too_many_values_;
  return std::move(checks.duplicates_);
}

namespace {

class OffsetCollector : public PathTracker<OffsetCollector> {
 public:
  OffsetCollector(std::string_view body, rapidjson::MemoryStream& stream, const std::vector<std::string>& wanted,
                  std::vector<std::pair<std::string, ValueOffsets>>& found)
      : PathTracker(body, stream), wanted_(wanted), found_(found) {}

  bool on_value(std::size_t start, std::size_t key_start) {
    if (std::find(wanted_.begin(), wanted_.end(), pointer()) != wanted_.end()) {
      found_.emplace_back(pointer(), ValueOffsets{start, key_start});
    }
    return found_.size() < wanted_.size();
  }
  bool on_open(bool, std::size_t) { return true; }
  bool on_close() { return true; }
  bool on_key(std::string_view, std::size_t) { return true; }
  bool on_text(std::string_view, std::size_t) { return true; }

 private:
  const std::vector<std::string>& wanted_;
  std::vector<std::pair<std::string, ValueOffsets>>& found_;
};

}  // namespace

OffsetIndex::OffsetIndex(std::string_view body, std::vector<std::string> wanted_pointers) {
  std::sort(wanted_pointers.begin(), wanted_pointers.end());
  wanted_pointers.erase(std::unique(wanted_pointers.begin(), wanted_pointers.end()), wanted_pointers.end());
  if (wanted_pointers.empty()) return;
  rapidjson::MemoryStream stream(body.data(), body.size());
  OffsetCollector collector(body, stream, wanted_pointers, entries_);
  rapidjson::Reader reader;
  reader.Parse<kStrictFlags>(stream, collector);  // stops early once everything wanted is found
}

const ValueOffsets* OffsetIndex::find(std::string_view pointer) const {
  for (const auto& entry : entries_) {
    if (entry.first == pointer) return &entry.second;
  }
  return nullptr;
}

}  // namespace conform::json
