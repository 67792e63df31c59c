#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "conform/value_mask.hpp"
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

namespace {

using conform::ValueMask;

TEST(ValueMask, StrictKeepsOnlyTheLastTwoCharactersOfLongValues) {
  ValueMask strict;
  strict.mode = ValueMask::Mode::strict;
  EXPECT_EQ(strict.displayed("\"2001004011\""), "\"********11\"");
  EXPECT_EQ(strict.displayed("2001004011"), "********11");
  EXPECT_EQ(strict.displayed("\"abcdefgh\""), "\"******gh\"");
  // Shorter than 8: nothing kept.
  for (std::string_view value : {"\"abcdefg\"", "\"abcde\"", "\"abcd\"", "\"a\""}) {
    const std::string shown = strict.displayed(value);
    EXPECT_EQ(shown.find_first_not_of("\"*"), std::string::npos) << shown;
    EXPECT_EQ(shown.size(), value.size());
  }
  // A long value: at most 12 stars and an ellipsis, then the last two; the size suffix kept.
  EXPECT_EQ(strict.displayed("\"713189b8-5555-4b08-83ba-75d08780aebd\""), "\"************…bd\"");
  EXPECT_EQ(strict.displayed("\"aaaaaaaaaa\xE2\x80\xA6\" (100002 bytes)"), "\"*********a\xE2\x80\xA6\" (100002 bytes)");
  // Counted in characters: the last two é whole, valid UTF-8.
  const std::string accents = strict.displayed("\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\"");
  EXPECT_EQ(accents, "\"******\xC3\xA9\xC3\xA9\"");
  EXPECT_TRUE(valid_utf8(accents));
  // Never more than the standard mask shows.
  for (std::string_view value : {"\"2001004011\"", "\"abcdefgh\"", "\"abcde\"", "123456789012"}) {
    const std::string standard = ValueMask().displayed(value);
    const std::string stricter = strict.displayed(value);
    EXPECT_LE(stricter.size() - std::count(stricter.begin(), stricter.end(), '*'),
              standard.size() - std::count(standard.begin(), standard.end(), '*'))
        << value;
  }
}

TEST(ValueMask, NamedMembersAloneAreShown) {
  ValueMask named;
  named.shown_members = {"correlationId", "a/b~c"};
  EXPECT_EQ(named.displayed("\"713189b8-5555\"", "/correlationId"), "\"713189b8-5555\"");
  EXPECT_EQ(named.displayed("\"713189b8-5555\"", "/flows/3/correlationId"), "\"713189b8-5555\"");
  // An array item belongs to the member holding the array.
  EXPECT_TRUE(named.shows("/correlationId/0"));
  EXPECT_TRUE(named.shows("/correlationId/12/7"));
  // RFC 6901 escapes: ~1 is '/', ~0 is '~'.
  EXPECT_TRUE(named.shows("/x/a~1b~0c"));
  // Anything else stays masked: another member, a prefix, a parent, the root.
  for (std::string_view pointer :
       {"/phoneNumber", "/correlationIdx", "/correlation", "/correlationId/inner", "", "/0", "/a~1b"}) {
    EXPECT_FALSE(named.shows(pointer)) << pointer;
    EXPECT_EQ(named.displayed("\"2001004011\"", pointer), "\"20******11\"") << pointer;
  }
  // The named members shown, the others masked in the strict way when asked.
  named.mode = ValueMask::Mode::strict;
  EXPECT_EQ(named.displayed("\"2001004011\"", "/phoneNumber"), "\"********11\"");
  EXPECT_EQ(named.displayed("\"2001004011\"", "/correlationId"), "\"2001004011\"");
  // show_all shows everything, whatever the mode.
  ValueMask all;
  all.show_all = true;
  all.mode = ValueMask::Mode::strict;
  EXPECT_EQ(all.displayed("\"2001004011\"", "/phoneNumber"), "\"2001004011\"");
}

}  // namespace
