#pragma once

#include <ostream>

#include "conform/reporter.hpp"

namespace conform::report {

// GitHub Actions workflow commands: one ::error (or ::warning) per finding,
// which the runner turns into an annotation on the file, line and column, and
// one per input that could not be checked; then a plain summary line.
class GithubReporter final : public Reporter {
 public:
  GithubReporter(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}
  void begin(const RunInfo& run) override;
  void add(const Result& result) override;
  void end(const RunInfo& run, const Summary& summary) override;

 private:
  std::ostream& out_;
  ReportOptions options_;
};

}  // namespace conform::report
