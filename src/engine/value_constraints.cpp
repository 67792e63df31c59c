#include "engine/value_constraints.hpp"

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <new>

#include "conform/error.hpp"
#include "engine/constraint_error.hpp"
#include "json/numbers.hpp"

namespace conform::engine {
namespace {

thread_local const rapidjson::Value* current_body = nullptr;

// The value valijson's context ("<root>", "[name]", "[3]", ...) points at.
// The body decides what a step is: a member name in an object, an index in an array.
const rapidjson::Value* instance_at(const std::vector<std::string>& context) {
  const rapidjson::Value* node = current_body;
  for (std::size_t i = 1; node != nullptr && i < context.size(); ++i) {
    const std::string& step = context[i];
    if (step.size() < 2) return nullptr;
    const std::string_view name(step.data() + 1, step.size() - 2);
    if (node->IsArray()) {
      rapidjson::SizeType index = 0;
      const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), index);
      if (error != std::errc() || end != name.data() + name.size() || index >= node->Size()) return nullptr;
      node = &(*node)[index];
    } else if (node->IsObject()) {
      const auto member = node->FindMember(
          rapidjson::Value(rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size()))));
      node = member != node->MemberEnd() ? &member->value : nullptr;
    } else {
      return nullptr;
    }
  }
  return node;
}

std::string compact_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
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
bool is_integer(const rapidjson::Value& value, Dialect dialect) {
  if (value.IsInt64() || value.IsUint64()) return true;
  return dialect != Dialect::draft4 && value.IsDouble() && json::has_integer_value(value);
}

std::string_view type_name(const rapidjson::Value& value, Dialect dialect) {
  if (value.IsNull()) return "null";
  if (value.IsBool()) return "boolean";
  if (value.IsObject()) return "object";
  if (value.IsArray()) return "array";
  if (value.IsString()) return "string";
  return is_integer(value, dialect) ? "integer" : "number";
}

bool has_type(const rapidjson::Value& value, std::string_view type, Dialect dialect) {
  if (type == "integer") return value.IsNumber() && is_integer(value, dialect);
  if (type == "number") return value.IsNumber();
  return type_name(value, dialect) == type;
}

}  // namespace

InstanceScope::InstanceScope(const rapidjson::Value& body) noexcept : outer_(current_body) { current_body = &body; }
InstanceScope::~InstanceScope() { current_body = outer_; }

ValueConstraint::ValueConstraint(ValueKeyword keyword, std::shared_ptr<const rapidjson::Document> operand,
                                 Dialect dialect, bool exclusive, std::string schema_location)
    : keyword_(keyword),
      operand_(std::move(operand)),
      dialect_(dialect),
      exclusive_(exclusive),
      schema_location_(std::move(schema_location)) {}

bool ValueConstraint::holds(const rapidjson::Value& value) const {
  const rapidjson::Value& operand = *operand_;
  switch (keyword_) {
    case ValueKeyword::type:
      if (operand.IsString()) return has_type(value, {operand.GetString(), operand.GetStringLength()}, dialect_);
      return std::any_of(operand.Begin(), operand.End(), [&](const rapidjson::Value& type) {
        return has_type(value, {type.GetString(), type.GetStringLength()}, dialect_);
      });
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

std::string ValueConstraint::failure_message(const rapidjson::Value& value) const {
  const rapidjson::Value& operand = *operand_;
  switch (keyword_) {
    case ValueKeyword::type: {
      std::string expected;
      if (operand.IsString()) {
        expected = operand.GetString();
      } else {
        for (const auto& type : operand.GetArray()) {
          if (!expected.empty()) expected += " or ";
          expected += type.GetString();
        }
      }
      return fmt::format("expected {}, found {}", expected.empty() ? std::string("another type") : expected,
                         type_name(value, dialect_));
    }
    case ValueKeyword::maximum:
      return fmt::format("number must be {} {}", exclusive_ ? "less than" : "at most", compact_json(operand));
    case ValueKeyword::minimum:
      return fmt::format("number must be {} {}", exclusive_ ? "greater than" : "at least", compact_json(operand));
    case ValueKeyword::exclusive_maximum:
      return fmt::format("number must be less than {}", compact_json(operand));
    case ValueKeyword::exclusive_minimum:
      return fmt::format("number must be greater than {}", compact_json(operand));
    case ValueKeyword::multiple_of:
      return fmt::format("number must be a multiple of {}", compact_json(operand));
    case ValueKeyword::const_value:
      return "value is not the constant the schema requires";
    case ValueKeyword::enum_values: {
      // The allowed values come from the schema, so they may be shown.
      constexpr rapidjson::SizeType kListedValues = 10;
      if (operand.Size() > kListedValues) return "value is not one of the values the schema allows";
      std::string allowed;
      for (const auto& option : operand.GetArray()) allowed += (allowed.empty() ? "" : ", ") + compact_json(option);
      return fmt::format("value must be one of {}", allowed);
    }
  }
  return {};
}

bool ValueConstraint::validate(const valijson::adapters::Adapter&, const std::vector<std::string>& context,
                               valijson::ValidationResults* results) const {
  const rapidjson::Value* value = instance_at(context);
  if (value == nullptr) {
    // Only a body outside an InstanceScope gets here: a verdict we cannot
    // stand behind is a failure, never a pass.
    if (results != nullptr) {
      results->pushError(
          context,
          encode_constraint_error(
              {std::string(keyword_name(keyword_)), schema_location_, "value could not be located to be checked", {}}));
    }
    return false;
  }
  if (holds(*value)) return true;
  if (results != nullptr) {
    results->pushError(
        context,
        encode_constraint_error({std::string(keyword_name(keyword_)), schema_location_, failure_message(*value), {}}));
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
  operand->Parse<rapidjson::kParseFullPrecisionFlag>(operand_text.c_str(), operand_text.size());
  if (!kind || operand->HasParseError()) throw Error(fmt::format("{}: internal: unreadable {}", at, keyword));
  return new ValueConstraint(*kind, std::move(operand), dialect == "draft4" ? Dialect::draft4 : Dialect::draft7,
                             exclusive, at);
}

}  // namespace conform::engine
