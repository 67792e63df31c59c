#pragma once

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "conform/result.hpp"

namespace conform {

enum class ReportFormat { text, json, junit, sarif, github };

std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept;

struct ReportOptions {
  bool show_values = false;   // print personal values in full instead of masked
  bool color = false;         // ANSI colour (text only)
  bool summary_only = false;  // text only: just the summary line (--quiet)
};

struct RunInfo {
  std::string schema;   // $id or path of the schema the bodies were checked against
  std::string command;  // "validate" or "test"
};

struct Summary {
  std::size_t inputs = 0;
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t errors = 0;
  std::size_t skipped = 0;        // recorded calls in captures that were not checked (not inputs)
  std::size_t ignored_files = 0;  // files in the folders walked that hold no known extension (not inputs)
  double seconds = 0;
  bool interrupted = false;  // the run was stopped (Ctrl-C) before every input was checked
  // conform could not do its job (exit code 2: no input at all, a named path
  // that does not exist): no report may then read as a pass.
  bool harness_error = false;
  // Inputs are tests of the JSON-Schema-Test-Suite: a failure is a wrong
  // verdict, an error a schema refused with a clear error.
  bool suite_tests = false;

  void count(const Result& result) noexcept;
};

// Writes results in one format. Every reporter is fed the same calls: begin,
// add once per result in report order, end (with the run as it turned out:
// what the inputs were checked against is known only once they were read).
// Values are masked by all of them in one shared way unless
// ReportOptions::show_values is set.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void begin(const RunInfo& run) = 0;
  virtual void add(const Result& result) = 0;
  virtual void end(const RunInfo& run, const Summary& summary) = 0;
};

std::unique_ptr<Reporter> make_reporter(ReportFormat format, std::ostream& out, const ReportOptions& options);

// The form in which a personal value may appear in a report: in full when
// the user asked for values, else with all but its outer characters hidden.
std::string displayed_value(std::string_view json_value, bool show_values);

// C0 controls, DEL and C1 controls: never written raw to a terminal or a CI
// log, where they end lines, move the cursor or start a workflow command.
bool is_control_character(char32_t code_point) noexcept;

// `text` as it may appear inside one line of a line-oriented report (text,
// github), the progress line, or a message on standard error: control
// characters become visible escapes (\n, \u001b) and bytes that are not
// UTF-8 become \xff, so nothing a body or a file name holds can end the
// line, forge another, or move the cursor. The one escaper of line output.
std::string escaped_for_line(std::string_view text);

}  // namespace conform
