// The report writers: results made from the input (a body's real findings,
// and the raw bytes, invalid UTF-8 and all, as source, file, message, value,
// hint, flow and skipped-call fields) go through every format, with values
// masked and shown. What each format promises is checked on its output.

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "conform/embedded_schema.hpp"
#include "conform/escape.hpp"
#include "conform/report_format.hpp"
#include "conform/schema.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace conform;

// The input cut at NUL bytes; a JSON seed has none, so it is all field 0.
std::vector<std::string> fields_of(std::string_view input) {
  std::vector<std::string> fields;
  while (true) {
    const std::size_t end = input.find('\0');
    fields.emplace_back(input.substr(0, end));
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  return fields;
}

std::vector<Result> results_from(std::string_view input) {
  static const Schema schema = Schema::embedded(default_schema_name);
  const std::vector<std::string> fields = fields_of(input);
  // Field 0 is the body, used whole. The others, in turn, fill the text
  // fields of the results, cut short (maybe inside a UTF-8 sequence) so that
  // a large seed does not fill every field of every report.
  std::vector<std::string> texts;
  for (const std::string& text : fields) texts.push_back(text.substr(0, 1024));
  const auto field = [&](std::size_t i) -> const std::string& { return texts[i % texts.size()]; };
  std::vector<Result> results;

  // A body's own findings, as the command makes them.
  Result body = schema.validate(fields[0], field(1));
  body.file = field(2);
  results.push_back(std::move(body));

  results.push_back(make_error_result(std::string(input), std::string(input)));
  results.back().file = field(3);

  Finding raw;
  raw.keyword = field(4);
  raw.instance_location = field(5);
  raw.schema_location = field(6);
  raw.message = field(7);
  raw.hint = field(8);
  raw.value = fields[0];
  raw.line = static_cast<std::uint32_t>(input.size());
  raw.column = static_cast<std::uint32_t>(fields.size());
  Finding flow_finding = raw;
  flow_finding.keyword = "flow";
  flow_finding.rule = field(9);
  flow_finding.instance_location.clear();
  // A few entries are enough to see them written; thousands only slow the fuzzer.
  flow_finding.related.assign(texts.begin(),
                              texts.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(texts.size(), 8)));
  flow_finding.value.reset();
  Finding warning = raw;
  warning.severity = Severity::warning;
  warning.value = "\"" + field(1) + "\"";
  Result capture = make_result(field(2), {raw, flow_finding, warning});
  capture.file = field(2);
  capture.omitted_findings = input.size() % 3;
  Flow flow;
  flow.correlation_id = field(1);
  flow.possession_type = field(3);
  flow.calls.push_back({field(4), field(5), static_cast<int>(input.size() % 600)});
  flow.status = Status::fail;
  flow.rules = {field(9)};
  capture.flows.push_back(flow);
  capture.skipped.push_back({field(6), field(7)});
  results.push_back(std::move(capture));

  // Warnings alone: a passing input that still says something.
  Result passing = make_result(field(5), {warning});
  results.push_back(std::move(passing));
  return results;
}

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document document;
  document.Parse<rapidjson::kParseValidateEncodingFlag>(text.c_str(), text.size());
  CONFORM_FUZZ_CHECK(!document.HasParseError(), std::string(rapidjson::GetParseError_En(document.GetParseError())) +
                                                    " at " + std::to_string(document.GetErrorOffset()) + "\n" + text);
  CONFORM_FUZZ_CHECK(document.IsObject(), text);
  return document;
}

const rapidjson::Value& member(const rapidjson::Value& object, const char* name, const std::string& text) {
  CONFORM_FUZZ_CHECK(object.IsObject() && object.HasMember(name), std::string(name) + " missing in\n" + text);
  return object[name];
}

void check_json(const std::string& text, const std::vector<Result>& results, bool show_values) {
  const rapidjson::Document document = parse_json(text);
  const rapidjson::Value& listed = member(document, "results", text);
  CONFORM_FUZZ_CHECK(listed.IsArray() && listed.Size() == results.size(), text);
  for (const auto& result : listed.GetArray()) {
    for (const auto& finding : member(result, "findings", text).GetArray()) {
      // Masked values are left out of machine reports altogether.
      CONFORM_FUZZ_CHECK(show_values || !finding.HasMember("value"), text);
    }
  }
  CONFORM_FUZZ_CHECK(member(member(document, "summary", text), "inputs", text).GetUint64() == results.size(), text);
}

void check_sarif(const std::string& text, const std::vector<Result>& results, bool show_values) {
  const rapidjson::Document document = parse_json(text);
  CONFORM_FUZZ_CHECK(std::string_view(member(document, "version", text).GetString()) == "2.1.0", text);
  const rapidjson::Value& run = member(document, "runs", text)[0];
  const rapidjson::Value& rules = member(member(member(run, "tool", text), "driver", text), "rules", text);
  std::size_t expected = 0;
  std::size_t input_errors = 0;
  for (const Result& result : results) {
    expected += result.findings.size();
    input_errors += result.status == Status::error ? 1 : 0;
  }
  const rapidjson::Value& listed = member(run, "results", text);
  CONFORM_FUZZ_CHECK(listed.Size() == expected, text);
  // An input that could not be checked is a notification of the run, not a result at a place in a file.
  std::size_t notified = 0;
  const rapidjson::Value& invocation = member(run, "invocations", text)[0];
  if (invocation.HasMember("toolExecutionNotifications")) {
    for (const auto& notification : invocation["toolExecutionNotifications"].GetArray()) {
      notified += notification.HasMember("descriptor") &&
                          std::string_view(notification["descriptor"]["id"].GetString()) == "input-error"
                      ? 1
                      : 0;
    }
  }
  CONFORM_FUZZ_CHECK(notified == input_errors, text);
  for (const auto& item : listed.GetArray()) {
    const std::uint64_t index = member(item, "ruleIndex", text).GetUint64();
    CONFORM_FUZZ_CHECK(index < rules.Size(), text);
    CONFORM_FUZZ_CHECK(
        member(rules[static_cast<rapidjson::SizeType>(index)], "id", text) == member(item, "ruleId", text), text);
    const rapidjson::Value& location = member(member(item, "locations", text)[0], "physicalLocation", text);
    // No region where the position is unknown; never a made-up line 0.
    if (location.HasMember("region")) {
      CONFORM_FUZZ_CHECK(member(member(location, "region", text), "startLine", text).GetUint64() >= 1, text);
    }
    // A URI reference: unreserved and reserved characters, everything else percent-encoded.
    const std::string_view uri = member(member(location, "artifactLocation", text), "uri", text).GetString();
    for (const char c : uri) {
      const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           std::string_view("-._~/!$&'()*+,;=@%:").find(c) != std::string_view::npos;
      CONFORM_FUZZ_CHECK(allowed, std::string(uri));
    }
    CONFORM_FUZZ_CHECK(show_values || !member(item, "properties", text).HasMember("value"), text);
  }
}

// Well-formed XML, as far as the JUnit writer's output needs it: one root,
// balanced tags, quoted unique attributes, known references, XML characters.
class XmlChecker {
 public:
  explicit XmlChecker(std::string_view text) : text_(text) {}

  // The number of <testcase> elements.
  std::size_t run() {
    const std::string_view declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    expect(text_.starts_with(declaration), "the XML declaration");
    at_ = declaration.size();
    std::vector<std::string> open;
    bool root_seen = false;
    while (at_ < text_.size()) {
      if (text_[at_] != '<') {
        if (open.empty()) {
          expect(skip_space(), "text outside the root element");
        } else {
          character_data('<');
        }
        continue;
      }
      ++at_;
      if (take('/')) {
        const std::string name = this->name();
        expect(!open.empty() && open.back() == name, "a closing tag that does not match");
        open.pop_back();
        skip_space();
        expect(take('>'), "an unclosed end tag");
        continue;
      }
      expect(open.empty() ? !root_seen : true, "a second root element");
      root_seen = true;
      const std::string name = this->name();
      if (name == "testcase") ++testcases_;
      std::set<std::string> attributes;
      while (true) {
        const bool spaced = skip_space();
        if (take('>')) {
          open.push_back(name);
          break;
        }
        if (take('/')) {
          expect(take('>'), "a broken empty-element tag");
          break;
        }
        expect(spaced, "attributes run together");
        expect(attributes.insert(this->name()).second, "a repeated attribute");
        expect(take('='), "an attribute without a value");
        expect(take('"'), "an unquoted attribute");
        character_data('"');
        expect(take('"'), "an unterminated attribute");
      }
    }
    expect(root_seen && open.empty(), "unbalanced elements");
    return testcases_;
  }

 private:
  // The message is built only on failure: this runs for every byte.
  void expect(bool condition, std::string_view what) const {
    CONFORM_FUZZ_CHECK(condition, std::string(what) + " at byte " + std::to_string(at_) + " of\n" + std::string(text_));
  }
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  bool skip_space() {
    const std::size_t start = at_;
    while (at_ < text_.size() && is_space(text_[at_])) ++at_;
    return at_ != start;
  }
  bool take(char c) {
    if (at_ >= text_.size() || text_[at_] != c) return false;
    ++at_;
    return true;
  }
  std::string name() {
    const std::size_t start = at_;
    while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) != 0 ||
                                  std::string_view("_:-.").find(text_[at_]) != std::string_view::npos)) {
      ++at_;
    }
    expect(at_ != start, "a missing name");
    return std::string(text_.substr(start, at_ - start));
  }
  static bool xml_char(std::uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
  }
  // Text up to `stop`: no '<', '&' only in a reference, no "]]>", control characters never.
  void character_data(char stop) {
    while (at_ < text_.size() && text_[at_] != stop) {
      const char c = text_[at_];
      const auto byte = static_cast<unsigned char>(c);
      // Most bytes are plain: one test each keeps the check cheap.
      if (byte >= 0x20 && c != '<' && c != '&' && c != ']' && byte != 0xEF) {
        ++at_;
        continue;
      }
      // U+FFFE and U+FFFF are UTF-8 but not XML characters.
      expect(byte != 0xEF ||
                 !(text_.substr(at_).starts_with("\xEF\xBF\xBE") || text_.substr(at_).starts_with("\xEF\xBF\xBF")),
             "U+FFFE or U+FFFF");
      expect(c != '<', "a raw '<'");
      expect(byte >= 0x20 || xml_char(byte), "a character XML forbids");
      expect(c != ']' || !text_.substr(at_).starts_with("]]>"), "a raw \"]]>\"");
      if (c != '&') {
        ++at_;
        continue;
      }
      const std::size_t end = text_.find(';', at_);
      expect(end != std::string_view::npos, "an unterminated reference");
      const std::string_view reference = text_.substr(at_ + 1, end - at_ - 1);
      if (reference.starts_with("#")) {
        const bool hex = reference.starts_with("#x");
        const std::string digits(reference.substr(hex ? 2 : 1));
        expect(!digits.empty() && digits.size() <= 8 &&
                   digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") == std::string::npos,
               "a broken character reference");
        expect(xml_char(static_cast<std::uint32_t>(std::stoul(digits, nullptr, hex ? 16 : 10))),
               "a reference to a character XML forbids");
      } else {
        expect(
            reference == "amp" || reference == "lt" || reference == "gt" || reference == "quot" || reference == "apos",
            "an unknown entity");
      }
      at_ = end + 1;
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::size_t testcases_ = 0;
};

// Every line is a workflow command or starts with "conform: ": data can never
// start a command of its own, nor break one across lines.
void check_github(const std::string& text) {
  std::string_view rest = text;
  CONFORM_FUZZ_CHECK(rest.ends_with('\n'), text);
  while (!rest.empty()) {
    const std::string_view line = rest.substr(0, rest.find('\n'));
    rest.remove_prefix(line.size() + 1);
    if (line.starts_with("conform: ")) continue;
    const bool command =
        line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice ");
    CONFORM_FUZZ_CHECK(command, std::string(line));
    const std::size_t space = line.find(' ');
    const std::size_t end = line.find("::", space);
    CONFORM_FUZZ_CHECK(end != std::string_view::npos, std::string(line));
    // Properties are name=value pairs; a value's ',' and ':' are escaped.
    std::string_view properties = line.substr(space + 1, end - space - 1);
    while (!properties.empty()) {
      const std::string_view property = properties.substr(0, properties.find(','));
      properties.remove_prefix(std::min(properties.size(), property.size() + 1));
      const std::string_view name = property.substr(0, property.find('='));
      CONFORM_FUZZ_CHECK(name == "file" || name == "line" || name == "col" || name == "title", std::string(line));
    }
    CONFORM_FUZZ_CHECK(line.find('\r') == std::string_view::npos, std::string(line));
  }
}

// Line output (text without colour, github): UTF-8 with no control character
// but the line feeds that end its lines, whatever the input held.
void check_no_raw_control(const std::string& text) {
  CONFORM_FUZZ_CHECK(fuzz::is_utf8(text), text);
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    const bool c1 = byte == 0xC2 && at + 1 < text.size() && static_cast<unsigned char>(text[at + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[at + 1]) <= 0x9F;
    CONFORM_FUZZ_CHECK((byte >= 0x20 || byte == '\n') && byte != 0x7F && !c1, text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  const std::vector<Result> results = results_from(input);
  Summary summary;
  for (const Result& result : results) summary.count(result);
  const RunInfo run{std::string(input), "validate"};

  for (const ReportFormat format : {ReportFormat::text, ReportFormat::json, ReportFormat::junit, ReportFormat::sarif,
                                    ReportFormat::github, ReportFormat::ndjson}) {
    for (const bool show_values : {false, true}) {
      std::ostringstream out;
      ReportOptions options;
      options.values.show_all = show_values;
      options.color = show_values;  // colour only matters to text; both ways are seen
      const std::unique_ptr<Reporter> reporter = make_reporter(format, out, options);
      reporter->begin(run);
      for (const Result& result : results) reporter->add(result);
      reporter->end(run, summary);
      const std::string text = out.str();
      CONFORM_FUZZ_CHECK(out.good(), "the stream failed");
      switch (format) {
        case ReportFormat::text:
          CONFORM_FUZZ_CHECK(text.find(" inputs: ") != std::string::npos, text);
          if (!options.color) check_no_raw_control(text);
          break;
        case ReportFormat::json:
          CONFORM_FUZZ_CHECK(fuzz::is_utf8(text), text);
          check_json(text, results, show_values);
          break;
        case ReportFormat::sarif:
          CONFORM_FUZZ_CHECK(fuzz::is_utf8(text), text);
          check_sarif(text, results, show_values);
          break;
        case ReportFormat::junit:
          CONFORM_FUZZ_CHECK(fuzz::is_utf8(text), text);
          CONFORM_FUZZ_CHECK(XmlChecker(text).run() == results.size(), text);
          break;
        case ReportFormat::github:
          check_github(text);
          check_no_raw_control(text);
          break;
        case ReportFormat::ndjson:
          // One line per result, each a JSON text of its own: nothing an input holds breaks a line.
          CONFORM_FUZZ_CHECK(fuzz::is_utf8(text), text);
          CONFORM_FUZZ_CHECK(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) == results.size(),
                             text);
          break;
      }
    }
  }
  return 0;
}
