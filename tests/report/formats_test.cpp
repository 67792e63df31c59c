#include <gtest/gtest.h>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include "json/rapidjson_config.hpp"

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "conform/escape.hpp"
#include "conform/report_format.hpp"
#include "report/github_reporter.hpp"
#include "report/junit_reporter.hpp"
#include "report/sarif_reporter.hpp"

namespace conform {
namespace {

constexpr std::string_view kPhone = "200-100-4011";
constexpr std::string_view kOddFile = "logs/x y,1:2.ndjson";

Finding make_finding(std::string pointer, std::string keyword, std::string message, std::uint32_t line,
                     std::uint32_t column) {
  Finding finding;
  finding.instance_location = std::move(pointer);
  finding.keyword = std::move(keyword);
  finding.message = std::move(message);
  finding.line = line;
  finding.column = column;
  return finding;
}

Result in_file(Result result, std::string file) {
  result.file = std::move(file);
  return result;
}

// The same results for every writer: a failing body with two findings (one
// with a masked value, both with hints, markup and a control character in a
// message), a passing body, a HAR capture (a passing body and the capture's
// own result with a flow finding), an unreadable input and an NDJSON line in
// a file whose name needs escaping everywhere.
std::vector<Result> sample_results() {
  Finding unknown =
      make_finding("/correlationID", "additionalProperties", "property is not allowed by the schema", 2, 3);
  unknown.schema_location = "#/additionalProperties";
  unknown.hint = "did you mean \"correlationId\"?";
  Finding pattern = make_finding("/phoneNumber", "pattern", "string does not match <&\"'\x01> \xFF the pattern", 3, 18);
  pattern.schema_location = "#/properties/phoneNumber/pattern";
  pattern.value = "\"" + std::string(kPhone) + "\"";
  pattern.hint = "use digits only";
  Result a = in_file(make_result("payloads/a.json", {unknown, pattern}), "payloads/a.json");

  Result b = in_file(make_result("payloads/b.json", {}), "payloads/b.json");

  Result body =
      in_file(make_result("captures/session.har#/log/entries/0/request/postData/text", {}), "captures/session.har");
  Finding flow = make_finding("/log/entries/2", "flow",
                              "/v3/mfa-status request carries phoneNumber, but the flow's /v3/mfa request had "
                              "possessionType=mobile; phoneNumber is only allowed in a none flow",
                              115, 7);
  flow.rule = "F3";
  flow.related = {"/log/entries/0", "/log/entries/2"};
  flow.value = "\"" + std::string(kPhone) + "\"";
  Result capture = in_file(make_result("captures/session.har", {flow}), "captures/session.har");
  Flow recorded;
  recorded.correlation_id = "713189b8-5555-4b08-83ba-75d08780aebd";
  recorded.possession_type = "mobile";
  recorded.calls = {{"/log/entries/0", "/v3/mfa", 200, 40, 7}, {"/log/entries/2", "/v3/mfa-status", 200, 115, 7}};
  recorded.status = Status::fail;
  recorded.rules = {"F3"};
  capture.flows = {recorded};
  capture.skipped = {{"captures/session.har#/log/entries/1", "GET /favicon.ico is not a V3 MFA call"}};

  Result error = in_file(make_error_result("payloads/c.json", "cannot open: Permission denied"), "payloads/c.json");

  Result odd = in_file(make_result(std::string(kOddFile) + ":2",
                                   {make_finding("", "syntax", "100% sure: a comma,\nthen a line break", 2, 5)}),
                       std::string(kOddFile));
  return {a, b, body, capture, error, odd};
}

Summary summary_of(const std::vector<Result>& results) {
  Summary summary;
  for (const Result& result : results) summary.count(result);
  summary.seconds = 0.25;
  return summary;
}

template <typename Writer, typename... Extra>
std::string run(const ReportOptions& options, const std::vector<Result>& results, Extra... extra) {
  std::ostringstream out;
  Writer writer(out, options, extra...);
  const RunInfo info{"urn:conform:prove:v3:mfa-status-request", "validate"};
  writer.begin(info);
  for (const Result& result : results) writer.add(result);
  writer.end(info, summary_of(results));
  return out.str();
}

ReportOptions showing_values() {
  ReportOptions options;
  options.values.show_all = true;
  return options;
}

// ---------------------------------------------------------------------------
// A small, strict XML reader: enough to prove the JUnit report is well formed.

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<Element> children;
  std::string text;

  std::vector<const Element*> all(std::string_view child_name) const {
    std::vector<const Element*> found;
    for (const Element& child : children) {
      if (child.name == child_name) found.push_back(&child);
    }
    return found;
  }
  const Element* first(std::string_view child_name) const {
    const auto found = all(child_name);
    return found.empty() ? nullptr : found.front();
  }
  std::string attribute(const std::string& key) const {
    const auto it = attributes.find(key);
    if (it == attributes.end()) throw std::runtime_error("<" + name + "> has no attribute " + key);
    return it->second;
  }
};

class XmlReader {
 public:
  explicit XmlReader(std::string_view text) : text_(text) {}

  Element document() {
    expect("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    skip_space();
    Element root = element();
    skip_space();
    if (at_ != text_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error(why + " at offset " + std::to_string(at_));
  }
  bool starts(std::string_view prefix) const { return text_.substr(at_).substr(0, prefix.size()) == prefix; }
  void expect(std::string_view prefix) {
    if (!starts(prefix)) fail("expected " + std::string(prefix));
    at_ += prefix.size();
  }
  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\t' || text_[at_] == '\r'))
      ++at_;
  }
  std::string name() {
    const std::size_t start = at_;
    while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) != 0 || text_[at_] == '_' ||
                                  text_[at_] == '-' || text_[at_] == '.' || text_[at_] == ':'))
      ++at_;
    if (at_ == start) fail("expected a name");
    return std::string(text_.substr(start, at_ - start));
  }
  // The five predefined entities and character references; nothing else.
  std::string decode(std::string_view raw) const {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '<') fail("raw < in character data or attribute");
      if (raw[i] != '&') {
        out += raw[i];
        continue;
      }
      const std::size_t semicolon = raw.find(';', i);
      if (semicolon == std::string_view::npos) fail("unterminated reference");
      const std::string_view entity = raw.substr(i + 1, semicolon - i - 1);
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
      } else if (entity.size() > 1 && entity[0] == '#') {
        const unsigned long code = std::stoul(std::string(entity.substr(1)));
        if (code != 9 && code != 10 && code != 13 && (code < 0x20 || code > 0x7E)) fail("unexpected reference");
        out += static_cast<char>(code);
      } else {
        fail("unknown entity &" + std::string(entity) + ";");
      }
      i = semicolon;
    }
    return out;
  }
  Element element() {
    expect("<");
    Element element;
    element.name = name();
    for (;;) {
      skip_space();
      if (starts("/>")) {
        at_ += 2;
        return element;
      }
      if (starts(">")) {
        ++at_;
        break;
      }
      const std::string key = name();
      expect("=\"");
      const std::size_t close = text_.find('"', at_);
      if (close == std::string_view::npos) fail("unterminated attribute");
      if (!element.attributes.emplace(key, decode(text_.substr(at_, close - at_))).second) {
        fail("repeated attribute " + key);
      }
      at_ = close + 1;
    }
    for (;;) {
      if (at_ >= text_.size()) fail("unclosed <" + element.name + ">");
      if (starts("</")) {
        at_ += 2;
        if (name() != element.name) fail("mismatched end tag for <" + element.name + ">");
        skip_space();
        expect(">");
        return element;
      }
      if (starts("<")) {
        element.children.push_back(this->element());
        continue;
      }
      const std::size_t next = text_.find('<', at_);
      if (next == std::string_view::npos) fail("unclosed <" + element.name + ">");
      const std::string_view raw = text_.substr(at_, next - at_);
      if (raw.find("]]>") != std::string_view::npos) fail("]]> in character data");
      element.text += decode(raw);
      at_ = next;
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

// Every byte is UTF-8 and every character one XML 1.0 allows.
::testing::AssertionResult xml_characters_only(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    if (byte < 0x80) {
      if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') {
        return ::testing::AssertionFailure() << "control character " << int{byte} << " at " << i;
      }
    } else if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
    } else {
      return ::testing::AssertionFailure() << "byte " << int{byte} << " is not UTF-8, at " << i;
    }
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) {
        return ::testing::AssertionFailure() << "truncated UTF-8 sequence at " << i;
      }
    }
    i += length;
  }
  return ::testing::AssertionSuccess();
}

std::size_t count_of(const std::string& number) { return static_cast<std::size_t>(std::stoul(number)); }

// ---------------------------------------------------------------------------

TEST(JunitReporter, IsWellFormedXmlWithTheSummaryCounts) {
  const auto results = sample_results();
  const Summary summary = summary_of(results);
  const std::string xml = run<report::JunitReporter>({}, results);
  ASSERT_TRUE(xml_characters_only(xml)) << xml;
  Element root;
  try {
    root = XmlReader(xml).document();
  } catch (const std::exception& error) {
    FAIL() << error.what() << "\n" << xml;
  }
  ASSERT_EQ(root.name, "testsuites") << xml;
  EXPECT_EQ(root.attribute("name"), "conform");
  EXPECT_EQ(count_of(root.attribute("tests")), summary.inputs);
  EXPECT_EQ(count_of(root.attribute("failures")), summary.failed);
  EXPECT_EQ(count_of(root.attribute("errors")), summary.errors);
  EXPECT_EQ(root.attribute("time"), "0.250");

  // One suite per file, in report order; its counts are its own testcases'.
  const auto suites = root.all("testsuite");
  ASSERT_EQ(suites.size(), 5U) << xml;
  const std::vector<std::string> names = {"payloads/a.json", "payloads/b.json", "captures/session.har",
                                          "payloads/c.json", std::string(kOddFile)};
  std::size_t tests = 0, failures = 0, errors = 0;
  for (std::size_t i = 0; i < suites.size(); ++i) {
    const Element& suite = *suites[i];
    EXPECT_EQ(suite.attribute("name"), names[i]);
    EXPECT_EQ(suite.attribute("skipped"), "0");
    const auto cases = suite.all("testcase");
    std::size_t suite_failures = 0, suite_errors = 0;
    for (const Element* testcase : cases) {
      EXPECT_EQ(testcase->attribute("classname"), names[i]);
      suite_failures += testcase->all("failure").size();
      suite_errors += testcase->all("error").size();
      EXPECT_LE(testcase->all("failure").size() + testcase->all("error").size(), 1U);
    }
    EXPECT_EQ(count_of(suite.attribute("tests")), cases.size()) << names[i];
    EXPECT_EQ(count_of(suite.attribute("failures")), suite_failures) << names[i];
    EXPECT_EQ(count_of(suite.attribute("errors")), suite_errors) << names[i];
    tests += cases.size();
    failures += suite_failures;
    errors += suite_errors;
  }
  EXPECT_EQ(tests, summary.inputs);
  EXPECT_EQ(failures, summary.failed);
  EXPECT_EQ(errors, summary.errors);

  // The failure names the first finding and lists them all, one per line.
  const Element* failing = suites[0]->first("testcase");
  ASSERT_NE(failing, nullptr);
  EXPECT_EQ(failing->attribute("name"), "payloads/a.json");
  const Element* failure = failing->first("failure");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->attribute("message"),
            "2 findings: /correlationID additionalProperties: property is not allowed by the schema");
  EXPECT_EQ(failure->attribute("type"), "additionalProperties");
  EXPECT_NE(failure->text.find("payloads/a.json:2:3 /correlationID additionalProperties: property is not allowed by "
                               "the schema [#/additionalProperties]; did you mean \"correlationId\"?\n"),
            std::string::npos)
      << failure->text;
  EXPECT_NE(failure->text.find("payloads/a.json:3:18 /phoneNumber pattern: string does not match <&\"'\\u0001> "
                               "\xEF\xBF\xBD "
                               "the pattern (value \"20********11\") [#/properties/phoneNumber/pattern]; use digits "
                               "only\n"),
            std::string::npos)
      << failure->text;

  // Markup is escaped, the control character shown as an escape, the stray byte replaced.
  EXPECT_NE(xml.find("&lt;&amp;&quot;&apos;\\u0001&gt;"), std::string::npos) << xml;
  EXPECT_EQ(xml.find('\x01'), std::string::npos);

  // A passing body has an empty testcase; the flow finding fails the capture.
  const auto capture_cases = suites[2]->all("testcase");
  ASSERT_EQ(capture_cases.size(), 2U);
  EXPECT_TRUE(capture_cases[0]->children.empty());
  const Element* flow_failure = capture_cases[1]->first("failure");
  ASSERT_NE(flow_failure, nullptr);
  EXPECT_EQ(flow_failure->attribute("type"), "flow");
  EXPECT_EQ(flow_failure->attribute("message").rfind("1 finding: /log/entries/2 flow F3: /v3/mfa-status request", 0),
            0U)
      << flow_failure->attribute("message");
  EXPECT_NE(flow_failure->text.find("captures/session.har:115:7 /log/entries/2 flow F3: "), std::string::npos);
  EXPECT_NE(flow_failure->text.find("; entries: /log/entries/0, /log/entries/2"), std::string::npos);
  const Element* skipped = capture_cases[1]->first("system-out");
  ASSERT_NE(skipped, nullptr);
  EXPECT_NE(skipped->text.find("captures/session.har#/log/entries/1: GET /favicon.ico is not a V3 MFA call"),
            std::string::npos);

  const Element* error = suites[3]->first("testcase")->first("error");
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->attribute("message"), "cannot open: Permission denied");

  // A line break in a message survives as a reference in the attribute.
  const Element* odd = suites[4]->first("testcase")->first("failure");
  ASSERT_NE(odd, nullptr);
  EXPECT_EQ(odd->attribute("message"), "1 finding: (root) syntax: 100% sure: a comma,\nthen a line break");
}

TEST(JunitReporter, FinishedSuitesSpilledToATemporaryFileGiveTheSameReport) {
  const auto results = sample_results();
  const std::string in_memory = run<report::JunitReporter>({}, results);
  EXPECT_EQ(run<report::JunitReporter>({}, results, std::size_t{0}), in_memory);
  EXPECT_EQ(run<report::JunitReporter>({}, results, std::size_t{200}), in_memory);
}

TEST(JunitReporter, AnEmptyRunIsAValidReport) {
  const std::string xml = run<report::JunitReporter>({}, {});
  const Element root = XmlReader(xml).document();
  EXPECT_EQ(root.attribute("tests"), "0");
  EXPECT_TRUE(root.children.empty());
}

// ---------------------------------------------------------------------------

const rapidjson::Value& member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject() || !object.HasMember(name)) throw std::runtime_error(std::string("no member ") + name);
  return object[name];
}

TEST(SarifReporter, IsSarif210WithOneRulePerKeywordAndFlowRule) {
  const auto results = sample_results();
  const Summary summary = summary_of(results);
  const std::string sarif = run<report::SarifReporter>({}, results);
  rapidjson::Document log;
  log.Parse(sarif.data(), sarif.size());
  ASSERT_FALSE(log.HasParseError()) << rapidjson::GetParseError_En(log.GetParseError()) << " at "
                                    << log.GetErrorOffset() << "\n"
                                    << sarif;
  EXPECT_STREQ(member(log, "version").GetString(), "2.1.0");
  EXPECT_STREQ(member(log, "$schema").GetString(), "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(member(log, "runs").Size(), 1U);
  const rapidjson::Value& run_ = member(log, "runs")[0];
  EXPECT_STREQ(member(run_, "columnKind").GetString(), "unicodeCodePoints");

  const rapidjson::Value& driver = member(member(run_, "tool"), "driver");
  EXPECT_STREQ(member(driver, "name").GetString(), "conform");
  // No placeholder URIs: conform has no home page to point at.
  EXPECT_FALSE(driver.HasMember("informationUri"));
  const rapidjson::Value& rules = member(driver, "rules");
  std::vector<std::string> ids;
  for (const auto& rule : rules.GetArray()) {
    ids.emplace_back(member(rule, "id").GetString());
    EXPECT_GT(member(member(rule, "shortDescription"), "text").GetStringLength(), 0U);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"additionalProperties", "pattern", "F3", "syntax"}));
  for (const auto& rule : rules.GetArray()) EXPECT_FALSE(rule.HasMember("helpUri"));
  EXPECT_NE(std::string(member(member(rules[2], "shortDescription"), "text").GetString()).find("possessionType=none"),
            std::string::npos);

  const rapidjson::Value& sarif_results = member(run_, "results");
  ASSERT_EQ(sarif_results.Size(), 4U) << sarif;
  for (const auto& result : sarif_results.GetArray()) {
    const auto index = member(result, "ruleIndex").GetUint();
    ASSERT_LT(index, rules.Size());
    EXPECT_STREQ(member(rules[index], "id").GetString(), member(result, "ruleId").GetString());
    ASSERT_EQ(member(result, "locations").Size(), 1U);
  }
  // The pattern finding: placed by line and column, its value masked.
  const rapidjson::Value& pattern = sarif_results[1];
  EXPECT_STREQ(member(pattern, "level").GetString(), "error");
  const rapidjson::Value& physical = member(member(pattern, "locations")[0], "physicalLocation");
  EXPECT_STREQ(member(member(physical, "artifactLocation"), "uri").GetString(), "payloads/a.json");
  EXPECT_EQ(member(member(physical, "region"), "startLine").GetUint(), 3U);
  EXPECT_EQ(member(member(physical, "region"), "startColumn").GetUint(), 18U);
  EXPECT_EQ(std::string(member(member(pattern, "message"), "text").GetString()),
            "/phoneNumber pattern: string does not match <&\"'\x01> \xEF\xBF\xBD the pattern (value "
            "\"20********11\"); use digits only");
  EXPECT_STREQ(member(member(pattern, "properties"), "instanceLocation").GetString(), "/phoneNumber");
  EXPECT_STREQ(member(member(pattern, "properties"), "schemaLocation").GetString(), "#/properties/phoneNumber/pattern");
  EXPECT_FALSE(member(pattern, "properties").HasMember("value"));

  // The flow finding: its rule, and the calls involved as related locations.
  const rapidjson::Value& flow = sarif_results[2];
  EXPECT_STREQ(member(flow, "ruleId").GetString(), "F3");
  EXPECT_EQ(member(member(member(member(flow, "locations")[0], "physicalLocation"), "region"), "startLine").GetUint(),
            115U);
  ASSERT_EQ(member(flow, "relatedLocations").Size(), 2U);
  EXPECT_STREQ(member(member(member(flow, "relatedLocations")[1], "message"), "text").GetString(), "/log/entries/2");
  // Each related call at its own line in the capture, not at line 1.
  for (const auto& [index, line] : {std::pair{0U, 40U}, std::pair{1U, 115U}}) {
    const rapidjson::Value& related = member(flow, "relatedLocations")[index];
    EXPECT_EQ(member(member(member(related, "physicalLocation"), "region"), "startLine").GetUint(), line) << sarif;
  }

  // The unreadable input: a tool execution notification, not a result at a made-up line of the file.
  const rapidjson::Value& invocation = member(run_, "invocations")[0];
  const rapidjson::Value& notifications = member(invocation, "toolExecutionNotifications");
  bool input_error = false;
  for (const auto& notification : notifications.GetArray()) {
    if (!notification.HasMember("descriptor")) continue;
    input_error = true;
    EXPECT_STREQ(member(member(notification, "descriptor"), "id").GetString(), "input-error");
    EXPECT_STREQ(member(notification, "level").GetString(), "error");
    EXPECT_STREQ(member(member(notification, "message"), "text").GetString(),
                 "payloads/c.json: cannot open: Permission denied");
    EXPECT_STREQ(member(member(notification, "properties"), "source").GetString(), "payloads/c.json");
  }
  EXPECT_TRUE(input_error) << sarif;

  // A path a URI reference cannot hold as it is.
  const rapidjson::Value& odd =
      member(member(sarif_results[3]["locations"][0], "physicalLocation"), "artifactLocation");
  EXPECT_STREQ(member(odd, "uri").GetString(), "logs/x%20y,1%3A2.ndjson");

  const rapidjson::Value& properties = member(run_, "properties");
  EXPECT_EQ(member(properties, "inputs").GetUint64(), summary.inputs);
  EXPECT_EQ(member(properties, "passed").GetUint64(), summary.passed);
  EXPECT_EQ(member(properties, "failed").GetUint64(), summary.failed);
  EXPECT_EQ(member(properties, "errors").GetUint64(), summary.errors);
  EXPECT_EQ(member(properties, "skipped").GetUint64(), summary.skipped);
  EXPECT_TRUE(member(member(run_, "invocations")[0], "executionSuccessful").GetBool());
}

// ---------------------------------------------------------------------------

TEST(GithubReporter, OneWorkflowCommandPerFindingEscapedAsTheRunnerWants) {
  const std::string text = run<report::GithubReporter>({}, sample_results());
  EXPECT_NE(text.find("::error file=logs/x y%2C1%3A2.ndjson,line=2,col=5,title=conform syntax::(root) syntax: "
                      "100%25 sure: a comma,\\nthen a line break\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("::error file=payloads/a.json,line=3,col=18,title=conform pattern::/phoneNumber pattern: "
                      "string does not match <&\"'\\u0001> \\xff the pattern (value \"20********11\") "
                      "[#/properties/phoneNumber/pattern]; use digits only\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("::error file=captures/session.har,line=115,col=7,title=conform flow F3::/log/entries/2 flow "
                      "F3: /v3/mfa-status request"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("::error file=payloads/c.json,title=conform input error::cannot open: Permission denied\n"),
            std::string::npos)
      << text;
  // Every line is a command or a plain line no runner reads as one.
  std::istringstream lines(text);
  std::string line;
  std::size_t commands = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("::", 0) == 0) {
      ++commands;
    } else {
      EXPECT_EQ(line.rfind("conform: ", 0), 0U) << line;
    }
  }
  EXPECT_EQ(commands, 6U);  // four findings, one unreadable input, one capture with a call not checked
  EXPECT_NE(text.rfind("conform: 6 inputs: 2 passed, 3 failed, 1 error, 1 call skipped (0.25 s)\n"), std::string::npos)
      << text;
}

TEST(GithubReporter, WarningsAreWarnings) {
  Finding finding = make_finding("/date", "format", "not a date-time", 1, 9);
  finding.severity = Severity::warning;
  const Result result = in_file(make_result("w.json", {finding}), "w.json");
  ASSERT_EQ(result.status, Status::pass);
  const std::string text = run<report::GithubReporter>({}, {result});
  EXPECT_EQ(text.rfind("::warning file=w.json,line=1,col=9,title=conform format::/date format: not a date-time\n", 0),
            0U)
      << text;

  const std::string sarif = run<report::SarifReporter>({}, {result});
  rapidjson::Document log;
  log.Parse(sarif.data(), sarif.size());
  ASSERT_FALSE(log.HasParseError());
  EXPECT_STREQ(log["runs"][0]["results"][0]["level"].GetString(), "warning");

  // A passing input keeps its warnings visible without failing.
  const Element root = XmlReader(run<report::JunitReporter>({}, {result})).document();
  EXPECT_EQ(root.attribute("failures"), "0");
  const Element* testcase = root.first("testsuite")->first("testcase");
  EXPECT_EQ(testcase->first("failure"), nullptr);
  ASSERT_NE(testcase->first("system-out"), nullptr);
  EXPECT_NE(testcase->first("system-out")->text.find("w.json:1:9 warning: /date format: not a date-time"),
            std::string::npos);
}

// ---------------------------------------------------------------------------

TEST(ReportFormats, PersonalValuesOnlyWithShowValues) {
  const auto results = sample_results();
  for (const std::string& report : {run<report::JunitReporter>({}, results), run<report::SarifReporter>({}, results),
                                    run<report::GithubReporter>({}, results)}) {
    EXPECT_EQ(report.find(kPhone), std::string::npos) << report;
    EXPECT_EQ(report.find("713189b8-5555-4b08-83ba-75d08780aebd"), std::string::npos) << report;
  }
  const ReportOptions show = showing_values();
  EXPECT_NE(run<report::JunitReporter>(show, results).find("(value &quot;200-100-4011&quot;)"), std::string::npos);
  EXPECT_NE(run<report::SarifReporter>(show, results).find("(value \\\"200-100-4011\\\")"), std::string::npos);
  EXPECT_NE(run<report::GithubReporter>(show, results).find("(value \"200-100-4011\")"), std::string::npos);
}

}  // namespace
}  // namespace conform
