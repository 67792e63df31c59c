#pragma once

#include <optional>
#include <string_view>

#include "conform/schema.hpp"

namespace conform::engine {

// What a keyword's value holds, where it holds schemas.
enum class KeywordValue {
  schema,           // "not": {...}
  schema_array,     // "allOf": [{...}, ...]
  schema_or_array,  // "items": {...} or [{...}, ...]
  schema_map,       // "properties": {"name": {...}}
  schema_or_names,  // "dependencies": {"name": {...} or ["other", ...]}
};

struct SchemaKeyword {
  std::string_view name;
  KeywordValue value;
  Dialect since;  // the first draft that has it
};

// The keywords whose values are (or hold) schemas, of every dialect conform
// reads: the loader, the bundler and the location finder walk a schema by it.
inline constexpr SchemaKeyword kSchemaKeywords[] = {
    {"additionalItems", KeywordValue::schema, Dialect::draft4},
    {"additionalProperties", KeywordValue::schema, Dialect::draft4},
    {"allOf", KeywordValue::schema_array, Dialect::draft4},
    {"anyOf", KeywordValue::schema_array, Dialect::draft4},
    {"contains", KeywordValue::schema, Dialect::draft6},
    {"definitions", KeywordValue::schema_map, Dialect::draft4},
    {"dependencies", KeywordValue::schema_or_names, Dialect::draft4},
    {"else", KeywordValue::schema, Dialect::draft7},
    {"if", KeywordValue::schema, Dialect::draft7},
    {"items", KeywordValue::schema_or_array, Dialect::draft4},
    {"not", KeywordValue::schema, Dialect::draft4},
    {"oneOf", KeywordValue::schema_array, Dialect::draft4},
    {"patternProperties", KeywordValue::schema_map, Dialect::draft4},
    {"properties", KeywordValue::schema_map, Dialect::draft4},
    {"propertyNames", KeywordValue::schema, Dialect::draft6},
    {"then", KeywordValue::schema, Dialect::draft7},
};

// The schema keyword `name` in `dialect`, or nullopt (not a schema keyword
// there: in an earlier draft, a later draft's keyword is unknown).
inline std::optional<SchemaKeyword> schema_keyword(std::string_view name, Dialect dialect) {
  for (const SchemaKeyword& keyword : kSchemaKeywords) {
    if (keyword.name == name) {
      if (static_cast<int>(dialect) < static_cast<int>(keyword.since)) return std::nullopt;
      return keyword;
    }
  }
  return std::nullopt;
}

// Keywords with no schema below them that a later draft added (the value keywords).
inline constexpr SchemaKeyword kValueKeywordsSince[] = {
    {"const", KeywordValue::schema, Dialect::draft6},
};

// Whether `name` is a keyword of a later draft than `dialect`: unknown there, so ignored.
inline bool outside_dialect(std::string_view name, Dialect dialect) {
  for (const SchemaKeyword& keyword : kSchemaKeywords) {
    if (keyword.name == name) return static_cast<int>(dialect) < static_cast<int>(keyword.since);
  }
  for (const SchemaKeyword& keyword : kValueKeywordsSince) {
    if (keyword.name == name) return static_cast<int>(dialect) < static_cast<int>(keyword.since);
  }
  return false;
}

}  // namespace conform::engine
