#include <string>

#include "conform/reporter.hpp"

namespace conform {
namespace {

bool starts_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }

// Hides all but the outer characters of `text`: enough to recognise a value
// you already know, not enough to learn one (2001004011 -> 20******11).
std::string masked(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += starts_code_point(c) ? 1 : 0;
  if (count <= 4) return std::string(count, '*');
  const std::size_t keep = count >= 8 ? 2 : 1;
  constexpr std::size_t kMaxStars = 12;
  std::string head, tail;
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (starts_code_point(text[i])) ++seen;
    if (seen <= keep) {
      head.push_back(text[i]);
    } else if (seen > count - keep) {
      tail.append(text.substr(i));
      break;
    }
  }
  const std::size_t hidden = count - 2 * keep;
  std::string middle(std::min(hidden, kMaxStars), '*');
  if (hidden > kMaxStars) middle += "…";
  return head + middle + tail;
}

}  // namespace

std::string displayed_value(std::string_view json_value, bool show_values) {
  if (show_values) return std::string(json_value);
  if (json_value == "true" || json_value == "false" || json_value == "null") return std::string(json_value);
  if (json_value.size() >= 2 && json_value.front() == '"') {
    // A long value arrives as a preview: "…" followed by its size; mask the
    // quoted part and keep the size.
    std::string_view quoted = json_value;
    std::string_view suffix;
    if (const auto end = json_value.rfind('"'); end > 0 && end + 1 < json_value.size()) {
      quoted = json_value.substr(0, end + 1);
      suffix = json_value.substr(end + 1);
    }
    std::string_view inner = quoted.substr(1, quoted.size() >= 2 ? quoted.size() - 2 : 0);
    return "\"" + masked(inner) + "\"" + std::string(suffix);
  }
  return masked(json_value);
}

}  // namespace conform
