#include "conform/skipped_list.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace conform {
namespace {

// Past the entries it keeps in memory the list goes on in a file: every pass
// gives every entry in order, however many, and copies share them.
TEST(SkippedList, EntriesPastMemoryComeBackInOrderOnEveryPass) {
  for (const std::size_t count :
       {std::size_t{0}, std::size_t{3}, SkippedList::kInMemory, SkippedList::kInMemory + 1, std::size_t{20'000}}) {
    SkippedList list;
    for (std::size_t i = 0; i < count; ++i) {
      list.push_back({"c.har#/log/entries/" + std::to_string(i), std::string(i % 50, 'r') + "why"});
    }
    const SkippedList copy = list;
    EXPECT_EQ(list.size(), count);
    EXPECT_EQ(list.empty(), count == 0);
    for (const SkippedList* pass : std::initializer_list<const SkippedList*>{&list, &copy, &list}) {
      std::size_t i = 0;
      for (const SkippedEntry& entry : *pass) {
        ASSERT_EQ(entry.source, "c.har#/log/entries/" + std::to_string(i));
        ASSERT_EQ(entry.reason, std::string(i % 50, 'r') + "why");
        ++i;
      }
      EXPECT_EQ(i, count);
    }
    if (count > 0) {
      EXPECT_EQ(list[count - 1].source, "c.har#/log/entries/" + std::to_string(count - 1));
    }
  }
}

}  // namespace
}  // namespace conform
