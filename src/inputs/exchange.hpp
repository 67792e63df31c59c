#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace conform::inputs {

// Where a body sits in its capture file, so that findings inside the body
// can be placed in the file from what was read, never by reading it again.
struct TextAnchor {
  enum class Kind {
    none,         // no usable position (a base64 body): findings point at the field
    verbatim,     // the body's bytes are the file's bytes from `column`
    json_string,  // the body is the decoded content of a JSON string whose content starts after `column`
  };
  Kind kind = Kind::none;
  std::uint64_t line = 0;    // line of the body's first byte (a JSON string never spans lines)
  std::uint64_t column = 0;  // code points on that line before the body's first byte
};

struct BodyText {
  std::string text;
  // json_string: the string as the file spells it (escapes and all), when
  // that differs from `text`; findings are placed through it.
  std::string raw;
  std::string source;  // "capture.har#/log/entries/3/request/postData/text"
  TextAnchor anchor;
  std::string problem;     // why the text could not be taken as a body (bad base64, a missing attachment)
  std::string attachment;  // the file the body was read from (a HAR's _file), if any
  // Set when the body is longer than --max-bytes: its length, measured as it
  // was read (decoded, for base64); `text` then holds nothing of it.
  std::optional<std::uint64_t> too_long;
  // For a string cut at the limit: what it would decode to as base64.
  std::uint64_t too_long_base64 = 0;
  bool too_long_not_base64 = false;
};

// The members of an NDJSON exchange line, under each name gateways and
// loggers write them (nginx JSON logs, Express/Node loggers, API gateways).
// The one table of accepted names: the reader, the sniffer and README's list
// follow it.
enum class ExchangeField { url, method, status, request, response };
struct ExchangeFieldName {
  std::string_view name;
  ExchangeField field;
};
inline constexpr std::array kExchangeFieldNames{
    ExchangeFieldName{"path", ExchangeField::url},
    ExchangeFieldName{"url", ExchangeField::url},
    ExchangeFieldName{"uri", ExchangeField::url},
    ExchangeFieldName{"request_uri", ExchangeField::url},
    ExchangeFieldName{"method", ExchangeField::method},
    ExchangeFieldName{"request_method", ExchangeField::method},
    ExchangeFieldName{"status", ExchangeField::status},
    ExchangeFieldName{"statusCode", ExchangeField::status},
    ExchangeFieldName{"status_code", ExchangeField::status},
    ExchangeFieldName{"request", ExchangeField::request},
    ExchangeFieldName{"request_body", ExchangeField::request},
    ExchangeFieldName{"requestBody", ExchangeField::request},
    ExchangeFieldName{"response", ExchangeField::response},
    ExchangeFieldName{"response_body", ExchangeField::response},
    ExchangeFieldName{"responseBody", ExchangeField::response},
};
constexpr std::optional<ExchangeField> exchange_field(std::string_view name) {
  for (const ExchangeFieldName& known : kExchangeFieldNames) {
    if (known.name == name) return known.field;
  }
  return std::nullopt;
}

// One recorded call: a request and, when recorded, its response.
struct Exchange {
  std::string entry;       // "/log/entries/3" (HAR) or "x.ndjson:7"
  std::uint64_t line = 0;  // where the entry starts in the file
  std::uint64_t column = 0;
  std::string method;
  std::string url;
  std::optional<BodyText> request;
  // Set when the capture says a request body was sent but kept no copy of
  // it (a HAR recorded with bodies omitted): the call is skipped with this reason.
  std::string request_not_recorded;
  int status = 0;
  std::optional<BodyText> response;
};

}  // namespace conform::inputs
