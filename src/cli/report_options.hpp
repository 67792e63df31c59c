#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "conform/limits.hpp"
#include "conform/reporter.hpp"
#include "conform/schema.hpp"

namespace conform::cli {

// Options that `validate` and `test` share: which schema, which limits, and
// where and how the report goes.
struct CommonOptions {
  std::string schema;  // an embedded schema's name or a file; empty: the default
  std::string dialect = "draft7";
  bool format_assertion = false;
  std::string format = "text";
  std::string output;  // empty: standard output
  bool show_values = false;
  std::string color = "auto";
  Limits limits;

  void add_to(CLI::App& command);
  SchemaOptions schema_options() const;
  // The schema named by --schema (a file path wins over an embedded name),
  // or `fallback` when --schema was not given.
  Schema load_schema(const std::string& fallback) const;
};

// Writes one report: to a temporary file renamed into place once complete
// (so a failed run never leaves half a report), or straight to stdout or a
// device. Throws conform::Error when the output cannot be written.
class ReportSink {
 public:
  explicit ReportSink(const CommonOptions& options);
  ~ReportSink();
  Reporter& reporter() { return *reporter_; }
  void commit();

 private:
  std::string target_;
  std::string temporary_;
  std::unique_ptr<std::ostream> file_;
  std::unique_ptr<Reporter> reporter_;
};

// The exit code a run's summary calls for (see exit_code.hpp): errors or no
// input at all, then failures.
int exit_code_for(const Summary& summary);

// Reports every result in the order given and returns exit_code_for(summary).
int report_results(const CommonOptions& options, const RunInfo& run, const std::vector<Result>& results,
                   std::chrono::steady_clock::time_point started);

}  // namespace conform::cli
