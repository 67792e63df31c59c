#include "json/keyed_hash.hpp"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

namespace {

using conform::json::siphash;

// The reference vectors of SipHash-2-4 (Aumasson and Bernstein): key
// 00 01 ... 0f, messages 00 01 ... of length 0 and 15.
TEST(SipHash, MatchesTheReferenceVectors) {
  const std::uint64_t k0 = 0x0706050403020100ULL;
  const std::uint64_t k1 = 0x0f0e0d0c0b0a0908ULL;
  EXPECT_EQ(siphash(2, 4, k0, k1, ""), 0x726fdb47dd0e0e31ULL);
  std::string fifteen;
  for (char c = 0; c < 15; ++c) fifteen.push_back(c);
  EXPECT_EQ(siphash(2, 4, k0, k1, fifteen), 0xa129ca6149be45e5ULL);
}

TEST(KeyedHash, IsStableWithinAProcessAndSpreadsNames) {
  EXPECT_EQ(conform::json::keyed_hash("correlationId"), conform::json::keyed_hash(std::string("correlationId")));
  std::unordered_set<std::size_t> low_bits;
  for (int i = 0; i < 4096; ++i) low_bits.insert(conform::json::keyed_hash("m" + std::to_string(i)) & 0xFFFU);
  EXPECT_GT(low_bits.size(), 2000U);  // 4096 names in 4096 buckets: about 2,590 are used
}

}  // namespace
