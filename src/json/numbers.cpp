#include "json/numbers.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string_view>

namespace conform::json {
namespace {

// x86-64's long double holds every int64, uint64 and double exactly, so one
// comparison in it is exact for any pair.
static_assert(std::numeric_limits<long double>::digits >= 64);

long double exact(const rapidjson::Value& number) noexcept {
  if (number.IsUint64()) return static_cast<long double>(number.GetUint64());
  if (number.IsInt64()) return static_cast<long double>(number.GetInt64());
  return static_cast<long double>(number.GetDouble());
}

__extension__ typedef unsigned __int128 Wide;  // GCC and Clang both have it; -Wpedantic needs telling

// A decimal m * 10^e with m < 10^19, from the shortest text that reads back
// as the same double (what a JSON text of that number most likely said).
struct Decimal {
  std::uint64_t mantissa = 0;
  int exponent = 0;
};

std::optional<Decimal> decimal_of(const rapidjson::Value& number) {
  if (number.IsUint64()) return Decimal{number.GetUint64(), 0};
  if (number.IsInt64()) {
    const std::int64_t value = number.GetInt64();
    return Decimal{value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value), 0};
  }
  const double value = std::fabs(number.GetDouble());
  if (!std::isfinite(value)) return std::nullopt;
  char text[64];
  const auto written = std::to_chars(text, text + sizeof text, value, std::chars_format::scientific);
  if (written.ec != std::errc()) return std::nullopt;
  // "d.ddddde±x": the digits, then the exponent.
  const std::string_view shown(text, static_cast<std::size_t>(written.ptr - text));
  const auto e = shown.find('e');
  Decimal decimal;
  int fraction_digits = 0;
  bool after_point = false;
  for (const char c : shown.substr(0, e)) {
    if (c == '.') {
      after_point = true;
      continue;
    }
    decimal.mantissa = decimal.mantissa * 10 + static_cast<std::uint64_t>(c - '0');
    if (after_point) ++fraction_digits;
  }
  // From the exponent's own characters: the buffer holds no NUL after them.
  int exponent = 0;
  std::from_chars(shown.data() + e + 1 + (shown[e + 1] == '+' ? 1 : 0), shown.data() + shown.size(), exponent);
  decimal.exponent = exponent - fraction_digits;
  return decimal;
}

// 10^n, when it fits in 128 bits.
std::optional<Wide> power_of_ten(int n) {
  if (n < 0 || n > 38) return std::nullopt;
  Wide result = 1;
  for (int i = 0; i < n; ++i) result *= 10;
  return result;
}

// (10^n) mod m, by repeated squaring; m < 2^64 keeps every product in 128 bits.
Wide power_of_ten_mod(int n, std::uint64_t m) {
  Wide result = 1 % m;
  Wide base = 10 % m;
  for (unsigned k = static_cast<unsigned>(n); k > 0; k >>= 1) {
    if ((k & 1U) != 0) result = result * base % m;
    base = base * base % m;
  }
  return result;
}

}  // namespace

std::partial_ordering compare_numbers(const rapidjson::Value& a, const rapidjson::Value& b) noexcept {
  return exact(a) <=> exact(b);
}

bool has_integer_value(const rapidjson::Value& number) noexcept {
  if (!number.IsDouble()) return number.IsNumber();
  const double value = number.GetDouble();
  return std::isfinite(value) && std::trunc(value) == value;
}

bool is_multiple_of(const rapidjson::Value& value, const rapidjson::Value& divisor) noexcept {
  const auto x = decimal_of(value);
  const auto d = decimal_of(divisor);
  if (!x || !d || d->mantissa == 0) return false;
  if (x->mantissa == 0) return true;
  if (exact(value) != 0 && std::fabs(exact(value)) < std::fabs(exact(divisor))) return false;
  // x = mx * 10^ex, d = md * 10^ed. With e = min(ex, ed), x is a multiple of d
  // when mx * 10^(ex - e) is a multiple of md * 10^(ed - e).
  const int e = std::min(x->exponent, d->exponent);
  const auto divisor_scale = power_of_ten(d->exponent - e);
  if (!divisor_scale) return false;  // |x| >= |d| but x is written with far more places: never whole
  const Wide scaled_divisor = Wide{d->mantissa} * *divisor_scale;
  if (scaled_divisor > std::numeric_limits<std::uint64_t>::max()) {
    const auto value_scale = power_of_ten(x->exponent - e);
    if (!value_scale) return false;
    const Wide scaled_value = Wide{x->mantissa} * *value_scale;  // mx < 2^64, 10^(ex-e) small here
    return scaled_value % scaled_divisor == 0;
  }
  const auto m = static_cast<std::uint64_t>(scaled_divisor);
  return Wide{x->mantissa} % m * power_of_ten_mod(x->exponent - e, m) % m == 0;
}

bool json_equal(const rapidjson::Value& a, const rapidjson::Value& b) noexcept {
  if (a.IsNumber() && b.IsNumber()) return compare_numbers(a, b) == 0;
  if (a.GetType() != b.GetType()) return false;
  switch (a.GetType()) {
    case rapidjson::kStringType:
      return a.GetStringLength() == b.GetStringLength() && std::string_view(a.GetString(), a.GetStringLength()) ==
                                                               std::string_view(b.GetString(), b.GetStringLength());
    case rapidjson::kArrayType:
      if (a.Size() != b.Size()) return false;
      for (rapidjson::SizeType i = 0; i < a.Size(); ++i) {
        if (!json_equal(a[i], b[i])) return false;
      }
      return true;
    case rapidjson::kObjectType:
      if (a.MemberCount() != b.MemberCount()) return false;
      for (const auto& member : a.GetObject()) {
        const auto other = b.FindMember(member.name);
        if (other == b.MemberEnd() || !json_equal(member.value, other->value)) return false;
      }
      return true;
    default:
      return true;  // null, or booleans of the same value (their types differ by value)
  }
}

}  // namespace conform::json
