#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "conform/limits.hpp"
#include "conform/reporter.hpp"
#include "conform/schema.hpp"

namespace conform::cli {

// The one check of every numeric option: decimal digits only, from `min` to
// `max`. A sign, a fraction, trailing text or a value past `max` is a usage
// error naming the range, never wrapped (CLI11 alone turns "-1" into SIZE_MAX).
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);

// Options that `validate` and `test` share: which schema, which limits, how
// strict the gate is, and where and how the reports go.
struct CommonOptions {
  std::string schema;  // an embedded schema's name or a file; empty: the default
  std::string dialect = "draft7";
  bool format_assertion = false;
  std::vector<std::string> map_uri;          // "PREFIX=DIR"
  std::vector<std::string> formats{"text"};  // "NAME" or "NAME=PATH"
  std::string output;                        // for the one format without a path; empty: standard output
  std::vector<std::string> show_values;      // "*" (every value) or member names, from --show-values[=NAME,...]
  std::string mask = "standard";
  std::string color = "auto";
  std::string fail_on = "error";
  std::size_t max_findings = 0;      // per input; 0: no limit
  std::size_t max_annotations = 10;  // github report; 0: no limit
  bool quiet = false;
  bool allow_unchecked_captures = false;  // a capture in which no call was checked may pass
  Limits limits;

  void add_to(CLI::App& command);
  SchemaOptions schema_options() const;
  // How values are shown, from --show-values and --mask.
  ValueMask value_mask() const;
  // The schema named by --schema (a file path wins over an embedded name),
  // or `fallback` when --schema was not given.
  Schema load_schema(const std::string& fallback) const;
  // What the gate makes of a result before any reporter sees it: a capture
  // in which no call was checked fails (unless --allow-unchecked-captures),
  // --fail-on decides whether warnings fail it, --max-findings trims its findings.
  void apply_gate(Result& result) const;
};

// Writes every requested report, each to its own destination: a regular
// file is written to a temporary file beside it and renamed into place once
// complete (a failed run never leaves half a report); standard output, a
// device or a pipe is written in place. Throws conform::Error, naming the
// destination, when one cannot be written.
class ReportSink {
 public:
  explicit ReportSink(const CommonOptions& options);
  ~ReportSink();
  ReportSink(const ReportSink&) = delete;
  ReportSink& operator=(const ReportSink&) = delete;

  Reporter& reporter() { return *tee_; }
  // Writes every report out; the files replace their targets only once all are whole.
  void commit();
  // The report whose reader went away (a closed pipe or FIFO), if any.
  std::optional<std::string> reader_gone();
  // An interrupted run: what went to standard output stays; no report file
  // is written, so none is taken for a whole one. Returns whether any was due.
  bool abandon_files();

 private:
  struct Output;
  std::vector<std::unique_ptr<Output>> outputs_;
  std::unique_ptr<Reporter> tee_;
  std::size_t checks_ = 0;
};

// Refuses, before anything is read, report destinations that would hurt the
// run: a report that would replace an input or be found among the inputs of
// a folder, two reports to one file, and an -o that no report uses.
void check_report_targets(const CommonOptions& options, const std::vector<std::string>& inputs);

// The exit code a run's summary calls for (see exit_code.hpp): errors or no
// input at all, then failures.
// `named_path_missing`: a path on the command line that does not exist, a
// usage error rather than a verdict on the inputs.
int exit_code_for(const Summary& summary, bool named_path_missing = false);

// Reports every result in the order given and returns exit_code_for(summary).
// `suite_tests`: the results are tests of the JSON-Schema-Test-Suite.
int report_results(const CommonOptions& options, const RunInfo& run, std::vector<Result>& results,
                   std::chrono::steady_clock::time_point started, bool suite_tests = false);

}  // namespace conform::cli
