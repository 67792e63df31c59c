#pragma once

#include <optional>
#include <string_view>

namespace conform::engine {

// Whether `value` is a valid instance of the named "format". nullopt for a
// format we do not know: the spec says unknown formats are ignored.
std::optional<bool> check_format(std::string_view format, std::string_view value);

}  // namespace conform::engine
