#include "hostile/report_readers.hpp"

#include "json/utf8.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/reader.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

namespace conform::hostile {
namespace {

using Visit = std::function<void(JsonEvent, const std::string&, std::string_view, std::uint64_t)>;

// RapidJSON's SAX events turned into (path, value) events.
class PathHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, PathHandler> {
 public:
  explicit PathHandler(const Visit& visit) : visit_(visit) {}

  bool Null() { return true; }
  bool Bool(bool) { return true; }
  bool Int(int value) { return number(static_cast<std::uint64_t>(value)); }
  bool Uint(unsigned value) { return number(value); }
  bool Int64(std::int64_t value) { return number(static_cast<std::uint64_t>(value)); }
  bool Uint64(std::uint64_t value) { return number(value); }
  bool Double(double value) {
    return number(value >= 0 && value < 1.8e19 ? static_cast<std::uint64_t>(value) : ~std::uint64_t{0});
  }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return true; }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    visit_(JsonEvent::string, path_, std::string_view(text, length), 0);
    return true;
  }
  bool StartObject() {
    visit_(JsonEvent::start, path_, {}, 0);
    bases_.push_back(path_.size());
    return true;
  }
  bool Key(const char* name, rapidjson::SizeType length, bool) {
    path_.resize(bases_.back());
    path_ += '/';
    path_.append(name, length);
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return end(); }
  bool StartArray() {
    visit_(JsonEvent::start, path_, {}, 0);
    bases_.push_back(path_.size());
    path_ += "/#";
    return true;
  }
  bool EndArray(rapidjson::SizeType) { return end(); }

 private:
  bool number(std::uint64_t value) {
    visit_(JsonEvent::number, path_, {}, value);
    return true;
  }
  bool end() {
    path_.resize(bases_.back());
    bases_.pop_back();
    visit_(JsonEvent::end, path_, {}, 0);
    return true;
  }

  const Visit& visit_;
  std::string path_;
  std::vector<std::size_t> bases_;
};

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Sets the count named by the last segment of `path`, if it is one.
void count(Counts& counts, std::string_view name, std::uint64_t value) {
  counts.found = true;
  if (name == "inputs") counts.inputs = value;
  if (name == "passed") counts.passed = value;
  if (name == "failed") counts.failed = value;
  if (name == "errors") counts.errors = value;
  if (name == "skipped") counts.skipped = value;
}

std::string_view last_segment(std::string_view path) { return path.substr(path.rfind('/') + 1); }

// XML attribute values and text with the five entities and character references decoded.
std::string xml_decoded(std::string_view text) {
  std::string out;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '&') {
      out += text[at];
      continue;
    }
    const std::size_t end = text.find(';', at);
    if (end == std::string_view::npos) {
      out += text.substr(at);
      break;
    }
    const std::string_view entity = text.substr(at + 1, end - at - 1);
    if (entity == "amp") {
      out += '&';
    } else if (entity == "lt") {
      out += '<';
    } else if (entity == "gt") {
      out += '>';
    } else if (entity == "quot") {
      out += '"';
    } else if (entity == "apos") {
      out += '\'';
    } else if (!entity.empty() && entity[0] == '#') {
      const bool hex = entity.size() > 1 && entity[1] == 'x';
      const auto code =
          static_cast<char32_t>(std::stoul(std::string(entity.substr(hex ? 2 : 1)), nullptr, hex ? 16 : 10));
      // UTF-8 of the code point.
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      }
    } else {
      out += text.substr(at, end - at + 1);  // unknown: left as it is, so a comparison fails visibly
    }
    at = end;
  }
  return out;
}

// The attribute `name` of a tag's text ("testcase name=\"a\" time=\"0\"/"), decoded.
std::optional<std::string> attribute(std::string_view tag, std::string_view name) {
  const std::string pattern = " " + std::string(name) + "=\"";
  const std::size_t at = tag.find(pattern);
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t start = at + pattern.size();
  const std::size_t end = tag.find('"', start);
  if (end == std::string_view::npos) return std::nullopt;
  return xml_decoded(tag.substr(start, end - start));
}

std::uint64_t number_attribute(std::string_view tag, std::string_view name) {
  const auto value = attribute(tag, name);
  return value ? std::stoull(*value) : ~std::uint64_t{0};
}

}  // namespace

std::string walk_json(const std::filesystem::path& file, const Visit& visit) {
  std::unique_ptr<std::FILE, FileCloser> in(std::fopen(file.c_str(), "rb"));
  if (!in) return "cannot open " + file.string();
  std::array<char, 65536> buffer{};
  rapidjson::FileReadStream stream(in.get(), buffer.data(), buffer.size());
  PathHandler handler(visit);
  rapidjson::Reader reader;
  const rapidjson::ParseResult parsed =
      reader.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(stream, handler);
  if (parsed.IsError()) {
    return std::string(rapidjson::GetParseError_En(parsed.Code())) + " at byte " + std::to_string(parsed.Offset());
  }
  return {};
}

JsonReport read_json_report(const std::filesystem::path& file) {
  JsonReport report;
  report.error =
      walk_json(file, [&](JsonEvent event, const std::string& path, std::string_view text, std::uint64_t number) {
        if (event == JsonEvent::start && path == "/results/#") report.results.emplace_back();
        if (event == JsonEvent::start && path == "/flows/#") ++report.flows;
        if (event == JsonEvent::start && path == "/results/#/findings/#") report.results.back().findings.emplace_back();
        if (event == JsonEvent::string) {
          if (path == "/results/#/source") report.results.back().source = text;
          if (path == "/results/#/status") report.results.back().status = text;
          if (path == "/results/#/error") report.results.back().error = text;
          if (path == "/results/#/findings/#/severity") report.results.back().findings.back().severity = text;
          if (path == "/results/#/findings/#/keyword") report.results.back().findings.back().keyword = text;
          if (path == "/results/#/findings/#/rule") report.results.back().findings.back().rule = text;
          if (path == "/skipped/#/source") report.skipped.emplace_back(text);
        }
        if (event == JsonEvent::number) {
          if (path == "/results/#/findings/#/line") report.results.back().findings.back().line = number;
          if (path == "/results/#/findings/#/column") report.results.back().findings.back().column = number;
          if (path.rfind("/summary/", 0) == 0) count(report.summary, last_segment(path), number);
        }
      });
  return report;
}

SarifReport read_sarif_report(const std::filesystem::path& file) {
  SarifReport report;
  constexpr std::string_view kResult = "/runs/#/results/#";
  constexpr std::string_view kLocation = "/runs/#/results/#/locations/#/physicalLocation";
  constexpr std::string_view kNotification = "/runs/#/invocations/#/toolExecutionNotifications/#";
  report.error =
      walk_json(file, [&](JsonEvent event, const std::string& path, std::string_view text, std::uint64_t number) {
        if (event == JsonEvent::start && path == "/runs/#") ++report.runs;
        if (event == JsonEvent::start && path == kResult) report.results.emplace_back();
        if (event == JsonEvent::start && path == "/runs/#/results/#/locations/#") ++report.results.back().locations;
        if (event == JsonEvent::start && path == kNotification) report.notifications.emplace_back();
        if (event == JsonEvent::string && path.rfind(kNotification, 0) == 0) {
          const std::string_view rest = std::string_view(path).substr(kNotification.size());
          if (rest == "/descriptor/id") report.notifications.back().id = text;
          if (rest == "/level") report.notifications.back().level = text;
          if (rest == "/properties/source") report.notifications.back().source = text;
        }
        if (event == JsonEvent::string) {
          if (path == "/version") report.version = text;
          if (path.rfind(kResult, 0) != 0) return;
          SarifResult& result = report.results.back();
          const std::string_view rest = std::string_view(path).substr(kResult.size());
          if (rest == "/ruleId") result.rule_id = text;
          if (rest == "/level") result.level = text;
          if (rest == "/properties/source") result.source = text;
          if (path == std::string(kLocation) + "/artifactLocation/uri" && result.locations == 1) result.uri = text;
        }
        if (event == JsonEvent::number) {
          if (path.rfind("/runs/#/properties/", 0) == 0) count(report.counts, last_segment(path), number);
          if (path.rfind(kLocation, 0) != 0 || report.results.back().locations != 1) return;
          if (path == std::string(kLocation) + "/region/startLine") report.results.back().start_line = number;
          if (path == std::string(kLocation) + "/region/startColumn") report.results.back().start_column = number;
        }
      });
  return report;
}

JunitReport read_junit_report(const std::filesystem::path& file,
                              const std::function<void(const JunitSuite&)>& suite_done) {
  JunitReport report;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    report.error = "cannot open " + file.string();
    return report;
  }
  std::string skipped_text;
  std::string tag;
  std::optional<JunitSuite> suite;
  std::optional<JunitCase> current;
  auto finish_case = [&] {
    if (!suite) {
      report.error = "a testcase outside any testsuite";
      return;
    }
    suite->cases.push_back(std::move(*current));
    current.reset();
  };
  while (report.error.empty() && std::getline(in, skipped_text, '<') && std::getline(in, tag, '>')) {
    const std::string_view name = std::string_view(tag).substr(0, tag.find_first_of(" /"));
    const bool self_closing = !tag.empty() && tag.back() == '/';
    if (tag.rfind("?xml ", 0) == 0) {
      report.declaration = true;
    } else if (name == "testsuites") {
      report.totals.found = true;
      report.totals.inputs = number_attribute(tag, "tests");
      report.totals.failed = number_attribute(tag, "failures");
      report.totals.errors = number_attribute(tag, "errors");
    } else if (name == "testsuite") {
      if (suite) report.error = "a testsuite inside a testsuite";
      suite = JunitSuite{attribute(tag, "name").value_or("(none)"),
                         number_attribute(tag, "tests"),
                         number_attribute(tag, "failures"),
                         number_attribute(tag, "errors"),
                         {}};
    } else if (tag == "/testsuite") {
      if (!suite || current) {
        report.error = "a testsuite closed out of place";
      } else {
        suite_done(*suite);
        suite.reset();
      }
    } else if (name == "testcase") {
      if (current) report.error = "a testcase inside a testcase";
      current = JunitCase{attribute(tag, "name").value_or("(none)"), attribute(tag, "classname").value_or("(none)")};
      if (self_closing) finish_case();
    } else if (tag == "/testcase") {
      if (!current) {
        report.error = "a testcase closed out of place";
      } else {
        finish_case();
      }
    } else if (name == "failure" || name == "error") {
      if (!current) {
        report.error = "a <" + std::string(name) + "> outside any testcase";
      } else {
        current->status = name == "failure" ? "fail" : "error";
        ++current->outcomes;
      }
    }
  }
  if (report.error.empty() && (suite || current)) report.error = "the report ends inside a testsuite";
  return report;
}

Counts parse_summary_counts(std::string_view line) {
  Counts counts;
  // Counts of one are in the singular: "1 input: ... 1 error, 1 call skipped".
  const bool one_input = line.find(" inputs: ") == std::string_view::npos;
  const std::size_t inputs = line.find(one_input ? " input: " : " inputs: ");
  if (inputs == std::string_view::npos) return counts;
  const std::size_t number = line.rfind(' ', inputs - 1) + 1;
  const std::string tail(line.substr(number));
  unsigned long long values[4] = {};
  if (std::sscanf(tail.c_str(),
                  one_input ? "%llu input: %llu passed, %llu failed, %llu error"
                            : "%llu inputs: %llu passed, %llu failed, %llu error",
                  &values[0], &values[1], &values[2], &values[3]) != 4) {
    return counts;
  }
  counts = {values[0], values[1], values[2], values[3], 0, true};
  std::size_t skipped = line.find(" calls skipped");
  if (skipped == std::string_view::npos) skipped = line.find(" call skipped");
  if (skipped != std::string_view::npos) {
    const std::size_t start = line.rfind(", ", skipped) + 2;
    counts.skipped = std::stoull(std::string(line.substr(start, skipped - start)));
  }
  return counts;
}

std::string percent_encoded(std::string_view path) {
  constexpr std::string_view kKeep = "-._~/!$&'()*+,;=@";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
        kKeep.find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

std::string line_escaped(std::string_view text) {
  std::string out;
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t at = 0; at < text.size();) {
    const json::DecodedCodePoint decoded = json::decode_utf8(text, at);
    const char32_t c = decoded.code_point;
    if (!decoded.valid) {
      for (std::size_t i = 0; i < decoded.length; ++i) {
        const auto byte = static_cast<unsigned char>(text[at + i]);
        out += std::string("\\x") + kHex[byte >> 4] + kHex[byte & 0xF];
      }
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
    } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      out += std::string("\\u00") + kHex[c >> 4] + kHex[c & 0xF];
    } else {
      out += text.substr(at, decoded.length);
    }
    at += decoded.length;
  }
  return out;
}

std::string github_data(std::string_view raw) {
  const std::string text = line_escaped(raw);
  std::string out;
  for (const char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string github_property(std::string_view text) {
  std::string out;
  for (const char c : github_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace conform::hostile
