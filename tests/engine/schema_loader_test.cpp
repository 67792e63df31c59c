#include "engine/schema_loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "conform/error.hpp"
#include "conform/schema.hpp"

// The defects of issue #15, each a schema the engine once judged wrongly or refused.
namespace conform {
namespace {

std::size_t errors(const Schema& schema, std::string_view body) {
  std::size_t count = 0;
  for (const FindingView& finding : schema.check(body)) count += finding.severity == Severity::error ? 1 : 0;
  return count;
}

// n members whose names are `name` plus a number.
std::string object_of(std::size_t n, const std::string& name) {
  std::string body = "{";
  for (std::size_t i = 0; i < n; ++i) body += (i ? ", \"" : "\"") + name + std::to_string(i) + "\": 1";
  return body + "}";
}

TEST(ReferencedPropertyNames, CheckEachNameAgainstItsOwnSchema) {
  const Schema schema = Schema::from_text(
      R"({"$ref": "#/definitions/short", "definitions": {"short": {"propertyNames": {"maxLength": 3}}}})", "test");
  for (const std::size_t n : {1U, 2U, 4U, 8U}) {
    const auto findings = schema.check(object_of(n, "long"));  // "long0": 5 characters
    ASSERT_EQ(findings.size(), n);
    EXPECT_EQ(findings[0].keyword, "propertyNames");
    EXPECT_EQ(findings[0].instance_location, "/long0");
    EXPECT_EQ(findings[0].schema_location, "#/definitions/short/propertyNames");
    EXPECT_EQ(errors(schema, object_of(n, "a")), 0U);
  }
  const Schema closed =
      Schema::from_text(R"({"$ref": "#/definitions/none", "definitions": {"none": {"propertyNames": false}}})", "test");
  EXPECT_EQ(errors(closed, R"({"a": 1})"), 1U);
  EXPECT_EQ(errors(closed, "{}"), 0U);
  const Schema patterned = Schema::from_text(R"x({"propertyNames": {"pattern": "^(?!x-)"}})x", "test");
  const auto findings = patterned.check(R"({"x-a": 1, "b": 2})");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].message, "property name: string does not match the pattern /^(?!x-)/");
}

TEST(References, FragmentsHoldEveryLegalCharacterAndEmptyTokens) {
  const Schema schema = Schema::from_text(
      R"({"$ref": "#/$defs/a$b@c:d(e),f%25g", "$defs": {"a$b@c:d(e),f%g": {"type": "integer"}}})", "test");
  EXPECT_EQ(errors(schema, "1"), 0U);
  EXPECT_EQ(errors(schema, "\"x\""), 1U);
  const Schema empty = Schema::from_text(
      R"({"$ref": "#/definitions//definitions/", "definitions": {"": {"definitions": {"": {"type": "number"}}}}})",
      "test");
  EXPECT_EQ(errors(empty, "1"), 0U);
  EXPECT_EQ(errors(empty, "\"x\""), 1U);
}

TEST(References, ASiblingIdDoesNotChangeTheBase) {
  const Schema schema = Schema::from_text(R"({
      "$id": "http://example.com/base/",
      "definitions": {"foo": {"$id": "http://example.com/foo.json", "type": "string"},
                      "base_foo": {"$id": "foo.json", "type": "number"}},
      "allOf": [{"$id": "http://example.com/", "$ref": "foo.json"}]})",
                                          "test");
  EXPECT_EQ(errors(schema, "1"), 0U);
  EXPECT_EQ(errors(schema, "\"a\""), 1U);
}

TEST(Dialects, KeywordsADialectLacksAreIgnored) {
  const Schema draft4 = Schema::from_text(
      R"({"$schema": "http://json-schema.org/draft-04/schema#", "propertyNames": {"maxLength": 1},
          "if": {"type": "string"}, "then": {"minLength": 5}, "const": 1, "contains": {"type": "string"}})",
      "test");
  EXPECT_EQ(errors(draft4, R"({"long": 1})"), 0U);
  EXPECT_EQ(errors(draft4, "\"ab\""), 0U);
  EXPECT_EQ(errors(draft4, "[1]"), 0U);
  const Schema draft6 = Schema::from_text(
      R"({"$schema": "http://json-schema.org/draft-06/schema#", "if": {"type": "string"}, "then": {"minLength": 5},
          "propertyNames": {"maxLength": 1}})",
      "test");
  EXPECT_EQ(draft6.dialect(), Dialect::draft6);
  EXPECT_EQ(errors(draft6, "\"ab\""), 0U);
  EXPECT_EQ(errors(draft6, R"({"long": 1})"), 1U);
  const Schema draft7 = Schema::from_text(
      R"({"$schema": "http://json-schema.org/draft-07/schema#", "if": {"type": "string"}, "then": {"minLength": 5}})",
      "test");
  EXPECT_EQ(errors(draft7, "\"ab\""), 1U);
}

TEST(PatternProperties, RunOnConformsOwnEngine) {
  const Schema schema = Schema::from_text(
      R"({"patternProperties": {"^(?<prefix>x)-": {"type": "integer"}, "^(?!id$)[a-z]+$": {"type": "string"},
                                "^(.)\\1$": {"type": "null"}},
          "additionalProperties": {"type": "boolean"}})",
      "test");
  EXPECT_EQ(errors(schema, R"({"x-a": 1, "name": "n", "11": null, "id": true, "B": false})"), 0U);
  EXPECT_EQ(errors(schema, R"({"x-a": "1"})"), 1U);
  EXPECT_EQ(errors(schema, R"({"name": 1})"), 1U);
  EXPECT_EQ(errors(schema, R"({"aa": 1})"), 2U);  // "^(?!id$)[a-z]+$" too
  EXPECT_EQ(errors(schema, R"({"id": 1})"), 1U);  // additionalProperties
  // Names far longer than std::regex's recursion survives.
  for (const std::size_t length : {std::size_t{100000}, std::size_t{200000}}) {
    const std::string body = "{\"" + std::string(length, 'x') + "\": \"s\"}";
    EXPECT_EQ(errors(schema, body), 0U) << length;
    EXPECT_EQ(errors(Schema::from_text(R"({"patternProperties": {"^x*$": {"type": "integer"}}})", "test"), body), 1U);
  }
}

TEST(FalseSchemas, FailWithAFindingOfTheirOwn) {
  const Schema schema =
      Schema::from_text(R"({"properties": {"gone": false, "n": {"type": "integer"}}, "items": false})", "test");
  for (const std::size_t n : {1U, 2U, 4U}) {
    std::string body = "[";
    for (std::size_t i = 0; i < n; ++i) body += i ? ", 1" : "1";
    const auto findings = schema.check(body + "]");
    ASSERT_EQ(findings.size(), n);
    EXPECT_EQ(findings[0].keyword, "false");
    EXPECT_EQ(findings[0].schema_location, "#/items");
  }
  const auto findings = schema.check(R"({"gone": 1, "n": "x"})");
  ASSERT_EQ(findings.size(), 2U);
  EXPECT_EQ(findings[0].instance_location, "/gone");
  EXPECT_EQ(findings[0].schema_location, "#/properties/gone");
  EXPECT_EQ(findings[1].keyword, "type");
  const auto root = Schema::from_text("false", "test").check("{}");
  ASSERT_EQ(root.size(), 1U);
  EXPECT_EQ(root[0].message, "no value is allowed here (the schema is false)");
}

// 2019-09 and 2020-12, as far as conform reads them: what it cannot
// evaluate yet refuses the schema (UnusableSchema tests that).
TEST(Dialect2020, KeywordsOfTheLaterDrafts) {
  const auto load = [](const std::string& keywords) {
    return Schema::from_text(R"({"$schema": "https://json-schema.org/draft/2020-12/schema", )" + keywords + "}",
                             "test");
  };
  const Schema defs = load(R"("$ref": "#/$defs/n", "minimum": 0, "$defs": {"n": {"type": "integer"}})");
  EXPECT_EQ(defs.dialect(), Dialect::draft2020_12);
  EXPECT_EQ(errors(defs, "1"), 0U);
  EXPECT_EQ(errors(defs, "\"x\""), 1U);
  EXPECT_EQ(errors(defs, "-1"), 1U);  // beside $ref, minimum applies now
  const Schema anchor = load(R"("$ref": "#name", "$defs": {"a": {"$anchor": "name", "type": "string"}})");
  EXPECT_EQ(errors(anchor, "\"x\""), 0U);
  EXPECT_EQ(errors(anchor, "1"), 1U);
  const Schema dependent = load(R"("dependentRequired": {"a": ["b"]}, "dependentSchemas": {"c": {"required": ["d"]}})");
  EXPECT_EQ(errors(dependent, R"({"a": 1, "b": 2, "c": 3, "d": 4})"), 0U);
  EXPECT_EQ(errors(dependent, R"({"a": 1})"), 1U);
  EXPECT_GE(errors(dependent, R"({"c": 1})"), 1U);  // "required", and "dependencies" around it
  const Schema tuple = load(R"("prefixItems": [{"type": "integer"}, {"type": "string"}], "items": false)");
  EXPECT_EQ(errors(tuple, R"([1, "a"])"), 0U);
  EXPECT_GE(errors(tuple, R"(["a"])"),
            1U);  // valijson tries an item that fails its items schema on additionalItems too
  // Findings name the keyword where the later drafts have it.
  EXPECT_EQ(tuple.check(R"(["a"])").front().schema_location, "#/prefixItems/0/type");
  EXPECT_EQ(dependent.check(R"({"c": 1})").front().schema_location, "#/dependentSchemas/c/required");
  for (const std::size_t extra : {1U, 2U, 4U}) {
    std::string body = R"([1, "a")";
    for (std::size_t i = 0; i < extra; ++i) body += ", null";
    EXPECT_EQ(errors(tuple, body + "]"), extra);
  }
  const Schema counted = load(R"("contains": {"type": "integer"}, "minContains": 2, "maxContains": 3)");
  EXPECT_EQ(errors(counted, "[1, 2]"), 0U);
  EXPECT_EQ(errors(counted, R"([1, "a"])"), 1U);
  EXPECT_EQ(errors(counted, "[1, 2, 3, 4]"), 1U);
  EXPECT_EQ(errors(load(R"("contains": {"type": "integer"}, "minContains": 0)"), "[]"), 0U);
  EXPECT_THROW(load(R"("items": [{"type": "integer"}])"), Error);  // an array of schemas is prefixItems now
  const Schema draft2019 = Schema::from_text(
      R"({"$schema": "https://json-schema.org/draft/2019-09/schema", "items": [{"type": "integer"}],
          "additionalItems": false})",
      "test");
  EXPECT_EQ(errors(draft2019, "[1]"), 0U);
  EXPECT_EQ(errors(draft2019, "[1, 2]"), 1U);
}

// unevaluatedProperties where the evaluated names follow from the schema
// (properties and patternProperties here and below allOf and $ref); beside
// an alternative (anyOf, oneOf, if, dependentSchemas) it refuses the schema.
TEST(Dialect2020, UnevaluatedPropertiesWithStaticNames) {
  const auto load = [](const std::string& keywords) {
    return Schema::from_text(R"({"$schema": "https://json-schema.org/draft/2020-12/schema", )" + keywords + "}",
                             "test");
  };
  const Schema schema = load(R"("properties": {"a": true}, "allOf": [{"$ref": "#/$defs/b"}],
      "$defs": {"b": {"patternProperties": {"^b": true}}}, "unevaluatedProperties": false)");
  EXPECT_EQ(errors(schema, R"({"a": 1, "b1": 2, "bb": 3})"), 0U);
  for (const std::size_t n : {1U, 2U, 4U}) {
    const auto findings = schema.check(object_of(n, "x"));
    ASSERT_EQ(findings.size(), n);
    EXPECT_EQ(findings[0].instance_location, "/x0");
    EXPECT_EQ(findings[0].schema_location, "#/unevaluatedProperties");
  }
  const Schema typed = load(R"("properties": {"a": true}, "unevaluatedProperties": {"type": "integer"})");
  EXPECT_EQ(errors(typed, R"({"a": "s", "z": 1})"), 0U);
  EXPECT_EQ(errors(typed, R"({"z": "s"})"), 1U);
  // Nested: the inner one sees only its own names.
  const Schema nested = load(R"("allOf": [{"properties": {"a": true}, "unevaluatedProperties": false}],
      "properties": {"b": true}, "unevaluatedProperties": false)");
  EXPECT_EQ(errors(nested, R"({"a": 1})"), 0U);
  EXPECT_EQ(errors(nested, R"({"a": 1, "b": 1})"), 1U);
  EXPECT_EQ(errors(load(R"("additionalProperties": true, "unevaluatedProperties": false)"), R"({"z": 1})"), 0U);
}

// What anyOf, oneOf, if/then/else, dependentSchemas and contains evaluate
// depends on the value: the names and items a passing branch evaluates,
// and only those.
TEST(Dialect2020, UnevaluatedAcrossEveryApplicator) {
  const auto load = [](const std::string& keywords) {
    return Schema::from_text(R"({"$schema": "https://json-schema.org/draft/2020-12/schema", )" + keywords + "}",
                             "test");
  };
  const Schema any = load(R"("anyOf": [{"properties": {"a": true}, "required": ["a"]},
      {"$ref": "#/$defs/b"}], "$defs": {"b": {"patternProperties": {"^b": true}, "required": ["b0"]}},
      "unevaluatedProperties": false)");
  EXPECT_EQ(errors(any, R"({"a": 1})"), 0U);
  EXPECT_EQ(errors(any, R"({"b0": 1, "b1": 1})"), 0U);
  EXPECT_EQ(errors(any, R"({"a": 1, "b0": 1})"), 0U);
  // "a" is evaluated only by the first branch, which fails without "a": "b…" names stay unevaluated there.
  for (const std::size_t n : {1U, 2U, 4U, 8U}) {
    std::string body = object_of(n, "x");
    body.insert(1, R"("a": 1, )");
    EXPECT_EQ(errors(any, body), n);
  }
  const Schema condition = load(R"("if": {"properties": {"kind": {"const": "p"}}, "required": ["kind"]},
      "then": {"properties": {"p": true}}, "else": {"properties": {"e": true}},
      "unevaluatedProperties": false)");
  EXPECT_EQ(errors(condition, R"({"kind": "p", "p": 1})"), 0U);
  EXPECT_EQ(errors(condition, R"({"kind": "p", "e": 1})"), 1U);
  EXPECT_EQ(errors(condition, R"({"e": 1})"), 0U);
  EXPECT_EQ(errors(condition, R"({"kind": "q", "e": 1})"), 1U);  // "kind": the failing if evaluates nothing
  const Schema dependent = load(R"("dependentSchemas": {"a": {"properties": {"b": true}}},
      "properties": {"a": true}, "unevaluatedProperties": false)");
  EXPECT_EQ(errors(dependent, R"({"a": 1, "b": 1})"), 0U);
  EXPECT_EQ(errors(dependent, R"({"b": 1})"), 1U);
  const Schema one = load(R"("oneOf": [{"properties": {"a": {"type": "string"}}}, {"properties": {"a": {"type":
      "integer"}, "b": true}}], "unevaluatedProperties": false)");
  EXPECT_EQ(errors(one, R"({"a": 1, "b": 1})"), 0U);
  EXPECT_EQ(errors(one, R"({"a": "s", "b": 1})"), 1U);
  const Schema contains = load(R"("contains": {"type": "string"}, "unevaluatedItems": false)");
  for (const std::size_t n : {1U, 2U, 4U, 8U}) {
    std::string body = R"(["s")";
    for (std::size_t i = 0; i < n; ++i) body += ", 1, \"t\"";
    EXPECT_EQ(errors(contains, body + "]"), n);  // every number is left unevaluated
  }
  const Schema items = load(R"("anyOf": [{"prefixItems": [true, true]}, {"items": {"type": "string"}}],
      "unevaluatedItems": false)");
  EXPECT_EQ(errors(items, R"([1, 2])"), 0U);
  EXPECT_EQ(errors(items, R"(["a", "b", "c"])"), 0U);
  EXPECT_EQ(errors(items, R"([1, 2, 3])"), 1U);
}

TEST(Dialect2020, UnevaluatedItemsWithStaticItems) {
  const Schema schema = Schema::from_text(
      R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "prefixItems": [{"type": "string"}],
          "allOf": [{"prefixItems": [true, {"type": "number"}]}], "unevaluatedItems": false})",
      "test");
  EXPECT_EQ(errors(schema, R"(["a", 1])"), 0U);
  for (const std::size_t extra : {1U, 2U, 4U}) {
    std::string body = R"(["a", 1)";
    for (std::size_t i = 0; i < extra; ++i) body += ", true";
    EXPECT_EQ(errors(schema, body + "]"), extra);
  }
  const Schema draft2019 = Schema::from_text(
      R"({"$schema": "https://json-schema.org/draft/2019-09/schema", "additionalItems": {"type": "number"},
          "unevaluatedItems": {"type": "string"}})",
      "test");
  EXPECT_EQ(errors(draft2019, R"(["a", "b"])"), 0U);  // additionalItems without items evaluates nothing
  EXPECT_EQ(errors(draft2019, R"(["a", 1])"), 1U);
}

// $dynamicRef and $recursiveRef go to the outermost dynamic anchor: fixed
// where the root holds one, refused where the path decides.
TEST(Dialect2020, DynamicReferences) {
  const Schema tree = Schema::from_text(
      R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:strict", "$dynamicAnchor": "node",
          "$ref": "urn:tree", "unevaluatedProperties": false,
          "$defs": {"tree": {"$id": "urn:tree", "$dynamicAnchor": "node", "type": "object",
                             "properties": {"data": true, "children": {"type": "array",
                                            "items": {"$dynamicRef": "#node"}}}}}})",
      "test");
  EXPECT_EQ(errors(tree, R"({"children": [{"data": 1}]})"), 0U);
  // The root's anchor applies below: a misspelt name in a child is unevaluated there.
  for (const std::size_t n : {1U, 2U, 4U}) {
    std::string children;
    for (std::size_t i = 0; i < n; ++i) children += std::string(i ? ", " : "") + R"({"daat": 1})";
    EXPECT_EQ(errors(tree, R"({"children": [)" + children + "]}"), n);
  }
  const Schema recursive = Schema::from_text(
      R"({"$schema": "https://json-schema.org/draft/2019-09/schema", "$recursiveAnchor": true,
          "properties": {"next": {"$recursiveRef": "#"}}, "required": ["v"]})",
      "test");
  EXPECT_EQ(errors(recursive, R"({"v": 1, "next": {"v": 2, "next": {"v": 3}}})"), 0U);
  EXPECT_EQ(errors(recursive, R"({"v": 1, "next": {"v": 2, "next": {}}})"), 1U);
}

// `kinds` lists, each a resource that holds its own "$dynamicAnchor": "t" and
// refers to one generic list whose items are "$dynamicRef": "#t": the item
// schema depends on the way the evaluation took to the list.
std::string kinds_of_lists(std::size_t kinds, const std::string& pick) {
  std::string branches;
  std::string defs = R"("list": {"$id": "urn:list", "$defs": {"d": {"$dynamicAnchor": "t"}},
                                 "items": {"$dynamicRef": "#t"}})";
  for (std::size_t i = 0; i < kinds; ++i) {
    const std::string k = std::to_string(i);
    branches += std::string(i ? ", " : "") + R"({"$ref": "urn:k)" + k + "\"}";
    defs += R"(, "k)" + k + R"(": {"$id": "urn:k)" + k + R"(", "$ref": "urn:list",
                            "$defs": {"item": {"$dynamicAnchor": "t", "const": )" +
            k + "}}}";
  }
  return R"({"$schema": "https://json-schema.org/draft/2020-12/schema", ")" + pick + R"(": [)" + branches +
         R"(], "$defs": {)" + defs + "}}";
}

// Where the target depends on the path, each way gets the target of its own
// dynamic scope.
TEST(Dialect2020, DynamicReferenceByThePathTaken) {
  for (const std::size_t kinds : {1U, 2U, 4U, 8U, 16U}) {
    const Schema schema = Schema::from_text(kinds_of_lists(kinds, "anyOf"), "test");
    for (std::size_t i = 0; i < kinds; ++i) {
      const std::string k = std::to_string(i);
      EXPECT_EQ(errors(schema, "[" + k + ", " + k + "]"), 0U) << kinds << " kinds, list of " << k;
      EXPECT_GT(errors(schema, "[" + k + ", " + std::to_string(kinds) + "]"), 0U) << kinds << " kinds";
      if (i > 0) {
        EXPECT_GT(errors(schema, "[" + k + ", 0]"), 0U) << kinds << " kinds";
      }
    }
    // oneOf: exactly one way fits a list of one kind.
    const Schema one = Schema::from_text(kinds_of_lists(kinds, "oneOf"), "test");
    EXPECT_EQ(errors(one, "[0, 0, 0]"), 0U);
    EXPECT_GT(errors(one, R"(["x"])"), 0U);
  }
  // 2019-09: "$recursiveRef" goes to the outermost resource with "$recursiveAnchor": true.
  const Schema recursive = Schema::from_text(
      R"({"$schema": "https://json-schema.org/draft/2019-09/schema",
          "properties": {"ints": {"$ref": "urn:ints"}, "any": {"$ref": "urn:any"}},
          "$defs": {"node": {"$id": "urn:node", "$recursiveAnchor": true,
                             "additionalProperties": {"$recursiveRef": "#"}},
                    "ints": {"$id": "urn:ints", "$recursiveAnchor": true, "type": ["object", "integer"],
                             "$ref": "urn:node"},
                    "any": {"$id": "urn:any", "$recursiveAnchor": true, "$ref": "urn:node"}}})",
      "test");
  EXPECT_EQ(errors(recursive, R"({"ints": {"a": {"b": 1}}, "any": {"a": {"b": 1.5}}})"), 0U);
  for (const std::size_t depth : {1U, 2U, 4U, 8U}) {
    std::string nested = "1.5";
    for (std::size_t i = 0; i < depth; ++i) nested = R"({"n": )" + nested + "}";
    EXPECT_EQ(errors(recursive, R"({"any": )" + nested + "}"), 0U) << depth;
    EXPECT_EQ(errors(recursive, R"({"ints": )" + nested + "}"), 1U) << depth;
  }
}

// A finding made in a resource copied for one dynamic scope names the
// location the user wrote.
TEST(Dialect2020, DynamicScopeFindingNamesTheSchemaAsWritten) {
  const Schema schema = Schema::from_text(kinds_of_lists(2, "anyOf"), "test");
  const auto findings = schema.check("[1, 0]");
  ASSERT_FALSE(findings.empty());
  for (const FindingView& finding : findings) {
    EXPECT_EQ(finding.schema_location.find("x-conform"), std::string::npos) << finding.schema_location;
  }
  const Schema properties = Schema::from_text(
      R"({"$schema": "https://json-schema.org/draft/2020-12/schema",
          "properties": {"a": {"$ref": "urn:k0"}, "b": {"$ref": "urn:k1"}},
          "$defs": {"list": {"$id": "urn:list", "$defs": {"d": {"$dynamicAnchor": "t"}},
                             "items": {"$dynamicRef": "#t"}},
                    "k0": {"$id": "urn:k0", "$ref": "urn:list", "$defs": {"item": {"$dynamicAnchor": "t", "const": 0}}},
                    "k1": {"$id": "urn:k1", "$ref": "urn:list",
                           "$defs": {"item": {"$dynamicAnchor": "t", "const": 1}}}}})",
      "test");
  const auto wrong = properties.check(R"({"a": [0, 1], "b": [1, 0]})");
  ASSERT_EQ(wrong.size(), 2U);
  EXPECT_EQ(wrong[0].instance_location, "/a/1");
  EXPECT_EQ(wrong[0].schema_location, "#/$defs/k0/$defs/item/const");
  EXPECT_EQ(wrong[1].instance_location, "/b/1");
  EXPECT_EQ(wrong[1].schema_location, "#/$defs/k1/$defs/item/const");
}

// Each dynamic scope costs a copy of the resources entered in it: past 256
// scopes the schema is refused with its reason, never judged.
TEST(Dialect2020, TooManyDynamicScopesAreRefused) {
  EXPECT_NO_THROW(Schema::from_text(kinds_of_lists(100, "anyOf"), "test"));
  try {
    Schema::from_text(kinds_of_lists(300, "anyOf"), "test");
    ADD_FAILURE() << "300 dynamic scopes were accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("dynamic scopes"), std::string::npos) << error.what();
  }
}

// A metaschema's $vocabulary: what it leaves out is ignored, what conform
// does not know and is required refuses the schema.
TEST(Dialect2020, Vocabularies) {
  const std::string folder = ::testing::TempDir() + "/vocabularies";
  std::filesystem::create_directories(folder);
  const auto write = [&](const std::string& name, const std::string& vocabulary) {
    std::ofstream(folder + "/" + name) << R"({"$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "http://meta.test/)" << name
                                       << R"(", "$vocabulary": {)" << vocabulary << "}}";
  };
  write("no-validation.json", R"("https://json-schema.org/draft/2020-12/vocab/core": true,
      "https://json-schema.org/draft/2020-12/vocab/applicator": true)");
  write("unknown.json", R"("https://json-schema.org/draft/2020-12/vocab/core": true,
      "https://example.com/vocab/mine": true)");
  write("optional.json", R"("https://json-schema.org/draft/2020-12/vocab/core": true,
      "https://json-schema.org/draft/2020-12/vocab/validation": true, "https://example.com/vocab/mine": false)");
  SchemaOptions options;
  options.uri_map = {{"http://meta.test/", folder}};
  const auto load = [&](const std::string& meta, const std::string& keywords) {
    return Schema::from_text(R"({"$schema": "http://meta.test/)" + meta + R"(", )" + keywords + "}", "test", options);
  };
  const Schema no_validation = load("no-validation.json", R"("properties": {"a": false, "n": {"minimum": 10}})");
  EXPECT_EQ(errors(no_validation, R"({"n": 1})"), 0U);
  EXPECT_EQ(errors(no_validation, R"({"a": 1})"), 1U);
  EXPECT_EQ(errors(load("optional.json", R"("type": "number")"), "\"s\""), 1U);
  try {
    load("unknown.json", R"("type": "number")");
    ADD_FAILURE() << "an unknown required vocabulary was accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("requires the vocabulary \"https://example.com/vocab/mine\""),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace conform

namespace conform {
namespace {

// Draft 4: an integral number past 64 bits may have been written with or
// without an exponent; where that decides the verdict the body is refused.
TEST(Draft4, NumbersPast64BitsAreJudgedBothWays) {
  const Schema integer = Schema::from_text(R"({"$schema": "http://json-schema.org/draft-04/schema#",
      "type": "integer"})",
                                           "test");
  for (const char* body : {"12345678901234567890123", "-12345678901234567890123", "1e40", "1e300"}) {
    const Result result = integer.validate(body, "b");
    EXPECT_EQ(result.status, Status::error) << body;
  }
  EXPECT_EQ(integer.validate("18446744073709551615", "b").status, Status::pass);  // a uint64
  EXPECT_EQ(integer.validate("1.5", "b").status, Status::fail);
  // Both readings fail (no integer and no number is a string): a verdict.
  const Schema number_or_integer = Schema::from_text(R"({"$schema": "http://json-schema.org/draft-04/schema#",
      "type": ["integer", "number"]})",
                                                     "test");
  EXPECT_EQ(number_or_integer.validate("1e40", "b").status, Status::pass);
  const Schema bounded = Schema::from_text(R"({"$schema": "http://json-schema.org/draft-04/schema#",
      "type": "integer", "maximum": 10})",
                                           "test");
  EXPECT_EQ(bounded.validate("1e40", "b").status, Status::fail);  // above the maximum either way
}

// Draft 7's contentEncoding and contentMediaType assert under --format-assertion only.
TEST(Draft7, ContentAssertsWithFormatAssertion) {
  SchemaOptions asserted;
  asserted.format_assertion = true;
  const std::string text = R"({"contentEncoding": "base64", "contentMediaType": "application/json"})";
  const Schema schema = Schema::from_text(text, "test", asserted);
  EXPECT_EQ(errors(schema, R"("eyJhIjogMX0=")"), 0U);  // {"a": 1}
  EXPECT_EQ(errors(schema, R"("e3t9")"), 1U);          // "{{}": not JSON
  EXPECT_EQ(errors(schema, R"("%%%%")"), 1U);          // not base64
  EXPECT_EQ(errors(schema, "1"), 0U);
  EXPECT_EQ(errors(Schema::from_text(text, "test"), R"("%%%%")"), 0U);  // an annotation by default
}

}  // namespace
}  // namespace conform

namespace conform {
namespace {

// A required name's finding carries the location of the "required" that made
// it, not the first one a walk of the schema finds for the name.
TEST(FindingLocations, RequiredComesFromItsConstraint) {
  for (const std::size_t n : {1U, 2U, 4U, 8U}) {
    std::string branches;
    for (std::size_t i = 0; i < n; ++i) branches += std::string(i ? ", " : "") + R"({"required": ["a"]})";
    const Schema schema = Schema::from_text(R"({"anyOf": [)" + branches + "]}", "test");
    std::vector<std::string> locations;
    for (const FindingView& finding : schema.check("{}")) {
      if (finding.keyword == "required") locations.emplace_back(finding.schema_location);
    }
    ASSERT_EQ(locations.size(), n);
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(locations[i], "#/anyOf/" + std::to_string(i) + "/required");
  }
}

}  // namespace
}  // namespace conform

namespace conform {
namespace {

// A count keyword's finding names the bound of the subschema that failed.
TEST(FindingLocations, CountsComeFromTheirConstraint) {
  for (const std::size_t n : {1U, 2U, 4U, 8U}) {
    std::string branches;
    for (std::size_t i = 0; i < n; ++i) {
      branches += (i ? ", " : "") + std::string(R"({"maxItems": )") + std::to_string(i) + "}";
    }
    const Schema schema = Schema::from_text(R"({"anyOf": [)" + branches + "]}", "test");
    std::vector<Finding> counts;
    for (Finding& finding : schema.check("[1, 2, 3, 4, 5, 6, 7, 8, 9]").to_vector()) {
      if (finding.keyword == "maxItems") counts.push_back(std::move(finding));
    }
    ASSERT_EQ(counts.size(), n);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(counts[i].schema_location, "#/anyOf/" + std::to_string(i) + "/maxItems");
      EXPECT_EQ(counts[i].message, "array has 9 items; at most " + std::to_string(i) + " allowed");
    }
  }
}

}  // namespace
}  // namespace conform
