#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace conform::json {

// The one place RFC 6901 escaping happens: "~" becomes "~0", "/" becomes "~1".
void append_pointer_token(std::string& pointer, std::string_view token);
void append_pointer_index(std::string& pointer, std::size_t index);
// The name one token of a pointer stands for: "~1" is "/", "~0" is "~".
std::string unescaped_pointer_token(std::string_view token);

}  // namespace conform::json
