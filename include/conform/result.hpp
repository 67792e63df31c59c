#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conform/finding_list.hpp"
#include "conform/flow.hpp"
#include "conform/skipped_list.hpp"
#include "conform/status.hpp"

namespace conform {

// The verdict on one input body. `error` means the body could not be checked
// at all (unreadable file, ...); `error_message` then says why.
struct Result {
  std::string source;  // "dir/a.json", "logs/x.ndjson:17", "-"
  std::string file;    // the file the body came from: "logs/x.ndjson"; lines and columns are the file's
  // A body of a capture: which call and direction it is, for reports whose
  // lines give only a file position ("entries/10 response (POST /v3/mfa 200)").
  std::string context;
  Status status = Status::pass;
  FindingList findings;
  std::size_t omitted_findings = 0;  // findings left out of `findings` by a --max-findings gate
  std::string error_message;
  // Only on the result that stands for a whole capture (HAR or NDJSON of
  // exchanges): its flows and the entries it did not check.
  FlowList flows;
  SkippedList skipped;
  // Only on a capture's own result: how many recorded calls were routed to a
  // schema and checked (each of the others is in `skipped`).
  std::optional<std::size_t> checked_calls;
  // Only for a test of the official JSON-Schema-Test-Suite: its case's and
  // its own description.
  std::string suite_case;
  std::string suite_test;
};

// Builds a result from the findings of a check: it fails when any finding is
// an error; warnings alone leave it passing.
Result make_result(std::string source, FindingList findings);
Result make_error_result(std::string source, std::string error_message);

// A capture in which no recorded call was checked says nothing about the
// traffic, so it fails: a finding on the capture says how many calls were
// skipped and why (`hint` tells how to accept it). Any other result, a
// capture with a checked call and one that fails already keep their verdict.
void fail_if_no_call_checked(Result& capture, std::string hint);

}  // namespace conform
