#include "inputs/capture_reader.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <limits>

#include "inputs/tracking_stream.hpp"
#include "io/byte_source.hpp"
#include "json/strict_reader.hpp"
#include "json/text_position.hpp"

namespace conform::inputs {
namespace {

// Blocks of a capture, from the byte source, as the parser asks for them.
class FileBlocks {
 public:
  explicit FileBlocks(io::ByteSource& source) : source_(source) {}
  std::string_view next() { return source_.next(); }
  const std::string& failed() const { return source_.error(); }

 private:
  io::ByteSource& source_;
};

class MemoryBlocks {
 public:
  explicit MemoryBlocks(std::string_view text) : text_(text) {}
  std::string_view next() { return std::exchange(text_, std::string_view()); }

 private:
  std::string_view text_;
};

std::uint64_t code_points(std::string_view bytes) {
  std::uint64_t count = 0;
  for (char c : bytes) count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return count;
}

std::size_t utf8_length(std::uint32_t code_point) {
  return code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
}

// Moves `i` (an offset in the raw, escaped content of a JSON string, where
// the decoded byte `produced` comes from) on to where decoded byte `decoded`
// comes from: callers walk a string once, from its start.
void advance_raw(std::string_view raw, std::size_t decoded, std::size_t& i, std::size_t& produced) {
  while (i < raw.size() && produced < decoded) {
    if (raw[i] != '\\' || i + 1 >= raw.size()) {
      ++i;
      ++produced;
      continue;
    }
    if (raw[i + 1] != 'u' || i + 6 > raw.size()) {
      i += 2;
      ++produced;
      continue;
    }
    std::uint32_t code = 0;
    for (const char c : raw.substr(i + 2, 4)) {
      code = (code << 4) | static_cast<std::uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    if (code >= 0xD800 && code <= 0xDBFF && i + 12 <= raw.size() && raw[i + 6] == '\\' && raw[i + 7] == 'u') {
      i += 12;  // a surrogate pair is one code point of four bytes
      produced += 4;
    } else {
      i += 6;
      produced += utf8_length(code);
    }
  }
}

bool base64_decode(std::string_view text, std::string& out) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  out.clear();
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=' || c == '\n' || c == '\r') continue;
    const auto value = kAlphabet.find(c);
    if (value == std::string_view::npos) return false;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFFU));
    }
  }
  return true;
}

// A string's content as a body: decoded text, the raw spelling when it
// differs (to place findings), and its length when past the limit.
template <typename Stream>
BodyText string_body(const Stream& stream, std::string_view value) {
  BodyText body;
  body.anchor = {TextAnchor::Kind::json_string, stream.line(), stream.string_column()};
  if (stream.string_cut()) {
    body.too_long = stream.string_decoded_length();
    body.too_long_base64 = stream.string_base64_bytes();
    body.too_long_not_base64 = stream.string_not_base64();
    return body;
  }
  body.text = value;
  if (stream.string_escaped()) {
    if (const std::string* raw = stream.string_raw()) {
      body.raw.reserve(stream.string_raw_prefix() + raw->size());
      body.raw.assign(value.substr(0, stream.string_raw_prefix())).append(*raw);
    } else {
      body.anchor.kind = TextAnchor::Kind::none;  // too long to keep the spelling: the field is the place
    }
  }
  return body;
}

Finding capture_limit_finding(std::string message, std::uint64_t line, std::uint64_t column) {
  Finding finding;
  finding.keyword = "limit";
  finding.message = std::move(message);
  finding.line = line;
  finding.column = column;
  return finding;
}

// Follows the parse of a HAR and keeps, per entry, only what routing needs.
class HarHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, HarHandler> {
 public:
  HarHandler(const std::string& path, const Limits& limits, TrackingStream<FileBlocks>& stream,
             const std::function<void(Exchange&)>& visit)
      : path_(path), limits_(limits), stream_(stream), visit_(visit) {}

  bool StartObject() { return open(false); }
  bool StartArray() { return open(true); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    frames_.back().key.assign(text, length);  // a name cut at the limit of ignored strings matches no field
    // Bodies, and the fields routing reads, may be as long as --max-bytes; other strings are never kept.
    if (in_entry_ && (at({"request", "postData", "text"}) || at({"response", "content", "text"}))) {
      stream_.next_string(limits_.max_bytes, true);
    } else if (in_entry_ && (at({"request", "method"}) || at({"request", "url"}) ||
                             at({"request", "postData", "encoding"}) || at({"response", "content", "encoding"}))) {
      stream_.next_string(limits_.max_bytes, false);
    }
    return true;
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    stream_.next_string_ignored();
    element();
    if (!in_entry_) return true;
    const std::string_view value(text, length);
    if (at({"request", "postData", "text"})) {
      request_ = string_body(stream_, value);
    } else if (at({"response", "content", "text"})) {
      response_ = string_body(stream_, value);
    } else if (!at({"request", "method"}) && !at({"request", "url"}) && !at({"request", "postData", "encoding"}) &&
               !at({"response", "content", "encoding"})) {
      return true;
    } else if (stream_.string_cut()) {
      too_long("a string");  // a field routing needs is this long: the capture is refused
    } else if (at({"request", "method"})) {
      exchange_.method = value;
    } else if (at({"request", "url"})) {
      exchange_.url = value;
    } else if (at({"request", "postData", "encoding"})) {
      request_encoding_ = value;
    } else if (at({"response", "content", "encoding"})) {
      response_encoding_ = value;
    }
    return true;
  }
  // Numbers come as text (see json::read_number); only integers can be a status.
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    const json::NumberValue value = json::read_number(std::string_view(text, length));
    switch (value.kind) {
      case json::NumberValue::Kind::int32:
      case json::NumberValue::Kind::int64:
        return number(value.signed_value);
      case json::NumberValue::Kind::uint32:
        return number(static_cast<std::int64_t>(value.unsigned_value));
      default:
        return scalar();
    }
  }
  bool Null() { return scalar(); }
  bool Bool(bool) { return scalar(); }
  bool Default() { return scalar(); }

  bool saw_entries() const { return saw_entries_; }
  bool root_is_object() const { return root_is_object_; }
  bool too_deep() const { return too_deep_; }
  std::vector<Finding>& findings() { return findings_; }

 private:
  struct Frame {
    bool is_array;
    std::string name;        // how the parent names this container
    std::size_t next_index;  // arrays: index of the next element
    std::string key;         // objects: name of the member being read
  };

  // The name the current value has in its container.
  std::string element() {
    if (frames_.empty()) return {};
    Frame& parent = frames_.back();
    return parent.is_array ? std::to_string(parent.next_index++) : parent.key;
  }

  bool scalar() {
    stream_.next_string_ignored();
    element();
    return true;
  }

  bool number(std::int64_t value) {
    stream_.next_string_ignored();
    element();
    if (in_entry_ && at({"response", "status"})) exchange_.status = static_cast<int>(value);
    return true;
  }

  void too_long(std::string_view what) {
    if (findings_.size() < kMostLimitFindings) {
      findings_.push_back(
          capture_limit_finding(fmt::format("{} in the capture is {} bytes long, more than --max-bytes ({})", what,
                                            stream_.string_decoded_length(), limits_.max_bytes),
                                stream_.line(), stream_.string_column()));
    }
  }

  bool open(bool is_array) {
    // A capture nests as deep as --max-depth allows a body to: past it the
    // parse stops, before the frames cost memory.
    stream_.next_string_ignored();
    if (frames_.size() >= limits_.max_depth) {
      too_deep_ = true;
      return false;
    }
    if (frames_.empty()) root_is_object_ = !is_array;
    const std::string name = element();
    frames_.push_back(Frame{is_array, name, 0, {}});
    if (is_array && frames_.size() == 3 && frames_[1].name == "log" && name == "entries") saw_entries_ = true;
    if (!is_array && is_entry_frame()) begin_entry(name);
    return true;
  }

  bool close() {
    stream_.next_string_ignored();
    if (is_entry_frame() && in_entry_) finish_entry();
    frames_.pop_back();
    return true;
  }

  bool is_entry_frame() const {
    return frames_.size() == 4 && frames_[1].name == "log" && frames_[2].name == "entries" && frames_[2].is_array &&
           !frames_[3].is_array;
  }

  // Whether the value being read is at entry/<path...>.
  bool at(std::initializer_list<std::string_view> path) const {
    if (frames_.size() != 3 + path.size()) return false;
    auto name = path.begin();
    for (std::size_t i = 4; i < frames_.size(); ++i, ++name) {
      if (frames_[i].is_array || frames_[i].name != *name) return false;
    }
    return !frames_.back().is_array && frames_.back().key == *name;
  }

  void begin_entry(const std::string& index) {
    in_entry_ = true;
    exchange_ = Exchange{};
    exchange_.entry = "/log/entries/" + index;
    exchange_.line = stream_.line();
    exchange_.column = stream_.column() + 1;
    request_.reset();
    response_.reset();
    request_encoding_.clear();
    response_encoding_.clear();
  }

  void finish_body(std::optional<BodyText>& body, const std::string& encoding, std::string_view field,
                   std::optional<BodyText>& into) {
    if (!body) return;
    body->source = fmt::format("{}#{}/{}", path_, exchange_.entry, field);
    if (encoding == "base64") {
      decode_base64(*body, limits_);
      body->anchor.kind = TextAnchor::Kind::none;  // bytes of the body are not bytes of the file
      body->raw.clear();
    }
    into = std::move(body);
  }

  void finish_entry() {
    in_entry_ = false;
    finish_body(request_, request_encoding_, "request/postData/text", exchange_.request);
    finish_body(response_, response_encoding_, "response/content/text", exchange_.response);
    visit_(exchange_);
  }

  static constexpr std::size_t kMostLimitFindings = 100;

  const std::string& path_;
  const Limits& limits_;
  TrackingStream<FileBlocks>& stream_;
  const std::function<void(Exchange&)>& visit_;
  std::vector<Frame> frames_;
  std::vector<Finding> findings_;
  bool in_entry_ = false;
  bool saw_entries_ = false;
  bool root_is_object_ = false;
  bool too_deep_ = false;
  Exchange exchange_;
  std::optional<BodyText> request_;
  std::optional<BodyText> response_;
  std::string request_encoding_;
  std::string response_encoding_;
};

Finding capture_syntax_finding(const rapidjson::ParseResult& parsed, std::uint64_t line, std::uint64_t column) {
  Finding finding;
  finding.keyword = parsed.Code() == rapidjson::kParseErrorStringInvalidEncoding ? "encoding" : "syntax";
  finding.message = fmt::format("the capture is not well-formed JSON: {}", rapidjson::GetParseError_En(parsed.Code()));
  finding.line = line;
  finding.column = column;
  return finding;
}

}  // namespace

void decode_base64(BodyText& body, const Limits& limits) {
  if (body.too_long) {  // its decoded size was measured as it was read
    if (body.too_long_not_base64) {
      body.too_long.reset();
      body.problem = "the text is marked base64 but is not valid base64";
    } else {
      body.too_long = body.too_long_base64;
    }
    return;
  }
  // The decoded size follows from the encoded length: a body past the limit is never decoded.
  std::uint64_t digits = 0;
  for (const char c : body.text) digits += c != '=' && c != '\n' && c != '\r' ? 1 : 0;
  if (digits * 6 / 8 > limits.max_bytes) {
    body.too_long = digits * 6 / 8;
    std::string().swap(body.text);
    return;
  }
  std::string decoded;
  if (base64_decode(body.text, decoded)) {
    body.text = std::move(decoded);
  } else {
    body.problem = "the text is marked base64 but is not valid base64";
  }
}

CaptureProblem read_har(const std::string& path, const Limits& limits, const std::function<void(Exchange&)>& visit) {
  std::string error;
  const auto source = io::ByteSource::open(path, true, error);
  if (!source) {
    CaptureProblem problem;
    problem.error = std::move(error);
    return problem;
  }
  return read_har(*source, path, limits, visit);
}

CaptureProblem read_har(io::ByteSource& source, const std::string& path, const Limits& limits,
                        const std::function<void(Exchange&)>& visit) {
  CaptureProblem problem;
  FileBlocks blocks(source);
  TrackingStream<FileBlocks> stream(blocks);
  HarHandler handler(path, limits, stream, visit);
  rapidjson::Reader reader;
  const rapidjson::ParseResult parsed =
      reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                   rapidjson::kParseNumbersAsStringsFlag>(stream, handler);
  problem.findings = std::move(handler.findings());
  if (!blocks.failed().empty()) {
    problem.error = blocks.failed();
  } else if (handler.too_deep()) {
    problem.findings.push_back(
        capture_limit_finding(fmt::format("the capture nests deeper than --max-depth ({} levels)", limits.max_depth),
                              stream.line(), stream.column_at(parsed.Offset())));
  } else if (parsed.IsError()) {
    // The column was counted while reading: the line is never read again.
    problem.findings.push_back(capture_syntax_finding(parsed, stream.line(), stream.column_at(parsed.Offset())));
  } else if (!handler.root_is_object() || !handler.saw_entries()) {
    problem.error = "not a HAR 1.2 capture: no log.entries array";
  }
  return problem;
}

namespace {

// Follows one NDJSON exchange line; keeps the top-level members it knows.
class CaptureLineHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, CaptureLineHandler> {
 public:
  CaptureLineHandler(TrackingStream<MemoryBlocks>& stream, Exchange& exchange, std::uint64_t line_number,
                     const std::string& source, std::uint64_t max_bytes)
      : stream_(stream), exchange_(exchange), line_number_(line_number), source_(source), max_bytes_(max_bytes) {}

  bool StartObject() { return open(); }
  bool StartArray() { return open(); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    if (depth_ != 1) return true;
    key_.assign(text, length);
    if (key_ == "request" || key_ == "response" || key_ == "path" || key_ == "url" || key_ == "method") {
      stream_.next_string(max_bytes_, key_ == "request" || key_ == "response");
    }
    return true;
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    stream_.next_string_ignored();
    if (depth_ != 1) return true;
    const std::string_view value(text, length);
    if (key_ == "path" || key_ == "url") {
      exchange_.url = value;
    } else if (key_ == "method") {
      exchange_.method = value;
    } else if (key_ == "request" || key_ == "response") {
      BodyText body = string_body(stream_, value);
      body.anchor.line = line_number_;
      store(std::move(body));
    }
    return true;
  }
  // Numbers come as text (see json::read_number); a status is an integer.
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    const json::NumberValue value = json::read_number(std::string_view(text, length));
    if (value.kind == json::NumberValue::Kind::int32) return status(static_cast<int>(value.signed_value));
    if (value.kind == json::NumberValue::Kind::uint32) return status(static_cast<int>(value.unsigned_value));
    return true;
  }
  bool Default() {
    stream_.next_string_ignored();
    return true;
  }

 private:
  bool status(int value) {
    stream_.next_string_ignored();
    if (depth_ == 1 && key_ == "status") exchange_.status = value;
    return true;
  }
  bool open() {
    stream_.next_string_ignored();
    if (depth_++ == 1 && (key_ == "request" || key_ == "response")) {
      body_begin_ = stream_.Tell();
      body_column_ = stream_.column();
    }
    return true;
  }
  bool close() {
    stream_.next_string_ignored();
    if (--depth_ == 1 && (key_ == "request" || key_ == "response")) {
      const std::size_t end = stream_.Tell() + 1;  // RapidJSON reports the bracket before consuming it
      BodyText body;
      body.anchor = {TextAnchor::Kind::verbatim, line_number_, body_column_};
      body_slices_.emplace_back(key_, std::make_pair(body_begin_, end));
      store(std::move(body));
    }
    return true;
  }
  void store(BodyText body) {
    body.source = fmt::format("{}#/{}", source_, key_);
    (key_ == "request" ? exchange_.request : exchange_.response) = std::move(body);
  }

 public:
  // Object bodies are slices of the line, filled in once the line is parsed.
  std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>> body_slices_;

 private:
  TrackingStream<MemoryBlocks>& stream_;
  Exchange& exchange_;
  std::uint64_t line_number_;
  const std::string& source_;
  int depth_ = 0;
  std::string key_;
  std::size_t body_begin_ = 0;
  std::uint64_t body_column_ = 0;
  std::uint64_t max_bytes_;
};

}  // namespace

CaptureProblem read_capture_line(std::string_view line, const std::string& source, std::uint64_t line_number,
                                 const Limits& limits, Exchange& exchange) {
  CaptureProblem problem;
  rapidjson::Document document;
  // The line holds two bodies at most, each within the limit, and a few members.
  const Limits line_limits{capture_line_limit(limits), limits.max_depth};
  if (auto findings = json::read_strict(line, line_limits, document); !findings.empty()) {
    for (auto& finding : findings) finding.line = line_number;
    problem.findings = std::move(findings);
    return problem;
  }
  if (!document.IsObject()) {
    problem.error =
        "an NDJSON capture line must be an object: {\"path\": ..., \"request\": ..., \"status\": ..., "
        "\"response\": ...}";
    return problem;
  }
  document.SetNull();
  exchange = Exchange{};
  exchange.entry = source;
  exchange.line = line_number;
  exchange.column = 1;
  exchange.method = "POST";
  MemoryBlocks blocks(line);
  TrackingStream<MemoryBlocks> stream(blocks);
  CaptureLineHandler handler(stream, exchange, line_number, source, limits.max_bytes);
  rapidjson::Reader reader;
  reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag>(stream, handler);
  for (const auto& [key, range] : handler.body_slices_) {
    (key == "request" ? exchange.request : exchange.response)->text =
        std::string(line.substr(range.first, range.second - range.first));
  }
  if (exchange.url.empty()) problem.error = "an NDJSON capture line needs \"path\" (or \"url\")";
  return problem;
}

std::size_t capture_line_limit(const Limits& limits) {
  constexpr std::size_t kSlack = std::size_t{1} << 20;
  const std::size_t most = std::numeric_limits<std::size_t>::max();
  return limits.max_bytes > (most - kSlack) / 2 ? most - 1 : 2 * limits.max_bytes + kSlack;
}

bool looks_like_har(std::string_view head) {
  std::size_t i = 0;
  auto skip = [&] {
    while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
  };
  skip();
  if (i >= head.size() || head[i] != '{') return false;
  ++i;
  skip();
  return head.substr(i, 5) == "\"log\"";
}

bool looks_like_capture_line(std::string_view line) {
  rapidjson::Document document;
  if (!json::read_strict(line, Limits{}, document).empty() || !document.IsObject()) return false;
  auto path = document.FindMember("path");
  if (path == document.MemberEnd()) path = document.FindMember("url");
  const bool has_path = path != document.MemberEnd() && path->value.IsString();
  return has_path && (document.HasMember("request") || document.HasMember("response"));
}

void place_findings(const BodyText& body, std::vector<Finding>& findings) {
  const TextAnchor& anchor = body.anchor;
  if (anchor.line == 0 || anchor.kind == TextAnchor::Kind::none) {
    for (Finding& finding : findings) {
      finding.line = anchor.line;
      finding.column = anchor.column;  // the string's opening quote
    }
    return;
  }
  // One walk over the body for all of its findings, in the order of their positions.
  std::vector<std::size_t> order(findings.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto position = [&](std::size_t i) {
    return std::make_pair(std::max<std::uint64_t>(findings[i].line, 1), std::max<std::uint64_t>(findings[i].column, 1));
  };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return position(a) < position(b); });
  const std::string_view text = body.text;
  const std::string_view raw = body.raw.empty() ? text : std::string_view(body.raw);
  const bool escaped = anchor.kind == TextAnchor::Kind::json_string && !body.raw.empty();
  std::uint64_t line = 1;
  std::uint64_t column = 1;
  std::size_t decoded = 0;  // offset in the text of (line, column)
  std::size_t raw_at = 0;   // the offset in `raw` that byte comes from
  std::size_t raw_decoded = 0;
  std::uint64_t raw_columns = 0;
  for (const std::size_t i : order) {
    const auto [want_line, want_column] = position(i);
    while (decoded < text.size() && (line < want_line || (line == want_line && column < want_column))) {
      const char c = text[decoded];
      std::size_t length = 1;
      while (decoded + length < text.size() && (static_cast<unsigned char>(text[decoded + length]) & 0xC0U) == 0x80U) {
        ++length;
      }
      if (c == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
      decoded += length;
      // The same character in the file: itself, or its escape.
      const std::size_t raw_begin = raw_at;
      if (escaped) {
        advance_raw(raw, decoded, raw_at, raw_decoded);
      } else {
        raw_at = decoded;
      }
      raw_columns += code_points(raw.substr(raw_begin, raw_at - raw_begin));
    }
    findings[i].line = anchor.line;
    findings[i].column = anchor.column + raw_columns + 1;
  }
}

FilePosition place_in_file(const BodyText& body, std::uint64_t body_line, std::uint64_t body_column) {
  std::vector<Finding> one(1);
  one[0].line = body_line;
  one[0].column = body_column;
  place_findings(body, one);
  return {one[0].line, one[0].column};
}

}  // namespace conform::inputs
