#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include "conform/schema.hpp"
#include "engine/valijson.hpp"
#include "json/rapidjson_config.hpp"

namespace conform::engine {

// The keywords that compare a body's values with values in the schema: type,
// maximum, minimum, exclusiveMaximum, exclusiveMinimum, multipleOf, const and
// enum. valijson 1.0 reads a uint64 past INT64_MAX as a negative number, takes
// 1.0 for no integer in draft 7, and tests multipleOf in binary floating
// point; these constraints compare the values themselves, exactly.
//
// valijson hands a constraint an adapter, which shows a uint64 past
// INT64_MAX as a negative number; the constraint then reads the value from
// the adapter's frozen copy (see ExactValue in engine/valijson.hpp).

enum class ValueKeyword {
  type,
  maximum,
  minimum,
  exclusive_maximum,
  exclusive_minimum,
  multiple_of,
  const_value,
  enum_values
};

class ValueConstraint : public valijson::constraints::PolyConstraint {
 public:
  // `operand` is the keyword's value in the schema; `exclusive` is draft 4's
  // boolean exclusiveMaximum/exclusiveMinimum beside maximum/minimum.
  ValueConstraint(ValueKeyword keyword, std::shared_ptr<const rapidjson::Document> operand, Dialect dialect,
                  bool exclusive, std::string schema_location);
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override;
  std::size_t sizeOf() const override { return sizeof(ValueConstraint); }

  bool holds(const rapidjson::Value& value) const;
  bool holds_type(std::string_view found, bool is_number) const;
  std::string type_message(std::string_view found) const;
  std::string failure_message() const;

  ValueKeyword keyword_;
  std::shared_ptr<const rapidjson::Document> operand_;
  Dialect dialect_;
  bool exclusive_;
  std::string schema_location_;
};

class ValueConstraintBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};

// The name the loader gives a keyword it hands to ValueConstraint, and the
// JSON Schema name it reports; the loader's replacement object carries
// "keyword", "operand" (the schema's value as JSON text), "dialect",
// "exclusive" and "at".
inline constexpr const char* kValueKeywordPrefix = "x-conform-value-";

}  // namespace conform::engine
