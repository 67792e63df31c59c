#include "engine/formats.hpp"

#include <gtest/gtest.h>

namespace conform::engine {
namespace {

TEST(Formats, Dates) {
  EXPECT_EQ(check_format("date", "2024-02-29"), true);
  EXPECT_EQ(check_format("date", "2023-02-29"), false);
  EXPECT_EQ(check_format("date", "2024-13-01"), false);
  EXPECT_EQ(check_format("date", "2024-1-01"), false);
  EXPECT_EQ(check_format("date-time", "2024-02-29T23:59:59.5+01:00"), true);
  EXPECT_EQ(check_format("date-time", "2024-02-29 23:59:59Z"), false);
  EXPECT_EQ(check_format("time", "23:59:60Z"), true);
  EXPECT_EQ(check_format("time", "22:59:60Z"), false);
  EXPECT_EQ(check_format("time", "12:00:00"), false);  // RFC 3339 needs an offset
}

TEST(Formats, NetworkAndIdentifiers) {
  EXPECT_EQ(check_format("ipv4", "192.168.0.1"), true);
  EXPECT_EQ(check_format("ipv4", "256.1.1.1"), false);
  EXPECT_EQ(check_format("ipv6", "::1"), true);
  EXPECT_EQ(check_format("ipv6", "12345::"), false);
  EXPECT_EQ(check_format("hostname", "platform.uat.proveapis.com"), true);
  EXPECT_EQ(check_format("hostname", "-bad.example"), false);
  EXPECT_EQ(check_format("email", "joe.bloggs@example.com"), true);
  EXPECT_EQ(check_format("email", "joe@"), false);
  EXPECT_EQ(check_format("uuid", "713189b8-5555-4b08-83ba-75d08780aebd"), true);
  EXPECT_EQ(check_format("uuid", "713189b855554b0883ba75d08780aebd"), false);
}

TEST(Formats, UnknownFormatsAreNotAsserted) { EXPECT_EQ(check_format("x-custom", "anything"), std::nullopt); }

}  // namespace
}  // namespace conform::engine
