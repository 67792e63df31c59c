#pragma once

#include <compare>

#include <rapidjson/document.h>
#include "json/rapidjson_config.hpp"

namespace conform::json {

// JSON numbers compared by their value, whatever RapidJSON stored them as:
// int64, uint64 or double. valijson 1.0 reads a uint64 past INT64_MAX as a
// negative int64; these never do.

// -1, 0 or 1 as a < b, a == b, a > b; both must be numbers.
std::partial_ordering compare_numbers(const rapidjson::Value& a, const rapidjson::Value& b) noexcept;

// Whether a number has no fractional part (1.0 and 1e300 do; 1.5 does not).
bool has_integer_value(const rapidjson::Value& number) noexcept;

// Whether `value` is an integer multiple of `divisor` (> 0), decided on the
// numbers as written in decimal (0.0075 is a multiple of 0.0001), not on
// their binary approximations.
bool is_multiple_of(const rapidjson::Value& value, const rapidjson::Value& divisor) noexcept;

// JSON Schema's equality: same type and value, numbers by value (1 == 1.0),
// objects regardless of member order, arrays element by element.
bool json_equal(const rapidjson::Value& a, const rapidjson::Value& b) noexcept;

}  // namespace conform::json
