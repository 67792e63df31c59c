#include "engine/value_constraints.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <new>
#include <optional>
#include <string>

#include "conform/error.hpp"
#include "engine/constraint_error.hpp"
#include "engine/finding_builder.hpp"
#include "engine/stop_check.hpp"
#include "json/compact_json.hpp"
#include "json/numbers.hpp"

namespace conform::engine {
namespace {

// The adapter's value as a RapidJSON value; integers as valijson reads them.
void copy_of(const valijson::adapters::Adapter& shown, rapidjson::Value& out,
             rapidjson::Document::AllocatorType& allocator) {
  if (shown.isNull()) {
    out.SetNull();
  } else if (shown.isBool()) {
    out.SetBool(shown.getBool());
  } else if (shown.isString()) {
    const std::string text = shown.getString();
    out.SetString(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
  } else if (shown.isInteger()) {
    out.SetInt64(shown.getInteger());
  } else if (shown.isDouble()) {
    out.SetDouble(shown.getDouble());
  } else if (shown.isArray()) {
    out.SetArray();
    shown.applyToArray([&](const valijson::adapters::Adapter& item) {
      rapidjson::Value copy;
      copy_of(item, copy, allocator);
      out.PushBack(copy, allocator);
      return true;
    });
  } else {
    out.SetObject();
    shown.applyToObject([&](const std::string& name, const valijson::adapters::Adapter& member) {
      rapidjson::Value copy;
      copy_of(member, copy, allocator);
      out.AddMember(rapidjson::Value(name.c_str(), allocator), copy, allocator);
      return true;
    });
  }
}

std::string_view keyword_name(ValueKeyword keyword) {
  switch (keyword) {
    case ValueKeyword::type:
      return "type";
    case ValueKeyword::maximum:
      return "maximum";
    case ValueKeyword::minimum:
      return "minimum";
    case ValueKeyword::exclusive_maximum:
      return "exclusiveMaximum";
    case ValueKeyword::exclusive_minimum:
      return "exclusiveMinimum";
    case ValueKeyword::multiple_of:
      return "multipleOf";
    case ValueKeyword::const_value:
      return "const";
    case ValueKeyword::enum_values:
      return "enum";
  }
  return {};
}

std::optional<ValueKeyword> keyword_named(std::string_view name) {
  for (const auto keyword : {ValueKeyword::type, ValueKeyword::maximum, ValueKeyword::minimum,
                             ValueKeyword::exclusive_maximum, ValueKeyword::exclusive_minimum,
                             ValueKeyword::multiple_of, ValueKeyword::const_value, ValueKeyword::enum_values}) {
    if (keyword_name(keyword) == name) return keyword;
  }
  return std::nullopt;
}

// Draft 6 made 1.0 an integer; draft 4 counts only numbers written without a fraction.
std::string_view type_name(const valijson::adapters::Adapter& value, Dialect dialect) {
  if (value.isNull()) return "null";
  if (value.isBool()) return "boolean";
  if (value.isObject()) return "object";
  if (value.isArray()) return "array";
  if (value.isString()) return "string";
  if (value.isInteger()) return "integer";
  const double number = value.getDouble();
  return dialect != Dialect::draft4 && std::isfinite(number) && std::trunc(number) == number ? "integer" : "number";
}

}  // namespace

ValueConstraint::ValueConstraint(ValueKeyword keyword, std::shared_ptr<const rapidjson::Document> operand,
                                 Dialect dialect, bool exclusive, std::string schema_location)
    : keyword_(keyword),
      operand_(std::move(operand)),
      dialect_(dialect),
      exclusive_(exclusive),
      schema_location_(std::move(schema_location)) {}

bool ValueConstraint::holds_type(std::string_view found, bool is_number) const {
  const auto allows = [&](const rapidjson::Value& type) {
    const std::string_view name(type.GetString(), type.GetStringLength());
    return name == found || (name == "number" && is_number);
  };
  const rapidjson::Value& operand = *operand_;
  return operand.IsString() ? allows(operand) : std::any_of(operand.Begin(), operand.End(), allows);
}

std::string ValueConstraint::type_message(std::string_view found) const {
  const rapidjson::Value& operand = *operand_;
  std::string expected;
  if (operand.IsString()) {
    expected = operand.GetString();
  } else {
    for (const auto& type : operand.GetArray()) {
      if (!expected.empty()) expected += " or ";
      expected += type.GetString();
    }
  }
  return fmt::format("expected {}, found {}", expected.empty() ? std::string("another type") : expected, found);
}

bool ValueConstraint::holds(const rapidjson::Value& value) const {
  const rapidjson::Value& operand = *operand_;
  switch (keyword_) {
    case ValueKeyword::type:
      return true;  // decided from the adapter, in validate()
    case ValueKeyword::maximum:
      return !value.IsNumber() ||
             (exclusive_ ? json::compare_numbers(value, operand) < 0 : json::compare_numbers(value, operand) <= 0);
    case ValueKeyword::minimum:
      return !value.IsNumber() ||
             (exclusive_ ? json::compare_numbers(value, operand) > 0 : json::compare_numbers(value, operand) >= 0);
    case ValueKeyword::exclusive_maximum:
      return !value.IsNumber() || json::compare_numbers(value, operand) < 0;
    case ValueKeyword::exclusive_minimum:
      return !value.IsNumber() || json::compare_numbers(value, operand) > 0;
    case ValueKeyword::multiple_of:
      return !value.IsNumber() || json::is_multiple_of(value, operand);
    case ValueKeyword::const_value:
      return json::json_equal(value, operand);
    case ValueKeyword::enum_values:
      return std::any_of(operand.Begin(), operand.End(),
                         [&](const rapidjson::Value& option) { return json::json_equal(value, option); });
  }
  return true;
}

std::string ValueConstraint::failure_message() const {
  const rapidjson::Value& operand = *operand_;
  switch (keyword_) {
    case ValueKeyword::type:
      return {};  // type_message()
    case ValueKeyword::maximum:
      return fmt::format("number must be {} {}", exclusive_ ? "less than" : "at most", json::compact_json(operand));
    case ValueKeyword::minimum:
      return fmt::format("number must be {} {}", exclusive_ ? "greater than" : "at least", json::compact_json(operand));
    case ValueKeyword::exclusive_maximum:
      return fmt::format("number must be less than {}", json::compact_json(operand));
    case ValueKeyword::exclusive_minimum:
      return fmt::format("number must be greater than {}", json::compact_json(operand));
    case ValueKeyword::multiple_of:
      return fmt::format("number must be a multiple of {}", json::compact_json(operand));
    case ValueKeyword::const_value:
      return "value is not the constant the schema requires";
    case ValueKeyword::enum_values: {
      // The allowed values come from the schema, so they may be shown.
      constexpr rapidjson::SizeType kListedValues = 10;
      if (operand.Size() > kListedValues) return "value is not one of the values the schema allows";
      std::string allowed;
      for (const auto& option : operand.GetArray())
        allowed += (allowed.empty() ? "" : ", ") + json::compact_json(option);
      return fmt::format("value must be one of {}", allowed);
    }
  }
  return {};
}

bool ValueConstraint::validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                               valijson::ValidationResults* results) const {
  StopCheck::poll();
  ErrorDrain::take(results);
  const bool compares_numbers =
      keyword_ != ValueKeyword::type && keyword_ != ValueKeyword::const_value && keyword_ != ValueKeyword::enum_values;
  if (compares_numbers && !target.isNumber()) return true;
  if (keyword_ == ValueKeyword::type) {
    const std::string_view found = type_name(target, dialect_);
    bool passes = holds_type(found, target.isNumber());
    // Draft 4's integer is a number written without a fraction or exponent;
    // past 64 bits the body's number is a double, which no longer says how it
    // was written. Schema::check then judges the body both ways.
    if (dialect_ == Dialect::draft4 && found == "number" && passes != holds_type("integer", true)) {
      const double number = target.getDouble();
      constexpr double kPast64Bits = 9223372036854775808.0;  // 2^63: every integer literal below is an int64 or uint64
      if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) >= kPast64Bits) {
        SpellingLost& lost = SpellingLost::current();
        lost.met = true;
        if (lost.as_integer) passes = !passes;
      }
    }
    if (passes) return true;
    if (results != nullptr) {
      results->pushError(context, encode_constraint_error({"type", schema_location_, type_message(found), {}}));
    }
    return false;
  }
  // A value whose adapter may hide a uint64 (a negative integer, or a
  // container) is taken whole from a frozen copy; others as the adapter shows
  // them, a scalar without a document or a pool (this runs for every value an
  // enum, const or bound meets).
  rapidjson::Value scalar;
  std::string text;                          // a string scalar's characters, which `scalar` refers to
  std::optional<rapidjson::Document> shown;  // a copy, for an adapter that cannot freeze exactly
  std::unique_ptr<valijson::adapters::FrozenValue> frozen;
  const rapidjson::Value* value = &scalar;
  if (target.isString() || target.isBool() || target.isNull() || target.isDouble() ||
      (target.isInteger() && target.getInteger() >= 0)) {
    // In copy_of's order.
    if (target.isNull()) {
      scalar.SetNull();
    } else if (target.isBool()) {
      scalar.SetBool(target.getBool());
    } else if (target.isString()) {
      text = target.getString();
      scalar.SetString(rapidjson::StringRef(text.data(), static_cast<rapidjson::SizeType>(text.size())));
    } else if (target.isInteger()) {
      scalar.SetInt64(target.getInteger());
    } else {
      scalar.SetDouble(target.getDouble());
    }
  } else {
    frozen.reset(target.freeze());
    if (const auto* exact = dynamic_cast<const ExactValue*>(frozen.get())) {
      value = &exact->value();
    } else {
      copy_of(target, shown.emplace(), shown->GetAllocator());
      value = &*shown;
    }
  }
  if (holds(*value)) return true;
  if (results != nullptr) {
    results->pushError(context, encode_constraint_error(
                                    {std::string(keyword_name(keyword_)), schema_location_, failure_message(), {}}));
  }
  return false;
}

valijson::constraints::Constraint* ValueConstraint::cloneInto(void* memory) const {
  return new (memory) ValueConstraint(*this);
}

valijson::constraints::Constraint* ValueConstraintBuilder::make(const valijson::adapters::Adapter& value) const {
  std::string keyword, operand_text, dialect, at;
  bool exclusive = false;
  value.applyToObject([&](const std::string& key, const valijson::adapters::Adapter& member) {
    if (key == "keyword") member.asString(keyword);
    if (key == "operand") member.asString(operand_text);
    if (key == "dialect") member.asString(dialect);
    if (key == "at") member.asString(at);
    if (key == "exclusive") member.asBool(exclusive);
    return true;
  });
  const auto kind = keyword_named(keyword);
  auto operand = std::make_shared<rapidjson::Document>();
  operand->Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseIterativeFlag>(operand_text.c_str(),
                                                                                      operand_text.size());
  if (!kind || operand->HasParseError()) throw Error(fmt::format("{}: internal: unreadable {}", at, keyword));
  return new ValueConstraint(*kind, std::move(operand), dialect == "draft4" ? Dialect::draft4 : Dialect::draft7,
                             exclusive, at);
}

}  // namespace conform::engine
