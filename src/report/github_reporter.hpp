#pragma once

#include <cstddef>
#include <initializer_list>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "conform/report_format.hpp"

namespace conform::report {

// GitHub Actions workflow commands: one ::error (or ::warning) per finding,
// which the runner turns into an annotation on the file, line and column, and
// one per input that could not be checked; a ::notice per capture with calls
// not checked; then a plain summary line. At most
// ReportOptions::max_annotations annotations are written (GitHub drops the
// rest unseen); a final ::notice counts what was held back. With
// ReportOptions::step_summary, a Markdown summary is appended to that file.
class GithubReporter final : public Reporter {
 public:
  GithubReporter(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}
  void begin(const RunInfo& run) override;
  void add(const Result& result) override;
  void end(const RunInfo& run, const Summary& summary) override;

 private:
  // Writes one annotation if the budget allows, else counts it as held back:
  // `command`, then the pieces of `message` escaped as its data as they are
  // written (a 15 MiB pointer is never copied), then the line's end if there are any.
  bool annotate(std::string_view command, std::initializer_list<std::string_view> message = {});
  void write_step_summary(const RunInfo& run, const Summary& summary) const;

  std::ostream& out_;
  ReportOptions options_;
  std::size_t annotations_ = 0;
  std::size_t held_findings_ = 0;  // findings and input errors not annotated
  std::size_t held_notices_ = 0;   // captures with calls not checked, not annotated
  // For the step summary: the first failing inputs (the rest counted), and
  // each broken flow rule with how often it broke and its first input.
  struct FailingInput {
    std::string source;
    std::size_t findings = 0;
    std::string first;  // the first finding (or the error), masked, not yet escaped for Markdown
  };
  std::vector<FailingInput> failing_;
  std::size_t failing_unlisted_ = 0;
  struct BrokenRule {
    std::size_t times = 0;
    std::string first_source;
  };
  std::map<std::string, BrokenRule> broken_rules_;
};

}  // namespace conform::report
