#include "conform/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <string>

#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"

namespace conform {
namespace {

std::string describe(const FindingList& findings) {
  std::string text;
  for (const auto& f : findings.to_vector()) text += f.instance_location + " " + f.keyword + ": " + f.message + "\n";
  return text;
}

class StatusRequestSchema : public ::testing::Test {
 protected:
  static const Schema& schema() {
    static const Schema loaded = Schema::embedded(default_schema_name);
    return loaded;
  }
};

TEST_F(StatusRequestSchema, SeedExamplePasses) {
  const auto findings = schema().check(R"({
    "clientRequestId": "71010d88-d0e7-4a24-9297-d1be6fefde81",
    "correlationId": "713189b8-5555-4b08-83ba-75d08780aebd",
    "phoneNumber": "2001004011"})");
  EXPECT_TRUE(findings.empty()) << describe(findings);
}

TEST_F(StatusRequestSchema, IdComesFromTheSchema) {
  EXPECT_EQ(schema().id(), "urn:conform:prove:v3:mfa-status-request");
}

TEST_F(StatusRequestSchema, PatternFindingCarriesEveryField) {
  const std::string body = "{\n  \"phoneNumber\": \"200-100-4011\"\n}";
  const auto findings = schema().check(body);
  ASSERT_EQ(findings.size(), 1U) << describe(findings);
  const Finding finding = findings[0].to_finding();
  EXPECT_EQ(finding.severity, Severity::error);
  EXPECT_EQ(finding.instance_location, "/phoneNumber");
  EXPECT_EQ(finding.keyword, "pattern");
  EXPECT_EQ(finding.schema_location, "urn:conform:prove:v3:common#/definitions/phoneNumber/pattern");
  EXPECT_EQ(finding.line, 2U);
  EXPECT_EQ(finding.column, 18U);
  ASSERT_TRUE(finding.value.has_value());
  EXPECT_EQ(*finding.value, "\"200-100-4011\"");
  // The message never quotes the value: reporters decide whether to show it.
  EXPECT_EQ(finding.message.find("4011"), std::string::npos);
}

TEST_F(StatusRequestSchema, TypeFindingNamesExpectedAndActualTypes) {
  const auto findings = schema().check(R"({"correlationId": 42})");
  ASSERT_EQ(findings.size(), 1U) << describe(findings);
  EXPECT_EQ(findings[0].keyword, "type");
  EXPECT_EQ(findings[0].schema_location, "urn:conform:prove:v3:common#/definitions/correlationId/type");
  EXPECT_EQ(findings[0].message, "expected string, found integer");
}

TEST_F(StatusRequestSchema, EveryUnknownPropertyIsReportedAtTheProperty) {
  const std::string body = R"({"correlationID": "x", "phone_number": "1", "zzz": 1})";
  const auto findings = schema().check(body);
  ASSERT_EQ(findings.size(), 3U) << describe(findings);
  EXPECT_EQ(findings[0].instance_location, "/correlationID");
  EXPECT_EQ(findings[0].hint, "did you mean \"correlationId\"?");
  EXPECT_EQ(findings[0].column, 2U);  // the member name, not its value
  EXPECT_EQ(findings[1].instance_location, "/phone_number");
  EXPECT_EQ(findings[1].hint, "did you mean \"phoneNumber\"?");
  EXPECT_EQ(findings[2].instance_location, "/zzz");
  EXPECT_TRUE(findings[2].hint.empty());
  for (const auto finding : findings) {
    EXPECT_EQ(finding.keyword, "additionalProperties");
    EXPECT_EQ(finding.schema_location, "#/additionalProperties");
  }
}

TEST_F(StatusRequestSchema, AllViolationsOfOneBodyAreReportedInBodyOrder) {
  const auto findings = schema().check(R"({"phoneNumber": "+1 200", "correlationId": true, "extra": null})");
  ASSERT_EQ(findings.size(), 3U) << describe(findings);
  EXPECT_EQ(findings[0].instance_location, "/phoneNumber");
  EXPECT_EQ(findings[1].instance_location, "/correlationId");
  EXPECT_EQ(findings[2].instance_location, "/extra");
}

TEST_F(StatusRequestSchema, AnchoredPatternRejectsTrailingNewline) {
  // Python's jsonschema accepts this ("$" matches before a final newline).
  const auto findings = schema().check(R"({"correlationId": "713189b8-5555-4b08-83ba-75d08780aebd\n"})");
  ASSERT_EQ(findings.size(), 1U) << describe(findings);
  EXPECT_EQ(findings[0].keyword, "pattern");
}

TEST_F(StatusRequestSchema, LongStringDoesNotOverflowTheRegexEngine) {
  // std::regex overflows its stack on ~30,000 characters against this pattern.
  const std::string body = R"({"phoneNumber": ")" + std::string(200000, '7') + "-\"}";
  const auto findings = schema().check(body);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "pattern");
  ASSERT_TRUE(findings[0].value.has_value());
  EXPECT_LT(findings[0].value->size(), 400U);  // a preview, not 200 kB
}

TEST_F(StatusRequestSchema, WellFormednessComesBeforeTheSchema) {
  const auto findings = schema().check(R"({"phoneNumber": 1, "phoneNumber": 2})");
  ASSERT_EQ(findings.size(), 1U) << describe(findings);
  EXPECT_EQ(findings[0].keyword, "duplicateKey");
  EXPECT_EQ(findings[0].instance_location, "/phoneNumber");
}

TEST_F(StatusRequestSchema, ValidateBuildsAResult) {
  const Result pass = schema().validate("{}", "a.json");
  EXPECT_EQ(pass.status, Status::pass);
  EXPECT_EQ(pass.source, "a.json");
  const Result fail = schema().validate("[]", "b.json");
  EXPECT_EQ(fail.status, Status::fail);
  ASSERT_EQ(fail.findings.size(), 1U);
  EXPECT_EQ(fail.findings[0].instance_location, "");
  EXPECT_EQ(fail.findings[0].keyword, "type");
}

TEST(UserSchema, PointersDistinguishMemberNamesFromIndexes) {
  const Schema schema = Schema::from_text(R"({
    "type": "object",
    "properties": {
      "1": {"type": "string"},
      "list": {"type": "array", "items": {"type": "string"}},
      "a/b": {"type": "string"},
      "m~n": {"type": "string"}
    }})",
                                          "test");
  const auto findings = schema.check(R"({"1": 1, "list": ["x", 2], "a/b": 3, "m~n": 4})");
  ASSERT_EQ(findings.size(), 4U) << describe(findings);
  EXPECT_EQ(findings[0].instance_location, "/1");
  EXPECT_EQ(findings[0].schema_location, "#/properties/1/type");
  EXPECT_EQ(findings[1].instance_location, "/list/1");
  EXPECT_EQ(findings[1].schema_location, "#/properties/list/items/type");
  EXPECT_EQ(findings[2].instance_location, "/a~1b");
  EXPECT_EQ(findings[2].schema_location, "#/properties/a~1b/type");
  EXPECT_EQ(findings[3].instance_location, "/m~0n");
}

// Below a member name past 4 KiB, conform's member walk names the member by its
// index and the offsets noted while reading keep the pointer by its hash: the
// findings are the same, placed the same, as below a short name.
TEST(UserSchema, FindingsBelowALongMemberNameArePlaced) {
  const std::string name(10000, 'k');
  const Schema schema = Schema::from_text(
      R"({"additionalProperties": {"type": "object", "properties": {"v": {"type": "string"}}}})", "test");
  const auto findings = schema.check("{\n  \"" + name + "\": {\"v\": 1}}");
  ASSERT_EQ(findings.size(), 1U) << describe(findings);
  EXPECT_EQ(findings[0].instance_location, "/" + name + "/v");
  EXPECT_EQ(findings[0].schema_location, "#/additionalProperties/properties/v/type");
  EXPECT_EQ(findings[0].line, 2U);
  EXPECT_EQ(findings[0].column, 13 + name.size());
}

// Findings are placed from offsets noted while reading, up to a number of
// values; past it the body is read again. Both ways give the same places.
TEST(UserSchema, FindingsArePlacedInSmallAndLargeBodies) {
  const Schema schema = Schema::from_text(R"({"type": "array", "items": {"type": "integer"}})", "test");
  for (const std::size_t count : {3, 200}) {
    std::string body = "[\n";
    for (std::size_t i = 0; i + 1 < count; ++i) body += "  1,\n";
    body += "  \"last\"\n]";
    const auto findings = schema.check(body);
    ASSERT_EQ(findings.size(), 1U) << count << ": " << describe(findings);
    EXPECT_EQ(findings[0].instance_location, "/" + std::to_string(count - 1));
    EXPECT_EQ(findings[0].line, count + 1) << count;
    EXPECT_EQ(findings[0].column, 3U) << count;
  }
}

// Many findings in one body: each placed at its own item, in the body's
// order, with no duplicate and none lost (the count doubles).
TEST(UserSchema, EveryFailingItemOfALongArrayIsPlacedInBodyOrder) {
  const Schema schema = Schema::from_text(R"({"items": {"type": "string"}, "minItems": 1})", "test");
  for (const std::size_t count : {500U, 1000U, 2000U}) {
    std::string body = "[";
    for (std::size_t i = 0; i < count; ++i) body += std::string(i == 0 ? "\n" : ",\n") + (i % 3 == 1 ? "\"s\"" : "7");
    body += "\n]";
    const auto findings = schema.check(body);
    std::size_t failing = 0;
    for (std::size_t i = 0; i < count; ++i) failing += i % 3 == 1 ? 0 : 1;
    ASSERT_EQ(findings.size(), failing) << count;
    std::size_t expected = 0;
    for (const FindingView& finding : findings) {
      while (expected % 3 == 1) ++expected;
      EXPECT_EQ(finding.instance_location, "/" + std::to_string(expected));
      EXPECT_EQ(finding.line, expected + 2);
      EXPECT_EQ(finding.column, 1U);
      ++expected;
    }
  }
}

// The members of an object are found by name quickly because valijson
// reports them in order; out of order, they must still be right.
TEST(UserSchema, UnknownMembersOfALargeObjectAreEachPlaced) {
  const Schema schema =
      Schema::from_text(R"({"properties": {"m5": {"type": "string"}}, "additionalProperties": false})", "test");
  for (const std::size_t count : {300U, 600U}) {
    std::string body = "{";
    for (std::size_t i = 0; i < count; ++i)
      body += std::string(i == 0 ? "\n" : ",\n") + "\"m" + std::to_string(i) + "\": 1";
    body += "\n}";
    const auto findings = schema.check(body);
    ASSERT_EQ(findings.size(), count) << describe(findings);  // m5 fails its type, the others are not allowed
    for (std::size_t i = 0; i < count; ++i) {
      EXPECT_EQ(findings[i].instance_location, "/m" + std::to_string(i));
      EXPECT_EQ(findings[i].line, i + 2);
      EXPECT_EQ(findings[i].keyword, i == 5 ? "type" : "additionalProperties");
      EXPECT_EQ(findings[i].column, i == 5 ? 7U : 1U);  // the value; the name of one not allowed
    }
  }
}

TEST(UserSchema, MaxFindingsKeepsTheFirstInTheBodyAndCountsTheRest) {
  const Schema schema =
      Schema::from_text(R"({"properties": {"z": {"type": "string"}, "list": {"items": {"type": "string"}}}})", "test");
  for (const std::size_t count : {40U, 80U}) {
    std::string body = R"({"list": [)";
    for (std::size_t i = 0; i < count; ++i) body += std::string(i == 0 ? "" : ",") + "1";
    body += R"(], "z": 2})";
    const auto all = schema.check(body);
    ASSERT_EQ(all.size(), count + 1);
    Limits limits;
    limits.max_findings = 5;
    OmittedFindings omitted;
    const auto kept = schema.check(body, limits, &omitted);
    ASSERT_EQ(kept.size(), 5U);
    for (std::size_t i = 0; i < kept.size(); ++i) {
      EXPECT_EQ(kept[i].instance_location, all[i].instance_location);
      EXPECT_EQ(kept[i].column, all[i].column);
    }
    EXPECT_EQ(omitted.count, count + 1 - 5);
    EXPECT_TRUE(omitted.any_error);
    const Result result = schema.validate(body, "b", limits);
    EXPECT_EQ(result.findings.size(), 5U);
    EXPECT_EQ(result.omitted_findings, count + 1 - 5);
    EXPECT_EQ(result.status, Status::fail);
  }
}

TEST(UserSchema, DuplicateKeysPastMaxFindingsAreCountedAsErrors) {
  // Well-formedness findings are kept and counted the same way.
  const Schema schema = Schema::from_text(R"({"items": {"type": "string"}})", "test");
  Limits limits;
  limits.max_findings = 1;
  const Result result = schema.validate(R"({"a": 1, "a": 2, "a": 3})", "b", limits);
  EXPECT_EQ(result.findings.size(), 1U);
  EXPECT_EQ(result.omitted_findings, 1U);
  EXPECT_EQ(result.status, Status::fail);
}

TEST(UserSchema, AStopRequestMakesTheBodyUnderWayAnError) {
  // 20,000 values: the reader sees the flag (it looks every 4,096). 3,000: the
  // body is read first, and conform's constraints inside valijson's walk, or
  // the finding builder, see it.
  const Schema schema = Schema::from_text(R"({"items": {"type": "string"}})", "test");
  const std::atomic<bool> stop{true};
  Limits limits;
  limits.stop = &stop;
  for (const int count : {3000, 20000}) {
    std::string body = "[";
    for (int i = 0; i < count; ++i) body += i == 0 ? "1" : ",1";
    body += "]";
    const Result result = schema.validate(body, "b", limits);
    EXPECT_EQ(result.status, Status::error) << count;
    EXPECT_NE(result.error_message.find("stop request"), std::string::npos) << result.error_message;
    EXPECT_TRUE(result.findings.empty());
    EXPECT_EQ(schema.check(body).size(), static_cast<std::size_t>(count));  // without a stop request, all of them
  }
}

// valijson 1.0 reads a uint64 past INT64_MAX as a negative int64: 2^64-1 would pass "maximum": 100.
TEST(UserSchema, NumbersBeyondInt64AndDoubleGetTheRightVerdict) {
  const Schema maximum = Schema::from_text(R"({"maximum": 100})", "test");
  for (const char* body : {"18446744073709551615", "18446744073709551616", "9223372036854775808", "1e300"}) {
    const auto findings = maximum.check(body);
    ASSERT_EQ(findings.size(), 1U) << body;
    EXPECT_EQ(findings[0].keyword, "maximum") << body;
  }
  EXPECT_TRUE(maximum.check("-9223372036854775809").empty());
  const auto too_big = maximum.check("1e400");
  ASSERT_EQ(too_big.size(), 1U);
  EXPECT_EQ(too_big[0].keyword, "limit");

  const Schema constant = Schema::from_text(R"({"const": 18446744073709551615})", "test");
  EXPECT_TRUE(constant.check("18446744073709551615").empty());
  EXPECT_EQ(constant.check("-1").size(), 1U);
  EXPECT_EQ(constant.check("18446744073709551614").size(), 1U);
  EXPECT_EQ(constant.check("18446744073709551616").size(), 1U);

  const Schema big_enum = Schema::from_text(R"({"enum": [18446744073709551616, 1]})", "test");
  EXPECT_TRUE(big_enum.check("1.0").empty());
  EXPECT_TRUE(big_enum.check("18446744073709551616").empty());
  EXPECT_EQ(big_enum.check("-1").size(), 1U);
}

// Inside contains and propertyNames valijson's context is the container's:
// the value checked is the item or the name, never the container.
TEST(UserSchema, ValueKeywordsInsideContainsAndPropertyNames) {
  const Schema contains = Schema::from_text(R"({"contains": {"minimum": 5}})", "test");
  EXPECT_FALSE(contains.check("[2, 3, 4]").empty());
  EXPECT_TRUE(contains.check("[2, 3, 5]").empty());
  const Schema contains_const = Schema::from_text(R"({"contains": {"const": 18446744073709551615}})", "test");
  EXPECT_TRUE(contains_const.check("[1, 18446744073709551615]").empty());
  EXPECT_FALSE(contains_const.check("[1, -1]").empty());
  const Schema names = Schema::from_text(R"({"propertyNames": {"enum": ["a", "b"]}})", "test");
  EXPECT_TRUE(names.check(R"({"a": 1, "b": 2})").empty());
  EXPECT_FALSE(names.check(R"({"a": 1, "c": 2})").empty());
}

// valijson matches patternProperties names byte by byte: where that differs
// from ECMA-262 on a name, the property is reported as one conform cannot
// check, never passed wrongly.
// Names are matched by conform's engine, in code points: "é" is one character.
TEST(UserSchema, PatternPropertiesMatchNonAsciiNamesAsEcma262Says) {
  const Schema schema = Schema::from_text(R"({"patternProperties": {"^.$": {"type": "integer"}}})", "test");
  const auto findings = schema.check(R"({"\u00e9": "x", "a": 1})");
  ASSERT_EQ(findings.size(), 1U) << describe(findings);
  EXPECT_EQ(findings[0].keyword, "type");
  EXPECT_EQ(findings[0].instance_location, "/\u00e9");
  EXPECT_EQ(findings[0].schema_location, "#/patternProperties/^.$/type");
  const auto ascii = schema.check(R"({"a": "x"})");
  ASSERT_EQ(ascii.size(), 1U) << describe(ascii);
  EXPECT_EQ(ascii[0].keyword, "type");
}

TEST(UserSchema, IntegersFollowTheDialect) {
  const Schema draft7 =
      Schema::from_text(R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "integer"})", "test");
  const Schema draft4 =
      Schema::from_text(R"({"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer"})", "test");
  EXPECT_TRUE(draft7.check("1.0").empty());
  EXPECT_TRUE(draft7.check("18446744073709551615").empty());
  EXPECT_TRUE(draft7.check("-9223372036854775809").empty());
  const auto fraction = draft7.check("1.5");
  ASSERT_EQ(fraction.size(), 1U);
  EXPECT_EQ(fraction[0].message, "expected integer, found number");
  EXPECT_EQ(fraction[0].schema_location, "#/type");
  EXPECT_EQ(draft4.check("1.0").size(), 1U);  // draft 4: a float is not an integer
  EXPECT_TRUE(draft4.check("1").empty());
}

TEST(UserSchema, Draft4ExclusiveBoundsAndDecimalCounts) {
  const Schema draft4 = Schema::from_text(
      R"({"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 3, "exclusiveMaximum": true})", "test");
  const auto at_bound = draft4.check("3.0");
  ASSERT_EQ(at_bound.size(), 1U);
  EXPECT_EQ(at_bound[0].keyword, "maximum");
  EXPECT_EQ(at_bound[0].message, "number must be less than 3");
  EXPECT_TRUE(draft4.check("2.9999").empty());
  const Schema counts = Schema::from_text(R"({"minItems": 2.0})", "test");
  EXPECT_EQ(counts.check("[1]").size(), 1U);
  EXPECT_TRUE(counts.check("[1, 2]").empty());
  EXPECT_THROW(Schema::from_text(R"({"minItems": 2.5})", "test"), Error);
  EXPECT_THROW(Schema::from_text(R"({"multipleOf": 0})", "test"), Error);
  EXPECT_THROW(Schema::from_text(R"({"type": "float"})", "test"), Error);
}

TEST(UserSchema, NativeKeywordsGetTheirOwnMessagesAndLocations) {
  const Schema schema = Schema::from_text(R"({
    "type": "object",
    "required": ["id"],
    "properties": {
      "name": {"type": "string", "minLength": 3, "maxLength": 5},
      "size": {"type": "integer", "minimum": 1, "exclusiveMaximum": 10},
      "kind": {"enum": ["a", "b"]},
      "tags": {"type": "array", "maxItems": 1, "uniqueItems": true}
    }})",
                                          "test");
  const auto findings = schema.check(R"({"name": "ab", "size": 10, "kind": "c", "tags": [1, 1]})");
  std::vector<std::string> seen;
  for (const auto& f : findings.to_vector())
    seen.push_back(f.instance_location + " " + f.keyword + " " + f.schema_location);
  const std::vector<std::string> expected = {
      " required #/required",
      "/name minLength #/properties/name/minLength",
      "/size exclusiveMaximum #/properties/size/exclusiveMaximum",
      "/kind enum #/properties/kind/enum",
      "/tags maxItems #/properties/tags/maxItems",
      "/tags uniqueItems #/properties/tags/uniqueItems",
  };
  for (const auto& want : expected) {
    EXPECT_NE(std::find(seen.begin(), seen.end(), want), seen.end()) << want << "\n" << describe(findings);
  }
  EXPECT_EQ(findings.size(), expected.size()) << describe(findings);
  const auto required =
      std::find_if(findings.begin(), findings.end(), [](const FindingView& f) { return f.keyword == "required"; });
  ASSERT_NE(required, findings.end());
  EXPECT_EQ(required->message, "required property \"id\" is missing");
  const auto length =
      std::find_if(findings.begin(), findings.end(), [](const FindingView& f) { return f.keyword == "minLength"; });
  ASSERT_NE(length, findings.end());
  EXPECT_EQ(length->message, "string is 2 characters long; at least 3 allowed");
}

TEST(UserSchema, CatastrophicBacktrackingPatternRunsInLinearTime) {
  const Schema schema = Schema::from_text(R"({"properties": {"a": {"pattern": "^(a+)+$"}}})", "test");
  const std::string body = R"({"a": ")" + std::string(5000, 'a') + "!\"}";
  const auto findings = schema.check(body);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "pattern");
}

TEST(UserSchema, ReferencesAndCombinatorsAreFollowedForLocations) {
  const Schema schema = Schema::from_text(R"({
    "definitions": {"id": {"type": "string", "maxLength": 2}},
    "properties": {"x": {"$ref": "#/definitions/id"}, "y": {"allOf": [{"minimum": 5}]}}})",
                                          "test");
  const auto findings = schema.check(R"({"x": "abc", "y": 1})");
  ASSERT_EQ(findings.size(), 2U) << describe(findings);
  EXPECT_EQ(findings[0].schema_location, "#/definitions/id/maxLength");
  EXPECT_EQ(findings[1].schema_location, "#/properties/y/allOf/0/minimum");
}

TEST(UserSchema, RecursiveSchemaValidatesNestedLevels) {
  const Schema schema = Schema::from_text(
      R"({"type": "object", "properties": {"child": {"$ref": "#"}}, "additionalProperties": false})", "t");
  const auto findings = schema.check(R"({"child": {"child": {"oops": 1}}})");
  ASSERT_EQ(findings.size(), 1U) << describe(findings);
  EXPECT_EQ(findings[0].instance_location, "/child/child/oops");
}

TEST(UserSchema, Draft4SchemaIsRecognised) {
  const Schema schema = Schema::from_text(
      R"({"$schema": "http://json-schema.org/draft-04/schema#", "id": "urn:x", "properties": {"n": {"maximum": 3, "exclusiveMaximum": true}}})",
      "test");
  EXPECT_EQ(schema.dialect(), Dialect::draft4);
  EXPECT_EQ(schema.id(), "urn:x");
  const auto findings = schema.check(R"({"n": 3})");
  ASSERT_EQ(findings.size(), 1U) << describe(findings);
  EXPECT_EQ(findings[0].keyword, "maximum");
}

TEST(UserSchema, FormatIsAnAnnotationUnlessAsserted) {
  const std::string text = R"({"properties": {"when": {"format": "date"}, "ip": {"format": "ipv4"}}})";
  const std::string body = R"({"when": "2024-02-30", "ip": "1.2.3"})";
  // Unasserted, a bad format is a warning: reported, but the body passes.
  const Schema annotating = Schema::from_text(text, "t");
  const auto warnings = annotating.check(body);
  ASSERT_EQ(warnings.size(), 2U) << describe(warnings);
  EXPECT_EQ(warnings[0].severity, Severity::warning);
  EXPECT_EQ(warnings[1].severity, Severity::warning);
  EXPECT_EQ(annotating.validate(body, "b.json").status, Status::pass);
  EXPECT_TRUE(annotating.check(R"({"when": "2024-02-29", "ip": "1.2.3.4"})").empty());
  SchemaOptions options;
  options.format_assertion = true;
  const auto findings = Schema::from_text(text, "t", options).check(body);
  ASSERT_EQ(findings.size(), 2U) << describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::error);
  EXPECT_EQ(findings[0].keyword, "format");
  EXPECT_EQ(findings[0].schema_location, "#/properties/when/format");
  EXPECT_EQ(findings[1].instance_location, "/ip");
}

// Every finding names the keyword that made it where it stands in the
// schema: each kind of keyword, at the top and under $ref, allOf, anyOf,
// oneOf, then, else and a nesting of them.
TEST(KeywordLocation, EachKeywordKindUnderEachApplicator) {
  struct Kind {
    const char* schema;  // a subschema that fails on `value`
    const char* value;
    const char* keyword;
    const char* below;  // the keyword's location below the subschema
  };
  const Kind kinds[] = {
      {R"({"type": "string"})", "1", "type", "/type"},
      {R"({"not": {"type": "integer"}})", "1", "not", "/not"},
      {R"({"anyOf": [{"type": "string"}, {"type": "boolean"}]})", "1", "anyOf", "/anyOf"},
      {R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})", "1", "oneOf", "/oneOf"},
      {R"({"contains": {"type": "string"}})", "[1, 2]", "contains", "/contains"},
      {R"({"uniqueItems": true})", "[1, 1]", "uniqueItems", "/uniqueItems"},
      {R"({"dependencies": {"a": ["b"]}})", R"({"a": 1})", "dependencies", "/dependencies"},
      {R"({"dependencies": {"a": {"required": ["b"]}}})", R"({"a": 1})", "required", "/dependencies/a/required"},
      {R"({"propertyNames": {"maxLength": 1}})", R"({"ab": 1})", "propertyNames", "/propertyNames"},
      {R"({"properties": {"q": false}})", R"({"q": 1})", "false", "/properties/q"},
      {R"({"enum": [2, 3]})", "1", "enum", "/enum"},
      {R"({"maxLength": 1})", R"("ab")", "maxLength", "/maxLength"},
      {R"({"additionalProperties": false})", R"({"z": 1})", "additionalProperties", "/additionalProperties"},
      {R"({"additionalProperties": {"type": "string"}})", R"({"z": 1})", "type", "/additionalProperties/type"},
      {R"({"properties": {"a": {}}, "additionalProperties": {"type": "string"}})", R"({"a": 1, "z": 1})", "type",
       "/additionalProperties/type"},
      {R"({"patternProperties": {"^p": {}}, "additionalProperties": {"type": "string"}})", R"({"p": 1, "z": 1})",
       "type", "/additionalProperties/type"},
      {R"({"properties": {"a": {}}, "patternProperties": {"^p": {}}, "additionalProperties": {"not": {}}})",
       R"({"a": 1, "p": 1, "z": 1})", "not", "/additionalProperties/not"},
      {R"({"properties": {"a": {}}, "additionalProperties": false})", R"({"a": 1, "z": 1})", "additionalProperties",
       "/additionalProperties"},
      {R"({"items": [{}], "additionalItems": false})", "[1, 2]", "additionalItems", "/additionalItems"},
      {R"({"items": [], "additionalItems": false})", "[1]", "additionalItems", "/additionalItems"},
      {R"({"items": [{}], "additionalItems": {"type": "string"}})", "[1, 2]", "type", "/additionalItems/type"},
  };
  struct Context {
    std::string before;  // the schema up to the subschema
    std::string after;
    std::string at;  // the subschema's location
  };
  const Context contexts[] = {
      {R"({"properties": {"x": )", "}}", "#/properties/x"},
      {R"({"properties": {"x": {"$ref": "#/definitions/d"}}, "definitions": {"d": )", "}}", "#/definitions/d"},
      {R"({"properties": {"x": {"allOf": [{}, )", "]}}}", "#/properties/x/allOf/1"},
      {R"({"properties": {"x": {"anyOf": [{"type": "null"}, )", "]}}}", "#/properties/x/anyOf/1"},
      {R"({"properties": {"x": {"oneOf": [{"type": "null"}, )", "]}}}", "#/properties/x/oneOf/1"},
      {R"({"properties": {"x": {"if": {}, "then": )", "}}}", "#/properties/x/then"},
      {R"({"properties": {"x": {"if": {"not": {}}, "else": )", "}}}", "#/properties/x/else"},
      {R"({"properties": {"x": {"$ref": "#/definitions/e"}},
           "definitions": {"e": {"anyOf": [{"type": "null"}, {"allOf": [{"not": {"type": "null"}}, )",
       "]}]}}}", "#/definitions/e/anyOf/1/allOf/1"},
  };
  for (const Kind& kind : kinds) {
    for (const Context& context : contexts) {
      const std::string text = context.before + kind.schema + context.after;
      const auto findings = Schema::from_text(text, "t").check(std::string(R"({"x": )") + kind.value + "}");
      const std::string expected = context.at + kind.below;
      const bool found = std::any_of(findings.begin(), findings.end(), [&](const FindingView& finding) {
        return finding.keyword == kind.keyword && finding.schema_location == expected;
      });
      EXPECT_TRUE(found) << text << "\nwanted " << kind.keyword << " at " << expected << ", got:\n"
                         << describe(findings);
      for (const FindingView& finding : findings) {
        EXPECT_FALSE(finding.schema_location.empty()) << text << "\n" << describe(findings);
      }
    }
  }
}

// References into the keywords LocatedConstraint evaluates (which are kept
// under another name) still resolve, wherever the reference stands; a
// property that happens to be named like one is no keyword.
TEST(KeywordLocation, ReferencesIntoLocatedKeywords) {
  const Schema schema = Schema::from_text(
      R"({"properties": {"a": {"$ref": "#/anyOf/1/properties/n"}, "not": {"type": "integer"},
                         "b": {"$ref": "#/properties/not"}, "c": {"$ref": "#/definitions/d/items/oneOf/0"},
                         "e": {"$ref": "#/dependencies/e"}},
          "anyOf": [{"type": "object"}, {"properties": {"n": {"maximum": 3}}}],
          "dependencies": {"e": {"required": ["a"]}},
          "definitions": {"d": {"items": {"oneOf": [{"type": "string"}, {"type": "null"}]}}}})",
      "t");
  EXPECT_TRUE(schema.check(R"({"a": 3, "not": 1, "b": 2, "c": "s", "e": {"a": 1}})").empty());
  std::set<std::string> seen;
  for (const Finding& finding : schema.check(R"({"a": 4, "not": "x", "b": "y", "c": 1, "e": {}})").to_vector()) {
    seen.insert(finding.instance_location + " " + finding.schema_location);
  }
  EXPECT_EQ(seen, (std::set<std::string>{"/a #/anyOf/1/properties/n/maximum", "/not #/properties/not/type",
                                         "/b #/properties/not/type", "/c #/definitions/d/items/oneOf/0/type",
                                         "/e #/dependencies/e/required"}));
}

// 2019-09's dependentRequired and dependentSchemas are named as written.
TEST(KeywordLocation, DependentKeywordsOfTheLaterDrafts) {
  const Schema schema = Schema::from_text(
      R"({"$schema": "https://json-schema.org/draft/2020-12/schema",
          "dependentRequired": {"a": ["b"]}, "dependentSchemas": {"c": {"required": ["d"]}},
          "properties": {"l": {"contains": {"type": "string"}, "minContains": 2}}})",
      "t");
  const auto findings = schema.check(R"({"a": 1, "c": 2, "l": ["s", 1]})");
  std::set<std::string> seen;
  for (const Finding& finding : findings.to_vector()) seen.insert(finding.keyword + " " + finding.schema_location);
  EXPECT_EQ(seen,
            (std::set<std::string>{"dependentRequired #/dependentRequired", "required #/dependentSchemas/c/required",
                                   "dependentSchemas #/dependentSchemas", "minContains #/properties/l/contains"}))
      << describe(findings);
}

// The keywords that forbid the items or members they leave, at the top of
// the schema in each draft, fail once per item or member left, as the
// keyword where it is written (never valijson's additionalItems, nor "false").
TEST(KeywordLocation, WhatIsLeftFailsAsTheKeywordThatLeavesIt) {
  struct Case {
    const char* schema;
    bool object;  // the body: `extra` members past "p", or items past the first
    const char* keyword;
    const char* at;
  };
  const Case cases[] = {
      {R"({"$schema": "http://json-schema.org/draft-04/schema#", "items": [{}], "additionalItems": false})", false,
       "additionalItems", "#/additionalItems"},
      {R"({"$schema": "http://json-schema.org/draft-06/schema#", "items": [{}], "additionalItems": false})", false,
       "additionalItems", "#/additionalItems"},
      {R"({"items": [{}], "additionalItems": false})", false, "additionalItems", "#/additionalItems"},
      {R"({"items": [{}], "additionalItems": {"type": "string"}})", false, "type", "#/additionalItems/type"},
      {R"({"$schema": "https://json-schema.org/draft/2019-09/schema", "items": [{}], "additionalItems": false})", false,
       "additionalItems", "#/additionalItems"},
      {R"({"$schema": "https://json-schema.org/draft/2019-09/schema", "items": [{}], "unevaluatedItems": false})",
       false, "unevaluatedItems", "#/unevaluatedItems"},
      {R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "prefixItems": [{}], "unevaluatedItems": false})",
       false, "unevaluatedItems", "#/unevaluatedItems"},
      {R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "allOf": [{"prefixItems": [{}]}],
          "unevaluatedItems": {"type": "string"}})",
       false, "type", "#/unevaluatedItems/type"},
      // Whether the first item is evaluated depends on the anyOf: UnevaluatedConstraint's.
      {R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "anyOf": [{"prefixItems": [{}]}],
          "unevaluatedItems": false})",
       false, "unevaluatedItems", "#/unevaluatedItems"},
      {R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"p": {}},
          "unevaluatedProperties": false})",
       true, "unevaluatedProperties", "#/unevaluatedProperties"},
      {R"({"properties": {"p": {}}, "additionalProperties": {"type": "string"}})", true, "type",
       "#/additionalProperties/type"},
      {R"({"properties": {"p": {}}, "propertyNames": {"maxLength": 3}, "additionalProperties": {"type": "string"}})",
       true, "type", "#/additionalProperties/type"},
      {R"({"patternProperties": {"^p$": {}}, "additionalProperties": {"type": "string"}})", true, "type",
       "#/additionalProperties/type"},
      {R"({"properties": {"p": {}}, "patternProperties": {"^q": {}}, "additionalProperties": {"not": {}}})", true,
       "not", "#/additionalProperties/not"},
  };
  for (const Case& c : cases) {
    const Schema schema = Schema::from_text(c.schema, "t");
    for (const std::size_t extra : {1U, 2U, 4U, 8U}) {
      std::string body = c.object ? R"({"p": 1)" : "[1";
      for (std::size_t i = 0; i < extra; ++i) body += c.object ? ", \"m" + std::to_string(i) + "\": 1" : ", 1";
      body += c.object ? "}" : "]";
      const auto findings = schema.check(body);
      ASSERT_EQ(findings.size(), extra) << c.schema << "\n" << body << "\n" << describe(findings);
      for (std::size_t i = 0; i < extra; ++i) {
        EXPECT_EQ(findings[i].keyword, c.keyword) << c.schema << "\n" << describe(findings);
        EXPECT_EQ(findings[i].schema_location, c.at) << c.schema;
        EXPECT_EQ(findings[i].instance_location, (c.object ? "/m" : "/") + std::to_string(c.object ? i : i + 1));
      }
    }
  }
}

TEST(UnusableSchema, IsRefusedWithItsLocation) {
  struct Case {
    const char* text;
    const char* says;
  };
  const Case cases[] = {
      {R"({"$ref": "#"})", "$ref cycle"},
      {R"({"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "$ref": "#/definitions/a"})",
       "$ref cycle"},
      {R"({"properties": {"x": {"$ref": "http://example.com/x.json"}}})", "never fetches"},
      {R"({"properties": {"x": {"$ref": "#/definitions/missing"}}})", "points at nothing"},
      {R"x({"properties": {"x": {"pattern": "(?i:modifier)"}}})x", "#/properties/x/pattern"},
      {R"({"$schema": "http://example.com/my-metaschema"})", "is not a metaschema conform knows"},
      {R"([1, 2])", "must be a JSON object"},
  };
  for (const auto& c : cases) {
    try {
      Schema::from_text(c.text, "user.schema.json");
      ADD_FAILURE() << "accepted: " << c.text;
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find(c.says), std::string::npos) << error.what();
      EXPECT_EQ(error.file(), "user.schema.json");
    }
  }
}

TEST(UnusableSchema, MalformedJsonNamesLineAndColumn) {
  try {
    Schema::from_text("{\n  \"type\": \"object\",\n}", "bad.json");
    FAIL() << "accepted malformed schema";
  } catch (const Error& error) {
    EXPECT_EQ(error.line(), 3U);
    EXPECT_EQ(error.column(), 1U);
    EXPECT_EQ(error.describe().rfind("bad.json:3:1: ", 0), 0U) << error.describe();
  }
}

TEST(UnusableSchema, DeeplyNestedSchemaIsRefusedNotCrashed) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "{\"not\":";
  text += "{}";
  text += std::string(100000, '}');
  EXPECT_THROW(Schema::from_text(text, "deep.json"), Error);
}

TEST(EmbeddedSchemas, EveryOneLoads) {
  ASSERT_FALSE(embedded_schemas().empty());
  for (const auto& embedded : embedded_schemas()) {
    EXPECT_NO_THROW(Schema::embedded(embedded.name)) << embedded.name;
  }
  EXPECT_THROW(Schema::embedded("no-such-schema"), Error);
}

}  // namespace
}  // namespace conform
