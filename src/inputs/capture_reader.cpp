#include "inputs/capture_reader.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "inputs/tracking_stream.hpp"
#include "json/strict_reader.hpp"
#include "json/text_position.hpp"

namespace conform::inputs {
namespace {

// Blocks of a file, read as the parser asks for them.
class FileBlocks {
 public:
  explicit FileBlocks(int fd) : fd_(fd) {}
  std::string_view next() {
    ssize_t n;
    do {
      n = ::read(fd_, buffer_.data(), buffer_.size());
    } while (n < 0 && errno == EINTR);
    if (n < 0) failed_ = errno;
    return n > 0 ? std::string_view(buffer_.data(), static_cast<std::size_t>(n)) : std::string_view();
  }
  int failed() const { return failed_; }

 private:
  int fd_;
  int failed_ = 0;
  std::array<char, 256 * 1024> buffer_{};
};

class MemoryBlocks {
 public:
  explicit MemoryBlocks(std::string_view text) : text_(text) {}
  std::string_view next() { return std::exchange(text_, std::string_view()); }

 private:
  std::string_view text_;
};

std::string read_range(const std::string& path, std::uint64_t begin, std::uint64_t end) {
  std::string bytes;
  if (end <= begin) return bytes;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return bytes;
  bytes.resize(end - begin);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(begin + done));
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  bytes.resize(done);
  return bytes;
}

std::uint32_t code_points(std::string_view bytes) {
  std::uint32_t count = 0;
  for (char c : bytes) count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return count;
}

// The byte offset in `text` of a 1-based line and code-point column.
std::size_t offset_of(std::string_view text, std::uint32_t line, std::uint32_t column) {
  std::size_t offset = 0;
  for (std::uint32_t l = 1; l < line && offset < text.size(); ++l) {
    const auto newline = text.find('\n', offset);
    if (newline == std::string_view::npos) return text.size();
    offset = newline + 1;
  }
  for (std::uint32_t c = 1; c < column && offset < text.size(); ++c) {
    ++offset;
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0U) == 0x80U) ++offset;
  }
  return offset;
}

std::size_t utf8_length(std::uint32_t code_point) {
  return code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
}

// The offset in the raw (escaped) content of a JSON string where the
// decoded byte `decoded` comes from.
std::size_t raw_offset(std::string_view raw, std::size_t decoded) {
  std::size_t i = 0;
  std::size_t produced = 0;
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
    const auto code = static_cast<std::uint32_t>(std::stoul(std::string(raw.substr(i + 2, 4)), nullptr, 16));
    if (code >= 0xD800 && code <= 0xDBFF && i + 12 <= raw.size() && raw[i + 6] == '\\' && raw[i + 7] == 'u') {
      i += 12;  // a surrogate pair is one code point of four bytes
      produced += 4;
    } else {
      i += 6;
      produced += utf8_length(code);
    }
  }
  return i;
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

// Follows the parse of a HAR and keeps, per entry, only what routing needs.
class HarHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, HarHandler> {
 public:
  HarHandler(const std::string& path, TrackingStream<FileBlocks>& stream, const std::function<void(Exchange&)>& visit)
      : path_(path), stream_(stream), visit_(visit) {}

  bool StartObject() { return open(false); }
  bool StartArray() { return open(true); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    frames_.back().key.assign(text, length);
    return true;
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    element();
    if (!in_entry_) return true;
    const std::string_view value(text, length);
    if (at({"request", "method"})) {
      exchange_.method = value;
    } else if (at({"request", "url"})) {
      exchange_.url = value;
    } else if (at({"request", "postData", "text"})) {
      request_ = capture_text(value);
    } else if (at({"request", "postData", "encoding"})) {
      request_encoding_ = value;
    } else if (at({"response", "content", "text"})) {
      response_ = capture_text(value);
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
    element();
    return true;
  }

  bool number(std::int64_t value) {
    element();
    if (in_entry_ && at({"response", "status"})) exchange_.status = static_cast<int>(value);
    return true;
  }

  bool open(bool is_array) {
    if (frames_.empty()) root_is_object_ = !is_array;
    const std::string name = element();
    frames_.push_back(Frame{is_array, name, 0, {}});
    if (is_array && frames_.size() == 3 && frames_[1].name == "log" && name == "entries") saw_entries_ = true;
    if (!is_array && is_entry_frame()) begin_entry(name);
    return true;
  }

  bool close() {
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

  BodyText capture_text(std::string_view value) {
    BodyText body;
    body.text = value;
    body.anchor.kind = TextAnchor::Kind::json_string;
    body.anchor.begin = stream_.string_begin();
    body.anchor.end = stream_.Tell() - 1;  // the closing quote
    body.anchor.line = stream_.line();
    body.anchor.line_begin = stream_.line_begin();
    return body;
  }

  void begin_entry(const std::string& index) {
    in_entry_ = true;
    exchange_ = Exchange{};
    exchange_.entry = "/log/entries/" + index;
    exchange_.line = stream_.line();
    exchange_.column = static_cast<std::uint32_t>(stream_.Tell() - stream_.line_begin()) + 1;
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
      std::string decoded;
      if (base64_decode(body->text, decoded)) {
        body->text = std::move(decoded);
      } else {
        body->problem = "the text is marked base64 but is not valid base64";
      }
      body->anchor.kind = TextAnchor::Kind::none;  // bytes of the body are not bytes of the file
    }
    into = std::move(body);
  }

  void finish_entry() {
    in_entry_ = false;
    finish_body(request_, request_encoding_, "request/postData/text", exchange_.request);
    finish_body(response_, response_encoding_, "response/content/text", exchange_.response);
    visit_(exchange_);
  }

  const std::string& path_;
  TrackingStream<FileBlocks>& stream_;
  const std::function<void(Exchange&)>& visit_;
  std::vector<Frame> frames_;
  bool in_entry_ = false;
  bool saw_entries_ = false;
  bool root_is_object_ = false;
  Exchange exchange_;
  std::optional<BodyText> request_;
  std::optional<BodyText> response_;
  std::string request_encoding_;
  std::string response_encoding_;
};

Finding capture_syntax_finding(const rapidjson::ParseResult& parsed, std::uint32_t line, std::uint32_t column) {
  Finding finding;
  finding.keyword = parsed.Code() == rapidjson::kParseErrorStringInvalidEncoding ? "encoding" : "syntax";
  finding.message = fmt::format("the capture is not well-formed JSON: {}", rapidjson::GetParseError_En(parsed.Code()));
  finding.line = line;
  finding.column = column;
  return finding;
}

}  // namespace

CaptureProblem read_har(const std::string& path, const std::function<void(Exchange&)>& visit) {
  CaptureProblem problem;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    problem.error = fmt::format("cannot open: {}", std::strerror(errno));
    return problem;
  }
  FileBlocks blocks(fd);
  TrackingStream<FileBlocks> stream(blocks);
  HarHandler handler(path, stream, visit);
  rapidjson::Reader reader;
  const rapidjson::ParseResult parsed =
      reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                   rapidjson::kParseNumbersAsStringsFlag>(stream, handler);
  ::close(fd);
  if (blocks.failed() != 0) {
    problem.error = fmt::format("cannot read: {}", std::strerror(blocks.failed()));
  } else if (parsed.IsError()) {
    const std::string prefix = read_range(path, stream.line_begin(), parsed.Offset());
    problem.findings.push_back(capture_syntax_finding(parsed, stream.line(), code_points(prefix) + 1));
  } else if (!handler.root_is_object() || !handler.saw_entries()) {
    problem.error = "not a HAR 1.2 capture: no log.entries array";
  }
  return problem;
}

namespace {

// Follows one NDJSON exchange line; keeps the top-level members it knows.
class CaptureLineHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, CaptureLineHandler> {
 public:
  CaptureLineHandler(TrackingStream<MemoryBlocks>& stream, Exchange& exchange, std::uint64_t line_begin,
                     std::uint32_t line_number, const std::string& source)
      : stream_(stream), exchange_(exchange), line_begin_(line_begin), line_number_(line_number), source_(source) {}

  bool StartObject() { return open(); }
  bool StartArray() { return open(); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    if (depth_ == 1) key_.assign(text, length);
    return true;
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    if (depth_ != 1) return true;
    const std::string_view value(text, length);
    if (key_ == "path" || key_ == "url") {
      exchange_.url = value;
    } else if (key_ == "method") {
      exchange_.method = value;
    } else if (key_ == "request" || key_ == "response") {
      BodyText body;
      body.text = value;
      body.anchor = {TextAnchor::Kind::json_string, line_begin_ + stream_.string_begin(),
                     line_begin_ + stream_.Tell() - 1, line_number_, line_begin_};
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
  bool Default() { return true; }

 private:
  bool status(int value) {
    if (depth_ == 1 && key_ == "status") exchange_.status = value;
    return true;
  }
  bool open() {
    if (depth_++ == 1 && (key_ == "request" || key_ == "response")) body_begin_ = stream_.Tell();
    return true;
  }
  bool close() {
    if (--depth_ == 1 && (key_ == "request" || key_ == "response")) {
      const std::size_t end = stream_.Tell() + 1;  // RapidJSON reports the bracket before consuming it
      BodyText body;
      body.anchor = {TextAnchor::Kind::verbatim, line_begin_ + body_begin_, line_begin_ + end, line_number_,
                     line_begin_};
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
  std::uint64_t line_begin_;
  std::uint32_t line_number_;
  const std::string& source_;
  int depth_ = 0;
  std::string key_;
  std::size_t body_begin_ = 0;
};

}  // namespace

CaptureProblem read_capture_line(std::string_view line, const std::string& source, std::uint32_t line_number,
                                 std::uint64_t line_begin, Exchange& exchange) {
  CaptureProblem problem;
  rapidjson::Document document;
  if (auto findings = json::read_strict(line, Limits{std::size_t{1} << 30, 256}, document); !findings.empty()) {
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
  exchange = Exchange{};
  exchange.entry = source;
  exchange.line = line_number;
  exchange.column = 1;
  exchange.method = "POST";
  MemoryBlocks blocks(line);
  TrackingStream<MemoryBlocks> stream(blocks);
  CaptureLineHandler handler(stream, exchange, line_begin, line_number, source);
  rapidjson::Reader reader;
  reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag>(stream, handler);
  for (const auto& [key, range] : handler.body_slices_) {
    (key == "request" ? exchange.request : exchange.response)->text =
        std::string(line.substr(range.first, range.second - range.first));
  }
  if (exchange.url.empty()) problem.error = "an NDJSON capture line needs \"path\" (or \"url\")";
  return problem;
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

FilePosition place_in_file(const std::string& path, const BodyText& body, std::uint32_t body_line,
                           std::uint32_t body_column) {
  const TextAnchor& anchor = body.anchor;
  if (anchor.line == 0) return {};
  const std::uint32_t prefix = code_points(read_range(path, anchor.line_begin, anchor.begin));
  if (anchor.kind == TextAnchor::Kind::none) return {anchor.line, prefix};  // the string's opening quote
  const std::size_t decoded = offset_of(body.text, body_line, body_column);
  if (anchor.kind == TextAnchor::Kind::verbatim) {
    return {anchor.line, prefix + code_points(std::string_view(body.text).substr(0, decoded)) + 1};
  }
  const std::string raw = read_range(path, anchor.begin, anchor.end);
  return {anchor.line, prefix + code_points(std::string_view(raw).substr(0, raw_offset(raw, decoded))) + 1};
}

}  // namespace conform::inputs
