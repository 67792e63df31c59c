#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "conform/status.hpp"

namespace conform {

// One call of a flow, in the order the capture recorded it.
struct FlowCall {
  std::string entry;       // "/log/entries/3" in a HAR, "x.ndjson:7" in an NDJSON capture
  std::string path;        // "/v3/mfa", "/v3/mfa-status", "/v3/mfa-bind"
  int status = 0;          // HTTP status of the response; 0 when none was recorded
  std::uint64_t line = 0;  // where the call is in the capture file; 0 when unknown
  std::uint64_t column = 0;
  // false for an attempt (answered other than 2xx, or not at all) or a repeat
  // of the flow's previous request (a retry, a poll): not a step of the flow.
  bool step = true;
};

// The calls of a capture that share one flow id (correlationId), and the
// verdict of their contract's flow rules on them.
struct Flow {
  std::string family;           // the contract's family: "V3 MFA", "V3 Unify"
  std::string correlation_id;   // personal enough to be masked in reports
  std::string possession_type;  // from the flow's opening request; empty when unknown
  std::vector<FlowCall> calls;
  Status status = Status::pass;
  std::vector<std::string> rules;  // ids of the rules the flow breaks
};

// A recorded call conform did not check, and why: never silently dropped.
struct SkippedEntry {
  std::string source;  // "capture.har#/log/entries/5"
  std::string reason;  // "GET /favicon.ico is not a call of the V3 MFA or V3 Unify contracts"
};

}  // namespace conform
