#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "conform/finding.hpp"
#include "conform/flow.hpp"

namespace conform::flow {

enum class Endpoint { mfa, mfa_bind, mfa_status };

std::string_view path_of(Endpoint endpoint) noexcept;

// What the flow rules need to know of one routed call; the capture reader
// fills it from the bodies (this module never reads JSON itself).
struct Call {
  std::string entry;              // "/log/entries/3" or "x.ndjson:7"
  bool entry_is_pointer = false;  // a JSON Pointer into a HAR, not an NDJSON source
  std::uint64_t line = 0;         // where the call is in the capture file
  std::uint64_t column = 0;
  Endpoint endpoint = Endpoint::mfa;
  int status = 0;  // HTTP status; 0 when no response was recorded
  // From the request body, when it was a JSON object (request_parsed):
  bool request_parsed = false;
  std::optional<std::string> correlation_id;   // status and bind requests
  std::optional<std::string> possession_type;  // /v3/mfa requests
  bool has_phone_number = false;
  bool has_final_target_url = false;
  // From a 200 response of /v3/mfa:
  std::optional<std::string> returned_correlation_id;
};

struct FlowVerdict {
  std::vector<Flow> flows;
  std::vector<Finding> findings;  // keyword "flow", rule F1-F6, at the call's entry
};

// Applies the flow rules F1-F6 of the V3 MFA spec to the calls of one
// capture, fed in their recorded order, grouping them into flows by
// correlationId. It keeps only what the rules and the flows section need
// (ids and the calls' names), never the calls themselves.
class FlowChecker {
 public:
  FlowChecker();
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

}  // namespace conform::flow
