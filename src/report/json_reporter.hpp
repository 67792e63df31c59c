#pragma once

#include <memory>
#include <ostream>
#include <utility>
#include <vector>

#include "conform/reporter.hpp"

namespace conform::report {

// The machine-readable report; its shape is schemas/conform-report.schema.json.
class JsonReporter final : public Reporter {
 public:
  JsonReporter(std::ostream& out, const ReportOptions& options);
  ~JsonReporter() override;
  void begin(const RunInfo& run) override;
  void add(const Result& result) override;
  void end(const RunInfo& run, const Summary& summary) override;

 private:
  class Writer;
  std::unique_ptr<Writer> writer_;
  ReportOptions options_;
  // Flows and skipped entries follow the results at the end (skipped ones spill to a file past a few).
  std::vector<std::pair<std::string, Flow>> flows_;
  SkippedList skipped_;
};

}  // namespace conform::report
