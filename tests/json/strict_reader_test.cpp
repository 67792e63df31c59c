#include "json/strict_reader.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "json/utf8.hpp"

namespace {

using namespace std::string_view_literals;
using conform::Finding;
using conform::Limits;

std::vector<Finding> read(std::string_view body, const Limits& limits = {}) {
  rapidjson::Document document;
  return conform::json::read_strict(body, limits, document);
}

// "keyword@line:column" for compact, readable failure messages.
std::string where(const Finding& finding) {
  return finding.keyword + "@" + std::to_string(finding.line) + ":" + std::to_string(finding.column);
}

// ---------------------------------------------------------------------------
// Well-formed bodies

TEST(ReadStrict, WellFormedObjectHasNoFindingsAndFillsTheDocument) {
  rapidjson::Document document;
  const auto findings = conform::json::read_strict(
      R"({"a": 1, "b": [true, null, "x"], "c": {"d": -2.5}, "e": "caf\u00e9"})", Limits{}, document);
  EXPECT_TRUE(findings.empty()) << (findings.empty() ? "" : where(findings.front()) + " " + findings.front().message);
  ASSERT_TRUE(document.IsObject());
  ASSERT_TRUE(document.HasMember("a"));
  EXPECT_EQ(document["a"].GetInt(), 1);
  ASSERT_TRUE(document["b"].IsArray());
  ASSERT_EQ(document["b"].Size(), 3U);
  EXPECT_TRUE(document["b"][0].IsTrue());
  EXPECT_TRUE(document["b"][1].IsNull());
  EXPECT_STREQ(document["b"][2].GetString(), "x");
  EXPECT_DOUBLE_EQ(document["c"]["d"].GetDouble(), -2.5);
  EXPECT_EQ(std::string_view(document["e"].GetString(), document["e"].GetStringLength()), "caf\xC3\xA9"sv);
  EXPECT_EQ(document.MemberCount(), 4U);
}

TEST(ReadStrict, WellFormedScalarRootAndValidSurrogatePairAreAccepted) {
  rapidjson::Document document;
  EXPECT_TRUE(conform::json::read_strict("  42 \n", Limits{}, document).empty());
  ASSERT_TRUE(document.IsInt());
  EXPECT_EQ(document.GetInt(), 42);

  // A proper pair (U+1F600) and the code points either side of the surrogate
  // block must not be mistaken for lone surrogates.
  rapidjson::Document pair;
  EXPECT_TRUE(conform::json::read_strict(R"(["\ud83d\ude00", "\ud7ff", "\ue000"])", Limits{}, pair).empty());
  ASSERT_TRUE(pair.IsArray());
  EXPECT_EQ(std::string_view(pair[0].GetString(), pair[0].GetStringLength()), "\xF0\x9F\x98\x80"sv);
}

// ---------------------------------------------------------------------------
// Syntax errors: each class gives exactly one `syntax` finding.

struct SyntaxCase {
  const char* name;
  std::string_view body;
  const char* position;  // "line:column" where RapidJSON stops, derived by hand
};

void PrintTo(const SyntaxCase& syntax_case, std::ostream* out) { *out << syntax_case.name; }

class SyntaxClass : public ::testing::TestWithParam<SyntaxCase> {};

TEST_P(SyntaxClass, GivesExactlyOneSyntaxFinding) {
  rapidjson::Document document;
  const auto findings = conform::json::read_strict(GetParam().body, Limits{}, document);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "syntax") << findings[0].message;
  EXPECT_EQ(std::to_string(findings[0].line) + ":" + std::to_string(findings[0].column), GetParam().position);
  EXPECT_FALSE(findings[0].message.empty());
  EXPECT_EQ(findings[0].instance_location, "");
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(
    ReadStrict, SyntaxClass,
    ::testing::Values(
        SyntaxCase{"TrailingCommaInObject", R"({"a": 1,})", "1:9"},
        SyntaxCase{"TrailingCommaInArray", "[1, 2,]", "1:7"},
        SyntaxCase{"SingleQuotedName", "{'a': 1}", "1:2"},
        SyntaxCase{"SingleQuotedValue", R"({"a": 'x'})", "1:7"},
        SyntaxCase{"BlockComment", R"({"a": 1 /* note */})", "1:9"},
        SyntaxCase{"LineComment", "// note\n{}", "1:1"},
        SyntaxCase{"NaN", "[NaN]", "1:2"},
        SyntaxCase{"Infinity", "[Infinity]", "1:2"},
        SyntaxCase{"LeadingZeroRoot", "01", "1:2"},
        SyntaxCase{"LeadingZeroInArray", "[01]", "1:3"},
        SyntaxCase{"EmptyBody", "", "1:1"},
        SyntaxCase{"WhitespaceOnly", " \t\r\n ", "2:2"},
        SyntaxCase{"TwoRoots", "{}{}", "1:3"},
        SyntaxCase{"RawTabInString", "[\"a\tb\"]", "1:4"},
        SyntaxCase{"RawNewlineInString", "[\"a\nb\"]", "1:4"},
        SyntaxCase{"BadEscape", R"(["\x"])", "1:3"},
        SyntaxCase{"ShortUnicodeEscape", R"(["\u12"])", "1:3"},
        SyntaxCase{"TruncatedArray", R"({"a": [1, 2)", "1:12"},
        SyntaxCase{"TruncatedString", R"({"a": "abc)", "1:11"},
        SyntaxCase{"TruncatedAfterName", R"({"a")", "1:5"}),
    [](const ::testing::TestParamInfo<SyntaxCase>& param_info) { return std::string(param_info.param.name); });
// clang-format on

TEST(ReadStrict, SyntaxErrorOnLineThreeHasExactLineAndColumn) {
  // Line 3 is `  "b": x`; the invalid value x is its 8th character.
  const auto findings = read("{\n  \"a\": 1,\n  \"b\": x\n}");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "syntax");
  EXPECT_EQ(findings[0].line, 3U);
  EXPECT_EQ(findings[0].column, 8U);
}

TEST(ReadStrict, SyntaxErrorOnLineThreeAfterCrLfLineEnds) {
  // Same body with CRLF line ends: a CR ends no line and the error column is
  // unchanged on line 3.
  const auto findings = read("{\r\n  \"a\": 1,\r\n  \"b\": x\r\n}");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(where(findings[0]), "syntax@3:8");
}

TEST(ReadStrict, ColumnCountsCodePointsNotBytes) {
  // Line 2 is `  "é": x`: é takes 2 bytes but one column, so x is at column 8
  // (it would be 9 if bytes were counted).
  const auto findings = read("{\n  \"\xC3\xA9\": x\n}");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "syntax");
  EXPECT_EQ(findings[0].line, 2U);
  EXPECT_EQ(findings[0].column, 8U);

  // A 4-byte character also counts once: `["😀", x]`, x is at column 7.
  const auto emoji = read("[\"\xF0\x9F\x98\x80\", x]");
  ASSERT_EQ(emoji.size(), 1U);
  EXPECT_EQ(where(emoji[0]), "syntax@1:7");
}

// The document is built in a second pass, each container at the size the
// first pass counted: it must hold what RapidJSON's own DOM reader makes, for
// containers of every size and nesting, duplicates and escapes included.
TEST(ReadStrict, DocumentEqualsRapidJsonsOwnForNestedContainersOfGrowingSizes) {
  for (const int count : {0, 1, 2, 17, 1000, 4096}) {
    std::string body = R"({"e": {}, "a": [], "list": [)";
    for (int i = 0; i < count; ++i) {
      body +=
          (i == 0 ? "" : ",") + std::string(R"({"n":)") + std::to_string(i) +
          R"(, "s": "a string longer than sixteen bytes \u00e9 \n", "t": [true, null, -1.5e3, 18446744073709551615]})";
    }
    body += R"(], "obj": {)";
    for (int i = 0; i < count; ++i) body += (i == 0 ? "\"" : ",\"") + std::to_string(i) + "\": [[], {}, \"x\"]";
    body += R"(}, "same": 1})";
    rapidjson::Document ours;
    const auto findings = conform::json::read_strict(body, Limits{}, ours);
    ASSERT_TRUE(findings.empty()) << count;
    rapidjson::Document reference;
    reference.Parse(body.data(), body.size());
    ASSERT_FALSE(reference.HasParseError());
    EXPECT_TRUE(ours == reference) << count;
    EXPECT_EQ(ours["list"].Size(), static_cast<rapidjson::SizeType>(count));
    EXPECT_EQ(ours["obj"].MemberCount(), static_cast<rapidjson::SizeType>(count));
  }
  // Both members of a duplicate name are kept, in order, as RapidJSON's reader keeps them.
  rapidjson::Document duplicates;
  ASSERT_EQ(conform::json::read_strict(R"({"same": 1, "x": [2], "same": 3})", Limits{}, duplicates).size(), 1U);
  ASSERT_EQ(duplicates.MemberCount(), 3U);
  EXPECT_EQ(duplicates.MemberBegin()[0].value.GetInt(), 1);
  EXPECT_EQ(duplicates.MemberBegin()[1].value[0].GetInt(), 2);
  EXPECT_EQ(duplicates.MemberBegin()[2].value.GetInt(), 3);
}

// With Strings::view_body a long string without an escape is a view of the
// body (a 15 MiB member name is not copied into the document); one with an
// escape, or a short one, is the document's own.
TEST(ReadStrict, LongStringsWithoutEscapesAreViewsOfTheBody) {
  const std::string name(100000, 'n');
  const std::string body =
      "{\"" + name + R"(": "a string longer than sixteen bytes", "e": "escaped \" string that is long", "s": "short"})";
  rapidjson::Document document;
  ASSERT_TRUE(conform::json::read_strict(body, Limits{}, document, nullptr, nullptr, conform::json::Strings::view_body)
                  .empty());
  const auto inside = [&](const rapidjson::Value& value) {
    return value.GetString() >= body.data() && value.GetString() < body.data() + body.size();
  };
  const auto& member = *document.MemberBegin();
  EXPECT_EQ(std::string_view(member.name.GetString(), member.name.GetStringLength()), name);
  EXPECT_TRUE(inside(member.name));
  EXPECT_TRUE(inside(member.value));
  // A view has no NUL of its own: every reader of the document goes by the length.
  const auto text = [](const rapidjson::Value& value) {
    return std::string_view(value.GetString(), value.GetStringLength());
  };
  EXPECT_EQ(text(member.value), "a string longer than sixteen bytes");
  EXPECT_EQ(text(document["e"]), "escaped \" string that is long");
  EXPECT_FALSE(inside(document["e"]));
  EXPECT_FALSE(inside(document["s"]));
  // Without it, nothing refers to the body.
  rapidjson::Document copied;
  ASSERT_TRUE(conform::json::read_strict(body, Limits{}, copied).empty());
  EXPECT_FALSE(inside(copied.MemberBegin()->name));
  EXPECT_TRUE(copied == document);
}

// ---------------------------------------------------------------------------
// Duplicate member names

TEST(ReadStrict, DuplicateKeyGivesOneFindingAtTheSecondName) {
  rapidjson::Document document;
  const auto findings = conform::json::read_strict(R"({"a": 1, "a": 2})", Limits{}, document);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "duplicateKey");
  EXPECT_EQ(findings[0].instance_location, "/a");
  EXPECT_EQ(findings[0].line, 1U);
  EXPECT_EQ(findings[0].column, 10U);  // the opening quote of the second "a" is at offset 9
  // The message points back at the first definition (its opening quote, column 2).
  EXPECT_NE(findings[0].message.find("line 1, column 2"), std::string::npos) << findings[0].message;
}

TEST(ReadStrict, DuplicateKeyThroughUnicodeEscapeIsDetected) {
  const auto findings = read(R"({"a": 1, "\u0061": 2})");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "duplicateKey");
  EXPECT_EQ(findings[0].instance_location, "/a");
  EXPECT_EQ(findings[0].column, 10U);
}

TEST(ReadStrict, NestedDuplicateKeyHasTheNestedPointer) {
  const auto findings = read("{\"a\": {\"b\": 1,\n  \"b\": 2}}");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "duplicateKey");
  EXPECT_EQ(findings[0].instance_location, "/a/b");
  EXPECT_EQ(findings[0].line, 2U);
  EXPECT_EQ(findings[0].column, 3U);

  const auto in_array = read(R"({"list": [{"x": 1}, {"y": 1, "y": 2}]})");
  ASSERT_EQ(in_array.size(), 1U);
  EXPECT_EQ(in_array[0].instance_location, "/list/1/y");
}

TEST(ReadStrict, SecondAndThirdOccurrencesEachGiveAFinding) {
  const auto findings = read(R"({"a": 1, "a": 2, "a": 3})");
  ASSERT_EQ(findings.size(), 2U);
  EXPECT_EQ(where(findings[0]), "duplicateKey@1:10");
  EXPECT_EQ(where(findings[1]), "duplicateKey@1:18");
  EXPECT_EQ(findings[0].instance_location, "/a");
  EXPECT_EQ(findings[1].instance_location, "/a");
}

// The names of an object are kept in a hash table that grows: duplicates are
// found whatever the number of members, and wherever in the object they are.
TEST(ReadStrict, DuplicatesAmongManyMembersAreEachFoundOnceWithBothPlaces) {
  for (const std::size_t members : {100U, 1000U, 4000U}) {
    // {"k0":0,"k1":0,...} on one line each; every tenth name is "k<i-5>" again,
    // every hundredth spelled with an escape ("\u006b...").
    std::string body = "{";
    std::vector<std::size_t> duplicate_lines;
    for (std::size_t i = 0; i < members; ++i) {
      std::string name = "k" + std::to_string(i);
      if (i % 10 == 9) {
        name = "k" + std::to_string(i - 5);
        duplicate_lines.push_back(i + 2);
        if (i % 100 == 99) name = "\\u006b" + name.substr(1);
      }
      body += (i == 0 ? "\n\"" : ",\n\"") + name + "\": 0";
    }
    body += "\n}";
    const auto findings = read(body);
    ASSERT_EQ(findings.size(), duplicate_lines.size()) << members << " members";
    for (std::size_t d = 0; d < findings.size(); ++d) {
      const std::size_t line = duplicate_lines[d];
      EXPECT_EQ(findings[d].keyword, "duplicateKey");
      EXPECT_EQ(findings[d].line, line);
      EXPECT_EQ(findings[d].column, 1U);
      EXPECT_EQ(findings[d].instance_location, "/k" + std::to_string(line - 2 - 5));
      // The first definition is five lines up.
      EXPECT_NE(findings[d].message.find("line " + std::to_string(line - 5) + ", column 1"), std::string::npos)
          << findings[d].message;
    }
  }
}

TEST(ReadStrict, ObjectsAtTheSameDepthDoNotShareNames) {
  // The table of a depth is reused by the next object there: it must start empty.
  std::string body = "[";
  for (int i = 0; i < 300; ++i) body += std::string(i == 0 ? "" : ",") + R"({"a":1,"b":2,"c":{"a":3}})";
  body += "]";
  EXPECT_TRUE(read(body).empty());
  EXPECT_EQ(read(R"([{"a":1},{"a":1,"a":2}])").size(), 1U);
}

TEST(ReadStrict, MaxFindingsKeepsTheFirstDuplicatesAndCountsTheRest) {
  for (const std::size_t count : {50U, 100U}) {
    std::string body = "{";
    for (std::size_t i = 0; i < count; ++i) body += std::string(i == 0 ? "" : ",") + R"("a":0)";
    body += "}";
    Limits limits;
    limits.max_findings = 7;
    rapidjson::Document document;
    std::size_t omitted = 0;
    const auto findings = conform::json::read_strict(body, limits, document, nullptr, &omitted);
    ASSERT_EQ(findings.size(), 7U);
    EXPECT_EQ(omitted, count - 1 - 7);
    EXPECT_EQ(findings.front().column, 8U);  // the second "a"
    EXPECT_EQ(findings.back().column, 8U + 6 * 6);
  }
}

TEST(ReadStrict, AStopRequestEndsALongBodyWithTheInterruptedFinding) {
  std::string body = "[";
  for (int i = 0; i < 100000; ++i) body += i == 0 ? "0" : ",0";
  body += "]";
  const std::atomic<bool> stop{true};
  Limits limits;
  limits.stop = &stop;
  const auto findings = read(body, limits);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, conform::json::kInterruptedKeyword);
  EXPECT_EQ(findings[0].severity, conform::Severity::error);
  // A short body is read to its end: the stop is looked at every few thousand values.
  EXPECT_TRUE(read("[0,1,2]", limits).empty());
}

TEST(ReadStrict, DuplicateKeyPointerIsEscaped) {
  const auto slash = read(R"({"a/b": 1, "a/b": 2})");
  ASSERT_EQ(slash.size(), 1U);
  EXPECT_EQ(slash[0].instance_location, "/a~1b");

  const auto tilde = read(R"({"m~n": {"x/~": 1, "x/~": 2}})");
  ASSERT_EQ(tilde.size(), 1U);
  EXPECT_EQ(tilde[0].instance_location, "/m~0n/x~1~0");
}

TEST(ReadStrict, SameNameInDifferentObjectsIsNotADuplicate) {
  EXPECT_TRUE(read(R"([{"a": 1}, {"a": 2}])").empty());
  EXPECT_TRUE(read(R"({"a": {"a": {"a": 1}}})").empty());
  EXPECT_TRUE(read(R"({"o": {"a": 1}, "p": {"a": 1}})").empty());
  EXPECT_TRUE(read(R"({"a": 1, "A": 2, "a ": 3})").empty());
}

// ---------------------------------------------------------------------------
// Limits

TEST(ReadStrict, DepthLimitExactBoundaryForArrays) {
  const Limits limits{.max_depth = 3};
  EXPECT_TRUE(read("[[[]]]", limits).empty());  // the root counts as depth 1

  const auto findings = read("[[[[]]]]", limits);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "limit");
  EXPECT_EQ(findings[0].line, 1U);
  EXPECT_EQ(findings[0].column, 4U);  // the fourth '['
  EXPECT_NE(findings[0].message.find('3'), std::string::npos) << findings[0].message;
}

TEST(ReadStrict, DepthLimitExactBoundaryForObjects) {
  const Limits limits{.max_depth = 3};
  EXPECT_TRUE(read(R"({"a": {"b": {"c": 1}}})", limits).empty());

  const auto findings = read(R"({"a": {"b": {"c": {}}}})", limits);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(where(findings[0]), "limit@1:19");  // the innermost '{' at offset 18
}

TEST(ReadStrict, HundredThousandOpenBracketsGiveOneLimitFinding) {
  const std::string body(100'000, '[');
  const auto findings = read(body);  // default limit: 256 levels
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "limit");
  EXPECT_EQ(findings[0].line, 1U);
  EXPECT_EQ(findings[0].column, 257U);  // the 257th '[' is one level too deep

  // Closed, too: still exactly one finding and no crash.
  const std::string closed = std::string(100'000, '[') + std::string(100'000, ']');
  const auto closed_findings = read(closed);
  ASSERT_EQ(closed_findings.size(), 1U);
  EXPECT_EQ(closed_findings[0].keyword, "limit");
}

TEST(ReadStrict, SizeLimitIsCheckedBeforeAnythingElse) {
  const Limits limits{.max_bytes = 5};
  EXPECT_TRUE(read("[1,2]", limits).empty());  // exactly the limit

  const auto findings = read("[1,22]", limits);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(where(findings[0]), "limit@1:1");

  // Larger and also broken on a later line: the size is what is reported.
  const auto broken = read("\n\n{'x'", limits);
  ASSERT_EQ(broken.size(), 1U);
  EXPECT_EQ(where(broken[0]), "limit@1:1");
}

TEST(ReadStrict, NumberTooLargeForADoubleIsALimit) {
  auto findings = read("1e400");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(where(findings[0]), "limit@1:1");

  findings = read(R"({"n": -1e400})");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "limit");

  EXPECT_TRUE(read("1e308").empty());
}

// ---------------------------------------------------------------------------
// NUL bytes and encoding

TEST(ReadStrict, RawNulByteIsASyntaxError) {
  auto findings = read("[\"a\0b\"]"sv);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(where(findings[0]), "syntax@1:4");

  // After a complete value, where RapidJSON would otherwise stop reading.
  findings = read("{}\0{"sv);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(where(findings[0]), "syntax@1:3");
}

TEST(ReadStrict, EscapedLoneLowSurrogateIsAnEncodingProblem) {
  auto findings = read(R"("\udc00")");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "encoding");
  EXPECT_EQ(findings[0].line, 1U);

  findings = read(R"({"k": ["ok", "x\udfff"]})");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "encoding");

  // In a member name.
  findings = read(R"({"\udc00": 1})");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "encoding");
}

TEST(ReadStrict, EscapedLoneHighSurrogateIsAnEncodingProblem) {
  auto findings = read(R"("\ud800")");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "encoding");

  // High surrogate followed by something that is not a low surrogate.
  findings = read(R"(["\ud800\u0041"])");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "encoding");
}

TEST(ReadStrict, InvalidUtf8IsAnEncodingProblemAtTheBadByte) {
  // C3 followed by a quote: truncated sequence at offset 2.
  auto findings = read("[\"\xC3\"]");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(where(findings[0]), "encoding@1:3");

  // Overlong '/' (C0 AF) on line 2 after `"é`: column 3, the é counting once.
  findings = read("[\n\"\xC3\xA9\xC0\xAF\"]");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(where(findings[0]), "encoding@2:3");
}

TEST(ReadStrict, Utf8ByteOrderMarkIsAnEncodingProblem) {
  const auto findings = read("\xEF\xBB\xBF{}");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(where(findings[0]), "encoding@1:1");
}

TEST(ReadStrict, Utf16BodyIsAnEncodingProblem) {
  const auto findings = read("{\0}\0"sv);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(where(findings[0]), "encoding@1:1");
}

// ---------------------------------------------------------------------------
// OffsetIndex

TEST(OffsetIndex, FindsValueAndKeyOffsets) {
  //                     0         1         2         3         4
  //                     0123456789012345678901234567890123456789012
  const std::string body = R"({"a": 1, "list": [10, 20, 30], "o": {"x": true}})";
  const conform::json::OffsetIndex index(body, {"", "/a", "/list", "/list/1", "/o", "/o/x"});

  const auto* root = index.find("");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->value, 0U);
  EXPECT_EQ(root->key, 0U);

  const auto* a = index.find("/a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->value, 6U);
  EXPECT_EQ(a->key, 1U);

  const auto* list = index.find("/list");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->value, 17U);
  EXPECT_EQ(list->key, 9U);

  const auto* element = index.find("/list/1");
  ASSERT_NE(element, nullptr);
  EXPECT_EQ(element->value, 22U);
  EXPECT_EQ(element->key, 22U);

  const auto* o = index.find("/o");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->value, 36U);
  EXPECT_EQ(o->key, 31U);

  const auto* x = index.find("/o/x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->value, 42U);
  EXPECT_EQ(x->key, 37U);
  EXPECT_EQ(body.substr(x->value, 4), "true");
}

TEST(OffsetIndex, SkipsWhitespaceAndSeparatorsBeforeAValue) {
  // {\n  "a":\n    "s",\n  "b": [[1], 2]\n}
  const std::string body = "{\n  \"a\":\n    \"s\",\n  \"b\": [[1], 2]\n}";
  const conform::json::OffsetIndex index(body, {"/a", "/b/0", "/b/1"});

  const auto* a = index.find("/a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->key, 4U);
  EXPECT_EQ(a->value, 13U);
  EXPECT_EQ(body[a->value], '"');

  const auto* inner = index.find("/b/0");
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(body[inner->value], '[');
  EXPECT_EQ(inner->value, body.find("[1]"));

  // After a closed array, the next element starts at its own first byte.
  const auto* after = index.find("/b/1");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->value, body.find("2]"));
  EXPECT_EQ(after->key, after->value);
}

TEST(OffsetIndex, MissingPointersGiveNull) {
  const std::string body = R"({"a": 1, "list": [10, 20, 30], "o": {"x": true}})";
  const conform::json::OffsetIndex index(body, {"/a", "/b", "/list/3", "/o/y", "/a/0"});
  EXPECT_NE(index.find("/a"), nullptr);
  EXPECT_EQ(index.find("/b"), nullptr);
  EXPECT_EQ(index.find("/list/3"), nullptr);
  EXPECT_EQ(index.find("/o/y"), nullptr);
  EXPECT_EQ(index.find("/a/0"), nullptr);

  const conform::json::OffsetIndex empty(body, {});
  EXPECT_EQ(empty.find(""), nullptr);
  EXPECT_EQ(empty.find("/a"), nullptr);
}

TEST(OffsetIndex, ObjectKeyOneAndArrayIndexOneAreDistinguished) {
  const std::string object = R"({"1": 5})";
  const conform::json::OffsetIndex in_object(object, {"/1", "/0"});
  const auto* member = in_object.find("/1");
  ASSERT_NE(member, nullptr);
  EXPECT_EQ(member->value, 6U);
  EXPECT_EQ(member->key, 1U);  // a member: the key is its name's quote
  EXPECT_EQ(in_object.find("/0"), nullptr);

  const std::string array = "[4, 5]";
  const conform::json::OffsetIndex in_array(array, {"/1", "/0"});
  const auto* element = in_array.find("/1");
  ASSERT_NE(element, nullptr);
  EXPECT_EQ(element->value, 4U);
  EXPECT_EQ(element->key, 4U);  // an element: no name, the key is the value
  const auto* first = in_array.find("/0");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->value, 1U);
}

TEST(OffsetIndex, EscapedNamesAreFoundByTheirEscapedPointer) {
  const std::string body = R"({"a/b": {"c~d": 7}})";
  const conform::json::OffsetIndex index(body, {"/a~1b/c~0d", "/a/b"});
  const auto* found = index.find("/a~1b/c~0d");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->value, body.find('7'));
  EXPECT_EQ(found->key, body.find("\"c~d\""));
  EXPECT_EQ(index.find("/a/b"), nullptr);
}

}  // namespace
