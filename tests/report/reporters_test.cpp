#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "conform/escape.hpp"
#include "conform/report_format.hpp"
#include "conform/schema.hpp"
#include "report/junit_reporter.hpp"

namespace conform {
namespace {

Result failing_result() {
  Finding finding;
  finding.instance_location = "/phoneNumber";
  finding.keyword = "pattern";
  finding.schema_location = "#/properties/phoneNumber/pattern";
  finding.message = "string does not match the pattern /^[A-Za-z0-9+]+$/";
  finding.value = "\"200-100-4011\"";
  finding.line = 3;
  finding.column = 18;
  Finding unknown;
  unknown.instance_location = "/correlationID";
  unknown.keyword = "additionalProperties";
  unknown.schema_location = "#/additionalProperties";
  unknown.message = "property is not allowed by the schema";
  unknown.hint = "did you mean \"correlationId\"?";
  unknown.line = 2;
  unknown.column = 3;
  Result result = make_result("payloads/a.json", {unknown, finding});
  result.file = "payloads/a.json";
  return result;
}

std::string run(ReportFormat format, const ReportOptions& options, const std::vector<Result>& results) {
  std::ostringstream out;
  auto reporter = make_reporter(format, out, options);
  Summary summary;
  const RunInfo run{"urn:test", "validate"};
  reporter->begin(run);
  for (const auto& result : results) {
    summary.count(result);
    reporter->add(result);
  }
  reporter->end(run, summary);
  return out.str();
}

const std::vector<Result> kResults = {failing_result(), make_result("payloads/b.json", {}),
                                      make_error_result("payloads/c.json", "cannot open: Permission denied")};

TEST(TextReporter, OneLinePerFindingWithFileLineColumn) {
  const std::string text = run(ReportFormat::text, {}, kResults);
  EXPECT_NE(text.find("payloads/a.json:3:18: error: /phoneNumber pattern: string does not match"), std::string::npos)
      << text;
  EXPECT_NE(text.find("payloads/a.json:2:3: error: /correlationID additionalProperties: property is not allowed "
                      "by the schema [#/additionalProperties]; did you mean \"correlationId\"?"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("payloads/c.json: error: cannot open: Permission denied"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL 3 inputs: 1 passed, 1 failed, 1 error ("), std::string::npos) << text;
  EXPECT_EQ(text.find("\x1b["), std::string::npos) << "colour without being asked";
}

// A body of a capture says which call and direction it is, in text and github lines alike.
TEST(TextReporter, CaptureBodiesNameTheirCallAndDirection) {
  Result body = failing_result();
  body.source = "session.har#/log/entries/10/response/content/text";
  body.file = "session.har";
  body.context = "entries/10 response (POST /v3/mfa 200)";
  const std::string text = run(ReportFormat::text, {}, {body});
  EXPECT_NE(text.find("session.har:3:18: error: entries/10 response (POST /v3/mfa 200): /phoneNumber pattern: "),
            std::string::npos)
      << text;
  const std::string github = run(ReportFormat::github, {}, {body});
  EXPECT_NE(github.find("::entries/10 response (POST /v3/mfa 200): /phoneNumber pattern: "), std::string::npos)
      << github;
  // Plain bodies have no context: their lines are unchanged.
  EXPECT_EQ(run(ReportFormat::text, {}, kResults).find("entries/"), std::string::npos);
}

TEST(TextReporter, MasksValuesUnlessAsked) {
  const std::string masked = run(ReportFormat::text, {}, kResults);
  EXPECT_EQ(masked.find("200-100-4011"), std::string::npos) << masked;
  EXPECT_NE(masked.find("(value \"20"), std::string::npos) << masked;
  ReportOptions show;
  show.values.show_all = true;
  EXPECT_NE(run(ReportFormat::text, show, kResults).find("(value \"200-100-4011\")"), std::string::npos);
}

TEST(TextReporter, ColourOnlyWhenAsked) {
  ReportOptions color;
  color.color = true;
  EXPECT_NE(run(ReportFormat::text, color, kResults).find("\x1b[31m"), std::string::npos);
}

TEST(JsonReporter, ConformsToTheReportSchemaAndCounts) {
  const std::string json = run(ReportFormat::json, {}, kResults);
  const Schema report_schema = Schema::embedded("conform-report");
  const auto findings = report_schema.check(json);
  EXPECT_TRUE(findings.empty()) << json << "\n" << (findings.empty() ? "" : findings[0].message);
  EXPECT_NE(json.find("\"inputs\": 3"), std::string::npos) << json;
  EXPECT_NE(json.find("\"instanceLocation\": \"/correlationID\""), std::string::npos);
  EXPECT_NE(json.find("\"error\": \"cannot open: Permission denied\""), std::string::npos);
  EXPECT_EQ(json.find("200-100-4011"), std::string::npos) << "a value without --show-values";
}

TEST(JsonReporter, ValuesOnlyWithShowValues) {
  ReportOptions show;
  show.values.show_all = true;
  const std::string json = run(ReportFormat::json, show, kResults);
  EXPECT_NE(json.find(R"("value": "\"200-100-4011\"")"), std::string::npos) << json;
  EXPECT_TRUE(Schema::embedded("conform-report").check(json).empty());
}

TEST(JsonReporter, ValuesOfTheNamedMembersOnly) {
  ReportOptions named;
  named.values.shown_members = {"phoneNumber"};
  const std::string json = run(ReportFormat::json, named, kResults);
  EXPECT_NE(json.find(R"("value": "\"200-100-4011\"")"), std::string::npos) << json;
  EXPECT_EQ(json.find("\"value\""), json.rfind("\"value\"")) << "one value, the phone number's\n" << json;
  EXPECT_TRUE(Schema::embedded("conform-report").check(json).empty());
  named.values.shown_members = {"correlationId"};
  EXPECT_EQ(run(ReportFormat::json, named, kResults).find("200-100-4011"), std::string::npos);
  EXPECT_EQ(run(ReportFormat::text, named, kResults).find("200-100-4011"), std::string::npos);
}

TEST(ReportSchema, RejectsABrokenReport) {
  // The schema must be able to fail, or the test above proves nothing.
  const Schema report_schema = Schema::embedded("conform-report");
  EXPECT_FALSE(report_schema
                   .check(R"({"tool": {"name": "conform", "version": "1.0.0"}, "schema": "x",
      "summary": {"inputs": 1, "passed": 1, "failed": 0, "errors": 0},
      "results": [{"source": "a", "status": "maybe", "findings": []}]})")
                   .empty());
  EXPECT_FALSE(report_schema
                   .check(R"({"tool": {"name": "conform", "version": "1.0.0"}, "schema": "x",
      "summary": {"inputs": 1, "passed": 0, "failed": 0, "errors": 1},
      "results": [{"source": "a", "status": "error", "findings": []}]})")
                   .empty());
}

// One line per result, each valid against the line schema; what an input
// holds (a line break in a name) cannot split a line; values are masked as
// the JSON report masks them; a capture's flows and skipped calls are on its line.
TEST(NdjsonReporter, OneLineAResultMaskedAndValidAgainstTheLineSchema) {
  std::vector<Result> results = kResults;
  Result odd = make_result("evil\nname\u2028.json", {});
  results.push_back(odd);
  Result capture = make_result("c.har", {});
  Flow flow;
  flow.correlation_id = "713189b8-5555-4b08-83ba-75d08780aebd";
  capture.flows.push_back(flow);
  capture.skipped.push_back({"c.har#/log/entries/0", "GET / is not a call"});
  results.push_back(capture);
  for (std::size_t copies : {1U, 2U}) {
    std::vector<Result> doubled;
    for (std::size_t i = 0; i < copies; ++i) doubled.insert(doubled.end(), results.begin(), results.end());
    const std::string out = run(ReportFormat::ndjson, {}, doubled);
    const Schema line_schema = Schema::embedded("conform-result-line");
    std::size_t lines = 0;
    for (std::size_t at = 0; at < out.size();) {
      const std::size_t end = out.find('\n', at);
      ASSERT_NE(end, std::string::npos) << "every line ends";
      const std::string line = out.substr(at, end - at);
      EXPECT_TRUE(line_schema.check(line).empty()) << line;
      EXPECT_NE(line.find("\"source\": \"" + std::string(lines % results.size() == 3 ? "evil\\n" : "")),
                std::string::npos)
          << line;
      ++lines;
      at = end + 1;
    }
    EXPECT_EQ(lines, doubled.size());
    EXPECT_EQ(out.find("200-100-4011"), std::string::npos) << "a value without --show-values";
    EXPECT_EQ(out.find("713189b8-5555"), std::string::npos) << "a correlation id without --show-values";
    EXPECT_NE(out.find("\"skipped\": [{\"source\": \"c.har#/log/entries/0\""), std::string::npos) << out;
  }
  EXPECT_FALSE(
      Schema::embedded("conform-result-line").check(R"({"result": {"source": "a", "status": "maybe"}})").empty());
}

// What a reporter is handed: a result, or a run of passing lines.
using Handed = std::variant<Result, PassingLines>;

// Feeds `calls` to `reporter`: runs as runs, or (`expand`) each line as the
// Result the default hook makes of it; results through add, or (`render`)
// rendered first, as on the thread that publishes them, then added as bytes.
std::string feed(Reporter& reporter, const std::ostringstream& out, const std::vector<Handed>& calls, bool expand,
                 bool render = false) {
  Summary summary;
  const RunInfo run{"urn:test", "validate"};
  reporter.begin(run);
  for (const Handed& call : calls) {
    if (const auto* result = std::get_if<Result>(&call)) {
      summary.count(*result);
      std::string bytes;
      if (render && reporter.render(*result, bytes)) {
        reporter.add_rendered(*result, bytes);
      } else {
        reporter.add(*result);
      }
      continue;
    }
    const PassingLines& lines = std::get<PassingLines>(call);
    summary.count_passing(lines.count);
    if (!expand) {
      reporter.add_passing_lines(lines);
      continue;
    }
    for (std::uint64_t k = 0; k < lines.count; ++k) {
      reporter.add(passing_line_result(lines.file, lines.first_line + k));
    }
  }
  reporter.end(run, summary);
  return out.str();
}

// Runs of passing lines of every length from 1 to n (doubled), between
// failing results and errors, over files whose names need escaping in every
// format (a quote, a backslash, bytes that are not UTF-8, ":7\"" and digits
// in the name), from the first result of a report on: every format writes
// the same bytes as when each line is handed over as its own result.
TEST(Reporters, RunsOfPassingLinesWriteWhatTheirResultsWrite) {
  const std::vector<std::string> files = {"logs/a.ndjson", "we\"ird\\:7\"\xff 12.ndjson", "logs/a.ndjson",
                                          "b<&>'.jsonl"};
  for (const std::uint64_t longest : {5U, 10U, 20U}) {
    for (const bool failure_first : {false, true}) {
      std::vector<Handed> calls;
      for (std::size_t f = 0; f < files.size(); ++f) {
        const std::string& file = files[f];
        std::uint64_t line = 1;
        if (failure_first) {
          Result failing = failing_result();
          failing.source = file + ":" + std::to_string(line++);
          failing.file = file;
          calls.emplace_back(failing);
        }
        for (std::uint64_t count = 1; count <= longest; ++count) {
          calls.emplace_back(PassingLines{file, line, count});
          line += count;
          if (count % 3 == 0) {
            // Two runs back to back, as where a piece of the file ends.
            calls.emplace_back(PassingLines{file, line, count});
            line += count;
          }
          if (count % 4 == 1) {
            Result failing = failing_result();
            failing.source = file + ":" + std::to_string(line++);
            failing.file = file;
            calls.emplace_back(failing);
          } else if (count % 4 == 2) {
            Result error = make_error_result(file + ":" + std::to_string(line++), "cannot read: Input/output error");
            error.file = file;
            calls.emplace_back(error);
          }
        }
        if (f == 1) calls.emplace_back(make_result("payloads/b.json", {}));  // a whole file between
      }
      ReportOptions shown;
      shown.values.show_all = true;
      shown.color = true;
      for (const ReportOptions& options : {ReportOptions{}, shown}) {
        for (const ReportFormat format : {ReportFormat::json, ReportFormat::sarif, ReportFormat::junit,
                                          ReportFormat::text, ReportFormat::ndjson, ReportFormat::github}) {
          SCOPED_TRACE(std::string(to_string(format)) + ", runs up to " + std::to_string(longest) +
                       (failure_first ? ", a failure first" : "") + (options.color ? ", values and colour" : ""));
          std::ostringstream runs_out;
          std::ostringstream lines_out;
          std::ostringstream rendered_out;
          const auto runs = make_reporter(format, runs_out, options);
          const auto lines = make_reporter(format, lines_out, options);
          const auto rendered = make_reporter(format, rendered_out, options);
          const std::string by_runs = feed(*runs, runs_out, calls, false);
          EXPECT_TRUE(by_runs == feed(*lines, lines_out, calls, true));
          // Results rendered before their turn: the same bytes.
          EXPECT_TRUE(by_runs == feed(*rendered, rendered_out, calls, false, true));
          EXPECT_FALSE(by_runs.empty());
        }
      }
      // JUnit with a suite's cases spilled to a file part way through a run.
      for (const std::size_t threshold : {std::size_t{100}, std::size_t{3000}}) {
        std::ostringstream runs_out;
        std::ostringstream lines_out;
        std::ostringstream rendered_out;
        report::JunitReporter runs(runs_out, {}, threshold);
        report::JunitReporter lines(lines_out, {}, threshold);
        report::JunitReporter rendered(rendered_out, {}, threshold);
        const std::string by_runs = feed(runs, runs_out, calls, false);
        EXPECT_EQ(by_runs, feed(lines, lines_out, calls, true)) << threshold;
        EXPECT_EQ(by_runs, feed(rendered, rendered_out, calls, false, true)) << threshold;
      }
    }
  }
}

// The default hook: a reporter of a library user's that has only add sees
// each passing line as its result, in order.
TEST(Reporters, TheDefaultHookHandsEachPassingLineToAdd) {
  struct Sources final : Reporter {
    void begin(const RunInfo&) override {}
    void add(const Result& result) override {
      EXPECT_EQ(result.status, Status::pass);
      EXPECT_TRUE(result.findings.empty());
      seen.push_back(result.source + " " + result.file);
    }
    void end(const RunInfo&, const Summary&) override {}
    std::vector<std::string> seen;
  } sources;
  for (const std::uint64_t count : {1U, 2U, 4U}) {
    sources.seen.clear();
    sources.add_passing_lines(PassingLines{"x.ndjson", 9, count});
    ASSERT_EQ(sources.seen.size(), count);
    for (std::uint64_t k = 0; k < count; ++k) {
      EXPECT_EQ(sources.seen[k], "x.ndjson:" + std::to_string(9 + k) + " x.ndjson");
    }
  }
}

TEST(ReportFormat, Names) {
  EXPECT_EQ(parse_report_format("ndjson"), ReportFormat::ndjson);
  EXPECT_EQ(parse_report_format("text"), ReportFormat::text);
  EXPECT_EQ(parse_report_format("json"), ReportFormat::json);
  EXPECT_EQ(parse_report_format("xml"), std::nullopt);
}

}  // namespace
}  // namespace conform
