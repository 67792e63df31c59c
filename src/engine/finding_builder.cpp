#include "engine/finding_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "engine/constraint_error.hpp"
#include "engine/keyword_locator.hpp"
#include "json/compact_json.hpp"
#include "json/json_pointer.hpp"
#include "json/strict_reader.hpp"
#include "json/text_position.hpp"

namespace conform::engine {
namespace {

constexpr std::size_t kValuePreviewBytes = 256;

// valijson's descriptions are fixed strings per keyword (valijson 1.0,
// validation_visitor.hpp); the prefix tells which keyword failed.
std::string_view keyword_of(std::string_view description, Dialect dialect) {
  struct Prefix {
    std::string_view text;
    std::string_view keyword;
  };
  static constexpr Prefix kPrefixes[] = {
      {"Value type not permitted by 'type'", "type"},
      {"Failed to match against any enum values", "enum"},
      {"Failed to match expected value set by 'const'", "const"},
      {"Missing required property", "required"},
      {"String should be no more than", "maxLength"},
      {"String should be no fewer than", "minLength"},
      {"Expected number less than or equal to", "maximum"},
      {"Expected number greater than or equal to", "minimum"},
      {"Array should contain no more than", "maxItems"},
      {"Array should contain no fewer than", "minItems"},
      {"Object should have no more than", "maxProperties"},
      {"Object should have no fewer than", "minProperties"},
      {"Value should be a multiple of", "multipleOf"},
      {"Value could not be converted", "multipleOf"},
      {"Target should not validate against schema specified in 'not'", "not"},
      {"Failed to validate against any child schemas allowed by oneOf", "oneOf"},
      {"Failed to validate against exactly one child schema", "oneOf"},
      {"Failed to validate against any schemas allowed by anyOf", "anyOf"},
      {"Failed to any values against subschema in 'contains'", "contains"},
      {"Elements at indexes", "uniqueItems"},
      {"Missing dependency", "dependencies"},
      {"Failed to validate against dependent schema", "dependencies"},
      {"Array contains more items than allowed by items", "additionalItems"},
      {"Cannot validate item #", "additionalItems"},
      {"Object contains a property that could not be validated", "additionalProperties"},
  };
  for (const auto& prefix : kPrefixes) {
    if (description.substr(0, prefix.text.size()) == prefix.text) return prefix.keyword;
  }
  if (description.substr(0, 25) == "Expected number less than") {
    return dialect == Dialect::draft4 ? "maximum" : "exclusiveMaximum";
  }
  if (description.substr(0, 28) == "Expected number greater than") {
    return dialect == Dialect::draft4 ? "minimum" : "exclusiveMinimum";
  }
  // Everything else repeats a nested failure (properties, items, allOf,
  // if/then/else, additional schemas) or is an enum member's own mismatch.
  return {};
}

std::string_view json_type(const rapidjson::Value& value) {
  if (value.IsNull()) return "null";
  if (value.IsBool()) return "boolean";
  if (value.IsObject()) return "object";
  if (value.IsArray()) return "array";
  if (value.IsString()) return "string";
  if (value.IsInt64() || value.IsUint64()) return "integer";
  if (value.IsDouble()) {
    const double number = value.GetDouble();
    return number == static_cast<double>(static_cast<long long>(number)) ? "integer" : "number";
  }
  return "number";
}

std::string schema_text(const rapidjson::Value* value) { return value ? json::compact_json(*value) : std::string("?"); }

std::size_t length_in_code_points(const rapidjson::Value& value) {
  std::size_t count = 0;
  const char* text = value.GetString();
  for (rapidjson::SizeType i = 0; i < value.GetStringLength(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

// valijson names a missing property in quotes; names come from the schema, not the body.
std::string quoted_name(std::string_view description) {
  const auto open = description.find('\'');
  const auto close = description.rfind('\'');
  if (open == std::string_view::npos || close <= open) return {};
  return std::string(description.substr(open + 1, close - open - 1));
}

std::string describe(std::string_view keyword, const rapidjson::Value* schema_value, const rapidjson::Value& instance,
                     std::string_view description) {
  if (keyword == "type") {
    std::string expected;
    if (schema_value && schema_value->IsArray()) {
      for (const auto& type : schema_value->GetArray()) {
        if (!expected.empty()) expected += " or ";
        expected += type.IsString() ? type.GetString() : "?";
      }
    } else if (schema_value && schema_value->IsString()) {
      expected = schema_value->GetString();
    }
    return fmt::format("expected {}, found {}", expected.empty() ? std::string("another type") : expected,
                       json_type(instance));
  }
  if (keyword == "maxLength" || keyword == "minLength") {
    return fmt::format("string is {} characters long; {} {} allowed",
                       instance.IsString() ? length_in_code_points(instance) : 0,
                       keyword == "maxLength" ? "at most" : "at least", schema_text(schema_value));
  }
  if (keyword == "maxItems" || keyword == "minItems") {
    return fmt::format("array has {} items; {} {} allowed", instance.IsArray() ? instance.Size() : 0,
                       keyword == "maxItems" ? "at most" : "at least", schema_text(schema_value));
  }
  if (keyword == "maxProperties" || keyword == "minProperties") {
    return fmt::format("object has {} properties; {} {} allowed", instance.IsObject() ? instance.MemberCount() : 0,
                       keyword == "maxProperties" ? "at most" : "at least", schema_text(schema_value));
  }
  if (keyword == "maximum") return fmt::format("number must be at most {}", schema_text(schema_value));
  if (keyword == "minimum") return fmt::format("number must be at least {}", schema_text(schema_value));
  if (keyword == "exclusiveMaximum") return fmt::format("number must be less than {}", schema_text(schema_value));
  if (keyword == "exclusiveMinimum") return fmt::format("number must be greater than {}", schema_text(schema_value));
  if (keyword == "multipleOf") return fmt::format("number must be a multiple of {}", schema_text(schema_value));
  if (keyword == "enum") {
    // The allowed values come from the schema, so they may be shown.
    constexpr rapidjson::SizeType kListedValues = 10;
    if (schema_value && schema_value->IsArray() && schema_value->Size() <= kListedValues) {
      std::string allowed;
      for (const auto& option : schema_value->GetArray())
        allowed += (allowed.empty() ? "" : ", ") + json::compact_json(option);
      return fmt::format("value must be one of {}", allowed);
    }
    return "value is not one of the values the schema allows";
  }
  if (keyword == "const") return "value is not the constant the schema requires";
  if (keyword == "required") {
    const std::string missing = quoted_name(description);
    return missing.empty() ? "a required property is missing"
                           : fmt::format("required property \"{}\" is missing", missing);
  }
  if (keyword == "anyOf") return "value matches none of the schemas in anyOf";
  if (keyword == "oneOf") return "value must match exactly one schema in oneOf";
  if (keyword == "not") {
    // {"not": {}} is how a schema forbids a member outright (often in a then branch).
    if (schema_value && schema_value->IsObject() && schema_value->ObjectEmpty()) return "not allowed here";
    return "value matches the schema in not";
  }
  if (keyword == "contains") return "no array item matches the schema in contains";
  if (keyword == "uniqueItems") return "array items are not unique";
  if (keyword == "dependencies") return "a property's dependency is not satisfied";
  if (keyword == "additionalItems") return "array has more items than the schema allows";
  return std::string(description);
}

struct Resolved {
  std::string pointer;
  std::vector<PathToken> tokens;
  const rapidjson::Value* node;
};

// The body decides what each step of valijson's "[x]" context is: a member
// name in an object, an index in an array.
Resolved resolve_context(const std::vector<std::string>& context, const rapidjson::Value& instance) {
  Resolved resolved{{}, {}, &instance};
  for (std::size_t i = 1; i < context.size(); ++i) {
    const std::string& step = context[i];
    const std::string name = step.size() >= 2 ? step.substr(1, step.size() - 2) : step;
    const rapidjson::Value* node = resolved.node;
    if (node != nullptr && node->IsArray()) {
      const auto index = static_cast<rapidjson::SizeType>(std::stoul(name));
      json::append_pointer_index(resolved.pointer, index);
      resolved.tokens.push_back({name, true});
      resolved.node = index < node->Size() ? &(*node)[index] : nullptr;
      continue;
    }
    json::append_pointer_token(resolved.pointer, name);
    resolved.tokens.push_back({name, false});
    if (node != nullptr && node->IsObject()) {
      const auto member = node->FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
      resolved.node = member != node->MemberEnd() ? &member->value : nullptr;
    } else {
      resolved.node = nullptr;
    }
  }
  return resolved;
}

std::optional<std::string> value_preview(const rapidjson::Value* node) {
  if (node == nullptr || node->IsObject() || node->IsArray()) return std::nullopt;
  std::string text = json::compact_json(*node);
  if (text.size() > kValuePreviewBytes) {
    std::size_t cut = kValuePreviewBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;  // keep UTF-8 whole
    // Closing the quote keeps the preview a recognisable string for the masker.
    text = fmt::format("{}…{} ({} bytes)", text.substr(0, cut), node->IsString() ? "\"" : "", text.size());
  }
  return text;
}

}  // namespace

std::vector<Finding> build_findings(const valijson::ValidationResults& results, const rapidjson::Value& instance,
                                    const rapidjson::Value& schema, Dialect dialect, std::string_view body,
                                    const json::OffsetIndex& recorded) {
  std::vector<Finding> findings;
  std::vector<bool> at_member_name;
  for (const auto& error : results) {
    Resolved where = resolve_context(error.context, instance);
    Finding finding;
    finding.instance_location = where.pointer;
    bool names_member = false;
    if (auto own = decode_constraint_error(error.description)) {
      finding.keyword = std::move(own->keyword);
      finding.schema_location = std::move(own->schema_location);
      finding.message = std::move(own->message);
      finding.hint = std::move(own->hint);
      if (own->warning) finding.severity = Severity::warning;
      names_member = finding.keyword == "additionalProperties" || finding.keyword == "propertyNames";
    } else {
      const std::string_view keyword = keyword_of(error.description, dialect);
      if (keyword.empty()) continue;
      finding.keyword = std::string(keyword);
      const std::string missing = keyword == "required" ? quoted_name(error.description) : std::string();
      const auto location = locate_keyword(
          schema, where.tokens, keyword,
          [&](const rapidjson::Value& value) {
            if (missing.empty() || !value.IsArray()) return true;
            return std::any_of(value.Begin(), value.End(), [&](const rapidjson::Value& name) {
              return name.IsString() && missing == std::string_view(name.GetString(), name.GetStringLength());
            });
          },
          dialect);
      if (location) finding.schema_location = location->pointer;
      static const rapidjson::Value kNull;
      finding.message =
          describe(keyword, location ? location->value : nullptr, where.node ? *where.node : kNull, error.description);
    }
    if (finding.keyword != "required") finding.value = value_preview(where.node);
    const bool duplicate = std::any_of(findings.begin(), findings.end(), [&](const Finding& seen) {
      // The message is part of the identity: one `required` fails once per missing name.
      return std::tie(seen.instance_location, seen.keyword, seen.schema_location, seen.message) ==
             std::tie(finding.instance_location, finding.keyword, finding.schema_location, finding.message);
    });
    if (duplicate) continue;
    findings.push_back(std::move(finding));
    at_member_name.push_back(names_member);
  }

  std::optional<json::OffsetIndex> wanted;
  if (!recorded.complete()) {
    std::vector<std::string> pointers;
    for (const auto& finding : findings) pointers.push_back(finding.instance_location);
    wanted.emplace(body, std::move(pointers));
  }
  const json::OffsetIndex& offsets = wanted ? *wanted : recorded;
  std::vector<std::pair<std::size_t, std::size_t>> order;  // (offset, index)
  for (std::size_t i = 0; i < findings.size(); ++i) {
    std::size_t offset = 0;
    if (const auto* found = offsets.find(findings[i].instance_location)) {
      offset = at_member_name[i] ? found->key : found->value;
    }
    const auto position = json::position_at(body, offset);
    findings[i].line = position.line;
    findings[i].column = position.column;
    order.emplace_back(offset, i);
  }
  // Findings read best in the order of the body.
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Finding> sorted;
  sorted.reserve(findings.size());
  for (const auto& entry : order) sorted.push_back(std::move(findings[entry.second]));
  return sorted;
}

}  // namespace conform::engine
