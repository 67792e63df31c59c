#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "conform/reporter.hpp"
#include "json/utf8.hpp"

namespace {

using conform::displayed_value;

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

bool valid_utf8(std::string_view text) { return !conform::json::find_encoding_problem(text).has_value(); }

TEST(DisplayedValue, ShowValuesReturnsTheInputUnchanged) {
  for (std::string_view value : {"\"2001004011\"", "2001004011", "\"ab\"", "true", "-1.5e3", "\"caf\xC3\xA9\"",
                                 "\"aaaa\xE2\x80\xA6\" (100002 bytes)", ""}) {
    EXPECT_EQ(displayed_value(value, true), value);
  }
}

TEST(DisplayedValue, LongStringKeepsQuotesAndOnlyItsOuterCharacters) {
  const std::string shown = displayed_value("\"2001004011\"", false);
  EXPECT_FALSE(contains(shown, "2001004011")) << shown;
  EXPECT_FALSE(contains(shown, "001004")) << shown;
  ASSERT_GE(shown.size(), 2U);
  EXPECT_EQ(shown.front(), '"') << shown;
  EXPECT_EQ(shown.back(), '"') << shown;
  EXPECT_EQ(shown.rfind("\"20", 0), 0U) << shown;
  EXPECT_EQ(shown, "\"20******11\"");
}

TEST(DisplayedValue, NumberIsMaskedToo) {
  const std::string shown = displayed_value("2001004011", false);
  EXPECT_FALSE(contains(shown, "2001004011")) << shown;
  EXPECT_FALSE(contains(shown, "001004")) << shown;
  EXPECT_EQ(shown, "20******11");
}

TEST(DisplayedValue, ShortStringsAreFullyStarred) {
  EXPECT_EQ(displayed_value("\"abcd\"", false), "\"****\"");
  EXPECT_EQ(displayed_value("\"ab\"", false), "\"**\"");
  EXPECT_EQ(displayed_value("\"x\"", false), "\"*\"");
  EXPECT_EQ(displayed_value("\"\"", false), "\"\"");
  EXPECT_EQ(displayed_value("42", false), "**");
  // Counted in characters, not bytes: four é are still fully starred.
  EXPECT_EQ(displayed_value("\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\"", false), "\"****\"");
  // A string spelled like a literal is still a string.
  EXPECT_EQ(displayed_value("\"true\"", false), "\"****\"");
}

TEST(DisplayedValue, MediumStringsKeepAtMostOneCharacterEachSide) {
  const std::string shown = displayed_value("\"abcde\"", false);
  EXPECT_EQ(shown, "\"a***e\"");
  EXPECT_FALSE(contains(shown, "bcd"));
  EXPECT_EQ(displayed_value("\"abcdefgh\"", false), "\"ab****gh\"");
}

TEST(DisplayedValue, LiteralsAreShown) {
  EXPECT_EQ(displayed_value("true", false), "true");
  EXPECT_EQ(displayed_value("false", false), "false");
  EXPECT_EQ(displayed_value("null", false), "null");
}

TEST(DisplayedValue, MultiByteCharactersAreNotSplit) {
  const std::string ten_e_acute =
      "\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\"";
  const std::string shown = displayed_value(ten_e_acute, false);
  EXPECT_TRUE(valid_utf8(shown)) << shown;
  EXPECT_EQ(shown, "\"\xC3\xA9\xC3\xA9******\xC3\xA9\xC3\xA9\"");

  // Mixed widths at both ends: 😀€é... keeps whole characters.
  const std::string mixed =
      "\"\xF0\x9F\x98\x80\xE2\x82\xAC"
      "abcdef"
      "\xE2\x82\xAC\xF0\x9F\x98\x80\"";
  const std::string mixed_shown = displayed_value(mixed, false);
  EXPECT_TRUE(valid_utf8(mixed_shown)) << mixed_shown;
  EXPECT_EQ(mixed_shown, "\"\xF0\x9F\x98\x80\xE2\x82\xAC******\xE2\x82\xAC\xF0\x9F\x98\x80\"");

  // A five-character value keeps one whole character each side.
  const std::string five = displayed_value(
      "\"\xF0\x9F\x98\x80"
      "abc"
      "\xC3\xA9\"",
      false);
  EXPECT_TRUE(valid_utf8(five)) << five;
  EXPECT_EQ(five, "\"\xF0\x9F\x98\x80***\xC3\xA9\"");
}

TEST(DisplayedValue, VeryLongValueShowsABoundedNumberOfStars) {
  const std::string value = "\"" + std::string(40, '7') + "\"";
  const std::string shown = displayed_value(value, false);
  EXPECT_TRUE(valid_utf8(shown)) << shown;
  EXPECT_FALSE(contains(shown, "777")) << shown;
  EXPECT_LT(shown.size(), value.size()) << shown;
  EXPECT_EQ(shown.rfind("\"77*", 0), 0U) << shown;
  // Twelve stars at most, then an ellipsis says more was hidden.
  EXPECT_EQ(shown,
            "\"77************\xE2\x80\xA6"
            "77\"");
}

TEST(DisplayedValue, LongPreviewKeepsTheSizeSuffixAndMasksTheString) {
  const std::string preview = "\"" + std::string(256, 'a') + "\xE2\x80\xA6\" (100002 bytes)";
  const std::string shown = displayed_value(preview, false);
  EXPECT_TRUE(valid_utf8(shown)) << shown;
  const std::string suffix = "\" (100002 bytes)";
  ASSERT_GE(shown.size(), suffix.size());
  EXPECT_EQ(shown.substr(shown.size() - suffix.size()), suffix) << shown;
  EXPECT_EQ(shown.front(), '"') << shown;
  EXPECT_FALSE(contains(shown, "aaa")) << shown;
  EXPECT_LT(shown.size(), 64U) << shown;

  // Short preview form from the brief, and one with digits that must be hidden.
  const std::string short_shown = displayed_value("\"aaaa\xE2\x80\xA6\" (100002 bytes)", false);
  EXPECT_TRUE(valid_utf8(short_shown)) << short_shown;
  EXPECT_EQ(short_shown, "\"a***\xE2\x80\xA6\" (100002 bytes)");

  const std::string digits = displayed_value("\"2001004011\xE2\x80\xA6\" (100002 bytes)", false);
  EXPECT_FALSE(contains(digits, "001004")) << digits;
  EXPECT_TRUE(contains(digits, "\" (100002 bytes)")) << digits;
  EXPECT_EQ(digits.rfind("\"20", 0), 0U) << digits;
}

}  // namespace
