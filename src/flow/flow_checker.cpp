#include "flow/flow_checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <limits>
#include <memory>
#include <stdexcept>

#include "io/spill_file.hpp"
#include "json/compact_json.hpp"
#include "json/keyed_hash.hpp"

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
    slots_.clear();
    // A flow at a time, so that the flows are not held twice.
    for (std::size_t index = 0; !flows_.empty(); ++index) {
      FlowState& state = flows_.front();
      Flow flow;
      flow.family = state.contract->family;
      auto [id, possession] = text(state);
      flow.correlation_id = std::move(id);
      flow.possession_type = std::move(possession);
      flow.calls = std::move(state.calls);
      if (state.rules) {
        flow.status = Status::fail;
        flow.rules = std::move(*state.rules);
      }
      verdict.flows.push_back(flow);
      flows_.pop_front();
    }
    verdict.findings = std::move(findings_);
    return verdict;
  }

 private:
  // A flow while its capture is read: its id and possession type wait in a
  // file (text_at), the rest is under a hundred bytes, as a capture may hold millions.
  struct FlowState {
    FlowCalls calls;
    FlowFacts facts;
    std::uint64_t text_at = 0;
    std::uint64_t hash = 0;  // of its family and id
    const Contract* contract = nullptr;
    std::unique_ptr<std::vector<std::string>> rules;  // ids of the rules the flow breaks; none while it passes
  };
  // Where a (family, flow id) is in slots_, and its latest flow if it has one.
  struct Found {
    std::size_t slot = 0;
    std::optional<std::size_t> flow;
  };

  bool enabled(std::string_view rule) const { return !enabled_ || enabled_(rule); }

  static void mark(FlowState* flow, const std::string& rule) {
    if (flow == nullptr) return;
    if (!flow->rules) flow->rules = std::make_unique<std::vector<std::string>>();
    auto& rules = *flow->rules;
    if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
  }

  void report(FlowState* flow, const Call& call, const std::string& rule, std::string message,
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

  // Flow ids are per family: the same id in two families names two flows. The
  // table holds a flow's index by a keyed hash of both (ids come from the
  // traffic); a match is confirmed against the id in the file, so a collision
  // never joins two flows.
  static std::uint64_t hash(const Contract* contract, std::string_view id) {
    return json::keyed_hash(id) ^ (std::hash<const void*>{}(contract)*0x9E3779B97F4A7C15ULL);
  }

  // The latest flow of (family, id), with its possession type; else the free slot it would take.
  Found find(const Contract* contract, const std::string& id, std::string* possession = nullptr) const {
    const std::uint64_t wanted = hash(contract, id);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = static_cast<std::size_t>(wanted) & mask;; slot = (slot + 1) & mask) {
      const std::uint32_t at = slots_[slot];
      if (at == 0) return Found{slot, std::nullopt};
      const FlowState& state = flows_[at - 1];
      if (state.hash != wanted || state.contract != contract) continue;
      auto [known_id, known_possession] = text(state);
      if (known_id != id) continue;
      if (possession != nullptr) *possession = std::move(known_possession);
      return Found{slot, at - 1};
    }
  }

  // `found`: what find() said of the id; a flow that had it so far is replaced in the table by this one.
  std::size_t new_flow(const Call& call, const std::string& id, bool opened, const std::string& possession,
                       const Found& found) {
    if (flows_.size() >= std::numeric_limits<std::uint32_t>::max() - 1) {
      throw std::runtime_error("a capture of more than 4,294,967,294 flows");
    }
    FlowState& state = flows_.emplace_back();
    state.contract = call.contract;
    state.calls = FlowCalls(store_);
    state.facts.opened = opened;
    state.hash = hash(call.contract, id);
    state.text_at = text_.size();
    const std::uint64_t lengths[2] = {id.size(), possession.size()};
    text_.append(std::string_view(reinterpret_cast<const char*>(lengths), sizeof lengths));
    text_.append(id);
    text_.append(possession);
    const std::size_t index = flows_.size() - 1;
    if (!found.flow) ++used_;
    slots_[found.slot] = static_cast<std::uint32_t>(index + 1);
    if (2 * used_ > slots_.size()) grow();
    return index;
  }

  // Twice the slots, each flow put back by its hash: the table stays at most half full.
  void grow() {
    std::vector<std::uint32_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const std::uint32_t at : old) {
      if (at == 0) continue;
      std::size_t slot = static_cast<std::size_t>(flows_[at - 1].hash) & mask;
      while (slots_[slot] != 0) slot = (slot + 1) & mask;
      slots_[slot] = at;
    }
  }

  // A flow's id and possession type, read back from the file: just their bytes, as it is once a call.
  std::pair<std::string, std::string> text(const FlowState& state) const {
    std::uint64_t lengths[2] = {0, 0};
    std::string both;
    bool read = text_.read_at(state.text_at, sizeof lengths, reinterpret_cast<char*>(lengths)) == sizeof lengths;
    if (read) {
      both.resize(static_cast<std::size_t>(lengths[0] + lengths[1]));
      read = text_.read_at(state.text_at + sizeof lengths, both.size(), both.data()) == both.size();
    }
    if (!read) throw std::runtime_error("cannot read " + text_.what() + " back");
    return {both.substr(0, static_cast<std::size_t>(lengths[0])), both.substr(static_cast<std::size_t>(lengths[0]))};
  }

  // The call that opened a flow: its first; empty for an unknown flow id.
  std::string opener_entry(std::size_t index) const {
    return flows_[index].facts.opened ? flows_[index].calls[0].entry : std::string();
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
    FlowFacts& facts = flows_[index].facts;
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
    const Found seen = find(call.contract, id);
    const std::string earlier = seen.flow ? opener_entry(*seen.flow) : std::string();
    // A reused id starts a flow of its own, so later calls are judged against this call.
    const std::size_t index = new_flow(call, id, true, possession, seen);
    flows_[index].facts.request_known = call.request_parsed;
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
    std::string possession;
    const Found known = call.flow_id ? find(call.contract, *call.flow_id, &possession) : Found{};
    if (!answered_2xx(call)) {
      // An attempt is listed with its flow but judged by no rule.
      if (known.flow) add_non_step(*known.flow, call);
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
    if (!known.flow) {
      // Calls with the same unknown id are kept together, for the flows section.
      const std::size_t index = new_flow(call, id, false, "", known);
      add_step(index, call);
      report(&flows_[index], call, "F1", unknown, {call.entry}, id);
      return;
    }
    const std::size_t index = *known.flow;
    const FlowFacts& facts = flows_[index].facts;
    if (paths_[facts.last_path] == call.path && facts.last_digest == call.request_digest) {
      add_non_step(index, call);  // the same request again: a retry or a poll, one step
      return;
    }
    add_step(index, call);
    FlowState& flow = flows_[index];
    if (!facts.opened) {
      report(&flow, call, "F1", unknown, {call.entry}, id);
      return;
    }
    const std::string opener = opener_entry(index);
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
  std::deque<FlowState> flows_;  // in the order they began, as the flows section lists them
  io::SpillFile text_{"the flow ids of a capture"};
  std::vector<std::string> paths_;
  // The latest flow of each (family, flow id): its index + 1, 0 for none; a power of two, at most half full.
  std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(1024, 0);
  std::size_t used_ = 0;
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
