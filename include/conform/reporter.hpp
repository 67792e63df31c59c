#pragma once

#include <string>

#include "conform/result.hpp"
#include "conform/summary.hpp"

namespace conform {

struct RunInfo {
  std::string schema;   // $id or path of the schema the bodies were checked against
  std::string command;  // "validate" or "test"
};

// Receives the results of a run. Every reporter is fed the same calls: begin,
// add once per result in report order, end (with the run as it turned out:
// what the inputs were checked against is known only once they were read).
// The formats conform writes are made by make_reporter (report_format.hpp);
// a caller's own reporter receives the results as data.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void begin(const RunInfo& run) = 0;
  virtual void add(const Result& result) = 0;
  virtual void end(const RunInfo& run, const Summary& summary) = 0;
};

}  // namespace conform
