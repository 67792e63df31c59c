#include "engine/finding_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "engine/constraint_error.hpp"
#include "engine/did_you_mean.hpp"
#include "json/compact_json.hpp"
#include "json/json_pointer.hpp"
#include "json/keyed_hash.hpp"
#include "json/strict_reader.hpp"
#include "json/text_position.hpp"

namespace conform::engine {
namespace {

constexpr std::size_t kValuePreviewBytes = 256;

}  // namespace

// The keywords here fail on a constraint of conform's that is built with
// this message: it is made once, from the keyword's value.
std::string describe_located(std::string_view keyword, const rapidjson::Value& value) {
  if (keyword == "anyOf") return "value matches none of the schemas in anyOf";
  if (keyword == "oneOf") return "value must match exactly one schema in oneOf";
  if (keyword == "not") {
    // {"not": {}} is how a schema forbids a member outright (often in a then branch).
    if (value.IsObject() && value.ObjectEmpty()) return "not allowed here";
    return "value matches the schema in not";
  }
  if (keyword == "contains") return "no array item matches the schema in contains";
  if (keyword == "uniqueItems") return "array items are not unique";
  if (keyword == "dependencies") return "a property's dependency is not satisfied";
  if (keyword == "additionalItems") return "array has more items than the schema allows";
  if (keyword == "unevaluatedItems") return "array item is not evaluated by the schema and may not be there";
  if (keyword == "unevaluatedProperties") return "property is not evaluated by the schema and may not be there";
  return fmt::format("value does not conform to {}", keyword);
}

std::string describe_pattern_mismatch(std::string_view pattern) {
  return fmt::format("string does not match the pattern /{}/", pattern);
}

// The name comes from the schema, not the body.
std::string describe_missing_property(std::string_view name) {
  return fmt::format("required property \"{}\" is missing", name);
}

std::string describe_nearest_name(std::string_view name, std::span<const std::string> known) {
  const std::string nearest = nearest_name(name, known);
  if (nearest.empty()) return {};
  return describe_did_you_mean(nearest);
}

std::string describe_did_you_mean(std::string_view nearest) { return fmt::format("did you mean \"{}\"?", nearest); }

bool placed_at_name(std::string_view keyword) noexcept {
  return keyword == "additionalProperties" || keyword == "propertyNames";
}

std::optional<std::string> value_preview(const rapidjson::Value* node) {
  if (node == nullptr || node->IsObject() || node->IsArray()) return std::nullopt;
  return value_preview(json::compact_json(*node), node->IsString());
}

std::string value_preview(std::string text, bool is_string) {
  if (text.size() > kValuePreviewBytes) {
    std::size_t cut = kValuePreviewBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;  // keep UTF-8 whole
    // Closing the quote keeps the preview a recognisable string for the masker.
    text = fmt::format("{}…{} ({} bytes)", text.substr(0, cut), is_string ? "\"" : "", text.size());
  }
  return text;
}

std::string_view value_preview(std::string_view compact, bool is_string, std::string& storage) {
  if (compact.size() <= kValuePreviewBytes) return compact;
  storage = value_preview(std::string(compact), is_string);
  return storage;
}

namespace {

struct Resolved {
  std::string pointer;
  const rapidjson::Value* node;
  // Where each step is among its parent's items or members: ordering by it
  // is ordering by place in the body.
  std::vector<std::uint32_t> order;
};

// RapidJSON finds a member by looking at each; valijson reports the members
// of an object in order, so the one after the last found is tried first.
class MemberFinder {
 public:
  const rapidjson::Value* find(const rapidjson::Value& object, std::string_view name, std::uint32_t& index) {
    const rapidjson::SizeType count = object.MemberCount();
    auto matches = [&](rapidjson::SizeType i) {
      const rapidjson::Value& key = object.MemberBegin()[i].name;
      return std::string_view(key.GetString(), key.GetStringLength()) == name;
    };
    rapidjson::SizeType& next = next_[&object];
    for (const rapidjson::SizeType guess : {next, next > 0 ? next - 1 : next}) {
      if (guess < count && matches(guess)) {
        next = guess + 1;
        index = guess;
        return &object.MemberBegin()[guess].value;
      }
    }
    for (rapidjson::SizeType i = 0; i < count; ++i) {
      if (matches(i)) {
        next = i + 1;
        index = i;
        return &object.MemberBegin()[i].value;
      }
    }
    index = std::numeric_limits<std::uint32_t>::max();
    return nullptr;
  }

 private:
  std::unordered_map<const rapidjson::Value*, rapidjson::SizeType> next_;
};

// The body decides what each step of valijson's "[x]" context is: a member
// name in an object, an index in an array.
Resolved resolve_context(const std::vector<std::string>& context, const rapidjson::Value& instance,
                         MemberFinder& members) {
  Resolved resolved{{}, &instance, {}};
  for (std::size_t i = 1; i < context.size(); ++i) {
    const std::string_view step = context[i];
    const rapidjson::Value* node = resolved.node;
    if (const auto index = member_step_index(step)) {
      // conform's own walks name a member by its index: the name is read from the body.
      const bool known = node != nullptr && node->IsObject() && *index < node->MemberCount();
      if (known) {
        const rapidjson::Value& key = node->MemberBegin()[*index].name;
        json::append_pointer_token(resolved.pointer, {key.GetString(), key.GetStringLength()});
      }
      resolved.order.push_back(known ? static_cast<std::uint32_t>(*index) : std::numeric_limits<std::uint32_t>::max());
      resolved.node = known ? &node->MemberBegin()[*index].value : nullptr;
      continue;
    }
    const std::string_view name = step.size() >= 2 ? step.substr(1, step.size() - 2) : step;
    if (node != nullptr && node->IsArray()) {
      rapidjson::SizeType index = 0;
      std::from_chars(name.data(), name.data() + name.size(), index);
      json::append_pointer_index(resolved.pointer, index);
      resolved.order.push_back(index);
      resolved.node = index < node->Size() ? &(*node)[index] : nullptr;
      continue;
    }
    json::append_pointer_token(resolved.pointer, name);
    std::uint32_t index = std::numeric_limits<std::uint32_t>::max();
    resolved.node = node != nullptr && node->IsObject() ? members.find(*node, name, index) : nullptr;
    resolved.order.push_back(index);
  }
  // A place the body does not have is placed at its start (offset 0), so it sorts first.
  if (resolved.node == nullptr) resolved.order.clear();
  return resolved;
}

// What places a finding and tells it from another, beside it.
struct Placing {
  std::vector<std::uint32_t> order;  // see Resolved::order; only with a limit, to keep the first
  std::size_t sequence = 0;          // valijson's order, among findings at the same place
  std::size_t identity = 0;          // the hash of what makes two findings the same
  bool names_member = false;         // placed at the member's name rather than its value
};

// The order of the offsets the findings get: a member's name comes before its value.
bool before(const Placing& a, const Placing& b) {
  return std::make_tuple(std::cref(a.order), !a.names_member, a.sequence) <
         std::make_tuple(std::cref(b.order), !b.names_member, b.sequence);
}

std::size_t identity_of(const Finding& finding) {
  // The message is part of the identity: one `required` fails once per missing name.
  std::size_t hash = 0;
  for (const std::string* part :
       {&finding.instance_location, &finding.keyword, &finding.schema_location, &finding.message}) {
    hash = hash * 1000003U ^ json::keyed_hash(*part);
  }
  return hash;
}

bool same_identity(const FindingView& a, const Finding& b) {
  return a.instance_location == b.instance_location && a.keyword == b.keyword &&
         a.schema_location == b.schema_location && a.message == b.message;
}

// The findings kept: all of them, or with limits.max_findings the first in
// the body's order, in a heap that never holds more than that; the rest are
// counted. Duplicates are recognised by hash, each in constant time. The
// findings go straight into the result's compact list, where they stay.
class Keeper {
 public:
  // `expected`: about how many findings there will be. Reserved, not touched:
  // the pages cost nothing until findings fill them, and a vector doubled
  // while full held one and a half times its findings once more.
  Keeper(std::size_t most, std::size_t expected) : most_(most), expected_(expected) {}
  // Made when the first finding comes: a passing body reserves nothing.
  void reserve() {
    if (placings_.capacity() != 0) return;
    const std::size_t room = most_ == 0 ? expected_ : std::min(most_ + 1, expected_);
    findings_.reserve(room);
    placings_.reserve(room);
  }
  bool limited() const noexcept { return most_ != 0; }

  void add(Finding&& finding, Placing&& placing) {
    reserve();
    placing.identity = identity_of(finding);
    const auto [seen, added] = seen_.try_emplace(placing.identity, kEvicted);
    if (!added) {
      // A finding already counted; one evicted is known by its hash alone.
      if (seen->second == kEvicted || same_identity(findings_[seen->second], finding)) return;
    }
    std::size_t slot = findings_.size();
    if (free_ != kEvicted) {
      slot = std::exchange(free_, kEvicted);
      findings_.replace(slot, finding);
      placings_[slot] = std::move(placing);
    } else {
      findings_.push_back(std::move(finding));
      placings_.push_back(std::move(placing));
    }
    if (added) seen->second = slot;
    if (most_ == 0) return;
    heap_.push_back(slot);
    const auto later = [this](std::size_t a, std::size_t b) { return before(placings_[a], placings_[b]); };
    std::push_heap(heap_.begin(), heap_.end(), later);
    if (heap_.size() <= most_) return;
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const std::size_t last = heap_.back();
    heap_.pop_back();
    if (const auto found = seen_.find(placings_[last].identity); found != seen_.end() && found->second == last) {
      found->second = kEvicted;
    }
    omitted_.any_error = omitted_.any_error || findings_[last].severity == Severity::error;
    ++omitted_.count;
    findings_.replace(last, Finding{});
    free_ = last;  // taken by the next one: at most one slot is ever free
  }

  // The kept findings and their placings, in valijson's order with no limit.
  FindingList& findings() {
    if (free_ != kEvicted) {
      findings_.erase(free_);
      placings_.erase(placings_.begin() + static_cast<std::ptrdiff_t>(free_));
      free_ = kEvicted;
    }
    // No more are added: what told them apart goes before they are placed.
    std::unordered_map<std::size_t, std::size_t>().swap(seen_);
    std::vector<std::size_t>().swap(heap_);
    return findings_;
  }
  // Handed over once the findings are ordered, so it is freed before they are placed.
  std::vector<Placing>& placings() noexcept { return placings_; }
  const OmittedFindings& omitted() const noexcept { return omitted_; }

 private:
  static constexpr std::size_t kEvicted = std::numeric_limits<std::size_t>::max();
  std::size_t most_;
  std::size_t expected_;
  FindingList findings_;
  std::vector<Placing> placings_;
  std::size_t free_ = kEvicted;
  std::vector<std::size_t> heap_;                      // with a limit: the slots, the latest in the body on top
  std::unordered_map<std::size_t, std::size_t> seen_;  // identity -> slot, or kEvicted
  OmittedFindings omitted_;
};

// How many findings to make room for: one a value (a failing item, an unknown
// member: two bytes at the least), up to a bound that keeps the reservation
// small beside the address space.
std::size_t expected_findings(std::size_t body_bytes) {
  constexpr std::size_t kMostReserved = std::size_t{1} << 20;
  return std::min(body_bytes / 2 + 1, kMostReserved);
}

}  // namespace

struct FindingBuilder::Impl {
  const rapidjson::Value& instance;
  const Limits& limits;
  Keeper keeper;
  MemberFinder members;
  std::size_t sequence = 0;
};

FindingBuilder::FindingBuilder(const rapidjson::Value& instance, const Limits& limits, std::size_t body_bytes)
    : impl_(new Impl{instance, limits, Keeper(limits.max_findings, expected_findings(body_bytes)), {}, 0}) {}
FindingBuilder::~FindingBuilder() = default;

std::size_t FindingBuilder::errors_taken() const noexcept { return impl_->sequence; }

bool FindingBuilder::take(valijson::ValidationResults& results) {
  Impl& state = *impl_;
  // Taken from the front one by one: valijson's errors are freed as findings are made.
  valijson::ValidationResults::Error error;
  valijson::ValidationResults::Error spent;
  while (results.numErrors() != 0) {
    // popError copies the error (a 15 MiB member name once more); moved out of the
    // queue's own (non-const) element first, what it copies is empty.
    error = std::move(const_cast<valijson::ValidationResults::Error&>(*results.begin()));
    results.popError(spent);
    // A stop request is looked at every thousand errors.
    if ((++state.sequence & 1023U) == 0 && state.limits.stop_requested()) return false;
    Resolved where = resolve_context(error.context, state.instance, state.members);
    Placing placing;
    Finding finding;
    finding.instance_location = std::move(where.pointer);
    if (auto own = decode_constraint_error(error.description)) {
      finding.keyword = std::move(own->keyword);
      finding.schema_location = std::move(own->schema_location);
      finding.message = std::move(own->message);
      finding.hint = std::move(own->hint);
      if (own->warning) finding.severity = Severity::warning;
      placing.names_member = placed_at_name(finding.keyword);
    } else {
      // Every keyword that fails on its own runs on a constraint of conform's,
      // which says where it stands; valijson's own errors repeat a nested failure.
      continue;
    }
    if (finding.keyword != "required") finding.value = value_preview(where.node);
    if (state.keeper.limited()) placing.order = std::move(where.order);
    placing.sequence = state.sequence;
    state.keeper.add(std::move(finding), std::move(placing));
  }
  return true;
}

FindingList FindingBuilder::finish(std::string_view body, const json::OffsetIndex& recorded, OmittedFindings* omitted) {
  Keeper& keeper = impl_->keeper;
  if (omitted != nullptr) *omitted = keeper.omitted();
  FindingList& findings = keeper.findings();
  std::vector<Placing> placings = std::move(keeper.placings());

  // One pass over the body for the offsets of all of them, one for their positions.
  std::optional<json::OffsetIndex> wanted;
  if (!recorded.complete()) {
    std::vector<std::string_view> pointers;
    pointers.reserve(findings.size());
    for (const FindingView finding : findings) pointers.push_back(finding.instance_location);
    wanted.emplace(body, pointers);
  }
  const json::OffsetIndex& offsets = wanted ? *wanted : recorded;
  std::vector<std::size_t> at(findings.size(), 0);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (const auto* found = offsets.find(findings[i].instance_location)) {
      at[i] = placings[i].names_member ? found->key : found->value;
    }
  }
  wanted.reset();
  // Findings read best in the order of the body; valijson's among those at one place.
  std::vector<std::size_t> order(findings.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(at[a], placings[a].sequence) < std::tie(at[b], placings[b].sequence);
  });
  std::vector<Placing>().swap(placings);
  {
    const std::vector<json::TextPosition> positions = json::positions_at(body, at);
    for (std::size_t i = 0; i < findings.size(); ++i) findings.set_position(i, positions[i].line, positions[i].column);
  }
  std::vector<std::size_t>().swap(at);
  findings.reorder(std::move(order));
  return std::move(findings);
}

}  // namespace conform::engine
