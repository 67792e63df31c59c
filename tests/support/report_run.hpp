#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "conform/escape.hpp"
#include "conform/report_format.hpp"

namespace conform::testing {

// What a reporter of type `Writer` writes for `results`, fed as the command
// feeds it: begin, add per result, end with the results' summary.
template <typename Writer>
std::string report_of(const ReportOptions& options, const std::vector<Result>& results) {
  std::ostringstream out;
  Writer writer(out, options);
  Summary summary;
  for (const Result& result : results) summary.count(result);
  const RunInfo run{"urn:x", "validate"};
  writer.begin(run);
  for (const Result& result : results) writer.add(result);
  writer.end(run, summary);
  return out.str();
}

}  // namespace conform::testing
