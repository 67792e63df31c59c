#include "flow/flow_checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "json/compact_json.hpp"

namespace conform::flow {
namespace {

// What the rules read of one flow besides the flow itself (whose first call,
// when the flow was opened, is its opener): a few bytes, as a capture may hold millions.
struct FlowFacts {
  std::uint64_t last_digest = 0;  // the flow's last step, to tell a repeat of it (retry, poll) from a new step
  std::uint32_t steps = 0;        // steps so far, the opening call being the first
  std::uint16_t last_path = 0;    // an index into the paths of the steps seen
  bool opened = false;            // opened by a call of this capture (else an unknown flow id)
  bool request_known = false;     // the opening request was a JSON object, so its possession type is known
};

bool has_field(const Call& call, const std::string& pointer) {
  return std::find(call.fields.begin(), call.fields.end(), pointer) != call.fields.end();
}

bool answered_2xx(const Call& call) { return call.status >= 200 && call.status <= 299; }

}  // namespace

std::string field_name(std::string_view pointer) {
  const auto slash = pointer.rfind('/');
  return std::string(slash == std::string_view::npos ? pointer : pointer.substr(slash + 1));
}

class FlowChecker::State {
 public:
  explicit State(std::function<bool(std::string_view)> enabled) : enabled_(std::move(enabled)) {}

  void add(const Call& call) {
    if (call.contract == nullptr) return;
    if (call.opens_flow) {
      opening_call(call);
    } else {
      follow_up_call(call);
    }
  }

  FlowVerdict finish() {
    FlowVerdict verdict;
    by_id_.clear();  // it views the flows' ids
    // A flow at a time, so that the flows are not held twice.
    verdict.flows.reserve(flows_.size());
    while (!flows_.empty()) {
      verdict.flows.push_back(std::move(flows_.front()));
      flows_.pop_front();
    }
    verdict.findings = std::move(findings_);
    return verdict;
  }

 private:
  bool enabled(std::string_view rule) const { return !enabled_ || enabled_(rule); }

  static void mark(Flow* flow, const std::string& rule) {
    if (flow == nullptr) return;
    flow->status = Status::fail;
    auto& rules = flow->rules;
    if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
  }

  void report(Flow* flow, const Call& call, const std::string& rule, std::string message,
              std::vector<std::string> related, const std::optional<std::string>& value) {
    if (!enabled(rule)) return;
    Finding finding;
    finding.keyword = "flow";
    finding.rule = rule;
    finding.instance_location = call.entry_is_pointer ? call.entry : std::string();
    finding.message = fmt::format("{} flow: {}", call.contract->family, message);
    finding.line = call.line;
    finding.column = call.column;
    finding.related = std::move(related);
    if (value) {
      const rapidjson::Value text(rapidjson::StringRef(value->data(), value->size()));
      finding.value = json::compact_json(text);
    }
    findings_.push_back(std::move(finding));
    mark(flow, rule);
  }

  std::size_t new_flow(const Call& call, const std::string& id, bool opened, std::string possession) {
    Flow& flow = flows_.emplace_back();
    flow.family = call.contract->family;
    flow.correlation_id = id;
    flow.possession_type = std::move(possession);
    flow.calls = FlowCalls(store_);
    facts_.push_back(FlowFacts{});
    facts_.back().opened = opened;
    by_id_[Key{call.contract, flow.correlation_id}] = flows_.size() - 1;
    return flows_.size() - 1;
  }

  // Flow ids are per family: the same id in two families names two flows. A
  // key views the id its flow holds (a deque's elements stay where they are).
  struct Key {
    const Contract* contract;
    std::string_view id;
    bool operator==(const Key& other) const { return contract == other.contract && id == other.id; }
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept {
      return std::hash<std::string_view>{}(key.id) ^ (std::hash<const void*>{}(key.contract) << 1U);
    }
  };
  static Key key(const Call& call, const std::string& id) { return Key{call.contract, id}; }

  // The call that opened a flow: its first; empty for an unknown flow id.
  std::string opener_entry(std::size_t index) const {
    return facts_[index].opened ? flows_[index].calls[0].entry : std::string();
  }

  // The paths of steps are the routes' own: few, so a flow names its last by an index.
  std::uint16_t path_index(const std::string& path) {
    const auto known = std::find(paths_.begin(), paths_.end(), path);
    if (known != paths_.end()) return static_cast<std::uint16_t>(known - paths_.begin());
    paths_.push_back(path);
    return static_cast<std::uint16_t>(paths_.size() - 1);
  }

  void add_step(std::size_t index, const Call& call) {
    flows_[index].calls.push_back({call.entry, call.path, call.status, call.line, call.column, true});
    FlowFacts& facts = facts_[index];
    ++facts.steps;
    facts.last_path = path_index(call.path);
    facts.last_digest = call.request_digest;
  }

  void add_non_step(std::size_t index, const Call& call) {
    flows_[index].calls.push_back({call.entry, call.path, call.status, call.line, call.column, false});
  }

  std::string opener_path(const Call& call) const {
    const ContractRoute* opener = call.contract->opener();
    return opener == nullptr ? std::string("the opening call") : opener->path;
  }

  void opening_call(const Call& call) {
    // An attempt (refused, retried, unanswered) opens nothing: its retry may.
    if (!answered_2xx(call) || !call.returned_flow_id) return;
    const std::string possession = call.possession_type.value_or("");
    const std::string& id = *call.returned_flow_id;
    const auto seen = by_id_.find(key(call, id));
    const std::string earlier = seen != by_id_.end() ? opener_entry(seen->second) : std::string();
    // A reused id starts a flow of its own, so later calls are judged against this call.
    const std::size_t index = new_flow(call, id, true, possession);
    facts_[index].request_known = call.request_parsed;
    add_step(index, call);
    if (!earlier.empty()) {
      report(&flows_[index], call, "F2",
             fmt::format("{} returned a {} that {} already returned; it belongs to one flow only", call.path,
                         field_name(call.contract->flow_id), earlier),
             {earlier, call.entry}, id);
    }
    // Rules the request's schema states (F5, F6) were reported with the body; the flow fails with them.
    for (const std::string& rule : call.schema_rules) mark(&flows_[index], rule);
  }

  void follow_up_call(const Call& call) {
    // A body that is not a JSON object already fails on its own; what it
    // would mean for the flow is unknown, so no rule is applied to it.
    if (!call.request_parsed) return;
    const std::string id_name = field_name(call.contract->flow_id);
    const auto known = call.flow_id ? by_id_.find(key(call, *call.flow_id)) : by_id_.end();
    if (!answered_2xx(call)) {
      // An attempt is listed with its flow but judged by no rule.
      if (known != by_id_.end()) add_non_step(known->second, call);
      return;
    }
    if (!call.flow_id) {
      report(
          nullptr, call, "F1",
          fmt::format("{} request has no {}; it must carry the one {} returned", call.path, id_name, opener_path(call)),
          {call.entry}, std::nullopt);
      return;
    }
    const std::string& id = *call.flow_id;
    const std::string unknown = fmt::format("{} request uses a {} that no earlier {} response in this capture returned",
                                            call.path, id_name, opener_path(call));
    if (known == by_id_.end()) {
      // Calls with the same unknown id are kept together, for the flows section.
      const std::size_t index = new_flow(call, id, false, "");
      add_step(index, call);
      report(&flows_[index], call, "F1", unknown, {call.entry}, id);
      return;
    }
    const std::size_t index = known->second;
    const FlowFacts& facts = facts_[index];
    if (paths_[facts.last_path] == call.path && facts.last_digest == call.request_digest) {
      add_non_step(index, call);  // the same request again: a retry or a poll, one step
      return;
    }
    add_step(index, call);
    Flow& flow = flows_[index];
    if (!facts.opened) {
      report(&flow, call, "F1", unknown, {call.entry}, id);
      return;
    }
    const std::string opener = opener_entry(index);
    const std::string& possession = flow.possession_type;
    for (const ContractRule& rule : call.contract->rules) {
      const std::string field = field_name(rule.field);
      if (rule.kind == "fieldOnlyInPossession" && has_field(call, rule.field) && facts.request_known &&
          possession != rule.possession) {
        report(&flow, call, rule.id,
               fmt::format("{} request carries {}, but the flow's {} request had {}; {} is only allowed in a {} flow",
                           call.path, field, opener_path(call),
                           possession.empty() ? "no " + field_name(call.contract->possession_type)
                                              : field_name(call.contract->possession_type) + "=" + possession,
                           field, rule.possession),
               {opener, call.entry}, std::nullopt);
      } else if (rule.kind == "fieldOnStep" && possession == rule.possession && facts.steps == rule.step &&
                 !has_field(call, rule.field)) {
        report(&flow, call, rule.id,
               fmt::format("{} request is step {} of a {}={} flow and must carry {} (steps: calls "
                           "answered 2xx, a retry or poll of the same request counted once)",
                           call.path, rule.step, field_name(call.contract->possession_type), rule.possession, field),
               {opener, call.entry}, std::nullopt);
      }
    }
  }

  std::function<bool(std::string_view)> enabled_;
  // The calls of every flow, in one store that spills to a file: a capture of millions of calls stays flat.
  std::shared_ptr<FlowCalls::Store> store_ = FlowCalls::make_store();
  std::deque<Flow> flows_;  // in the order they began, as the flows section lists them
  std::vector<FlowFacts> facts_;
  std::vector<std::string> paths_;
  std::unordered_map<Key, std::size_t, KeyHash> by_id_;  // the latest flow of each (family, flow id)
  std::vector<Finding> findings_;
};

FlowChecker::FlowChecker(std::function<bool(std::string_view)> enabled)
    : state_(std::make_unique<State>(std::move(enabled))) {}
FlowChecker::~FlowChecker() = default;
void FlowChecker::add(const Call& call) { state_->add(call); }
FlowVerdict FlowChecker::finish() { return state_->finish(); }

FlowVerdict check_flows(const std::vector<Call>& calls) {
  FlowChecker checker;
  for (const Call& call : calls) checker.add(call);
  return checker.finish();
}

}  // namespace conform::flow
