#include "engine/simple_pattern.hpp"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>

namespace conform::engine {
namespace {

TEST(SimplePattern, CompilesAnchoredRunsOfClassesAndLiterals) {
  for (const char* pattern :
       {"^[A-Za-z0-9+]+$", "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$", "^F[1-6]$",
        "^$", "^a?$", "^[a-z]{2,4}[0-9]$", "^\\+[0-9]{1,15}$", "^[a-]*$"}) {
    EXPECT_TRUE(SimplePattern::compile(pattern).has_value()) << pattern;
  }
}

TEST(SimplePattern, LeavesEverythingElseToTheRegexEngine) {
  for (const char* pattern : {
           "[a-z]+",            // not anchored: matches anywhere
           "^[a-z]+",           // anchored at one end only
           "^[a-z]+\\$",        // ends in a literal dollar
           "^[^a-z]+$",         // negated class: takes non-ASCII characters
           "^[]a]$",            // "[]" reads differently by dialect
           "^.+$",              // any character
           "^(ab)+$",           // groups
           "^a|b$",             // alternation
           "^\\d+$",            // escaped letters are classes
           "^[a-z]+[a-z0-9]$",  // greed would have to give back
           "^[a-z]+a?$",        // a variable run after a variable run
           "^a+?$",             // lazy
           "^[a-Z]$",           // a range across kinds
           "^a{2,1}$",          // an empty count range
           "^a{1001}$",         // counts past what a body needs
       }) {
    EXPECT_FALSE(SimplePattern::compile(pattern).has_value()) << pattern;
  }
}

// The one-pass answer is the regex engine's, on random text near the pattern.
TEST(SimplePattern, AgreesWithRe2) {
  std::mt19937 random(20261127);
  const std::string alphabet = "aAzZ09+-.fF16\xC3\xA9 \n$";
  for (const char* pattern :
       {"^[A-Za-z0-9+]+$", "^[0-9A-Fa-f]{2}-[0-9A-Fa-f]{3}$", "^F[1-6]$", "^$", "^a?$", "^[a-z]{1,3}[0-9]$",
        "^\\+[0-9]{1,4}$", "^[a-]*$", "^[A-Z]{2}[0-9]*$", "^0*[1-9]{2}$", "^[0-9]{2,}$"}) {
    const auto simple = SimplePattern::compile(pattern);
    ASSERT_TRUE(simple.has_value()) << pattern;
    const RE2 regex(pattern);
    std::size_t matched = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string text;
      const std::size_t length = random() % 8;
      for (std::size_t j = 0; j < length; ++j) text += alphabet[random() % alphabet.size()];
      const bool expected = RE2::PartialMatch(text, regex);
      ASSERT_EQ(simple->matches(text), expected) << pattern << " on \"" << text << '"';
      matched += expected ? 1 : 0;
    }
    EXPECT_GT(matched, 0U) << pattern;  // the text came near enough to match sometimes
  }
}

}  // namespace
}  // namespace conform::engine
