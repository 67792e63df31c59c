#include "engine/ecma_regex.hpp"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "conform/error.hpp"
#include "conform/schema.hpp"
#include "engine/pattern_regex.hpp"
#include "engine/simple_pattern.hpp"
#include "json/compact_json.hpp"
#include "support/scratch_dir.hpp"

namespace conform::engine {
namespace {

using namespace std::string_view_literals;
using Status = EcmaRegex::Status;

// Whether `pattern`, compiled as "pattern" compiles it, finds a match in `text`.
bool finds(const std::string& pattern, std::string_view text) {
  return compile_pattern(pattern)->search(text) == PatternRegex::Match::yes;
}

struct MatchCase {
  std::string_view pattern;
  std::string_view text;
  bool matches;
};

void expect_matches(std::initializer_list<MatchCase> cases) {
  for (const MatchCase& c : cases) {
    EXPECT_EQ(finds(std::string(c.pattern), c.text), c.matches) << "/" << c.pattern << "/ on \"" << c.text << "\"";
  }
}

// The JSON-Schema-Test-Suite's optional/ecmascript-regex.json cases, then ours.
TEST(EcmaRegex, EscapesAndClassesMeanWhatEcmaSays) {
  expect_matches({
      {"^abc$", "abc\n", false},
      {"^abc$", "abc", true},
      {"^\\t$", "\\t", false},
      {"^\\t$", "\t", true},
      {"^\\cC$", "\\cC", false},
      {"^\\cC$", "\x03", true},
      {"^\\cc$", "\x03", true},
      {"^\\d$", "0", true},
      {"^\\d$", "\u07c0", false},
      {"^\\D$", "0", false},
      {"^\\D$", "\u07c0", true},
      {"^\\w$", "a", true},
      {"^\\w$", "\u00e9", false},
      {"^\\W$", "a", false},
      {"^\\W$", "\u00e9", true},
      {"^\\d+$", "42", true},
      {"^\\d+$", "\u09ea\u09e8", false},
      {"^\\p{digit}+$", "\u09ea\u09e8", true},
      {"^\\p{digit}+$", "-%#", false},
      {"\\p{Letter}cole", "l'\u00e9cole", true},
      {"\\p{Letter}cole", "L'\u00c9COLE", false},
      {"\\wcole", "l'\u00e9cole", false},
      {"\\wcole", "l'ecole", true},
      {"[a-z]cole", "l'\u00e9cole", false},
      // Our own: ".", "\s", "\u", "[^]", "[]", "\0", "[\b]", named groups.
      {"^.$", "\n", false},
      {"^.$", "\r", false},
      {"^.$", "\u2028", false},
      {"^.$", "\u2029", false},
      {"^.$", "\u0085", true},
      {"^.$", "\U0001f600", true},  // one code point, as with the "u" flag
      {"^[^]$", "\n", true},
      {"^[]$", "", false},
      {"[]", "anything", false},
      {"^a[^]*z$", "a\n\u2028z", true},
      {"^\\u00e9$", "\u00e9", true},
      {"^\\u{1F600}$", "\U0001f600", true},
      {"^\\uD83D\\uDE00$", "\U0001f600", true},
      {"^\\x41$", "A", true},
      {"^\\0$", "\0"sv, true},
      {"^[\\b]$", "\b", true},
      {"^\\/$", "/", true},
      {"^a{02}$", "aa", true},
      {"^(?<year>\\d{4})-(?<$month>\\d{2})$", "2024-02", true},
      {"^[\\u0041-\\u005A]+$", "ABC", true},
      {"^[\\u0041-\\u005A]+$", "abc", false},
      {"^\\p{Script=Greek}+$", "\u03b1\u03b2", true},
      {"^\\P{ASCII}$", "\u00e9", true},
      {"^\\P{ASCII}$", "e", false},
      {"^\\p{Any}$", "\n", true},
      {"^\\p{Lu}\\P{Lu}$", "Ab", true},
      {"^[\\p{Lu}\\d]+$", "A1B2", true},
      {"^[\\s\\d]+$",
       "1\u3000"
       "2",
       true},
      {"^[^\\S]+$", " \t\u00a0", true},
      {"^[^\\S]+$", " x", false},
      {"^[\\S]+$", "x\u00a0", false},
      {"a\\b", "a b", true},
      {"a\\B", "a b", false},
      {"^[[]$", "[", true},
      {"^[a-z-0]+$", "a-0", true},
      {"^\\-\\_\\:$", "-_:", true},
  });
}

TEST(EcmaRegex, WhiteSpaceIsEcmaWhiteSpaceAndLineTerminators) {
  for (const std::string_view space :
       {"\t"sv, "\n"sv, "\v"sv, "\f"sv, "\r"sv, " "sv, "\u00a0"sv, "\u1680"sv, "\u2000"sv, "\u2005"sv, "\u200a"sv,
        "\u2028"sv, "\u2029"sv, "\u202f"sv, "\u205f"sv, "\u3000"sv, "\ufeff"sv}) {
    EXPECT_TRUE(finds("^\\s$", space)) << space;
    EXPECT_FALSE(finds("^\\S$", space)) << space;
  }
  for (const std::string_view other : {"\x01"sv, "\u0085"sv, "\u200b"sv, "\u2013"sv, "x"sv}) {
    EXPECT_FALSE(finds("^\\s$", other)) << other;
    EXPECT_TRUE(finds("^\\S$", other)) << other;
  }
}

// What RE2 cannot run (lookaround, back-references) runs on PCRE2, with
// ECMA-262's meaning: "$" only at the very end, a back-reference to a group
// that did not match matches nothing, \d and \w ASCII, "." no line terminator.
TEST(EcmaRegex, LookaroundAndBackReferencesRunOnPcre2) {
  for (const std::string_view pattern : {"^(?=a)"sv, "(?<!a)b"sv, "(a)\\1"sv, "(?<n>a)\\k<n>"sv}) {
    EXPECT_EQ(translate_ecma_regex(pattern).status, Status::backtracking) << pattern;
    EXPECT_EQ(compile_pattern(std::string(pattern))->re2(), nullptr) << pattern;
  }
  expect_matches({
      {"^(?!admin$)[a-z]+$", "admin", false},
      {"^(?!admin$)[a-z]+$", "administrator", true},
      {"^(?=.*\\d)(?=.*[a-z]).{8,}$", "abcdefg1", true},
      {"^(?=.*\\d)(?=.*[a-z]).{8,}$", "abcdefgh", false},
      {"(?<=\\$)\\d+", "$42", true},
      {"(?<=\\$)\\d+", "42", false},
      {"(?<!-)\\b\\d+$", "-42", false},
      {"^(a+)b\\1$", "aabaa", true},
      {"^(a+)b\\1$", "aaba", false},
      {"^(?<q>['\"]).*\\k<q>$", "'x'", true},
      {"^(?<q>['\"]).*\\k<q>$", "'x\"", false},
      {"^(?:(a)|b)\\1$", "b", true},      // ECMA-262: an unmatched group's reference matches the empty string
      {"^(?=a)a$", "a\n", false},         // "$" is the very end
      {"^(?=\\d)\\d$", "\u0664", false},  // \d is ASCII
      {"^(?=.).$", "\u00e9", true},       // "." is one code point
      {"^(?=.).$", "\n", false},
      {"^(?=\\s)\\s$", "\u00a0", true},
      {"(?=\\p{Letter})\\w", "\u00e9x", true},
  });
}

// Every pattern against every text, decided by conform's engines and by
// Node's RegExp with the "u" flag (the reference JSON Schema names): they
// must agree. Skipped where Node is not installed.
TEST(EcmaRegex, AgreesWithNodeRegExp) {
  if (std::system("node --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "node is not installed";
  const std::vector<std::string> patterns = {
      "^(?!admin$)[a-z]+$",
      "^(?=.*\\d)(?=.*[a-z]).{4,}$",
      "(?<=\\$)\\d+",
      "(?<!-)\\b\\d+$",
      "^(a+)b\\1$",
      "^(?<q>['\"]).*\\k<q>$",
      "^(?:(a)|b)\\1$",
      "^(?=\\w)\\W?",
      "(?=.)\\s",
      "^(?!.*\\.\\.)[^@]+@",
      "^(?=\\p{Lu})\\p{L}+$",
      "(.)(.)\\2\\1",
      "^\\d+$",
      "^[^a-z]*$",
      "^.$",
      "\\bx",
      "^\\S+\\s\\S+$",
  };
  const std::vector<std::string> texts = {
      "",  "admin",  "administrator", "abc1", "$42", "-42",    "42",    "aabaa",  "aaba", "'x'",       "'x\"",
      "b", "\u00e9", "\u00c9t\u00e9", "abba", "a b", "a..b@c", "a.b@c", "\u2028", " x",   "\U0001f600"};
  const conform::testing::ScratchDir scratch("ecma-node");
  const auto cases = scratch.root() / "cases.json";
  {
    std::ofstream out(cases);
    out << "[";
    bool first = true;
    for (const auto& pattern : patterns) {
      for (const auto& text : texts) {
        rapidjson::Value p(rapidjson::StringRef(pattern.data(), pattern.size()));
        rapidjson::Value t(rapidjson::StringRef(text.data(), text.size()));
        out << (first ? "" : ",") << "[" << json::compact_json(p) << "," << json::compact_json(t) << "]";
        first = false;
      }
    }
    out << "]";
  }
  const auto answers = scratch.root() / "answers.txt";
  const std::string command =
      "node -e 'for (const [p, t] of JSON.parse(require(\"fs\").readFileSync(process.argv[1]))) "
      "console.log(new RegExp(p, \"u\").test(t) ? 1 : 0)' '" +
      cases.string() + "' > '" + answers.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(answers);
  for (const auto& pattern : patterns) {
    for (const auto& text : texts) {
      int expected = -1;
      ASSERT_TRUE(in >> expected) << "node gave fewer answers than cases";
      const bool found = compile_pattern(pattern)->search(text) == PatternRegex::Match::yes;
      EXPECT_EQ(found, expected == 1) << "/" << pattern << "/u on \"" << text << "\"";
    }
  }
}

// A backtracking pattern that exhausts PCRE2's budget is undecided, never a
// pass or a fail; through a schema it is a finding that says so.
TEST(EcmaRegex, ABudgetRunOutIsUndecided) {
  const std::string pattern = "^(?=x)(a+)+\\1$";
  for (const std::size_t length : {std::size_t{30}, std::size_t{60}}) {
    const std::string text = "x" + std::string(length, 'a') + "!";
    EXPECT_NE(compile_pattern(pattern)->search(text), PatternRegex::Match::yes) << length;
  }
  EXPECT_EQ(compile_pattern("^(?!x)(a|a)+$")->search(std::string(40, 'a') + "!"), PatternRegex::Match::undecided);
  const Schema schema = Schema::from_text(R"({"pattern": "^(?!x)(a|a)+$"})", "test");
  const auto findings = schema.check("\"" + std::string(40, 'a') + "!\"");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "pattern");
  EXPECT_NE(findings[0].message.find("could not be decided"), std::string::npos) << findings[0].message;
  EXPECT_TRUE(schema.check("\"aaa\"").empty());
}

TEST(EcmaRegex, WhatNeitherEngineRunsIsRefusedWithTheReason) {
  const struct {
    std::string_view pattern;
    std::string_view reason;
  } cases[] = {
      {"\\p{LC}", "\\p{LC}"},       {"\\p{Cn}", "\\p{Cn}"},  {"\\p{sc=Grek}", "\\p{sc=Grek}"},
      {"\\p{Emoji}", "\\p{Emoji}"}, {"(?i:a)", "modifiers"}, {"(?<=a+)b", "PCRE2"},
  };
  for (const auto& c : cases) {
    try {
      compile_pattern(std::string(c.pattern));
      ADD_FAILURE() << c.pattern << " was compiled";
    } catch (const Error& error) {
      EXPECT_NE(std::string_view(error.what()).find("is not supported"), std::string_view::npos) << error.what();
      EXPECT_NE(std::string_view(error.what()).find(c.reason), std::string_view::npos) << error.what();
    }
  }
}

TEST(EcmaRegex, InvalidPatternsAreRefusedAsSuch) {
  for (const std::string_view pattern : {"\\Z"sv,         "\\a"sv,
                                         "(?P<n>a)"sv,    "(?i)a"sv,
                                         "[z-a]"sv,       "a)"sv,
                                         "(a"sv,          "[a"sv,
                                         "*"sv,           "a**"sv,
                                         "a{2}{3}"sv,     "a{"sv,
                                         "x{,3}"sv,       "]"sv,
                                         "}"sv,           "\\"sv,
                                         "\\c"sv,         "\\c1"sv,
                                         "\\01"sv,        "\\x4"sv,
                                         "\\u12"sv,       "\\u{}"sv,
                                         "\\u{110000}"sv, "(a)\\2"sv,
                                         "\\k<n>"sv,      "(?<n>a)(?<n>b)"sv,
                                         "[\\d-z]"sv,     "[\\B]"sv,
                                         "\\p{Nope}"sv,   "\\p{gc=Nope}"sv,
                                         "^*"sv,          "\\b+"sv,
                                         "(?=a)*"sv,      "\\e"sv,
                                         "\\ "sv}) {
    EXPECT_EQ(translate_ecma_regex(pattern).status, Status::invalid) << pattern;
    try {
      compile_pattern(std::string(pattern));
      ADD_FAILURE() << pattern << " was compiled";
    } catch (const Error& error) {
      EXPECT_NE(std::string_view(error.what()).find("not a valid ECMA-262"), std::string_view::npos) << error.what();
    }
  }
}

// Through a whole schema: "pattern" and additionalProperties' view of
// patternProperties match as ECMA-262 says, and a pattern RE2 cannot run
// refuses the schema, naming where it is.
TEST(EcmaRegex, SchemasUseTheTranslation) {
  const Schema schema = Schema::from_text(
      R"({"type": "object", "properties": {"name": {"type": "string", "pattern": "^\\S.*$"}},
          "patternProperties": {"^x-.$": true}, "additionalProperties": false})",
      "test");
  const auto errors = [&](std::string_view body) {
    std::size_t count = 0;
    for (const FindingView& finding : schema.check(body)) count += finding.severity == Severity::error ? 1 : 0;
    return count;
  };
  EXPECT_EQ(errors(R"({"name": "\u00e9t\u00e9", "x-\u00e9": 1})"), 0U);
  EXPECT_EQ(errors(R"({"name": "\u00a0leading space"})"), 1U);
  EXPECT_EQ(errors(R"({"name": "a\u2028b"})"), 1U);
  EXPECT_EQ(errors(R"({"x-ab": 1})"), 1U);
  EXPECT_EQ(errors(R"({"x-\u2028": 1})"), 1U);
  const Schema lookahead = Schema::from_text(R"json({"properties": {"a": {"pattern": "^(?!admin$)"}}})json", "test");
  EXPECT_EQ(lookahead.check(R"({"a": "admin"})").size(), 1U);
  EXPECT_TRUE(lookahead.check(R"({"a": "root"})").empty());
  try {
    Schema::from_text(R"json({"properties": {"a": {"pattern": "(?i:a)"}}})json", "test");
    ADD_FAILURE() << "a modifier was accepted";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("/properties/a/pattern"), std::string::npos) << message;
    EXPECT_NE(message.find("modifiers"), std::string::npos) << message;
  }
}

TEST(EcmaRegex, LimitsOfRe2AreReportedByRe2) {
  EXPECT_EQ(translate_ecma_regex("a{1001}").status, Status::ok);
  EXPECT_THROW(compile_pattern("a{1001}"), Error);
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "(";
  deep += "a";
  for (int i = 0; i < 300; ++i) deep += ")";
  EXPECT_EQ(translate_ecma_regex(deep).status, Status::unsupported);
}

// Tokens both dialects read alike are copied, so the patterns users write most
// come back unchanged, and messages quoting the pattern stay readable.
TEST(EcmaRegex, PatternsNeedingNoTranslationComeBackUnchanged) {
  for (const std::string_view pattern :
       {"^[A-Za-z0-9+]+$"sv, "^[A-Za-z0-9._+=/:?-]+$"sv, "^F[1-6]$"sv, "^[0-9]+\\.[0-9]+\\.[0-9]+"sv, "^#"sv,
        "^(/([^~/]|~[01])*)*$"sv, "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"sv,
        "^\\d{3}-\\w+$"sv, "a|b|(c)?"sv, "^(?:ab)+?$"sv, "[^a-z]"sv, "\\t\\n\\r\\f\\v\\x41"sv, "\\p{L}\\P{Nd}"sv,
        "caf\u00e9"sv, "^\\$\\^\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\/\\-$"sv}) {
    const EcmaRegex translated = translate_ecma_regex(pattern);
    EXPECT_EQ(translated.status, Status::ok) << pattern;
    EXPECT_EQ(translated.re2, pattern);
  }
  EXPECT_EQ(translate_ecma_regex("^.$").re2, "^[^\\n\\r\\x{2028}\\x{2029}]$");
  EXPECT_EQ(translate_ecma_regex("(?<name>a)").re2, "(?P<name>a)");
  EXPECT_EQ(translate_ecma_regex("\\u{e9}\\cJ\\0").re2, "\\x{e9}\\x{a}\\x{0}");
}

// SimplePattern reads the pattern as written. Whatever it accepts must come
// back from the translation unchanged, and match as the translation does.
TEST(EcmaRegex, SimplePatternAgreesWithTheTranslation) {
  const std::string_view patterns[] = {
      "^[A-Za-z0-9+]+$", "^[a-z]{2,3}$", "^a\\-b$",  "^[a-z-]+$", "^[-a]?x$", "^\\_\\:\\.$", "^[%]{1}$",
      "^[a-z-0]+$",      "^x{0,}y$",     "^[.*+?]$", "^ $",       "^/$",      "^a*b$",       "^[0-9]{3}-[0-9]{4}$"};
  const std::string_view texts[] = {"",     "a",    "ab", "abc", "a-b", "a-b\n", "-x",  "_:.",      "%",         "y",
                                    "xxxy", "ab\n", "*",  " ",   "/",   "b",     "aab", "123-4567", "123-4567\n"};
  for (const std::string_view pattern : patterns) {
    const auto simple = SimplePattern::compile(pattern);
    ASSERT_TRUE(simple) << pattern;
    const EcmaRegex translated = translate_ecma_regex(pattern);
    ASSERT_EQ(translated.status, Status::ok) << pattern;
    EXPECT_EQ(translated.re2, pattern);
    const RE2 regex(translated.re2);
    for (const std::string_view text : texts) {
      EXPECT_EQ(simple->matches(text), RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), regex))
          << "/" << pattern << "/ on \"" << text << "\"";
    }
  }
}

}  // namespace
}  // namespace conform::engine
