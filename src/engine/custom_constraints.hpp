#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/formats.hpp"
#include "engine/pattern_regex.hpp"
#include "engine/simple_pattern.hpp"
#include "engine/valijson.hpp"

namespace conform::engine {

// valijson evaluates "pattern" with the standard library's regex, which overflows the stack on
// long strings and backtracks exponentially. The loader renames "pattern" to
// this keyword so that conform's own engine (RE2, else PCRE2 under a budget) decides.
class PatternConstraint : public valijson::constraints::PolyConstraint {
 public:
  // `pattern` is the schema's text; `regex` runs its translation.
  PatternConstraint(std::string pattern, std::shared_ptr<const PatternRegex> regex, std::string schema_location);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(PatternConstraint); }

  std::string pattern_;
  std::shared_ptr<const PatternRegex> regex_;
  std::optional<SimplePattern> simple_;  // the same pattern, when it needs no regex engine
  std::string schema_location_;
};

// "additionalProperties": false, reporting every unknown member (valijson
// names only the first) with the nearest known name as a hint.
class ClosedObjectConstraint : public valijson::constraints::PolyConstraint {
 public:
  ClosedObjectConstraint(std::vector<std::string> known_names,
                         std::vector<std::shared_ptr<const PatternRegex>> known_patterns, std::string schema_location);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(ClosedObjectConstraint); }

  std::vector<std::string> known_names_;
  std::vector<std::shared_ptr<const PatternRegex>> known_patterns_;
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
  FormatCheck check_;  // looked up at load, not per value; nullptr: an unknown format
  std::string schema_location_;
  bool asserted_;
};

// Draft 7's contentEncoding ("base64") and contentMediaType
// ("application/json"), asserted under --format-assertion: a string that does
// not decode, or whose (decoded) text is not JSON, fails. Other encodings and
// media types stay annotations.
class ContentConstraint : public valijson::constraints::PolyConstraint {
 public:
  ContentConstraint(std::string encoding, std::string media_type, std::string schema_location);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(ContentConstraint); }

  std::string encoding_;
  std::string media_type_;
  std::string schema_location_;
};

// "required": one finding per missing name, with the keyword location of the
// "required" that asks for it (valijson's message names neither).
class RequiredConstraint : public valijson::constraints::PolyConstraint {
 public:
  RequiredConstraint(std::vector<std::string> names, std::string schema_location);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(RequiredConstraint); }

  std::vector<std::string> names_;
  std::string schema_location_;
};

// maxLength/minLength, maxItems/minItems, maxProperties/minProperties: the
// count of a string's characters, an array's items or an object's members
// against the bound, reported with the keyword's location.
class CountConstraint : public valijson::constraints::PolyConstraint {
 public:
  CountConstraint(std::string keyword, std::uint64_t bound, std::string bound_text, std::string schema_location);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(CountConstraint); }

  std::string keyword_;
  std::uint64_t bound_;
  std::string bound_text_;  // as the schema wrote it
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
class ContentBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};
class RequiredBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};
class CountBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};
class FormatBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};

inline constexpr const char* kPatternKeyword = "x-conform-pattern";
inline constexpr const char* kClosedObjectKeyword = "x-conform-closed-object";
inline constexpr const char* kFormatKeyword = "x-conform-format";
inline constexpr const char* kContentKeyword = "x-conform-content";
inline constexpr const char* kRequiredKeyword = "x-conform-required";
inline constexpr const char* kCountKeywordPrefix = "x-conform-count-";  // + the keyword

}  // namespace conform::engine
