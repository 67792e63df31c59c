#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "conform/report_format.hpp"

namespace conform::report {

// For people reading a terminal or a CI log: one line per finding,
// "file:line:column: pointer keyword: message", then one summary line.
class TextReporter final : public Reporter {
 public:
  TextReporter(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}
  void begin(const RunInfo& run) override;
  void add(const Result& result) override;
  // A passing line without findings writes nothing here.
  void add_passing_lines(const PassingLines&) override {}
  void end(const RunInfo& run, const Summary& summary) override;

 private:
  std::string paint(std::string_view text, std::string_view ansi) const;

  std::ostream& out_;
  ReportOptions options_;
};

}  // namespace conform::report
