#include "engine/member_constraints.hpp"

#include <fmt/format.h>

#include <new>
#include <set>

#include "engine/constraint_error.hpp"
#include "engine/finding_builder.hpp"
#include "engine/stop_check.hpp"

namespace conform::engine {
namespace {

using valijson::adapters::Adapter;
using valijson::adapters::RapidJsonAdapter;

// applyToObject hands out adapters that live only during the callback, so
// values are read inside it.
std::string string_of(const Adapter& object, const std::string& name) {
  std::string result;
  object.applyToObject([&](const std::string& key, const Adapter& value) {
    if (key == name) value.asString(result);
    return true;
  });
  return result;
}

std::optional<MembersConstraint::Applied> applied_of(const Adapter& object, const std::string& name) {
  std::optional<MembersConstraint::Applied> result;
  object.applyToObject([&](const std::string& key, const Adapter& value) {
    if (key != name || !value.isObject()) return true;
    MembersConstraint::Applied applied{0, {}};
    value.applyToObject([&](const std::string& field, const Adapter& item) {
      if (field == "slot") applied.slot = static_cast<std::size_t>(item.asInteger());
      if (field == "at") applied.at = item.asString();
      return true;
    });
    result = applied;
    return true;
  });
  return result;
}

void push(valijson::ValidationResults* results, std::vector<std::string> context, const ConstraintError& error) {
  if (results != nullptr) results->pushError(context, encode_constraint_error(error));
}

// Validates `value` against a slot's subschema; its findings join `results`
// below `context`, as if valijson had descended there itself (with
// `conform_only`, only those of conform's constraints).
template <typename AdapterType>
bool apply(const valijson::Subschema& subschema, const AdapterType& value, const std::vector<std::string>& context,
           valijson::ValidationResults* results, bool conform_only = false) {
  valijson::Validator validator;
  valijson::ValidationResults inner;
  if (validator.validate(subschema, value, results ? &inner : nullptr)) return true;
  valijson::ValidationResults::Error error;
  std::vector<valijson::ValidationResults::Error> errors;
  while (inner.popError(error)) {
    if (!conform_only || decode_constraint_error(error.description)) errors.push_back(std::move(error));
  }
  for (auto& each : errors) {
    std::vector<std::string> where = context;
    where.insert(where.end(), each.context.begin() + (each.context.empty() ? 0 : 1), each.context.end());
    results->pushError(where, each.description);
  }
  return false;
}

bool passes(const SubschemaSlots& slots, std::size_t slot, const RapidJsonAdapter& value) {
  return valijson::Validator().validate(*slots.subschemas[slot], value, nullptr);
}

// What the plans evaluate of one value, as 2020-12's annotations say.
struct Evaluated {
  std::set<std::size_t> members;  // by index in the object
  bool all_properties = false;
  std::size_t prefix_items = 0;
  bool all_items = false;
  std::set<std::size_t> items;
  const PatternRegex* undecided = nullptr;  // a pattern that could not tell whether a name matches
};

// Every plan is followed once per value: a plan reached again adds nothing new.
void collect(const SubschemaSlots& slots, std::size_t index, const RapidJsonAdapter& value, Evaluated& out,
             std::vector<bool>& seen) {
  if (seen[index]) return;
  seen[index] = true;
  const EvaluationPlan& plan = slots.plans[index];
  out.all_properties = out.all_properties || plan.all_properties;
  out.all_items = out.all_items || plan.all_items;
  out.prefix_items = std::max(out.prefix_items, plan.prefix_items);
  if (value.isObject() && (!plan.names.empty() || !plan.patterns.empty())) {
    const BodyMembers members = body_members(value);
    std::size_t position = 0;
    for (auto member = members.first; member != members.last; ++member, ++position) {
      const std::string_view name(member->name.GetString(), member->name.GetStringLength());
      bool matched = std::find(plan.names.begin(), plan.names.end(), name) != plan.names.end();
      for (const auto& pattern : plan.patterns) {
        if (matched) break;
        const PatternRegex::Match match = pattern->search(name);
        if (match == PatternRegex::Match::undecided) out.undecided = pattern.get();
        matched = match == PatternRegex::Match::yes;
      }
      if (matched) out.members.insert(position);
    }
  }
  if (plan.contains_slot && value.isArray()) {
    std::size_t i = 0;
    for (const auto& item : value.asArray()) {
      if (passes(slots, *plan.contains_slot, item)) out.items.insert(i);
      ++i;
    }
  }
  for (const std::size_t below : plan.always) collect(slots, below, value, out, seen);
  for (const auto& branch : plan.alternatives) {
    if (passes(slots, branch.slot, value)) collect(slots, branch.plan, value, out, seen);
  }
  if (plan.condition) {
    if (passes(slots, plan.condition->slot, value)) {
      collect(slots, plan.condition->plan, value, out, seen);
      if (plan.condition->then_plan) collect(slots, *plan.condition->then_plan, value, out, seen);
    } else if (plan.condition->else_plan) {
      collect(slots, *plan.condition->else_plan, value, out, seen);
    }
  }
  if (value.isObject()) {
    for (const auto& [name, below] : plan.dependent) {
      if (value.asObject().find(name) != value.asObject().end()) collect(slots, below, value, out, seen);
    }
  }
}

}  // namespace

namespace {

// valijson names no way to the RapidJSON iterator inside its own: an explicit
// instantiation may name a private member ([temp.spec.general]), and this one
// hands out a pointer to it, read-only.
using ValijsonMemberIterator = valijson::adapters::GenericRapidJsonObjectMemberIterator<rapidjson::Value>;
using RawMemberIterator = rapidjson::Value::ConstMemberIterator;
RawMemberIterator ValijsonMemberIterator::*raw_member_iterator();
template <RawMemberIterator ValijsonMemberIterator::*Member>
struct ExposeMemberIterator {
  friend RawMemberIterator ValijsonMemberIterator::*raw_member_iterator() { return Member; }
};
template struct ExposeMemberIterator<&ValijsonMemberIterator::m_itr>;

// valijson's visitor takes a cache of the standard library's regexes, which
// conform never fills (every pattern is its own): one per thread, of the type it asks for.
struct UnusedRegexCache {
  template <typename Cache>
  operator Cache&() const {
    thread_local Cache cache;
    return cache;
  }
};

}  // namespace

BodyMembers body_members(const RapidJsonAdapter& object) {
  const auto members = object.asObject();
  return {members.begin().*raw_member_iterator(), members.end().*raw_member_iterator()};
}

bool validate_below(const valijson::Subschema& subschema, const rapidjson::Value& value,
                    std::vector<std::string> context, valijson::ValidationResults* results) {
  valijson::ValidationVisitor<RapidJsonAdapter> visitor(RapidJsonAdapter(value), std::move(context), true, results,
                                                        UnusedRegexCache{});
  return visitor.validateSchema(subschema);
}

std::size_t SubschemaSlots::add(const std::string& location) {
  const auto [found, added] = by_location.emplace(location, locations.size());
  if (added) locations.push_back(location);
  return found->second;
}

MembersConstraint::MembersConstraint(const SubschemaSlots& slots,
                                     std::map<std::string, std::optional<std::size_t>, std::less<>> names,
                                     std::vector<Pattern> patterns, std::string patterns_at,
                                     std::optional<Applied> additional, std::optional<Applied> property_names)
    : slots_(&slots),
      names_(std::move(names)),
      patterns_(std::move(patterns)),
      patterns_at_(std::move(patterns_at)),
      additional_(std::move(additional)),
      property_names_(std::move(property_names)) {}

bool MembersConstraint::validate(const Adapter& target, const std::vector<std::string>& context,
                                 valijson::ValidationResults* results) const {
  if (!target.isObject()) return true;
  const auto* object = dynamic_cast<const RapidJsonAdapter*>(&target);
  if (object == nullptr) {
    push(results, context, {"patternProperties", patterns_at_, "conform cannot check this object", {}});
    return false;
  }
  bool valid = true;
  const BodyMembers members = body_members(*object);
  std::size_t index = 0;
  for (auto member = members.first; member != members.last; ++member, ++index) {
    StopCheck::poll();
    ErrorDrain::take(results);  // an object may have a million failing members
    const std::string_view name(member->name.GetString(), member->name.GetStringLength());
    std::vector<std::string> where = context;
    where.push_back(member_step(index));
    const auto known = names_.find(name);
    bool matched = known != names_.end();
    // In valijson's order for each member: properties, patternProperties, then additionalProperties.
    if (matched && known->second &&
        !validate_below(*slots_->subschemas[*known->second], member->value, where, results)) {
      valid = false;
      if (results == nullptr) return false;
    }
    for (const Pattern& pattern : patterns_) {
      const PatternRegex::Match match = pattern.regex->search(name);
      if (match == PatternRegex::Match::no) continue;
      matched = true;
      if (match == PatternRegex::Match::undecided) {
        valid = false;
        push(results, where, {"patternProperties", patterns_at_, undecided_message(*pattern.regex), {}});
      } else if (pattern.slot && !validate_below(*slots_->subschemas[*pattern.slot], member->value, where, results)) {
        valid = false;
      }
      if (!valid && results == nullptr) return false;
    }
    if (!matched && additional_ &&
        !validate_below(*slots_->subschemas[additional_->slot], member->value, where, results)) {
      valid = false;
      if (results == nullptr) return false;
    }
    if (property_names_) {
      valijson::ValidationResults inner;
      const std::string copy(name);  // valijson's string adapter holds a std::string
      const valijson::adapters::StdStringAdapter name_value(copy);
      if (!apply(*slots_->subschemas[property_names_->slot], name_value, {"<root>"}, &inner)) {
        valid = false;
        if (results == nullptr) return false;
        std::string message = "property name does not conform to the schema in propertyNames";
        valijson::ValidationResults::Error first;
        while (inner.popError(first)) {
          if (auto own = decode_constraint_error(first.description); own && !own->warning) {
            message = "property name: " + own->message;
          }
        }
        push(results, where, {"propertyNames", property_names_->at, message, {}});
      }
    }
  }
  return valid;
}

valijson::constraints::Constraint* MembersConstraint::cloneInto(void* memory) const {
  return new (memory) MembersConstraint(*this);
}

bool FalseConstraint::validate(const Adapter&, const std::vector<std::string>& context,
                               valijson::ValidationResults* results) const {
  push(results, context, {keyword_, schema_location_, message_, {}});
  return false;
}

valijson::constraints::Constraint* FalseConstraint::cloneInto(void* memory) const {
  return new (memory) FalseConstraint(*this);
}

ContainsConstraint::ContainsConstraint(const SubschemaSlots& slots, std::size_t slot, std::string schema_location,
                                       std::uint64_t min, std::optional<std::uint64_t> max)
    : slots_(&slots), slot_(slot), schema_location_(std::move(schema_location)), min_(min), max_(max) {}

bool ContainsConstraint::validate(const Adapter& target, const std::vector<std::string>& context,
                                  valijson::ValidationResults* results) const {
  if (!target.isArray()) return true;
  const auto* array = dynamic_cast<const RapidJsonAdapter*>(&target);
  if (array == nullptr) {
    push(results, context, {"contains", schema_location_, "conform cannot check this array", {}});
    return false;
  }
  std::uint64_t matching = 0;
  for (const auto& item : array->asArray()) {
    if (valijson::Validator().validate(*slots_->subschemas[slot_], item, nullptr)) ++matching;
  }
  if (matching < min_) {
    push(results, context,
         {"minContains",
          schema_location_,
          fmt::format("{} array items match the schema in contains; at least {} must", matching, min_),
          {}});
    return false;
  }
  if (max_ && matching > *max_) {
    push(results, context,
         {"maxContains",
          schema_location_,
          fmt::format("{} array items match the schema in contains; at most {} may", matching, *max_),
          {}});
    return false;
  }
  return true;
}

valijson::constraints::Constraint* ContainsConstraint::cloneInto(void* memory) const {
  return new (memory) ContainsConstraint(*this);
}

UnevaluatedConstraint::UnevaluatedConstraint(const SubschemaSlots& slots, Kind kind, std::size_t plan, std::size_t slot,
                                             std::string schema_location)
    : slots_(&slots), kind_(kind), plan_(plan), slot_(slot), schema_location_(std::move(schema_location)) {}

bool UnevaluatedConstraint::validate(const Adapter& target, const std::vector<std::string>& context,
                                     valijson::ValidationResults* results) const {
  const bool properties = kind_ == Kind::properties;
  if (properties ? !target.isObject() : !target.isArray()) return true;
  const char* keyword = properties ? "unevaluatedProperties" : "unevaluatedItems";
  const auto* value = dynamic_cast<const RapidJsonAdapter*>(&target);
  if (value == nullptr) {
    push(results, context, {keyword, schema_location_, "conform cannot check this value", {}});
    return false;
  }
  Evaluated evaluated;
  std::vector<bool> seen(slots_->plans.size(), false);
  collect(*slots_, plan_, *value, evaluated, seen);
  if (properties && evaluated.undecided != nullptr) {
    push(results, context, {keyword, schema_location_, undecided_message(*evaluated.undecided), {}});
    return false;
  }
  bool valid = true;
  if (properties) {
    if (evaluated.all_properties) return true;
    const BodyMembers members = body_members(*value);
    std::size_t index = 0;
    for (auto member = members.first; member != members.last; ++member, ++index) {
      if (evaluated.members.count(index) != 0) continue;
      ErrorDrain::take(results);
      std::vector<std::string> where = context;
      where.push_back(member_step(index));
      if (!validate_below(*slots_->subschemas[slot_], member->value, where, results)) {
        valid = false;
        if (results == nullptr) return false;
      }
    }
    return valid;
  }
  if (evaluated.all_items) return true;
  std::size_t index = 0;
  for (const auto& item : value->asArray()) {
    const std::size_t i = index++;
    if (i < evaluated.prefix_items || evaluated.items.count(i) != 0) continue;
    std::vector<std::string> where = context;
    where.push_back("[" + std::to_string(i) + "]");
    if (!apply(*slots_->subschemas[slot_], item, where, results)) {
      valid = false;
      if (results == nullptr) return false;
    }
  }
  return valid;
}

valijson::constraints::Constraint* UnevaluatedConstraint::cloneInto(void* memory) const {
  return new (memory) UnevaluatedConstraint(*this);
}

valijson::constraints::Constraint* UnevaluatedBuilder::make(const Adapter& value) const {
  std::size_t plan = 0;
  std::size_t slot = 0;
  bool items = false;
  value.applyToObject([&](const std::string& key, const Adapter& field) {
    if (key == "plan") plan = static_cast<std::size_t>(field.asInteger());
    if (key == "slot") slot = static_cast<std::size_t>(field.asInteger());
    if (key == "items") items = field.asBool();
    return true;
  });
  return new UnevaluatedConstraint(slots_,
                                   items ? UnevaluatedConstraint::Kind::items : UnevaluatedConstraint::Kind::properties,
                                   plan, slot, string_of(value, "at"));
}

LocatedConstraint::LocatedConstraint(const SubschemaSlots& slots, std::size_t slot, std::string keyword,
                                     std::string schema_location, std::string message)
    : slots_(&slots),
      slot_(slot),
      keyword_(std::move(keyword)),
      schema_location_(std::move(schema_location)),
      message_(std::move(message)) {}

bool LocatedConstraint::validate(const Adapter& target, const std::vector<std::string>& context,
                                 valijson::ValidationResults* results) const {
  const auto* value = dynamic_cast<const RapidJsonAdapter*>(&target);
  if (value == nullptr) {
    push(results, context, {keyword_, schema_location_, "conform cannot check this value", {}});
    return false;
  }
  if (results == nullptr) return passes(*slots_, slot_, *value);
  // valijson's own errors below repeat a nested failure, or are this keyword's: only conform's are findings.
  if (apply(*slots_->subschemas[slot_], *value, context, results, true)) return true;
  push(results, context, {keyword_, schema_location_, message_, {}});
  return false;
}

valijson::constraints::Constraint* LocatedConstraint::cloneInto(void* memory) const {
  return new (memory) LocatedConstraint(*this);
}

valijson::constraints::Constraint* LocatedBuilder::make(const Adapter& value) const {
  std::size_t slot = 0;
  value.applyToObject([&](const std::string& key, const Adapter& field) {
    if (key == "slot") slot = static_cast<std::size_t>(field.asInteger());
    return true;
  });
  return new LocatedConstraint(slots_, slot, string_of(value, "keyword"), string_of(value, "at"),
                               string_of(value, "message"));
}

valijson::constraints::Constraint* ContainsBuilder::make(const Adapter& value) const {
  std::size_t slot = 0;
  std::uint64_t min = 1;
  std::optional<std::uint64_t> max;
  value.applyToObject([&](const std::string& key, const Adapter& field) {
    if (key == "slot") slot = static_cast<std::size_t>(field.asInteger());
    if (key == "minContains") min = static_cast<std::uint64_t>(field.asInteger());
    if (key == "maxContains") max = static_cast<std::uint64_t>(field.asInteger());
    return true;
  });
  return new ContainsConstraint(slots_, slot, string_of(value, "at"), min, max);
}

valijson::constraints::Constraint* MembersBuilder::make(const Adapter& value) const {
  std::map<std::string, std::optional<std::size_t>, std::less<>> names;
  std::vector<MembersConstraint::Pattern> patterns;
  value.applyToObject([&](const std::string& key, const Adapter& field) {
    if (key == "names") {
      field.applyToArray([&](const Adapter& item) {
        names.emplace(item.asString(), std::nullopt);
        return true;
      });
    } else if (key == "properties") {
      field.applyToArray([&](const Adapter& item) {
        std::optional<std::size_t> slot;
        item.applyToObject([&](const std::string& name, const Adapter& field_value) {
          if (name == "slot") slot = static_cast<std::size_t>(field_value.asInteger());
          return true;
        });
        names[string_of(item, "name")] = slot;
        return true;
      });
    } else if (key == "patterns") {
      field.applyToArray([&](const Adapter& item) {
        patterns.push_back({compile_pattern(string_of(item, "pattern")), std::nullopt});
        item.applyToObject([&](const std::string& name, const Adapter& slot) {
          if (name == "slot") patterns.back().slot = static_cast<std::size_t>(slot.asInteger());
          return true;
        });
        return true;
      });
    }
    return true;
  });

  return new MembersConstraint(slots_, std::move(names), std::move(patterns), string_of(value, "patternsAt"),
                               applied_of(value, "additional"), applied_of(value, "propertyNames"));
}

valijson::constraints::Constraint* FalseBuilder::make(const Adapter& value) const {
  std::string keyword = string_of(value, "keyword");
  std::string message = string_of(value, "message");
  if (keyword.empty()) keyword = "false";
  if (message.empty()) message = "no value is allowed here (the schema is false)";
  return new FalseConstraint(std::move(keyword), string_of(value, "at"), std::move(message));
}

}  // namespace conform::engine
