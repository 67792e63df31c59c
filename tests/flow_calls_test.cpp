#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "conform/flow.hpp"

namespace conform {
namespace {

FlowCall call_of(std::size_t flow, std::size_t i) {
  return {"x.ndjson:" + std::to_string(flow) + "/" + std::to_string(i) + std::string(i % 40, 'e'),
          i % 2 == 0 ? "/v3/mfa-status" : "/v3/mfa-bind-with-a-path-longer-than-a-short-string",
          200 + static_cast<int>(i % 7),
          i + 1,
          flow + 2,
          i % 3 != 0};
}

// Flows sharing one store, their calls interleaved (the first, the last, then
// round robin) until most have moved to the file: each flow gives back its own
// calls in order, on every pass and through copies, links into the file included.
TEST(FlowCalls, InterleavedFlowsPastMemoryComeBackInOrder) {
  const auto store = FlowCalls::make_store();
  constexpr std::size_t kFlows = 7;
  std::vector<FlowCalls> flows(kFlows, FlowCalls(store));
  std::vector<std::size_t> counts(kFlows, 0);
  auto add = [&](std::size_t flow) { flows[flow].push_back(call_of(flow, counts[flow]++)); };
  add(0);
  for (std::size_t i = 0; i < 3000; ++i) add(kFlows - 1);
  for (std::size_t i = 0; i < 20'000; ++i) add(i % (kFlows - 2) + 1);  // flow 0 waits, then goes on
  add(0);
  for (std::size_t flow = 0; flow < kFlows; ++flow) {
    SCOPED_TRACE(flow);
    const FlowCalls copy = flows[flow];
    ASSERT_EQ(flows[flow].size(), counts[flow]);
    EXPECT_EQ(flows[flow].empty(), counts[flow] == 0);
    for (const FlowCalls* pass : std::initializer_list<const FlowCalls*>{&flows[flow], &copy, &flows[flow]}) {
      std::size_t i = 0;
      for (const FlowCall& call : *pass) {
        const FlowCall want = call_of(flow, i);
        ASSERT_EQ(call.entry, want.entry);
        ASSERT_EQ(call.path, want.path);
        ASSERT_EQ(call.status, want.status);
        ASSERT_EQ(call.line, want.line);
        ASSERT_EQ(call.column, want.column);
        ASSERT_EQ(call.step, want.step);
        ++i;
      }
      EXPECT_EQ(i, counts[flow]);
    }
    if (counts[flow] > 0) {
      EXPECT_EQ(flows[flow].back().entry, call_of(flow, counts[flow] - 1).entry);
      EXPECT_EQ(flows[flow][counts[flow] / 2].entry, call_of(flow, counts[flow] / 2).entry);
    }
  }
}

TEST(FlowCalls, AListOfItsOwn) {
  const FlowCalls none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.begin(), none.end());
  const FlowCalls two = {{"/log/entries/0", "/v3/mfa", 200, 40, 7},
                         {"/log/entries/2", "/v3/mfa-status", 0, 0, 0, false}};
  ASSERT_EQ(two.size(), 2U);
  EXPECT_EQ(two[0].entry, "/log/entries/0");
  EXPECT_EQ(two[0].column, 7U);
  EXPECT_EQ(two.back().path, "/v3/mfa-status");
  EXPECT_FALSE(two.back().step);
}

}  // namespace
}  // namespace conform
