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
#include <filesystem>
#include <limits>

#include "inputs/input_set.hpp"
#include "inputs/tracking_stream.hpp"
#include "io/byte_source.hpp"
#include "json/strict_reader.hpp"
#include "json/text_position.hpp"
#include "json/utf8.hpp"

namespace conform::inputs {
namespace {

// Blocks of a capture, from the byte source, as the parser asks for them.
// A HAR is a file format, not a network body: a UTF-8 byte order mark (as
// Windows tools write one) is skipped; a UTF-16 or UTF-32 file is refused,
// with the reason a body gets, before RapidJSON sees a byte of it.
class FileBlocks {
 public:
  explicit FileBlocks(io::ByteSource& source) : source_(source) {}
  std::string_view next() {
    if (!encoding_problem_.empty()) return {};
    std::string_view block = source_.next();
    if (std::exchange(first_, false)) {
      if (block.substr(0, 3) == "\xEF\xBB\xBF") {
        block.remove_prefix(3);
      } else if (const auto problem = json::find_encoding_problem(block.substr(0, 4));
                 problem && problem->offset == 0) {
        encoding_problem_ = problem->reason;
        return {};
      }
    }
    return block;
  }
  const std::string& failed() const { return source_.error(); }
  std::string_view encoding_problem() const { return encoding_problem_; }

 private:
  io::ByteSource& source_;
  bool first_ = true;
  std::string_view encoding_problem_;
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
    } else if (at({"request", "postData", "_file"})) {
      request_file_ = Attachment{std::string(value), stream_.line(), stream_.string_column()};
    } else if (at({"response", "content", "_file"})) {
      response_file_ = Attachment{std::string(value), stream_.line(), stream_.string_column()};
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
  struct Attachment {
    std::string name;  // as the HAR spells it
    std::uint64_t line;
    std::uint64_t column;
  };

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
    if (in_entry_ && at({"request", "bodySize"})) request_body_size_ = value;
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
    request_file_.reset();
    response_file_.reset();
    request_body_size_ = -1;
  }

  // A body Playwright kept in a file beside the HAR (recordHar content
  // "attach"): read relative to the HAR's folder, under --max-bytes. Only
  // names inside that folder are read: an absolute name, a ".." or a link
  // leading out of it is refused, so a HAR cannot make conform read any file.
  BodyText attached_body(const Attachment& attachment) const {
    namespace fs = std::filesystem;
    BodyText body;
    body.anchor = {TextAnchor::Kind::none, attachment.line, attachment.column};
    const fs::path name(attachment.name);
    const fs::path folder = fs::path(path_).parent_path();
    const fs::path file = folder / name;
    body.attachment = file.string();
    const fs::path normal = name.lexically_normal();
    std::error_code error;
    const fs::path real_folder = fs::weakly_canonical(folder.empty() ? fs::path(".") : folder, error);
    const fs::path real_file = fs::weakly_canonical(file, error);
    const auto [end, _] = std::mismatch(real_folder.begin(), real_folder.end(), real_file.begin(), real_file.end());
    if (name.is_absolute() || name.empty() || normal.begin()->string() == ".." || end != real_folder.end()) {
      body.problem = fmt::format("the _file attachment {} is outside the HAR's folder; not read", attachment.name);
      return body;
    }
    if (!fs::exists(real_file, error)) {
      body.problem = fmt::format("the _file attachment {} is missing: no such file", file.string());
      return body;
    }
    if (!fs::is_regular_file(real_file, error)) {
      body.problem = fmt::format("the _file attachment {} is not a regular file; not read", file.string());
      return body;
    }
    const std::string failed = read_bodies({real_file.string(), BodyLayout::single}, limits_, [&](const Body& read) {
      if (read.length > limits_.max_bytes) {
        body.too_long = read.length;
      } else {
        body.text = read.bytes;
      }
    });
    if (!failed.empty()) body.problem = fmt::format("the _file attachment {}: {}", file.string(), failed);
    return body;
  }

  void finish_body(std::optional<BodyText>& body, const std::string& encoding, std::string_view field,
                   std::optional<BodyText>& into) {
    if (!body) return;
    body->source = fmt::format("{}#{}/{}", path_, exchange_.entry, field);
    if (!body->attachment.empty()) {
      // The file's bytes are the body: no encoding applies, and findings point at the _file member.
      body->source = fmt::format("{}#{}/{}_file", path_, exchange_.entry, field.substr(0, field.rfind('/') + 1));
    } else if (encoding == "base64") {
      decode_base64(*body, limits_);
      body->anchor.kind = TextAnchor::Kind::none;  // bytes of the body are not bytes of the file
      body->raw.clear();
    }
    into = std::move(body);
  }

  void finish_entry() {
    in_entry_ = false;
    // Attachments hold what the HAR's own text would: a text the HAR has wins.
    if (request_file_ && (!request_ || (request_->text.empty() && !request_->too_long))) {
      request_ = attached_body(*request_file_);
    } else if (!request_file_ && (!request_ || (request_->text.empty() && !request_->too_long)) &&
               request_body_size_ > 0) {
      // Bytes were sent and none kept: recorded with bodies omitted (Playwright's content "omit").
      request_.reset();
      exchange_.request_not_recorded =
          "the request body was not recorded (the HAR gives its size but no text: recorded with bodies omitted)";
    }
    if (response_file_ && (!response_ || (response_->text.empty() && !response_->too_long))) {
      response_ = attached_body(*response_file_);
    }
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
  std::optional<Attachment> request_file_;
  std::optional<Attachment> response_file_;
  std::int64_t request_body_size_ = -1;  // -1 when the HAR does not say
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
    // A recorder that kept the bytes on the wire: the body is compressed, not JSON. Said, never judged as JSON.
    if (body.text.substr(0, 2) == "\x1F\x8B") {
      body.problem = "the text is base64 of gzip-compressed bytes (Content-Encoding: gzip kept as sent), not a body";
    } else if (body.text.substr(0, 4) == "\x28\xB5\x2F\xFD") {
      body.problem = "the text is base64 of zstd-compressed bytes (Content-Encoding: zstd kept as sent), not a body";
    }
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
  // Room for the longest string a body may be, reserved once: grown by halves, the parser's stack
  // would hold the old and the new copy of a long body at once. Pages never written cost nothing.
  rapidjson::Reader reader(nullptr, std::min<std::size_t>(limits.max_bytes, std::size_t{1} << 30) + 4096);
  const rapidjson::ParseResult parsed =
      reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                   rapidjson::kParseNumbersAsStringsFlag>(stream, handler);
  problem.findings = std::move(handler.findings());
  if (!blocks.failed().empty()) {
    problem.error = blocks.failed();
  } else if (!blocks.encoding_problem().empty()) {
    Finding finding;
    finding.keyword = "encoding";
    finding.message = std::string(blocks.encoding_problem());
    finding.line = 1;
    finding.column = 1;
    problem.findings.push_back(std::move(finding));
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

// The accepted names of a field, from the one table: "status, statusCode or status_code".
std::string field_names(ExchangeField field) {
  std::vector<std::string_view> names;
  for (const ExchangeFieldName& known : kExchangeFieldNames) {
    if (known.field == field) names.push_back(known.name);
  }
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += i == 0 ? "" : i + 1 == names.size() ? " or " : ", ";
    text += fmt::format("\"{}\"", names[i]);
  }
  return text;
}

// An HTTP status as loggers write it: a number, or its digits in a string
// (nginx's JSON logs). 0 is "no response", as HAR writes it.
std::optional<int> http_status(std::string_view digits) {
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  int value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value != 0 && (value < 100 || value > 599)) return std::nullopt;
  return value;
}

// Follows one NDJSON exchange line; keeps the top-level members it knows,
// under any of their names in kExchangeFieldNames.
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
    field_ = exchange_field(key_);
    if (!field_) return true;
    std::string& first = seen_[static_cast<std::size_t>(*field_)];
    if (!first.empty() && error_.empty()) {
      // Two spellings of one field could disagree: which one is meant is not guessed.
      error_ = fmt::format("the exchange gives {} twice (\"{}\" and \"{}\"); one of {} is expected",
                           first == key_ ? "a member" : "one field", first, key_, field_names(*field_));
    }
    first = key_;
    const bool body = *field_ == ExchangeField::request || *field_ == ExchangeField::response;
    if (body || *field_ == ExchangeField::url || *field_ == ExchangeField::method) {
      stream_.next_string(max_bytes_, body);
    }
    return true;
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    stream_.next_string_ignored();
    if (depth_ != 1 || !field_) return true;
    const std::string_view value(text, length);
    switch (*field_) {
      case ExchangeField::url:
        exchange_.url = value;
        break;
      case ExchangeField::method:
        exchange_.method = value;
        // Methods are case-sensitive by RFC 9110, but loggers lower-case them; routes are upper case.
        for (char& c : exchange_.method) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        break;
      case ExchangeField::status:
        set_status(http_status(value), value);
        break;
      case ExchangeField::request:
      case ExchangeField::response: {
        BodyText body = string_body(stream_, value);
        body.anchor.line = line_number_;
        store(std::move(body));
        break;
      }
    }
    return true;
  }
  // Numbers come as text (see json::read_number); a status is an integer.
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    stream_.next_string_ignored();
    if (depth_ != 1 || !field_) return true;
    const std::string_view value(text, length);
    if (*field_ == ExchangeField::status) {
      set_status(http_status(value), value);
    } else if (*field_ == ExchangeField::request || *field_ == ExchangeField::response) {
      scalar_body(value);
    } else {
      wrong_type("a number");
    }
    return true;
  }
  bool Bool(bool value) {
    stream_.next_string_ignored();
    if (depth_ != 1 || !field_) return true;
    if (*field_ == ExchangeField::request || *field_ == ExchangeField::response) {
      scalar_body(value ? "true" : "false");
    } else {
      wrong_type("a boolean");
    }
    return true;
  }
  // null is how loggers write "none": no body, no response.
  bool Null() {
    stream_.next_string_ignored();
    if (depth_ == 1 && field_ && *field_ != ExchangeField::request && *field_ != ExchangeField::response &&
        *field_ != ExchangeField::status) {
      wrong_type("null");
    }
    return true;
  }
  bool Default() {
    stream_.next_string_ignored();
    return true;
  }

  const std::string& error() const { return error_; }

 private:
  void set_status(std::optional<int> status, std::string_view spelling) {
    if (status) {
      exchange_.status = *status;
    } else if (error_.empty()) {
      error_ = spelling.size() <= 16 ? fmt::format("\"{}\": {} is not an HTTP status code (100 to 599)", key_, spelling)
                                     : fmt::format("\"{}\" is not an HTTP status code (100 to 599)", key_);
    }
  }
  void wrong_type(std::string_view what) {
    if (error_.empty()) error_ = fmt::format("\"{}\" of an exchange cannot be {}", key_, what);
  }
  // A body that is a JSON scalar: checked as it is (a schema of objects fails it).
  void scalar_body(std::string_view text) {
    BodyText body;
    body.text = text;
    body.anchor = {TextAnchor::Kind::none, line_number_, 1};
    store(std::move(body));
  }
  bool open() {
    stream_.next_string_ignored();
    if (depth_++ == 1 && is_body()) {
      body_begin_ = stream_.Tell();
      body_column_ = stream_.column();
    } else if (depth_ == 2 && field_ && error_.empty()) {
      wrong_type("an object or an array");
    }
    return true;
  }
  bool close() {
    stream_.next_string_ignored();
    if (--depth_ == 1 && is_body()) {
      const std::size_t end = stream_.Tell() + 1;  // RapidJSON reports the bracket before consuming it
      BodyText body;
      body.anchor = {TextAnchor::Kind::verbatim, line_number_, body_column_};
      body_slices_.emplace_back(*field_ == ExchangeField::request, std::make_pair(body_begin_, end));
      store(std::move(body));
    }
    return true;
  }
  bool is_body() const { return field_ && (*field_ == ExchangeField::request || *field_ == ExchangeField::response); }
  void store(BodyText body) {
    body.source = fmt::format("{}#/{}", source_, key_);
    (*field_ == ExchangeField::request ? exchange_.request : exchange_.response) = std::move(body);
  }

 public:
  // Object bodies are slices of the line, filled in once the line is parsed:
  // whether it is the request, and its byte range.
  std::vector<std::pair<bool, std::pair<std::size_t, std::size_t>>> body_slices_;

 private:
  TrackingStream<MemoryBlocks>& stream_;
  Exchange& exchange_;
  std::uint64_t line_number_;
  const std::string& source_;
  int depth_ = 0;
  std::string key_;
  std::optional<ExchangeField> field_;
  std::array<std::string, 5> seen_;  // the name each field was given under, by ExchangeField
  std::string error_;
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
  for (const auto& [is_request, range] : handler.body_slices_) {
    (is_request ? exchange.request : exchange.response)->text =
        std::string(line.substr(range.first, range.second - range.first));
  }
  if (!handler.error().empty()) {
    problem.error = handler.error();
  } else if (exchange.url.empty()) {
    problem.error = fmt::format("an NDJSON capture line needs its URL as {}", field_names(ExchangeField::url));
  }
  return problem;
}

std::size_t capture_line_limit(const Limits& limits) {
  constexpr std::size_t kSlack = std::size_t{1} << 20;
  const std::size_t most = std::numeric_limits<std::size_t>::max();
  return limits.max_bytes > (most - kSlack) / 2 ? most - 1 : 2 * limits.max_bytes + kSlack;
}

bool looks_like_har(std::string_view head) {
  std::size_t i = head.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // the byte order mark read_har skips
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
  bool has_url = false;
  bool has_body = false;
  for (const auto& member : document.GetObject()) {
    const auto field = exchange_field(std::string_view(member.name.GetString(), member.name.GetStringLength()));
    if (field == ExchangeField::url) has_url = has_url || member.value.IsString();
    if (field == ExchangeField::request || field == ExchangeField::response) has_body = true;
  }
  return has_url && has_body;
}

void place_findings(const BodyText& body, FindingList& findings) {
  const TextAnchor& anchor = body.anchor;
  if (anchor.line == 0 || anchor.kind == TextAnchor::Kind::none) {
    // The string's opening quote.
    for (std::size_t i = 0; i < findings.size(); ++i) findings.set_position(i, anchor.line, anchor.column);
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
    findings.set_position(i, anchor.line, anchor.column + raw_columns + 1);
  }
}

FilePosition place_in_file(const BodyText& body, std::uint64_t body_line, std::uint64_t body_column) {
  Finding at;
  at.line = body_line;
  at.column = body_column;
  FindingList one{at};
  place_findings(body, one);
  return {one[0].line, one[0].column};
}

}  // namespace conform::inputs
