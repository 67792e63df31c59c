#include "json/numbers.hpp"

#include <gtest/gtest.h>

#include <string>

namespace conform::json {
namespace {

rapidjson::Document number(const std::string& text) {
  rapidjson::Document document;
  document.Parse<rapidjson::kParseFullPrecisionFlag>(text.data(), text.size());
  EXPECT_FALSE(document.HasParseError()) << text;
  return document;
}

TEST(Numbers, CompareAcrossInt64Uint64AndDouble) {
  EXPECT_TRUE(compare_numbers(number("18446744073709551615"), number("100")) > 0);  // valijson 1.0: -1 < 100
  EXPECT_TRUE(compare_numbers(number("9223372036854775808"), number("9223372036854775807")) > 0);
  EXPECT_TRUE(compare_numbers(number("-1"), number("18446744073709551615")) < 0);
  EXPECT_TRUE(compare_numbers(number("3"), number("3.0")) == 0);
  EXPECT_TRUE(compare_numbers(number("9007199254740993"), number("9007199254740992.0")) > 0);  // past 2^53
  EXPECT_TRUE(compare_numbers(number("18446744073709551616"), number("18446744073709551615")) > 0);
  EXPECT_TRUE(compare_numbers(number("-9223372036854775809"), number("-9223372036854775808")) == 0)
      << "the double nearest -2^63-1 is -2^63";
}

TEST(Numbers, IntegerValues) {
  EXPECT_TRUE(has_integer_value(number("1.0")));
  EXPECT_TRUE(has_integer_value(number("1e300")));
  EXPECT_TRUE(has_integer_value(number("18446744073709551615")));
  EXPECT_FALSE(has_integer_value(number("1.5")));
  EXPECT_FALSE(has_integer_value(number("1e-300")));
}

TEST(Numbers, MultipleOfIsDecidedInDecimal) {
  EXPECT_TRUE(is_multiple_of(number("0.0075"), number("0.0001")));  // 75.00000000000001 in binary
  EXPECT_FALSE(is_multiple_of(number("0.00751"), number("0.0001")));
  EXPECT_TRUE(is_multiple_of(number("4.5"), number("1.5")));
  EXPECT_FALSE(is_multiple_of(number("35"), number("1.5")));
  EXPECT_TRUE(is_multiple_of(number("0"), number("7")));
  EXPECT_TRUE(is_multiple_of(number("-14"), number("7")));
  EXPECT_TRUE(is_multiple_of(number("1e308"), number("0.0001")));
  EXPECT_FALSE(is_multiple_of(number("1e308"), number("0.123456789")));
  EXPECT_TRUE(is_multiple_of(number("18446744073709551615"), number("5")));
  EXPECT_FALSE(is_multiple_of(number("18446744073709551615"), number("2")));
  EXPECT_FALSE(is_multiple_of(number("0.5"), number("1")));
}

// A divisor's exponent is read from the characters to_chars wrote, never
// from what the buffer held past them: a long number checked before left
// its digits there ("1e-08" read as "1e-0867…"), and a verdict changed from
// call to call.
TEST(Numbers, MultipleOfReadsNoDigitsPastTheDivisor) {
  const rapidjson::Document value = number("12391239123");
  const rapidjson::Document divisor = number("1e-8");
  const rapidjson::Document long_one = number("1.2345678901234567e-5");
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(is_multiple_of(value, long_one));
    ASSERT_TRUE(is_multiple_of(value, divisor));
  }
}

TEST(Numbers, EqualityIsByValueAndIgnoresMemberOrder) {
  EXPECT_TRUE(json_equal(number("1"), number("1.0")));
  EXPECT_FALSE(json_equal(number("18446744073709551615"), number("-1")));
  EXPECT_TRUE(
      json_equal(number(R"({"a": [1, {"b": null}], "c": true})"), number(R"({"c": true, "a": [1.0, {"b": null}]})")));
  EXPECT_FALSE(json_equal(number(R"([1, 2])"), number(R"([2, 1])")));
  EXPECT_FALSE(json_equal(number("true"), number("false")));
  EXPECT_FALSE(json_equal(number("0"), number("false")));
  EXPECT_FALSE(json_equal(number(R"({"a": 1})"), number(R"({"a": 1, "b": 2})")));
}

}  // namespace
}  // namespace conform::json
