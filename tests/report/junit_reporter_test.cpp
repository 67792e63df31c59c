#include "report/junit_reporter.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "support/report_run.hpp"

namespace conform::report {
namespace {

// The report for `files` files of `per_file` inputs each, every tenth one failing; with `rendered`,
// each result rendered first (as on the thread that publishes it) and added as its bytes.
std::string report(std::size_t files, std::size_t per_file, std::size_t spill_threshold, bool rendered = false) {
  std::ostringstream out;
  JunitReporter reporter(out, ReportOptions{}, spill_threshold);
  RunInfo run{"schema", "validate"};
  reporter.begin(run);
  Summary summary;
  for (std::size_t f = 0; f < files; ++f) {
    for (std::size_t i = 0; i < per_file; ++i) {
      Finding finding;
      finding.keyword = "type";
      finding.message = "wrong type";
      finding.line = i + 1;
      finding.column = 1;
      Result result = make_result("f" + std::to_string(f) + ".ndjson:" + std::to_string(i + 1),
                                  i % 10 == 0 ? std::vector<Finding>{finding} : std::vector<Finding>{});
      result.file = "f" + std::to_string(f) + ".ndjson";
      summary.count(result);
      std::string bytes;
      if (rendered && reporter.render(result, bytes)) {
        reporter.add_rendered(result, bytes);
      } else {
        reporter.add(result);
      }
    }
  }
  reporter.end(run, summary);
  return out.str();
}

// One file's cases past the threshold go to a temporary file and are spliced
// in after the suite's counts: the report is the one memory alone would give.
TEST(JunitReporter, ASuiteLargerThanTheThresholdIsSplicedUnchanged) {
  for (const std::size_t per_file : {1U, 100U, 2000U}) {
    const std::string in_memory = report(3, per_file, std::size_t{1} << 30);
    EXPECT_EQ(report(3, per_file, 256), in_memory) << per_file;
    EXPECT_EQ(report(3, per_file, 1), in_memory) << per_file;
  }
  // Suites of their own files of cases, more of them than are kept as parts of the report.
  for (const std::size_t files : {1U, 3U, 20U}) {
    const std::string in_memory = report(files, 300, std::size_t{1} << 30);
    EXPECT_EQ(report(files, 300, 4096), in_memory) << files;
    for (const std::size_t threshold : {std::size_t{1}, std::size_t{4096}, std::size_t{1} << 30}) {
      EXPECT_EQ(report(files, 300, threshold, true), in_memory) << files << " files rendered, threshold " << threshold;
    }
  }
  const std::string text = report(1, 2000, 256);
  EXPECT_NE(text.find("tests=\"2000\" failures=\"200\" errors=\"0\""), std::string::npos);
}

TEST(JunitReporter, CountsOfOneInTheSingular) {
  for (const std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{4}}) {
    Result capture = make_result("c.har", {});
    for (std::size_t i = 0; i < n; ++i) capture.skipped.push_back({"c.har#/log/entries/0", "GET /x"});
    Finding finding;
    finding.keyword = "type";
    finding.message = "wrong";
    Result body = make_result("b.json", {finding});
    body.omitted_findings = n;
    const std::string xml = conform::testing::report_of<JunitReporter>({}, {capture, body});
    const std::string s = n == 1 ? "" : "s";
    EXPECT_NE(xml.find(std::to_string(n) + " recorded call" + s + " not checked"), std::string::npos) << xml;
    EXPECT_NE(xml.find(std::to_string(n) + " more finding" + s + " not shown"), std::string::npos) << xml;
  }
}

}  // namespace
}  // namespace conform::report
