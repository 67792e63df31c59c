#include "io/line_splitter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

std::vector<std::string> split(std::string_view text, std::size_t block, std::uint64_t keep = 1000) {
  std::vector<std::string> lines;
  conform::io::LineSplitter splitter(keep);
  const auto take = [&](const conform::io::Line& line) {
    lines.push_back(std::to_string(line.number) + (line.blank ? " blank " : " ") + std::to_string(line.length) +
                    (line.cut ? " cut " : " ") + std::string(line.text) + (line.terminated ? "" : " (no end)"));
    return true;
  };
  for (std::size_t at = 0; at < text.size(); at += block) splitter.feed(text.substr(at, block), take);
  splitter.finish(take);
  return lines;
}

TEST(LineSplitter, CarriageReturnsBlankLinesAndALastLineWithoutEnd) {
  const std::string text = "{\"a\":1}\r\n\r\n  \t\n[]\n\n{}";
  const std::vector<std::string> expected = {"1 7 {\"a\":1}", "2 blank 0 ", "3 blank 3   \t",
                                             "4 2 []",        "5 blank 0 ", "6 2 {} (no end)"};
  // However the bytes come in blocks, the lines are the same.
  for (std::size_t block = 1; block <= 64; block *= 2) EXPECT_EQ(split(text, block), expected) << block;
}

TEST(LineSplitter, ALineLongerThanKeptIsMeasuredNotHeld) {
  for (std::size_t length = 10; length <= 80; length *= 2) {
    const std::string text = std::string(length, 'x') + "\r\nok\n";
    for (std::size_t block = 3; block <= 48; block *= 4) {
      const auto lines = split(text, block, 16);
      ASSERT_EQ(lines.size(), 2U);
      if (length + 1 > 16) {
        EXPECT_EQ(lines[0], "1 " + std::to_string(length + 1) + " cut " + std::string(16, 'x'));
      } else {
        EXPECT_EQ(lines[0], "1 " + std::to_string(length) + " " + std::string(length, 'x'));
      }
      EXPECT_EQ(lines[1], "2 2 ok");
    }
  }
}

}  // namespace
