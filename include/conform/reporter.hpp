#pragma once

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "conform/result.hpp"
#include "conform/value_mask.hpp"

namespace conform {

enum class ReportFormat { text, json, junit, sarif, github, ndjson };

std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept;

struct ReportOptions {
  ValueMask values;           // how personal values are shown
  bool color = false;         // ANSI colour (text only)
  bool summary_only = false;  // text only: just the summary line (--quiet)
  // github only: at most this many annotations (0: no limit); GitHub shows 10
  // error and 10 warning annotations per step and 50 per job, and drops the rest.
  std::size_t max_annotations = 10;
  // github only: a file to append a Markdown summary of the run to ($GITHUB_STEP_SUMMARY); empty: none.
  std::string step_summary;
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
// Values are masked by all of them in one shared way, ReportOptions::values.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void begin(const RunInfo& run) = 0;
  virtual void add(const Result& result) = 0;
  virtual void end(const RunInfo& run, const Summary& summary) = 0;
};

std::unique_ptr<Reporter> make_reporter(ReportFormat format, std::ostream& out, const ReportOptions& options);

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
