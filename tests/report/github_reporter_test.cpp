#include <gtest/gtest.h>

#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

#include "report/github_reporter.hpp"
#include "support/report_run.hpp"
#include "support/scratch_dir.hpp"

// The GitHub report keeps within what GitHub shows (--max-annotations), says
// what it held back, and writes the job summary ($GITHUB_STEP_SUMMARY).

namespace conform {
namespace {

// `count` inputs with `findings` findings each, named so that a Markdown or
// HTML reader would be fooled by the raw name; one value each, personal.
std::vector<Result> failing_inputs(std::size_t count, std::size_t findings) {
  std::vector<Result> results;
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<Finding> list;
    for (std::size_t f = 0; f < findings; ++f) {
      Finding finding;
      finding.instance_location = "/phoneNumber";
      finding.keyword = "pattern";
      finding.message = "string does not match | the pattern";
      finding.value = "\"2001004011\"";
      finding.line = f + 1;
      finding.column = 3;
      list.push_back(finding);
    }
    const std::string name = "in/[x](http://e.test) <img src=x> |" + std::to_string(i) + "|.json";
    Result result = make_result(name, list);
    result.file = name;
    results.push_back(std::move(result));
  }
  return results;
}

std::string report(const ReportOptions& options, const std::vector<Result>& results) {
  return conform::testing::report_of<report::GithubReporter>(options, results);
}

std::size_t lines_starting(const std::string& text, const std::string& prefix) {
  std::istringstream lines(text);
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line);) count += line.rfind(prefix, 0) == 0 ? 1 : 0;
  return count;
}

TEST(GithubReporter, AtMostMaxAnnotationsThenOneNoticeCountingTheRest) {
  for (const std::size_t limit : {std::size_t{1}, std::size_t{10}, std::size_t{20}}) {
    for (const std::size_t findings : {std::size_t{3}, std::size_t{6}, std::size_t{12}, std::size_t{24}}) {
      ReportOptions options;
      options.max_annotations = limit;
      const std::string text = report(options, failing_inputs(2, findings));
      const std::size_t total = 2 * findings;
      const std::size_t shown = std::min(total, limit);
      EXPECT_EQ(lines_starting(text, "::error "), shown) << limit << " " << findings << "\n" << text;
      if (total > limit) {
        EXPECT_EQ(lines_starting(
                      text, "::notice title=conform annotations::" + std::to_string(total - limit) + " more finding"),
                  1U)
            << text;
      } else {
        EXPECT_EQ(text.find("::notice"), std::string::npos) << text;
      }
    }
  }
  // 0: no limit, and no notice.
  ReportOptions unlimited;
  unlimited.max_annotations = 0;
  const std::string text = report(unlimited, failing_inputs(4, 24));
  EXPECT_EQ(lines_starting(text, "::error "), 96U);
  EXPECT_EQ(text.find("::notice"), std::string::npos);
}

TEST(GithubReporter, CallsNotCheckedAreNoticesWithinTheBudget) {
  std::vector<Result> results;
  for (std::size_t i = 0; i < 4; ++i) {
    Result capture = make_result("c" + std::to_string(i) + ".har", {});
    capture.file = capture.source;
    for (std::size_t s = 0; s <= i; ++s) capture.skipped.push_back({capture.source + "#/log/entries/0", "GET /x"});
    results.push_back(std::move(capture));
  }
  ReportOptions options;
  options.max_annotations = 3;
  const std::string text = report(options, results);
  EXPECT_NE(text.find("::notice file=c0.har,title=conform calls not checked::1 recorded call not checked"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("::notice file=c2.har,title=conform calls not checked::3 recorded calls not checked"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("file=c3.har"), std::string::npos) << text;
  EXPECT_NE(text.find("::notice title=conform annotations::1 more capture with calls not checked not annotated"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("conform: 4 inputs: 4 passed, 0 failed, 0 errors, 10 calls skipped"), std::string::npos);
}

TEST(GithubReporter, SummaryLineSaysOneInputOneErrorOneCall) {
  Result error = make_error_result("a.json", "cannot open");
  Result capture = make_result("c.har", {});
  capture.skipped.push_back({"c.har#/log/entries/0", "GET /x"});
  EXPECT_NE(report({}, {error}).find("conform: 1 input: 0 passed, 0 failed, 1 error ("), std::string::npos);
  EXPECT_NE(report({}, {capture}).find("conform: 1 input: 1 passed, 0 failed, 0 errors, 1 call skipped ("),
            std::string::npos);
}

TEST(GithubReporter, StepSummaryIsAppendedEscapedAndMasked) {
  conform::testing::ScratchDir scratch("step-summary");
  const std::string file = scratch.write("summary.md", "# an earlier step\n");
  for (const std::size_t failing : {std::size_t{3}, std::size_t{49}, std::size_t{50}, std::size_t{100}}) {
    std::vector<Result> results = failing_inputs(failing, 2);
    Finding flow;
    flow.keyword = "flow";
    flow.rule = "F3";
    flow.message = "phoneNumber in a mobile flow";
    flow.value = "\"713189b8-5555-4b08-83ba-75d08780aebd\"";
    for (int i = 0; i < 2; ++i) results.push_back(make_result("c" + std::to_string(i) + ".har", {flow}));
    results.push_back(make_result("ok.json", {}));
    ReportOptions options;
    options.step_summary = file;
    report(options, results);
  }
  const std::string text = conform::testing::read_file(file);
  EXPECT_EQ(text.rfind("# an earlier step\n## conform validate: FAIL\n", 0), 0U) << text;
  // Each run appended once.
  std::size_t runs = 0;
  for (std::size_t at = 0; (at = text.find("## conform validate", at)) != std::string::npos; ++at) ++runs;
  EXPECT_EQ(runs, 4U);
  EXPECT_NE(text.find("| 6 | 1 | 5 | 0 | 0 |\n"), std::string::npos) << text;
  EXPECT_NE(text.find("| 103 | 1 | 102 | 0 | 0 |\n"), std::string::npos) << text;
  // Listed up to 50, the rest counted: 100 + 2 failing inputs leave 52 unlisted.
  EXPECT_NE(text.find("and 52 more inputs"), std::string::npos) << text;
  EXPECT_EQ(text.find("and 0 more"), std::string::npos) << text;
  EXPECT_NE(text.find("| F3 | 2 | c0\\.har |\n"), std::string::npos) << text;
  // Nothing an input holds is markup: no link, image, tag or extra table column; values masked.
  EXPECT_EQ(text.find("2001004011"), std::string::npos);
  EXPECT_EQ(text.find("713189b8"), std::string::npos);
  EXPECT_EQ(text.find("<img"), std::string::npos);
  EXPECT_EQ(text.find("](http"), std::string::npos);
  EXPECT_NE(text.find("| in\\/\\[x\\]\\(http\\:\\/\\/e\\.test\\) &lt;img src\\=x&gt; \\|0\\|\\.json | 2 | "
                      "\\/phoneNumber pattern\\: string does not match \\| the pattern \\(value \\\"20\\*\\*\\*\\*"),
            std::string::npos)
      << text;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| in", 0) != 0) continue;
    std::size_t columns = 0;
    for (std::size_t at = 0; at < line.size(); ++at) columns += line[at] == '|' && (at == 0 || line[at - 1] != '\\');
    EXPECT_EQ(columns, 4U) << line;
  }
}

TEST(GithubReporter, NoStepSummaryWithoutAFile) {
  ReportOptions options;
  const std::string text = report(options, failing_inputs(2, 1));
  EXPECT_EQ(text.find("step summary"), std::string::npos);
}

}  // namespace
}  // namespace conform
