#include <algorithm>
#include <string>

#include "conform/value_mask.hpp"
#include "json/json_pointer.hpp"

namespace conform {
namespace {

bool starts_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }

// Hides all but the outer characters of `text`: enough to recognise a value
// you already know, not enough to learn one (2001004011 -> 20******11). The
// strict mode keeps no head and a tail of two, and only of a long value.
std::string masked(std::string_view text, ValueMask::Mode mode) {
  std::size_t count = 0;
  for (char c : text) count += starts_code_point(c) ? 1 : 0;
  const bool strict = mode == ValueMask::Mode::strict;
  if (count <= 4 || (strict && count < 8)) return std::string(count, '*');
  const std::size_t keep = count >= 8 ? 2 : 1;
  const std::size_t keep_head = strict ? 0 : keep;
  constexpr std::size_t kMaxStars = 12;
  std::string head, tail;
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (starts_code_point(text[i])) ++seen;
    if (seen <= keep_head) {
      head.push_back(text[i]);
    } else if (seen > count - keep) {
      tail.append(text.substr(i));
      break;
    }
  }
  const std::size_t hidden = count - keep_head - keep;
  std::string middle(std::min(hidden, kMaxStars), '*');
  if (hidden > kMaxStars) middle += "…";
  return head + middle + tail;
}

}  // namespace

bool ValueMask::shows(std::string_view instance_location) const {
  if (show_all) return true;
  if (shown_members.empty()) return false;
  // The member the value belongs to: the last name of the pointer that is not an array index.
  std::string_view rest = instance_location;
  while (!rest.empty()) {
    const auto slash = rest.rfind('/');
    const std::string_view segment = rest.substr(slash == std::string_view::npos ? 0 : slash + 1);
    rest = rest.substr(0, slash == std::string_view::npos ? 0 : slash);
    const bool index = !segment.empty() && segment.find_first_not_of("0123456789") == std::string_view::npos;
    if (index) continue;
    const std::string name = json::unescaped_pointer_token(segment);
    return std::find(shown_members.begin(), shown_members.end(), name) != shown_members.end();
  }
  return false;
}

std::string ValueMask::displayed(std::string_view json_value, std::string_view instance_location) const {
  if (shows(instance_location)) return std::string(json_value);
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
    return "\"" + masked(inner, mode) + "\"" + std::string(suffix);
  }
  return masked(json_value, mode);
}

std::string displayed_value(std::string_view json_value, bool show_values) {
  ValueMask mask;
  mask.show_all = show_values;
  return mask.displayed(json_value);
}

}  // namespace conform
