#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conform/report_format.hpp"

namespace conform::report {

class JsonWriter;

// One result, flow and skipped call as the JSON report writes them: the
// NDJSON report writes the same objects, one input a line.
void write_result(JsonWriter& w, const Result& result, const ReportOptions& options);
void write_flow(JsonWriter& w, std::string_view source, const Flow& flow, const ReportOptions& options);
void write_skipped(JsonWriter& w, const SkippedEntry& skipped);

// The machine-readable report; its shape is schemas/conform-report.schema.json.
class JsonReporter final : public Reporter {
 public:
  JsonReporter(std::ostream& out, const ReportOptions& options);
  ~JsonReporter() override;
  void begin(const RunInfo& run) override;
  void add(const Result& result) override;
  void add_passing_lines(const PassingLines& lines) override;
  bool render(const Result& result, std::string& out) const override;
  void add_rendered(const Result& result, std::string_view bytes) override;
  void end(const RunInfo& run, const Summary& summary) override;

 private:
  class Writer;
  void keep_for_end(const Result& result);
  std::unique_ptr<Writer> writer_;
  ReportOptions options_;
  // Flows and skipped entries follow the results at the end (skipped ones spill to a file past a few).
  std::vector<std::pair<std::string, FlowList>> flows_;  // per capture; copies share the flows, which spill
  SkippedList skipped_;
  bool any_result_ = false;
  // A passing line of `line_file_` as add writes it after another result, split at its line number.
  std::string line_file_;
  std::string line_prefix_;
  std::string line_suffix_;
};

}  // namespace conform::report
