#include "conform/finding_list.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace conform {
namespace {

// Findings of every shape the list stores apart: short and long pointers
// (a long one is taken over whole), with and without a value, flow parts,
// keywords and messages that repeat.
Finding make(std::size_t i, std::size_t pointer_bytes) {
  Finding finding;
  finding.severity = i % 5 == 0 ? Severity::warning : Severity::error;
  finding.instance_location = "/" + std::string(pointer_bytes, static_cast<char>('a' + i % 26)) + std::to_string(i);
  finding.keyword = i % 2 == 0 ? "type" : "pattern";
  finding.schema_location = "#/items/" + finding.keyword;
  finding.message = "message " + std::to_string(i % 3);
  if (i % 4 == 0) finding.hint = "did you mean \"x\"?";
  if (i % 3 != 0) finding.value = "\"v" + std::to_string(i) + "\"";
  finding.line = i + 1;
  finding.column = 2 * i + 1;
  if (i % 7 == 0) {
    finding.rule = "F" + std::to_string(i % 6 + 1);
    finding.related = {"c.har#/log/entries/" + std::to_string(i)};
  }
  return finding;
}

void expect_same(const FindingList& list, const std::vector<Finding>& expected) {
  ASSERT_EQ(list.size(), expected.size());
  std::size_t i = 0;
  for (const FindingView view : list) {
    const Finding got = view.to_finding();
    const Finding& want = expected[i++];
    EXPECT_EQ(got.severity, want.severity);
    EXPECT_EQ(got.instance_location, want.instance_location);
    EXPECT_EQ(got.keyword, want.keyword);
    EXPECT_EQ(got.schema_location, want.schema_location);
    EXPECT_EQ(got.message, want.message);
    EXPECT_EQ(got.hint, want.hint);
    EXPECT_EQ(got.value, want.value);
    EXPECT_EQ(got.line, want.line);
    EXPECT_EQ(got.column, want.column);
    EXPECT_EQ(got.rule, want.rule);
    EXPECT_EQ(got.related, want.related);
  }
}

TEST(FindingList, EveryFindingReadsBackAsItWasPushed) {
  for (const std::size_t pointer_bytes : {std::size_t{0}, std::size_t{10}, std::size_t{70'000}}) {
    for (const std::size_t count : {0, 1, 2, 17, 1000}) {
      if (pointer_bytes > 1000 && count > 17) continue;
      SCOPED_TRACE(std::to_string(count) + " findings, pointers of " + std::to_string(pointer_bytes));
      std::vector<Finding> expected;
      FindingList by_copy;
      FindingList by_move;
      FindingList by_view;
      for (std::size_t i = 0; i < count; ++i) {
        expected.push_back(make(i, i % 2 == 0 ? pointer_bytes : 3));
        by_copy.push_back(expected.back());
        by_move.push_back(make(i, i % 2 == 0 ? pointer_bytes : 3));
        by_view.push_back(by_move.back());
      }
      expect_same(by_copy, expected);
      expect_same(by_move, expected);
      expect_same(by_view, expected);
      expect_same(FindingList(by_move), expected);  // a copy reads the same
      expect_same(FindingList(expected), expected);
      EXPECT_EQ(by_move.to_vector().size(), count);
    }
  }
}

TEST(FindingList, ChangesInPlaceKeepTheOthers) {
  for (const std::size_t pointer_bytes : {std::size_t{5}, std::size_t{70'000}}) {
    for (const std::size_t count : {4, 8, 16, 64}) {
      SCOPED_TRACE(std::to_string(count) + " findings, pointers of " + std::to_string(pointer_bytes));
      std::vector<Finding> expected;
      FindingList list;
      for (std::size_t i = 0; i < count; ++i) {
        expected.push_back(make(i, i % 3 == 0 ? pointer_bytes : 2));
        list.push_back(make(i, i % 3 == 0 ? pointer_bytes : 2));
      }
      // Replaced over and over, as a --max-findings heap does: the text is compacted on the way.
      for (std::size_t round = 0; round < 200; ++round) {
        const std::size_t at = round * 7 % count;
        expected[at] = make(count + round, round % 4 == 0 ? pointer_bytes : 40);
        list.replace(at, expected[at]);
      }
      expect_same(list, expected);
      list.erase(1);
      expected.erase(expected.begin() + 1);
      expect_same(list, expected);
      std::vector<std::size_t> order;
      for (std::size_t i = expected.size(); i-- > 0;) order.push_back(i);
      list.reorder(order);
      std::vector<Finding> reversed(expected.rbegin(), expected.rend());
      expect_same(list, reversed);
      list.shift_lines(10);
      list.set_position(0, 3, 4);
      for (Finding& finding : reversed) finding.line += finding.line == 0 ? 0 : 10;
      reversed[0].line = 3;
      reversed[0].column = 4;
      list.rewrite_schema_locations([](std::string_view location) { return "x" + std::string(location); });
      for (Finding& finding : reversed) finding.schema_location = "x" + finding.schema_location;
      expect_same(list, reversed);
      list.truncate(2);
      reversed.resize(2);
      expect_same(list, reversed);
      list.clear();
      EXPECT_TRUE(list.empty());
    }
  }
}

// Strings interned once in a list hold by id in every copy of it; findings
// pushed by those ids read back as pushed, and strings shared later (past the
// few compared without a table) are found among the interned ones.
TEST(FindingList, InternedIdsHoldInCopies) {
  FindingList interned;
  std::vector<std::uint32_t> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(interned.intern("text " + std::to_string(i)));
  EXPECT_EQ(interned.intern("text 3"), ids[3]);
  FindingList list = interned;
  list.reserve(2, 64);
  list.push_back({ids[0], ids[1], ids[2], ids[3]}, "/a~1b", std::string_view("\"x\""), 1, 7);
  list.push_back({ids[4], ids[5], ids[6], ids[7]}, "", std::nullopt, 2, 1);
  Finding later;
  later.instance_location = "/c";
  later.keyword = "text 0";
  later.schema_location = "text 19";
  later.message = "new";
  list.push_back(later);
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list[0].instance_location, "/a~1b");
  EXPECT_EQ(list[0].keyword, "text 0");
  EXPECT_EQ(list[0].schema_location, "text 1");
  EXPECT_EQ(list[0].message, "text 2");
  EXPECT_EQ(list[0].hint, "text 3");
  EXPECT_EQ(list[0].value, std::optional<std::string_view>("\"x\""));
  EXPECT_EQ(list[0].severity, Severity::error);
  EXPECT_EQ(list[0].column, 7U);
  EXPECT_EQ(list[1].keyword, "text 4");
  EXPECT_FALSE(list[1].value.has_value());
  EXPECT_EQ(list[2].schema_location, "text 19");
  EXPECT_EQ(list[2].message, "new");
  EXPECT_TRUE(interned.empty());  // the original is untouched
  // A pointer past the long limit is taken as a long text.
  const std::string long_pointer = "/" + std::string(100 * 1024, 'p');
  list.push_back({ids[8], ids[9], ids[10], ids[11]}, long_pointer, std::string_view("1"), 4, 2);
  EXPECT_EQ(list.back().instance_location, long_pointer);
  EXPECT_EQ(list.back().keyword, "text 8");
  EXPECT_EQ(list.back().value, std::optional<std::string_view>("1"));
}

}  // namespace
}  // namespace conform
