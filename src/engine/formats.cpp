#include "engine/formats.hpp"

#include <arpa/inet.h>
#include <re2/re2.h>

#include <string>

namespace conform::engine {
namespace {

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool valid_date(std::string_view value) {
  static const RE2 shape(R"(^(\d{4})-(\d{2})-(\d{2})$)");
  int year = 0, month = 0, day = 0;
  if (!RE2::FullMatch(re2::StringPiece(value.data(), value.size()), shape, &year, &month, &day)) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const int last = kDays[month - 1] + ((month == 2 && is_leap_year(year)) ? 1 : 0);
  return day <= last;
}

bool valid_time(std::string_view value) {
  // RFC 3339 full-time; a leap second is accepted only as 23:59:60 UTC.
  static const RE2 shape(R"(^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[zZ]|([+-])(\d{2}):(\d{2}))$)");
  int hour = 0, minute = 0, second = 0;
  // Offsets are absent after "Z", and RE2 cannot parse an absent group as an int.
  std::string sign, offset_hour_text, offset_minute_text;
  if (!RE2::FullMatch(re2::StringPiece(value.data(), value.size()), shape, &hour, &minute, &second, &sign,
                      &offset_hour_text, &offset_minute_text)) {
    return false;
  }
  const int offset_hour = sign.empty() ? 0 : std::stoi(offset_hour_text);
  const int offset_minute = sign.empty() ? 0 : std::stoi(offset_minute_text);
  if (hour > 23 || minute > 59 || second > 60 || offset_hour > 23 || offset_minute > 59) return false;
  if (second == 60) {
    int utc_minutes = hour * 60 + minute -
                      (sign == "+"   ? 1
                       : sign == "-" ? -1
                                     : 0) *
                          (offset_hour * 60 + offset_minute);
    utc_minutes = ((utc_minutes % 1440) + 1440) % 1440;
    return utc_minutes == 23 * 60 + 59;
  }
  return true;
}

bool valid_date_time(std::string_view value) {
  const auto separator = value.find_first_of("tT");
  return separator == 10 && valid_date(value.substr(0, 10)) && valid_time(value.substr(11));
}

bool valid_hostname(std::string_view value) {
  // RFC 1123: dot-separated labels of letters, digits and inner hyphens.
  static const RE2 label(R"(^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$)");
  if (value.empty() || value.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const auto dot = value.find('.', start);
    const std::string_view part =
        value.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!RE2::FullMatch(re2::StringPiece(part.data(), part.size()), label)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool valid_email(std::string_view value) {
  const auto at = value.rfind('@');
  if (at == std::string_view::npos || at == 0) return false;
  static const RE2 local(R"(^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$)");
  const std::string_view local_part = value.substr(0, at);
  return RE2::FullMatch(re2::StringPiece(local_part.data(), local_part.size()), local) &&
         valid_hostname(value.substr(at + 1));
}

bool valid_ip(int family, std::string_view value) {
  if (value.find('\0') != std::string_view::npos) return false;
  const std::string text(value);
  unsigned char buffer[16];
  return inet_pton(family, text.c_str(), buffer) == 1;
}

bool valid_uuid(std::string_view value) {
  static const RE2 shape(R"(^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$)");
  return RE2::FullMatch(re2::StringPiece(value.data(), value.size()), shape);
}

}  // namespace

std::optional<bool> check_format(std::string_view format, std::string_view value) {
  if (format == "date") return valid_date(value);
  if (format == "time") return valid_time(value);
  if (format == "date-time") return valid_date_time(value);
  if (format == "email") return valid_email(value);
  if (format == "hostname") return valid_hostname(value);
  if (format == "ipv4") return valid_ip(AF_INET, value);
  if (format == "ipv6") return valid_ip(AF_INET6, value);
  if (format == "uuid") return valid_uuid(value);
  return std::nullopt;
}

}  // namespace conform::engine
