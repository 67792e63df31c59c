// Body parse-and-validate: the embedded status-request schema, a user schema
// that uses most keywords, and a flat one the fast path compiles. Each body is
// checked with the fast path and without: the reports must be the same.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "conform/embedded_schema.hpp"
#include "conform/schema.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace conform;

// Most keywords of draft 7, with local and recursive $refs and every format
// conform knows.
constexpr std::string_view kKeywordSchema = R"({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "urn:conform:fuzz:keywords",
  "definitions": {
    "name": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$", "minLength": 2, "maxLength": 16},
    "count": {"type": "integer", "minimum": 0, "maximum": 1000, "multipleOf": 5},
    "node": {
      "type": "object",
      "properties": {"name": {"$ref": "#/definitions/name"}, "children": {"type": "array", "items": {"$ref": "#/definitions/node"}, "maxItems": 3}},
      "required": ["name"],
      "additionalProperties": false
    }
  },
  "type": "object",
  "required": ["kind", "id"],
  "properties": {
    "kind": {"enum": ["a", "b", 1, null, {"x": [1]}]},
    "id": {"$ref": "#/definitions/name"},
    "version": {"const": 3},
    "count": {"$ref": "#/definitions/count"},
    "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    "tags": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1, "maxItems": 4, "uniqueItems": true},
    "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false},
    "bag": {"type": "array", "contains": {"const": "x"}},
    "when": {"type": "string", "format": "date-time"},
    "day": {"format": "date"},
    "time": {"format": "time"},
    "email": {"format": "email"},
    "host": {"format": "hostname"},
    "ip": {"anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]},
    "uuid": {"type": "string", "format": "uuid"},
    "phone": {"type": "string", "pattern": "^\\+?[0-9]{10,15}$"},
    "word": {"type": "string", "pattern": "\\w+@\\d"},
    "tree": {"$ref": "#/definitions/node"},
    "choice": {"oneOf": [{"type": "string", "maxLength": 3}, {"type": "integer"}, {"type": "boolean"}]},
    "both": {"allOf": [{"type": "integer"}, {"minimum": 10}]},
    "some": {"anyOf": [{"type": "string", "pattern": "^x"}, {"type": "number", "maximum": -1}]},
    "notnull": {"not": {"type": "null"}},
    "flags": {"type": ["boolean", "null"]},
    "meta": {
      "type": "object",
      "propertyNames": {"pattern": "^[a-z-]+$"},
      "minProperties": 1,
      "maxProperties": 3,
      "patternProperties": {"^x-": {"type": "string"}},
      "additionalProperties": {"type": ["string", "number"]}
    },
    "deps": {"type": "object", "dependencies": {"a": ["b"], "c": {"required": ["d"]}}}
  },
  "if": {"properties": {"kind": {"const": "a"}}},
  "then": {"required": ["count"]},
  "else": {"required": ["tags"]},
  "additionalProperties": false
})";

// The shape the fast path takes: a closed object of typed scalars.
constexpr std::string_view kFlatSchema = R"({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "properties": {
    "id": {"type": "string", "pattern": "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}$"},
    "phone": {"type": "string", "pattern": "^[A-Za-z0-9+]+$"},
    "mode": {"type": "string", "enum": ["desktop", "mobile", "none"]},
    "note": {"type": "string", "pattern": "^é+.?$"},
    "n": {"type": "integer"},
    "x": {"type": "number"},
    "ok": {"type": "boolean"},
    "nothing": {"type": "null"},
    "any": {}
  },
  "required": ["id"],
  "additionalProperties": false
})";

struct Pair {
  Schema fast;
  Schema general;
};

Pair load(std::string_view text, std::string origin) {
  SchemaOptions general;
  general.fast_path = false;
  return {Schema::from_text(text, origin), Schema::from_text(text, origin, general)};
}

Pair load_embedded(std::string_view name) {
  SchemaOptions general;
  general.fast_path = false;
  return {Schema::embedded(name), Schema::embedded(name, general)};
}

void check(const Pair& pair, std::string_view body, const Limits& limits) {
  const std::vector<Finding> fast = pair.fast.check(body, limits).to_vector();
  const std::vector<Finding> general = pair.general.check(body, limits).to_vector();
  const std::string fast_text = fuzz::render(fast);
  const std::string general_text = fuzz::render(general);
  CONFORM_FUZZ_CHECK(fast_text == general_text, "fast path:\n" + fast_text + "general path:\n" + general_text);
  for (const Finding& finding : fast) fuzz::check_finding(finding);
  fuzz::check_result(pair.fast.validate(body, "fuzz", limits));
}

// --max-findings inside the engine: the findings kept are the first of the
// full list, the others are counted, and the verdict does not change.
void check_most(const Pair& pair, std::string_view body, std::size_t most) {
  const std::vector<Finding> all = pair.general.check(body).to_vector();
  Limits limits;
  limits.max_findings = most;
  OmittedFindings omitted;
  const std::vector<Finding> kept = pair.general.check(body, limits, &omitted).to_vector();
  const std::string detail = "all:\n" + fuzz::render(all) + "kept:\n" + fuzz::render(kept);
  CONFORM_FUZZ_CHECK(kept.size() == std::min(all.size(), most), detail);
  CONFORM_FUZZ_CHECK(kept.size() + omitted.count == all.size(), detail);
  // The same places; among findings at one place, the order may differ.
  for (std::size_t i = 0; i < kept.size(); ++i) {
    CONFORM_FUZZ_CHECK(kept[i].line == all[i].line && kept[i].column == all[i].column, detail);
  }
  const Result whole = pair.general.validate(body, "fuzz");
  const Result cut = pair.general.validate(body, "fuzz", limits);
  CONFORM_FUZZ_CHECK(whole.status == cut.status, detail);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Pair status = load_embedded(default_schema_name);
  static const Pair keywords = load(kKeywordSchema, "fuzz-keywords");
  static const Pair flat = load(kFlatSchema, "fuzz-flat");
  const std::string_view body = fuzz::as_text(data, size);

  check(status, body, {});
  check(keywords, body, {});
  check(flat, body, {});
  // Tight limits, so that the depth and size findings are reached too.
  check(keywords, body, Limits{512, 6});
  check_most(keywords, body, 2);
  check_most(status, body, 1);
  return 0;
}
