#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conform/contract.hpp"
#include "conform/finding.hpp"
#include "conform/flow.hpp"

namespace conform::flow {

// What the flow rules need to know of one routed call; the capture checker
// fills it from the bodies through the contract's JSON Pointers (this module
// never reads JSON, nor knows a field name).
struct Call {
  std::string entry;              // "/log/entries/3" or "x.ndjson:7"
  bool entry_is_pointer = false;  // a JSON Pointer into a HAR, not an NDJSON source
  std::uint64_t line = 0;         // where the call is in the capture file
  std::uint64_t column = 0;
  const Contract* contract = nullptr;  // the call's family
  std::string path;                    // the route's path: "/v3/mfa"
  bool opens_flow = false;             // the route's 2xx response names a new flow
  int status = 0;                      // HTTP status; 0 when no response was recorded
  // From the request body, when it was a JSON object (request_parsed):
  bool request_parsed = false;
  std::optional<std::string> flow_id;          // follow-up requests
  std::optional<std::string> possession_type;  // opening requests
  std::vector<std::string> fields;             // the rules' fields (JSON Pointers) the request carries
  std::uint64_t request_digest = 0;            // identical requests have the same digest
  std::vector<std::string> schema_rules;       // rules of kind "schema" the request's body broke (F5, F6)
  // From a 2xx response of an opening call:
  std::optional<std::string> returned_flow_id;
};

struct FlowVerdict {
  FlowList flows;
  std::vector<Finding> findings;  // keyword "flow", at the call's entry
};

// Applies a contract's flow rules to the calls of one capture, fed in their
// recorded order, grouping them into flows by flow id per family. Only calls
// answered 2xx are steps; a repeat of a flow's last request (a retry, a poll)
// is the same step. It keeps only what the rules and the flows section need.
class FlowChecker {
 public:
  // `enabled`: whether a rule id is on (--disable-rule); all are by default.
  explicit FlowChecker(std::function<bool(std::string_view)> enabled = {});
  ~FlowChecker();
  FlowChecker(const FlowChecker&) = delete;
  FlowChecker& operator=(const FlowChecker&) = delete;

  void add(const Call& call);
  FlowVerdict finish();

 private:
  class State;
  std::unique_ptr<State> state_;
};

FlowVerdict check_flows(const std::vector<Call>& calls);

// The name a JSON Pointer's last token gives a field ("/phoneNumber" -> "phoneNumber").
std::string field_name(std::string_view pointer);

}  // namespace conform::flow
