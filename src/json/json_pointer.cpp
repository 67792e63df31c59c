#include "json/json_pointer.hpp"

#include <algorithm>

namespace conform::json {

void append_pointer_token(std::string& pointer, std::string_view token) {
  std::size_t escapes = 0;
  for (char c : token) escapes += c == '~' || c == '/' ? 1 : 0;
  // Grown once: a long name appended a byte at a time held three times itself while the string doubled.
  const std::size_t size = pointer.size() + 1 + token.size() + escapes;
  if (size > pointer.capacity()) pointer.reserve(std::max(size, 2 * pointer.capacity()));
  pointer.push_back('/');
  std::size_t from = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '~' && token[i] != '/') continue;
    pointer.append(token, from, i - from);
    pointer += token[i] == '~' ? "~0" : "~1";
    from = i + 1;
  }
  pointer.append(token, from);
}

void append_pointer_index(std::string& pointer, std::size_t index) {
  pointer.push_back('/');
  pointer += std::to_string(index);
}

std::string unescaped_pointer_token(std::string_view token) {
  std::string name;
  name.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      name.push_back(token[++i] == '0' ? '~' : '/');
    } else {
      name.push_back(token[i]);
    }
  }
  return name;
}

}  // namespace conform::json
