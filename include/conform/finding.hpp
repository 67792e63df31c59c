#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace conform {

enum class Severity { error, warning };

std::string_view to_string(Severity severity) noexcept;

// One reason a body does not conform. Findings are data: the library never
// prints them, and `message` never quotes a value from the body (the value, if
// any, travels separately in `value` so that every reporter can mask it).
struct Finding {
  Severity severity = Severity::error;
  std::string instance_location;  // RFC 6901 JSON Pointer; "" is the root
  std::string keyword;            // schema keyword, or syntax/encoding/duplicateKey/limit
  std::string schema_location;    // "#/properties/x/pattern"; empty for well-formedness
  std::string message;
  std::string hint;                  // e.g. did you mean "correlationId"?; may be empty
  std::optional<std::string> value;  // offending value as compact JSON text
  std::uint64_t line = 0;            // 1-based; 0 when unknown
  std::uint64_t column = 0;          // 1-based, in Unicode code points
  // Flow findings only: the rule broken ("F3") and every call involved, as
  // pointers into the capture ("/log/entries/2") or NDJSON sources ("x.ndjson:7").
  std::string rule;
  std::vector<std::string> related;
};

}  // namespace conform
