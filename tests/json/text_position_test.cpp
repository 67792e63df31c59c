#include "json/text_position.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

using conform::json::position_at;

std::string at(std::string_view text, std::size_t offset) {
  const auto position = position_at(text, offset);
  return std::to_string(position.line) + ":" + std::to_string(position.column);
}

TEST(PositionAt, OffsetZeroIsLineOneColumnOne) {
  EXPECT_EQ(at("abc", 0), "1:1");
  EXPECT_EQ(at("", 0), "1:1");
  EXPECT_EQ(at(std::string_view(), 0), "1:1");  // no data pointer at all (an empty body)
  EXPECT_EQ(at("\nabc", 0), "1:1");             // the newline itself is still on line 1
}

TEST(PositionAt, ColumnsOnTheFirstLine) {
  EXPECT_EQ(at("abc", 1), "1:2");
  EXPECT_EQ(at("abc", 2), "1:3");
  EXPECT_EQ(at("abc", 3), "1:4");  // just past the end
}

TEST(PositionAt, AfterNewlines) {
  const std::string_view text = "ab\ncd\n\nef";
  EXPECT_EQ(at(text, 2), "1:3");  // the first '\n' ends line 1
  EXPECT_EQ(at(text, 3), "2:1");  // 'c'
  EXPECT_EQ(at(text, 4), "2:2");  // 'd'
  EXPECT_EQ(at(text, 6), "3:1");  // the empty line 3
  EXPECT_EQ(at(text, 7), "4:1");  // 'e'
  EXPECT_EQ(at(text, 8), "4:2");  // 'f'
  EXPECT_EQ(at("a\n\n\n\nb", 5), "5:1");
}

TEST(PositionAt, CrLfEndsOneLineAndCrIsAColumn) {
  const std::string_view text = "ab\r\ncd\r\nef";
  EXPECT_EQ(at(text, 2), "1:3");  // '\r'
  EXPECT_EQ(at(text, 3), "1:4");  // '\n'
  EXPECT_EQ(at(text, 4), "2:1");  // 'c'
  EXPECT_EQ(at(text, 5), "2:2");  // 'd'
  EXPECT_EQ(at(text, 8), "3:1");  // 'e'
  EXPECT_EQ(at(text, 9), "3:2");  // 'f'
}

TEST(PositionAt, MultiByteCharactersCountAsOneColumn) {
  // é (2 bytes) at 0, € (3 bytes) at 2, 😀 (4 bytes) at 5, x at 9.
  const std::string_view text = "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x";
  EXPECT_EQ(at(text, 2), "1:2");
  EXPECT_EQ(at(text, 5), "1:3");
  EXPECT_EQ(at(text, 9), "1:4");
  EXPECT_EQ(at(text, 10), "1:5");

  // Only the current line's characters count: line 2 is "üx".
  const std::string_view two_lines = "\xC3\xA9\xC3\xA9\n\xC3\xBCx";
  EXPECT_EQ(at(two_lines, 7), "2:2");
  EXPECT_EQ(at(two_lines, 8), "2:3");
}

TEST(PositionAt, OffsetBeyondTheEndIsClamped) {
  EXPECT_EQ(at("ab\ncd", 100), "2:3");
  EXPECT_EQ(at("ab\ncd", 5), "2:3");
  EXPECT_EQ(at("abc\n", 1000), "2:1");
  EXPECT_EQ(at("", 7), "1:1");
  EXPECT_EQ(at("\xC3\xA9", 99), "1:2");
  EXPECT_EQ(at("abc", static_cast<std::size_t>(-1)), "1:4");
}

TEST(PositionAt, StrayContinuationBytesCountAsColumns) {
  // Where UTF-8 is broken, every byte is a column of its own.
  EXPECT_EQ(at("\x80\x80x", 2), "1:3");
}

}  // namespace

// PositionCursor and positions_at place many offsets in one pass; they must
// agree with position_at everywhere, broken and multi-byte UTF-8 included.
TEST(PositionCursor, AgreesWithPositionAtForEveryOffsetInOrder) {
  const std::string text =
      "a\xC3\xA9z\n\xE2\x82\xAC\xF0\x9F\x98\x80x\r\n\x80\xC3y\n\n\xE2\x82"
      "b\xF0\x9F\x98";
  conform::json::PositionCursor cursor(text);
  for (std::size_t offset = 0; offset <= text.size() + 2; ++offset) {
    const auto expected = position_at(text, offset);
    const auto got = cursor.at(offset);
    EXPECT_EQ(got.line, expected.line) << "offset " << offset;
    EXPECT_EQ(got.column, expected.column) << "offset " << offset;
  }
}

TEST(PositionCursor, SkippingAheadAndGoingBackStayExact) {
  const std::string text = "\xC3\xA9\xC3\xA9\xC3\xA9\n\xE2\x82\xAC\xE2\x82\xAC\n";
  for (std::size_t first = 0; first <= text.size(); ++first) {
    for (std::size_t second = 0; second <= text.size(); ++second) {
      conform::json::PositionCursor cursor(text);
      cursor.at(first);
      const auto got = cursor.at(second);
      const auto expected = position_at(text, second);
      EXPECT_EQ(got.line, expected.line) << first << " then " << second;
      EXPECT_EQ(got.column, expected.column) << first << " then " << second;
    }
  }
}

// Runs of ASCII of every length up to 2x the eight bytes counted at once,
// between multi-byte characters and newlines: each character boundary's
// column is 1 + the characters before it on its line, counted here directly.
TEST(PositionCursor, AsciiRunsOfEveryLengthCountByCharacter) {
  const std::vector<std::string> others = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\n"};
  for (std::size_t run = 0; run <= 17; ++run) {
    std::string text;
    for (std::size_t i = 0; i < 12; ++i) text += std::string(run + i % 3, 'a') + others[i % others.size()];
    conform::json::PositionCursor cursor(text);
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    for (std::size_t offset = 0; offset <= text.size(); ++offset) {
      const bool boundary = offset == text.size() || (static_cast<unsigned char>(text[offset]) & 0xC0U) != 0x80U;
      if (boundary) {
        const auto got = cursor.at(offset);
        EXPECT_EQ(got.line, line) << "run " << run << " offset " << offset;
        EXPECT_EQ(got.column, column) << "run " << run << " offset " << offset;
        EXPECT_EQ(position_at(text, offset).column, column) << "run " << run << " offset " << offset;
      }
      if (offset == text.size()) break;
      if (text[offset] == '\n') {
        ++line;
        column = 1;
      } else if (boundary) {
        ++column;
      }
    }
  }
}

TEST(PositionsAt, OffsetsInAnyOrderGetTheirOwnPositions) {
  // Lines of varied lengths; offsets given backwards, repeated, past the end.
  for (const std::size_t lines : {10U, 20U, 40U}) {
    std::string text;
    for (std::size_t i = 0; i < lines; ++i) text += std::string(i % 7, 'x') + "\xC3\xA9\n";
    std::vector<std::size_t> offsets;
    for (std::size_t offset = text.size() + 3; offset-- > 0;) offsets.push_back(offset);
    offsets.push_back(5);
    const auto positions = conform::json::positions_at(text, offsets);
    ASSERT_EQ(positions.size(), offsets.size());
    for (std::size_t i = 0; i < offsets.size(); ++i) {
      EXPECT_EQ(at(text, offsets[i]), std::to_string(positions[i].line) + ":" + std::to_string(positions[i].column))
          << "offset " << offsets[i];
    }
  }
}
