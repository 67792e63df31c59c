#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/pattern_regex.hpp"
#include "engine/valijson.hpp"

namespace conform::engine {

// Subschemas that conform's own constraints apply, by slot. valijson compiles
// them together with the schema (so their references resolve as anywhere
// else); the loader fills `subschemas` once it has, before any validation.
struct SubschemaSlots {
  std::vector<std::string> locations;  // a JSON Pointer fragment into the rewritten schema, per slot
  std::vector<const valijson::Subschema*> subschemas;
  std::map<std::string, std::size_t> by_location;

  std::size_t add(const std::string& location);
};

// patternProperties, additionalProperties beside them, propertyNames, and
// unevaluatedProperties where the names it leaves are known from the schema:
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
  MembersConstraint(const SubschemaSlots& slots, std::vector<std::string> names, std::vector<Pattern> patterns,
                    std::string patterns_at, std::optional<Applied> additional, std::optional<Applied> property_names);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(MembersConstraint); }

  const SubschemaSlots* slots_;
  std::vector<std::string> names_;  // "properties": not additional
  std::vector<Pattern> patterns_;
  std::string patterns_at_;
  std::optional<Applied> additional_;
  std::optional<Applied> property_names_;
};

// A `false` subschema: fails every value, and says so where it stands.
class FalseConstraint : public valijson::constraints::PolyConstraint {
 public:
  explicit FalseConstraint(std::string schema_location) : schema_location_(std::move(schema_location)) {}
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(FalseConstraint); }

  std::string schema_location_;
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

}  // namespace conform::engine
