#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "conform/finding.hpp"
#include "conform/flow.hpp"
#include "conform/skipped_list.hpp"
#include "conform/status.hpp"

namespace conform {

// The verdict on one input body. `error` means the body could not be checked
// at all (unreadable file, ...); `error_message` then says why.
struct Result {
  std::string source;  // "dir/a.json", "logs/x.ndjson:17", "-"
  std::string file;    // the file the body came from: "logs/x.ndjson"; lines and columns are the file's
  Status status = Status::pass;
  std::vector<Finding> findings;
  std::size_t omitted_findings = 0;  // findings left out of `findings` by a --max-findings gate
  std::string error_message;
  // Only on the result that stands for a whole capture (HAR or NDJSON of
  // exchanges): its flows and the entries it did not check.
  std::vector<Flow> flows;
  SkippedList skipped;
  // Only for a test of the official JSON-Schema-Test-Suite: its case's and
  // its own description.
  std::string suite_case;
  std::string suite_test;
};

// Builds a result from the findings of a check: it fails when any finding is
// an error; warnings alone leave it passing.
Result make_result(std::string source, std::vector<Finding> findings);
Result make_error_result(std::string source, std::string error_message);

}  // namespace conform
