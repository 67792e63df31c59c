#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "engine/simple_pattern.hpp"
#include "engine/valijson.hpp"

namespace re2 {
class RE2;
}

namespace conform::engine {

// valijson evaluates "pattern" with std::regex, which overflows the stack on
// long strings and backtracks exponentially. The loader renames "pattern" to
// this keyword so that RE2 (linear time, no recursion) decides instead.
class PatternConstraint : public valijson::constraints::PolyConstraint {
 public:
  // `pattern` is the schema's text; `regex` runs its RE2 translation.
  PatternConstraint(std::string pattern, std::shared_ptr<const re2::RE2> regex, std::string schema_location);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(PatternConstraint); }

  std::string pattern_;
  std::shared_ptr<const re2::RE2> regex_;
  std::optional<SimplePattern> simple_;  // the same pattern, when it needs no regex engine
  std::string schema_location_;
};

// "additionalProperties": false, reporting every unknown member (valijson
// names only the first) with the nearest known name as a hint.
class ClosedObjectConstraint : public valijson::constraints::PolyConstraint {
 public:
  ClosedObjectConstraint(std::vector<std::string> known_names,
                         std::vector<std::shared_ptr<const re2::RE2>> known_patterns, std::string schema_location);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(ClosedObjectConstraint); }

  std::vector<std::string> known_names_;
  std::vector<std::shared_ptr<const re2::RE2>> known_patterns_;
  std::string schema_location_;
};

// "format" for the formats we know: an error when the user asks for format
// assertion, else a warning (draft 7 makes format an annotation by default).
class FormatConstraint : public valijson::constraints::PolyConstraint {
 public:
  // Unasserted, a value that is not of its format is a warning and passes.
  FormatConstraint(std::string format, std::string schema_location, bool asserted);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(FormatConstraint); }

  std::string format_;
  std::string schema_location_;
  bool asserted_;
};

// valijson matches patternProperties names with std::regex, byte by byte.
// For a pattern that may read a non-ASCII character on its own (".", a
// negated class, \s ...), this checks every name both ways: where they
// disagree, valijson's verdict on the object cannot be trusted, and the
// name is reported as one conform cannot check, never passed or failed wrongly.
class PatternPropertiesGuard : public valijson::constraints::PolyConstraint {
 public:
  PatternPropertiesGuard(std::vector<std::string> patterns, std::string schema_location);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(PatternPropertiesGuard); }

  struct Pattern {
    std::string text;
    std::shared_ptr<const re2::RE2> exact;
    std::shared_ptr<const std::regex> bytewise;
  };
  std::vector<Pattern> patterns_;
  std::string schema_location_;
};

// Builds the constraints above from the objects the loader writes in place
// of the original keywords; see schema_loader.cpp for their shape.
class PatternBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};
class ClosedObjectBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};
class FormatBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};
class PatternPropertiesGuardBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};

inline constexpr const char* kPatternKeyword = "x-conform-pattern";
inline constexpr const char* kClosedObjectKeyword = "x-conform-closed-object";
inline constexpr const char* kFormatKeyword = "x-conform-format";
inline constexpr const char* kPatternPropertiesGuardKeyword = "x-conform-pattern-properties-guard";

// One compiled regex per distinct pattern text: RE2 objects are immutable and
// safe to share between threads.
std::shared_ptr<const re2::RE2> compile_pattern(const std::string& pattern);

}  // namespace conform::engine
