#include "engine/formats.hpp"

#include <algorithm>
#include <array>

#include "engine/ecma_regex.hpp"
#include "engine/formats_idna.hpp"
#include "engine/formats_network.hpp"
#include "engine/formats_uri.hpp"

namespace conform::engine {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The number written by the `count` ASCII digits at `at`, or -1.
int digits_at(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!is_digit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// RFC 3339 full-date: YYYY-MM-DD, with the day checked against the month.
bool is_date(std::string_view value) {
  if (value.size() != 10 || value[4] != '-' || value[7] != '-') return false;
  const int year = digits_at(value, 0, 4);
  const int month = digits_at(value, 5, 2);
  const int day = digits_at(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int last = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && is_leap_year(year) ? 1 : 0);
  return day <= last;
}

// RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM). A leap second is
// valid only at 23:59:60 UTC, whatever the offset it is written in.
bool is_time(std::string_view value) {
  if (value.size() < 9 || value[2] != ':' || value[5] != ':') return false;
  const int hour = digits_at(value, 0, 2);
  const int minute = digits_at(value, 3, 2);
  const int second = digits_at(value, 6, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  std::size_t at = 8;
  if (value[at] == '.') {
    const std::size_t start = ++at;
    while (at < value.size() && is_digit(value[at])) ++at;
    if (at == start) return false;
  }
  const std::string_view offset = value.substr(at);
  int offset_minutes = 0;
  if (offset == "Z" || offset == "z") {
    offset_minutes = 0;
  } else {
    if (offset.size() != 6 || (offset[0] != '+' && offset[0] != '-') || offset[3] != ':') return false;
    const int offset_hour = digits_at(offset, 1, 2);
    const int offset_minute = digits_at(offset, 4, 2);
    if (offset_hour < 0 || offset_hour > 23 || offset_minute < 0 || offset_minute > 59) return false;
    offset_minutes = (offset[0] == '+' ? 1 : -1) * (offset_hour * 60 + offset_minute);
  }
  if (second < 60) return true;
  const int utc_minutes = ((hour * 60 + minute - offset_minutes) % 1440 + 1440) % 1440;
  return utc_minutes == 23 * 60 + 59;
}

bool is_date_time(std::string_view value) {
  return value.size() > 11 && (value[10] == 'T' || value[10] == 't') && is_date(value.substr(0, 10)) &&
         is_time(value.substr(11));
}

// RFC 6901: empty, or "/"-prefixed tokens in which "~" is only "~0" or "~1".
bool is_json_pointer(std::string_view value) {
  if (!value.empty() && value[0] != '/') return false;
  for (std::size_t at = 0; at < value.size(); ++at) {
    if (value[at] == '~' && (at + 1 == value.size() || (value[at + 1] != '0' && value[at + 1] != '1'))) return false;
  }
  return true;
}

// The length of the non-negative-integer ("0" or no leading zero) at `at`.
std::size_t non_negative_integer(std::string_view value, std::size_t at) {
  if (at >= value.size() || !is_digit(value[at])) return 0;
  if (value[at] == '0') return 1;
  std::size_t end = at;
  while (end < value.size() && is_digit(value[end])) ++end;
  return end - at;
}

// Relative JSON Pointer: a non-negative integer, an optional index
// manipulation ("+1", "-2", from the later drafts the test suite follows),
// then "#" or a JSON Pointer.
bool is_relative_json_pointer(std::string_view value) {
  std::size_t at = non_negative_integer(value, 0);
  if (at == 0) return false;
  if (at < value.size() && (value[at] == '+' || value[at] == '-')) {
    const std::size_t length = non_negative_integer(value, at + 1);
    if (length == 0) return false;
    at += 1 + length;
  }
  const std::string_view rest = value.substr(at);
  return rest == "#" || is_json_pointer(rest);
}

bool is_uuid(std::string_view value) {
  if (value.size() != 36) return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
    const bool hex = is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (hyphen ? c != '-' : !hex) return false;
  }
  return true;
}

// RFC 3339 appendix A: "P", then weeks alone, or date elements (years,
// months, days) and time elements after "T" (hours, minutes, seconds), each
// a run of consecutive units in that order.
bool is_duration(std::string_view value) {
  if (value.size() < 3 || value[0] != 'P') return false;
  std::size_t at = 1;
  // Reads "<digits><unit>" runs whose units follow `order` without a gap; the count read.
  const auto run = [&](std::string_view order) {
    std::size_t count = 0;
    std::size_t next = 0;
    while (at < value.size() && is_digit(value[at])) {
      std::size_t end = at;
      while (end < value.size() && is_digit(value[end])) ++end;
      if (end == value.size()) return std::string_view::npos;  // a number without its unit
      const std::size_t unit = order.find(value[end], next);
      if (unit == std::string_view::npos || (count > 0 && unit != next)) return std::string_view::npos;
      next = unit + 1;
      at = end + 1;
      ++count;
    }
    return count;
  };
  if (const std::size_t weeks = run("W"); weeks == 1) return at == value.size();
  at = 1;
  const std::size_t date = run("YMD");
  if (date == std::string_view::npos) return false;
  if (at < value.size() && value[at] == 'T') {
    ++at;
    const std::size_t time = run("HMS");
    if (time == std::string_view::npos || time == 0) return false;
  } else if (date == 0) {
    return false;
  }
  return at == value.size();
}

// Valid ECMA-262 syntax is enough, even where RE2 could not run the pattern.
bool is_regex(std::string_view value) { return translate_ecma_regex(value).status != EcmaRegex::Status::invalid; }

struct Checker {
  std::string_view format;
  bool (*check)(std::string_view);
};

constexpr Checker kCheckers[] = {
    {"date", is_date},
    {"time", is_time},
    {"date-time", is_date_time},
    {"email", is_email},
    {"idn-email", is_idn_email},
    {"hostname", is_hostname},
    {"idn-hostname", is_idn_hostname},
    {"ipv4", is_ipv4},
    {"ipv6", is_ipv6},
    {"uri", is_uri},
    {"uri-reference", is_uri_reference},
    {"iri", is_iri},
    {"iri-reference", is_iri_reference},
    {"uri-template", is_uri_template},
    {"json-pointer", is_json_pointer},
    {"relative-json-pointer", is_relative_json_pointer},
    {"regex", is_regex},
    {"uuid", is_uuid},
    {"duration", is_duration},
};

}  // namespace

FormatCheck format_check(std::string_view format) {
  const auto checker = std::find_if(std::begin(kCheckers), std::end(kCheckers),
                                    [&](const Checker& candidate) { return candidate.format == format; });
  return checker == std::end(kCheckers) ? nullptr : checker->check;
}

std::optional<bool> check_format(std::string_view format, std::string_view value) {
  const FormatCheck check = format_check(format);
  if (check == nullptr) return std::nullopt;
  return check(value);
}

}  // namespace conform::engine
