#pragma once

#include <optional>
#include <string_view>

namespace conform::engine {

// Whether `value` is a valid instance of the named "format". nullopt for a
// format we do not know: the spec says unknown formats are ignored.
std::optional<bool> check_format(std::string_view format, std::string_view value);

// The check of the named format, looked up once (nullptr for one we do not know).
using FormatCheck = bool (*)(std::string_view value);
FormatCheck format_check(std::string_view format);

}  // namespace conform::engine
