#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "conform/report_format.hpp"
#include "report/output_buffer.hpp"

namespace conform::report {

// For people reading a terminal or a CI log: one line per finding,
// "file:line:column: pointer keyword: message", then one summary line.
class TextReporter final : public Reporter {
 public:
  TextReporter(std::ostream& out, const ReportOptions& options) : out_(out), buffer_(out), options_(options) {}
  void begin(const RunInfo& run) override;
  void add(const Result& result) override;
  // A passing line without findings writes nothing here.
  void add_passing_lines(const PassingLines&) override {}
  bool render(const Result& result, std::string& out) const override;
  void add_rendered(const Result& result, std::string_view bytes) override;
  void end(const RunInfo& run, const Summary& summary) override;

 private:
  std::string paint(std::string_view text, std::string_view ansi) const;
  // The lines of `result`, appended to `out`; with `buffer` (whose bytes `out` is), a long piece goes
  // to the stream as it is escaped, never held, and full blocks are handed on as they fill.
  void write(const Result& result, std::string& out, OutputBuffer* buffer) const;

  std::ostream& out_;
  OutputBuffer buffer_;  // every line of add goes through it; end drains it
  ReportOptions options_;
};

}  // namespace conform::report
