#include "flow/flow_checker.hpp"

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <deque>
#include <map>

namespace conform::flow {
namespace {

std::string json_string(std::string_view text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

struct OpenFlow {
  Flow flow;
  std::string mfa_entry;       // the /v3/mfa call that started it; empty for an unknown correlationId
  std::size_t calls = 0;       // calls counted so far, the /v3/mfa call being the first
  bool request_known = false;  // the /v3/mfa request was a JSON object, so its possessionType is known
};

}  // namespace

class FlowChecker::State {
 public:
  void add(const Call& call) {
    if (call.endpoint == Endpoint::mfa) {
      mfa_call(call);
    } else {
      follow_up_call(call);
    }
  }

  FlowVerdict finish() {
    FlowVerdict verdict;
    for (std::size_t index : order_) verdict.flows.push_back(std::move(flows_[index].flow));
    verdict.findings = std::move(findings_);
    return verdict;
  }

 private:
  void report(OpenFlow* open, const Call& call, std::string rule, std::string message, std::vector<std::string> related,
              const std::optional<std::string>& value) {
    Finding finding;
    finding.keyword = "flow";
    finding.rule = rule;
    finding.instance_location = call.entry_is_pointer ? call.entry : std::string();
    finding.message = std::move(message);
    finding.line = call.line;
    finding.column = call.column;
    finding.related = std::move(related);
    if (value) finding.value = json_string(*value);
    findings_.push_back(std::move(finding));
    if (open != nullptr) {
      open->flow.status = Status::fail;
      auto& rules = open->flow.rules;
      if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(std::move(rule));
    }
  }

  OpenFlow& new_flow(const std::string& correlation_id, std::string mfa_entry, std::string possession_type) {
    flows_.push_back(OpenFlow{});
    OpenFlow& open = flows_.back();
    open.flow.correlation_id = correlation_id;
    open.flow.possession_type = std::move(possession_type);
    open.mfa_entry = std::move(mfa_entry);
    order_.push_back(flows_.size() - 1);
    return open;
  }

  static void add_call(OpenFlow& open, const Call& call) {
    open.flow.calls.push_back({call.entry, std::string(path_of(call.endpoint)), call.status, call.line, call.column});
    ++open.calls;
  }

  void mfa_call(const Call& call) {
    const std::string possession = call.possession_type.value_or("");
    OpenFlow* open = nullptr;
    if (call.returned_correlation_id) {
      const std::string& id = *call.returned_correlation_id;
      if (auto seen = by_id_.find(id); seen != by_id_.end() && !flows_[seen->second].mfa_entry.empty()) {
        const std::string earlier = flows_[seen->second].mfa_entry;
        // The reused id starts a flow of its own so later calls are judged against this call.
        open = &new_flow(id, call.entry, possession);
        open->request_known = call.request_parsed;
        add_call(*open, call);
        report(open, call, "F2",
               fmt::format("/v3/mfa returned a correlationId that {} already returned; a correlationId belongs to one "
                           "flow only",
                           earlier.empty() ? "an earlier call" : earlier),
               {earlier, call.entry}, id);
      } else {
        open = &new_flow(id, call.entry, possession);
        open->request_known = call.request_parsed;
        add_call(*open, call);
      }
      by_id_[id] = flows_.size() - 1;
    }
    // F5 and F6 concern the request alone; they hold whether or not a flow started.
    if (possession == "none" && call.has_phone_number) {
      report(open, call, "F5",
             "/v3/mfa with possessionType=none carries phoneNumber; the number is sent on the third call of a "
             "none flow instead",
             {call.entry}, std::nullopt);
    }
    if (possession == "desktop" && !call.has_final_target_url) {
      report(open, call, "F6",
             "/v3/mfa with possessionType=desktop has no finalTargetUrl; Instant Link needs the page to return to",
             {call.entry}, std::nullopt);
    }
  }

  void follow_up_call(const Call& call) {
    // A body that is not a JSON object already fails on its own; what it
    // would mean for the flow is unknown, so no rule is applied to it.
    if (!call.request_parsed) return;
    const std::string path(path_of(call.endpoint));
    if (!call.correlation_id) {
      report(nullptr, call, "F1",
             fmt::format("{} request has no correlationId; it must carry the one /v3/mfa returned", path), {call.entry},
             std::nullopt);
      return;
    }
    const std::string& id = *call.correlation_id;
    auto known = by_id_.find(id);
    if (known == by_id_.end()) {
      // Calls with the same unknown id are kept together, for the flows section.
      OpenFlow& open = new_flow(id, "", "");
      by_id_[id] = flows_.size() - 1;
      add_call(open, call);
      report(&open, call, "F1",
             fmt::format("{} request uses a correlationId that no earlier /v3/mfa response in this capture returned",
                         path),
             {call.entry}, id);
      return;
    }
    OpenFlow& open = flows_[known->second];
    add_call(open, call);
    if (open.mfa_entry.empty()) {
      report(&open, call, "F1",
             fmt::format("{} request uses a correlationId that no earlier /v3/mfa response in this capture returned",
                         path),
             {call.entry}, id);
      return;
    }
    const std::string& possession = open.flow.possession_type;
    // The spec allows phoneNumber only in a none flow: any other possessionType, or none given, is F3.
    if (call.has_phone_number && open.request_known && possession != "none") {
      report(&open, call, "F3",
             fmt::format("{} request carries phoneNumber, but the flow's /v3/mfa request had {}; phoneNumber is only "
                         "allowed in a none flow",
                         path, possession.empty() ? "no possessionType" : "possessionType=" + possession),
             {open.mfa_entry, call.entry}, std::nullopt);
    }
    if (possession == "none" && open.calls == 3 && !call.has_phone_number) {
      report(&open, call, "F4",
             fmt::format("{} request is the third call of a possessionType=none flow and must carry phoneNumber", path),
             {open.mfa_entry, call.entry}, std::nullopt);
    }
  }

  // A deque: flows only grow at the back, and references to earlier ones stay valid.
  std::deque<OpenFlow> flows_;
  std::vector<std::size_t> order_;
  std::map<std::string, std::size_t> by_id_;
  std::vector<Finding> findings_;
};

std::string_view path_of(Endpoint endpoint) noexcept {
  switch (endpoint) {
    case Endpoint::mfa:
      return "/v3/mfa";
    case Endpoint::mfa_bind:
      return "/v3/mfa-bind";
    case Endpoint::mfa_status:
      return "/v3/mfa-status";
  }
  return "";
}

FlowChecker::FlowChecker() : state_(std::make_unique<State>()) {}
FlowChecker::~FlowChecker() = default;
void FlowChecker::add(const Call& call) { state_->add(call); }
FlowVerdict FlowChecker::finish() { return state_->finish(); }

FlowVerdict check_flows(const std::vector<Call>& calls) {
  FlowChecker checker;
  for (const Call& call : calls) checker.add(call);
  return checker.finish();
}

}  // namespace conform::flow
