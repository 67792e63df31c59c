#pragma once

#include <optional>
#include <string_view>

namespace conform {

// What an input holds, when the caller says so rather than its bytes
// (--input-format): one JSON body, NDJSON bodies, NDJSON exchanges (a gateway
// log), or a HAR capture.
enum class InputFormat { json, ndjson, exchanges, har };

// "json", "ndjson", "exchanges", "har"; nullopt for any other name.
std::optional<InputFormat> parse_input_format(std::string_view name) noexcept;

}  // namespace conform
