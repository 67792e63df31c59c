#include "engine/did_you_mean.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace conform::engine {
namespace {

const std::vector<std::string> kKnown = {"clientRequestId", "correlationId", "phoneNumber"};

TEST(NearestName, CaseInsensitiveMatch) {
  EXPECT_EQ(nearest_name("correlationID", kKnown), "correlationId");
  EXPECT_EQ(nearest_name("PHONENUMBER", kKnown), "phoneNumber");
}

TEST(NearestName, SmallTypos) {
  EXPECT_EQ(nearest_name("corelationId", kKnown), "correlationId");  // deletion
  EXPECT_EQ(nearest_name("phone_number", kKnown), "phoneNumber");    // insertion
  EXPECT_EQ(nearest_name("phoneNubmer", kKnown), "phoneNumber");     // swapped neighbours
  EXPECT_EQ(nearest_name("clientRequestIds", kKnown), "clientRequestId");
}

TEST(NearestName, UnrelatedNamesGetNoHint) {
  EXPECT_EQ(nearest_name("requestId", kKnown), "");
  EXPECT_EQ(nearest_name("possessionType", kKnown), "");
  EXPECT_EQ(nearest_name("x", kKnown), "");
  EXPECT_EQ(nearest_name(std::string(10000, 'a'), kKnown), "");
  EXPECT_EQ(nearest_name("phone", {}), "");
}

}  // namespace
}  // namespace conform::engine
