#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>

#include "conform/schema.hpp"

namespace conform::engine {

// What a keyword's value holds.
enum class KeywordValue {
  schema,           // "not": {...}
  schema_array,     // "allOf": [{...}, ...]
  schema_or_array,  // "items": {...} or [{...}, ...] (before 2020-12)
  schema_map,       // "properties": {"name": {...}}
  schema_or_names,  // "dependencies": {"name": {...} or ["other", ...]}
  value,            // no schema below it
  unsupported,      // a keyword conform cannot evaluate yet: the schema is refused, never judged wrongly
};

// Where the fast path (src/engine/fast_path.cpp) may take a keyword: any
// other sends the schema to the general path. The fast path still decides
// which values it reads ("type": "object" at the root, a scalar type in a
// field); a keyword it does not read yet sends the schema there too.
enum class FastPathUse {
  no,
  annotation,      // skipped wherever it stands
  root_skipped,    // skipped in the body schema itself: identifiers, and definitions (reached by $ref only)
  root,            // read in the body schema itself
  field,           // read in the schema of one property
  root_and_field,  // "type"
};

struct Keyword {
  std::string_view name;
  KeywordValue value;
  Dialect since;                          // the first draft that has it
  Dialect until = Dialect::draft2020_12;  // the last one
  FastPathUse fast_path = FastPathUse::no;
};

// The keywords whose meaning differs between the dialects conform reads,
// every keyword that holds schemas, and every keyword the fast path may take:
// the loader, the bundler, the location finder and the fast path walk a
// schema by this one table. A keyword outside its drafts is an unknown one
// there, ignored as the drafts say.
inline constexpr Keyword kKeywords[] = {
    {"$anchor", KeywordValue::value, Dialect::draft2019_09},
    {"$comment", KeywordValue::value, Dialect::draft7, Dialect::draft2020_12, FastPathUse::annotation},
    {"$defs", KeywordValue::schema_map, Dialect::draft2019_09, Dialect::draft2020_12, FastPathUse::root_skipped},
    {"$dynamicAnchor", KeywordValue::value, Dialect::draft2020_12},
    // Resolved by the bundler where the dynamic scope cannot change the target, then read as "$ref".
    {"$dynamicRef", KeywordValue::value, Dialect::draft2020_12},
    {"$recursiveAnchor", KeywordValue::value, Dialect::draft2019_09, Dialect::draft2019_09},
    {"$recursiveRef", KeywordValue::value, Dialect::draft2019_09, Dialect::draft2019_09},
    {"$id", KeywordValue::value, Dialect::draft6, Dialect::draft2020_12, FastPathUse::root_skipped},
    {"$schema", KeywordValue::value, Dialect::draft4, Dialect::draft2020_12, FastPathUse::root_skipped},
    {"additionalItems", KeywordValue::schema, Dialect::draft4, Dialect::draft2019_09},
    // The fast path takes only "additionalProperties": false.
    {"additionalProperties", KeywordValue::schema, Dialect::draft4, Dialect::draft2020_12, FastPathUse::root},
    {"allOf", KeywordValue::schema_array, Dialect::draft4},
    {"anyOf", KeywordValue::schema_array, Dialect::draft4},
    {"const", KeywordValue::value, Dialect::draft6},
    {"contains", KeywordValue::schema, Dialect::draft6},
    // Not a keyword after draft 7, but kept in the later metaschemas so that
    // schemas using them keep their meaning (the suite tests it so).
    {"default", KeywordValue::value, Dialect::draft4, Dialect::draft2020_12, FastPathUse::annotation},
    {"definitions", KeywordValue::schema_map, Dialect::draft4, Dialect::draft2020_12, FastPathUse::root_skipped},
    {"dependencies", KeywordValue::schema_or_names, Dialect::draft4},
    {"dependentRequired", KeywordValue::value, Dialect::draft2019_09},
    {"dependentSchemas", KeywordValue::schema_map, Dialect::draft2019_09},
    {"description", KeywordValue::value, Dialect::draft4, Dialect::draft2020_12, FastPathUse::annotation},
    {"else", KeywordValue::schema, Dialect::draft7},
    {"enum", KeywordValue::value, Dialect::draft4, Dialect::draft2020_12, FastPathUse::field},
    {"examples", KeywordValue::value, Dialect::draft6, Dialect::draft2020_12, FastPathUse::annotation},
    {"id", KeywordValue::value, Dialect::draft4, Dialect::draft4, FastPathUse::root_skipped},
    {"if", KeywordValue::schema, Dialect::draft7},
    {"items", KeywordValue::schema_or_array, Dialect::draft4, Dialect::draft2019_09},
    {"items", KeywordValue::schema, Dialect::draft2020_12},
    {"maxContains", KeywordValue::value, Dialect::draft2019_09},
    {"minContains", KeywordValue::value, Dialect::draft2019_09},
    {"not", KeywordValue::schema, Dialect::draft4},
    {"oneOf", KeywordValue::schema_array, Dialect::draft4},
    {"pattern", KeywordValue::value, Dialect::draft4, Dialect::draft2020_12, FastPathUse::field},
    {"patternProperties", KeywordValue::schema_map, Dialect::draft4},
    {"prefixItems", KeywordValue::schema_array, Dialect::draft2020_12},
    {"properties", KeywordValue::schema_map, Dialect::draft4, Dialect::draft2020_12, FastPathUse::root},
    {"propertyNames", KeywordValue::schema, Dialect::draft6},
    {"required", KeywordValue::value, Dialect::draft4, Dialect::draft2020_12, FastPathUse::root},
    {"then", KeywordValue::schema, Dialect::draft7},
    {"title", KeywordValue::value, Dialect::draft4, Dialect::draft2020_12, FastPathUse::annotation},
    {"type", KeywordValue::value, Dialect::draft4, Dialect::draft2020_12, FastPathUse::root_and_field},
    {"unevaluatedItems", KeywordValue::schema, Dialect::draft2019_09},       // where its items are static
    {"unevaluatedProperties", KeywordValue::schema, Dialect::draft2019_09},  // where its names are static
};

// The vocabularies of 2019-09 and 2020-12 ("https://json-schema.org/draft/
// DIALECT/vocab/NAME") and the keywords that assert or apply in each: a
// metaschema whose "$vocabulary" leaves one out turns its keywords into
// unknown ones. Annotation-only vocabularies (meta-data, content) list none.
struct Vocabulary {
  std::string_view name;
  Dialect since;
  Dialect until;
  std::initializer_list<std::string_view> keywords;
};

inline const Vocabulary kVocabularies[] = {
    {"core", Dialect::draft2019_09, Dialect::draft2020_12, {}},
    {"applicator",
     Dialect::draft2019_09,
     Dialect::draft2019_09,
     {"additionalItems", "unevaluatedItems", "items", "contains", "additionalProperties", "unevaluatedProperties",
      "properties", "patternProperties", "dependentSchemas", "propertyNames", "if", "then", "else", "allOf", "anyOf",
      "oneOf", "not"}},
    {"applicator",
     Dialect::draft2020_12,
     Dialect::draft2020_12,
     {"prefixItems", "items", "contains", "additionalProperties", "properties", "patternProperties", "dependentSchemas",
      "propertyNames", "if", "then", "else", "allOf", "anyOf", "oneOf", "not"}},
    {"unevaluated", Dialect::draft2020_12, Dialect::draft2020_12, {"unevaluatedItems", "unevaluatedProperties"}},
    {"validation", Dialect::draft2019_09, Dialect::draft2020_12, {"type",          "enum",
                                                                  "const",         "multipleOf",
                                                                  "maximum",       "exclusiveMaximum",
                                                                  "minimum",       "exclusiveMinimum",
                                                                  "maxLength",     "minLength",
                                                                  "pattern",       "maxItems",
                                                                  "minItems",      "uniqueItems",
                                                                  "maxContains",   "minContains",
                                                                  "maxProperties", "minProperties",
                                                                  "required",      "dependentRequired"}},
    {"meta-data", Dialect::draft2019_09, Dialect::draft2020_12, {}},
    {"format", Dialect::draft2019_09, Dialect::draft2019_09, {"format"}},
    {"format-annotation", Dialect::draft2020_12, Dialect::draft2020_12, {"format"}},
    {"format-assertion", Dialect::draft2020_12, Dialect::draft2020_12, {"format"}},
    {"content", Dialect::draft2019_09, Dialect::draft2020_12, {}},
};

// The keyword `name` as `dialect` has it; nullopt when the table does not
// list it for that dialect.
inline std::optional<Keyword> keyword_in(std::string_view name, Dialect dialect) {
  for (const Keyword& keyword : kKeywords) {
    if (keyword.name == name && dialect >= keyword.since && dialect <= keyword.until) return keyword;
  }
  return std::nullopt;
}

// A keyword holding schemas in `dialect`, or nullopt.
inline std::optional<Keyword> schema_keyword(std::string_view name, Dialect dialect) {
  auto keyword = keyword_in(name, dialect);
  if (keyword && (keyword->value == KeywordValue::value || keyword->value == KeywordValue::unsupported)) {
    return std::nullopt;
  }
  return keyword;
}

// Where the fast path may take the keyword `name` in `dialect`.
inline FastPathUse fast_path_use(std::string_view name, Dialect dialect) {
  const auto keyword = keyword_in(name, dialect);
  return keyword ? keyword->fast_path : FastPathUse::no;
}

// Whether `name` is a keyword of other drafts than `dialect`: unknown there, so ignored.
inline bool outside_dialect(std::string_view name, Dialect dialect) {
  bool listed = false;
  for (const Keyword& keyword : kKeywords) listed = listed || keyword.name == name;
  return listed && !keyword_in(name, dialect);
}

}  // namespace conform::engine
