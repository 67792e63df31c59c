#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/pattern_regex.hpp"
#include "engine/valijson.hpp"

namespace conform::engine {

// What one schema evaluates of the value it applies to, for the
// unevaluatedProperties / unevaluatedItems whose annotations depend on which
// subschemas pass (anyOf, oneOf, if, dependentSchemas, contains): plans refer
// to each other, and to the slots whose subschemas decide the alternatives.
struct EvaluationPlan {
  std::vector<std::string> names;                             // properties
  std::vector<std::shared_ptr<const PatternRegex>> patterns;  // patternProperties
  bool all_properties = false;                                // additionalProperties, or an unevaluatedProperties below
  std::size_t prefix_items = 0;                               // prefixItems, or items as an array before 2020-12
  bool all_items = false;                    // items as one schema, additionalItems, an unevaluatedItems below
  std::optional<std::size_t> contains_slot;  // the items that match it are evaluated
  std::vector<std::size_t> always;           // allOf entries and $ref targets, by plan
  struct Branch {
    std::size_t slot;  // decides whether the branch passes
    std::size_t plan;
  };
  std::vector<Branch> alternatives;  // anyOf and oneOf entries: evaluated when they pass
  struct Condition {
    std::size_t slot;  // "if"
    std::size_t plan;
    std::optional<std::size_t> then_plan;
    std::optional<std::size_t> else_plan;
  };
  std::optional<Condition> condition;
  std::vector<std::pair<std::string, std::size_t>> dependent;  // dependentSchemas: name -> plan
};

// Subschemas that conform's own constraints apply, by slot. valijson compiles
// them together with the schema (so their references resolve as anywhere
// else); the loader fills `subschemas` once it has, before any validation.
struct SubschemaSlots {
  std::vector<std::string> locations;  // a JSON Pointer fragment into the rewritten schema, per slot
  std::vector<const valijson::Subschema*> subschemas;
  std::map<std::string, std::size_t> by_location;
  std::vector<EvaluationPlan> plans;  // read by the compiled UnevaluatedConstraints

  std::size_t add(const std::string& location);
};

// The members of an object valijson hands to a constraint, as RapidJSON has
// them: valijson's own member iterator copies each name it hands out (a 15 MiB
// name once more per walk), so conform's walks go by these. Objects are only
// ever reached through the body's own adapter.
struct BodyMembers {
  rapidjson::Value::ConstMemberIterator first;
  rapidjson::Value::ConstMemberIterator last;
};
BodyMembers body_members(const valijson::adapters::RapidJsonAdapter& object);

// Validates `value` against `subschema` as valijson would below `context`:
// its errors go to `results` as they come (which the error drain takes), in the
// body's own context, never held for the value's whole walk.
bool validate_below(const valijson::Subschema& subschema, const rapidjson::Value& value,
                    std::vector<std::string> context, valijson::ValidationResults* results);

// properties, patternProperties, additionalProperties (as a schema), propertyNames,
// and unevaluatedProperties where the names it leaves are known from the schema,
// in one walk of the object's members that copies no name:
// names matched by conform's own regular expressions (valijson's use
// the standard library's regex), each member's value (or name) checked against its subschema,
// and every failure reported with its keyword location.
class MembersConstraint : public valijson::constraints::PolyConstraint {
 public:
  struct Pattern {
    std::shared_ptr<const PatternRegex> regex;
    std::optional<std::size_t> slot;  // none: the pattern only marks names as evaluated (unevaluatedProperties)
  };
  struct Applied {
    std::size_t slot;
    std::string at;  // keyword location, for findings
  };
  // `names`: names that are not additional; those of `properties` also have a slot.
  MembersConstraint(const SubschemaSlots& slots, std::map<std::string, std::optional<std::size_t>, std::less<>> names,
                    std::vector<Pattern> patterns, std::string patterns_at, std::optional<Applied> additional,
                    std::optional<Applied> property_names);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(MembersConstraint); }

  const SubschemaSlots* slots_;
  std::map<std::string, std::optional<std::size_t>, std::less<>> names_;  // "properties": not additional
  std::vector<Pattern> patterns_;
  std::string patterns_at_;
  std::optional<Applied> additional_;
  std::optional<Applied> property_names_;
};

// A `false` subschema: fails every value, and says so where it stands (as
// the keyword whose value it is, for the keywords that forbid what they leave).
class FalseConstraint : public valijson::constraints::PolyConstraint {
 public:
  FalseConstraint(std::string keyword, std::string schema_location, std::string message)
      : keyword_(std::move(keyword)), schema_location_(std::move(schema_location)), message_(std::move(message)) {}
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(FalseConstraint); }

  std::string keyword_;
  std::string schema_location_;
  std::string message_;
};

// 2019-09's contains with minContains / maxContains: the items that match
// are counted (valijson's contains stops at the first).
class ContainsConstraint : public valijson::constraints::PolyConstraint {
 public:
  ContainsConstraint(const SubschemaSlots& slots, std::size_t slot, std::string schema_location, std::uint64_t min,
                     std::optional<std::uint64_t> max);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(ContainsConstraint); }

  const SubschemaSlots* slots_;
  std::size_t slot_;
  std::string schema_location_;
  std::uint64_t min_;
  std::optional<std::uint64_t> max_;
};

// unevaluatedProperties or unevaluatedItems where what is evaluated depends
// on the value: the plan of the schema around it is followed on each value
// (alternatives decided by their slots), and what is left is checked against
// the keyword's subschema.
class UnevaluatedConstraint : public valijson::constraints::PolyConstraint {
 public:
  enum class Kind { properties, items };
  UnevaluatedConstraint(const SubschemaSlots& slots, Kind kind, std::size_t plan, std::size_t slot,
                        std::string schema_location);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(UnevaluatedConstraint); }

  const SubschemaSlots* slots_;
  Kind kind_;
  std::size_t plan_;
  std::size_t slot_;
  std::string schema_location_;
};

// A keyword valijson evaluates (anyOf, oneOf, not, contains, uniqueItems,
// dependencies and what 2019-09 says with it), on a slot whose subschema
// holds that keyword alone: the findings of conform's constraints
// below it pass through, and its own failure is a finding with the keyword
// location it was built with (valijson's message says neither).
class LocatedConstraint : public valijson::constraints::PolyConstraint {
 public:
  LocatedConstraint(const SubschemaSlots& slots, std::size_t slot, std::string keyword, std::string schema_location,
                    std::string message);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(LocatedConstraint); }

  const SubschemaSlots* slots_;
  std::size_t slot_;
  std::string keyword_;
  std::string schema_location_;
  std::string message_;
};

class LocatedBuilder : public valijson::ConstraintBuilder {
 public:
  explicit LocatedBuilder(const SubschemaSlots& slots) : slots_(slots) {}
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;

 private:
  const SubschemaSlots& slots_;
};

class UnevaluatedBuilder : public valijson::ConstraintBuilder {
 public:
  explicit UnevaluatedBuilder(const SubschemaSlots& slots) : slots_(slots) {}
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;

 private:
  const SubschemaSlots& slots_;
};

class ContainsBuilder : public valijson::ConstraintBuilder {
 public:
  explicit ContainsBuilder(const SubschemaSlots& slots) : slots_(slots) {}
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;

 private:
  const SubschemaSlots& slots_;
};

class MembersBuilder : public valijson::ConstraintBuilder {
 public:
  explicit MembersBuilder(const SubschemaSlots& slots) : slots_(slots) {}
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;

 private:
  const SubschemaSlots& slots_;
};
class FalseBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};

inline constexpr const char* kMembersKeyword = "x-conform-members";
inline constexpr const char* kFalseKeyword = "x-conform-false";
inline constexpr const char* kUnevaluatedKeyword = "x-conform-unevaluated-properties";
inline constexpr const char* kContainsKeyword = "x-conform-contains";
// "x-conform-located-anyOf" and so on: one LocatedConstraint per applicator of a node.
inline constexpr const char* kLocatedPrefix = "x-conform-located-";
inline constexpr const char* kLocatedKeywords[] = {
    "anyOf", "oneOf", "not", "contains", "uniqueItems", "dependencies", "dependentRequired", "dependentSchemas"};
inline constexpr const char* kDynamicUnevaluatedPropertiesKeyword = "x-conform-dynamic-unevaluated-properties";
inline constexpr const char* kDynamicUnevaluatedItemsKeyword = "x-conform-dynamic-unevaluated-items";

}  // namespace conform::engine
