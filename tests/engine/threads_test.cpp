#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "conform/embedded_schema.hpp"
#include "conform/schema.hpp"

namespace conform {
namespace {

std::string summary_of(const FindingList& findings) {
  std::string text;
  for (const auto& f : findings.to_vector()) {
    text += f.instance_location + "|" + f.keyword + "|" + f.schema_location + "|" + f.hint + "|" +
            std::to_string(f.line) + ":" + std::to_string(f.column) + "\n";
  }
  return text;
}

// One loaded schema, many threads: every thread must see exactly what a
// single thread sees (run under TSan in CI).
TEST(SchemaThreads, ConcurrentChecksAgreeWithSequentialOnes) {
  const Schema schema = Schema::embedded(default_schema_name);
  const std::vector<std::string> bodies = {
      R"({"correlationId": "713189b8-5555-4b08-83ba-75d08780aebd"})",
      R"({"correlationID": "x", "phoneNumber": "200-100"})",
      R"({"phoneNumber": 5, "a": 1, "b": 2})",
      R"({"x": 1, "x": 2})",
      R"([1, 2)",
      "{\"phoneNumber\": \"\xC0\xAF\"}",
  };
  std::vector<std::string> expected;
  for (const auto& body : bodies) expected.push_back(summary_of(schema.check(body)));

  constexpr int kThreads = 4;
  constexpr int kRounds = 200;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        const std::size_t i = static_cast<std::size_t>(round + t) % bodies.size();
        if (summary_of(schema.check(bodies[i])) != expected[i]) ++mismatches[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[static_cast<std::size_t>(t)], 0) << "thread " << t;
  EXPECT_FALSE(expected[1].empty());
}

}  // namespace
}  // namespace conform
