#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

// Readers for the reports of a `conform validate` run, enough to account for
// every input in them. They stream: a report of a million inputs is read
// without holding its document.

namespace conform::hostile {

struct Counts {
  std::uint64_t inputs = 0;
  std::uint64_t passed = 0;
  std::uint64_t failed = 0;
  std::uint64_t errors = 0;
  std::uint64_t skipped = 0;
  bool found = false;  // the report carried them
};

// One value of a JSON document, met on the way through it.
enum class JsonEvent { start, end, string, number };

// Walks a JSON file, calling `visit` for every container start and end and
// every string and number, with the value's path: member names and "#" for
// any array element ("/results/#/source"). Returns an error message, empty
// when the file is well-formed UTF-8 JSON.
std::string walk_json(
    const std::filesystem::path& file,
    const std::function<void(JsonEvent, const std::string& path, std::string_view text, std::uint64_t number)>& visit);

// The JSON report (schemas/conform-report.schema.json).
struct JsonFinding {
  std::string severity;
  std::string keyword;
  std::string rule;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
};

struct JsonResult {
  std::string source;
  std::string status;
  std::string error;
  std::vector<JsonFinding> findings;
};

struct JsonReport {
  std::vector<JsonResult> results;
  std::vector<std::string> skipped;  // sources of the recorded calls that were not checked
  std::uint64_t flows = 0;           // entries of the flows section
  Counts summary;
  std::string error;  // not well-formed
};

JsonReport read_json_report(const std::filesystem::path& file);

// The SARIF report: one result per finding, and one per input that could not be checked.
struct SarifResult {
  std::string rule_id;
  std::string level;
  std::string source;  // properties.source
  std::string uri;     // locations[0].physicalLocation.artifactLocation.uri
  std::uint64_t start_line = 0;
  std::uint64_t start_column = 0;  // 0: none
  std::size_t locations = 0;
};

// A tool execution notification: an input that could not be checked, a call skipped, an interruption.
struct SarifNotification {
  std::string id;  // descriptor.id: "input-error", "interrupted"; empty for notes
  std::string level;
  std::string source;  // properties.source
};

struct SarifReport {
  std::string version;
  std::size_t runs = 0;
  std::vector<SarifResult> results;
  std::vector<SarifNotification> notifications;
  Counts counts;  // runs[0].properties
  std::string error;
};

SarifReport read_sarif_report(const std::filesystem::path& file);

// The JUnit XML report, read tag by tag.
struct JunitCase {
  std::string name;
  std::string classname;
  std::string status = "pass";  // "fail" with a <failure>, "error" with an <error>
  int outcomes = 0;             // <failure> and <error> children
};

struct JunitSuite {
  std::string name;
  std::uint64_t tests = 0;
  std::uint64_t failures = 0;
  std::uint64_t errors = 0;
  std::vector<JunitCase> cases;
};

struct JunitReport {
  bool declaration = false;
  Counts totals;  // <testsuites tests= failures= errors=>
  std::vector<JunitSuite> suites;
  std::string error;
};

// Calls `suite_done` for each suite as it closes, so suites need not all be held.
JunitReport read_junit_report(const std::filesystem::path& file,
                              const std::function<void(const JunitSuite&)>& suite_done);

// "... N inputs: P passed, F failed, E errors[, S calls skipped] (..." of the
// text and GitHub summary lines, from the word before " inputs:".
Counts parse_summary_counts(std::string_view line);

// A relative file path as conform writes it into a SARIF artifactLocation.uri (RFC 3986).
std::string percent_encoded(std::string_view path);

// A name as the text and GitHub reports must show it: control characters as
// \n, \u001b, bytes that are not UTF-8 as \xff (written apart from conform's).
std::string line_escaped(std::string_view text);

// The escaping of GitHub workflow commands (on top of line_escaped): a property value and a message.
std::string github_property(std::string_view text);
std::string github_data(std::string_view text);

}  // namespace conform::hostile
