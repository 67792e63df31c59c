#include "engine/formats_network.hpp"

#include <optional>

#include "engine/formats_idna.hpp"
#include "json/utf8.hpp"

namespace conform::engine {
namespace {

constexpr std::size_t kMaxLocalPart = 64;  // octets, RFC 5321 section 4.5.3.1.1

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Four dot-separated decimal numbers 0-255 of one to three digits.
bool is_dotted_quad(std::string_view value, bool leading_zeros) {
  int parts = 0;
  std::size_t at = 0;
  while (true) {
    const std::size_t start = at;
    int number = 0;
    while (at < value.size() && is_digit(value[at]) && at - start < 3) number = number * 10 + (value[at++] - '0');
    const std::size_t digits = at - start;
    if (digits == 0 || number > 255 || (!leading_zeros && digits > 1 && value[start] == '0')) return false;
    ++parts;
    if (at == value.size()) return parts == 4;
    if (value[at] != '.' || parts == 4) return false;
    ++at;
  }
}

// The number of 16-bit groups in colon-separated `part`, whose last piece may
// be a dotted quad; nullopt if a piece is malformed or empty.
std::optional<int> count_groups(std::string_view part, bool quad_allowed) {
  if (part.empty()) return 0;
  int groups = 0;
  std::size_t start = 0;
  while (true) {
    const auto colon = part.find(':', start);
    const std::string_view piece = part.substr(start, colon == std::string_view::npos ? colon : colon - start);
    if (colon == std::string_view::npos && quad_allowed && piece.find('.') != std::string_view::npos) {
      return is_dotted_quad(piece, false) ? std::optional(groups + 2) : std::nullopt;
    }
    if (piece.empty() || piece.size() > 4) return std::nullopt;
    for (const char c : piece) {
      if (!is_hex_digit(c)) return std::nullopt;
    }
    ++groups;
    if (colon == std::string_view::npos) return groups;
    start = colon + 1;
  }
}

bool is_atext(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// The length of the UTF-8 sequence at `at` if it is a well-formed non-ASCII
// code point (RFC 6531's UTF8-non-ascii), else 0.
std::size_t non_ascii_length(std::string_view text, std::size_t at) {
  if (static_cast<unsigned char>(text[at]) < 0x80) return 0;
  const auto decoded = json::decode_utf8(text, at);
  return decoded.valid ? decoded.length : 0;
}

// The length of the local part at the start of `value`, or nullopt.
std::optional<std::size_t> local_part_length(std::string_view value, bool international) {
  std::size_t at = 0;
  if (!value.empty() && value[0] == '"') {  // Quoted-string
    for (at = 1; at < value.size() && value[at] != '"';) {
      const char c = value[at];
      if (c == '\\') {  // quoted-pairSMTP: a backslash and a printable ASCII character
        if (at + 1 >= value.size() || value[at + 1] < 0x20 || value[at + 1] > 0x7E) return std::nullopt;
        at += 2;
      } else if (c >= 0x20 && c <= 0x7E) {  // qtextSMTP: printable ASCII but '"' and '\'
        ++at;
      } else if (const std::size_t length = international ? non_ascii_length(value, at) : 0; length > 0) {
        at += length;
      } else {
        return std::nullopt;
      }
    }
    return at < value.size() ? std::optional(at + 1) : std::nullopt;
  }
  // Dot-string: atoms of atext joined by single dots.
  bool atom_start = true;
  while (at < value.size() && value[at] != '@') {
    if (value[at] == '.') {
      if (atom_start) return std::nullopt;
      atom_start = true;
      ++at;
      continue;
    }
    const std::size_t length = is_atext(value[at]) ? 1 : international ? non_ascii_length(value, at) : 0;
    if (length == 0) return std::nullopt;
    at += length;
    atom_start = false;
  }
  if (atom_start) return std::nullopt;  // empty, or ending in a dot
  return at;
}

// RFC 5321 section 4.1.3, without the General-address-literal.
bool is_address_literal(std::string_view value) {
  if (value.size() < 2 || value.front() != '[' || value.back() != ']') return false;
  const std::string_view inside = value.substr(1, value.size() - 2);
  constexpr std::string_view kTag = "ipv6:";
  if (inside.size() > kTag.size()) {
    const std::string_view tag = inside.substr(0, kTag.size());
    if ((tag[0] == 'i' || tag[0] == 'I') && (tag[1] == 'p' || tag[1] == 'P') && (tag[2] == 'v' || tag[2] == 'V') &&
        tag.substr(3) == "6:") {
      return is_ipv6(inside.substr(kTag.size()));
    }
  }
  return is_dotted_quad(inside, true);  // RFC 5321's Snum allows leading zeros
}

bool is_mailbox(std::string_view value, bool international) {
  const auto local = local_part_length(value, international);
  if (!local || *local > kMaxLocalPart || *local >= value.size() || value[*local] != '@') return false;
  const std::string_view domain = value.substr(*local + 1);
  if (!domain.empty() && domain.front() == '[') return is_address_literal(domain);
  return international ? is_idn_hostname(domain) : is_hostname(domain);
}

}  // namespace

bool is_ipv4(std::string_view value) { return is_dotted_quad(value, false); }

bool is_ipv6(std::string_view value) {
  const auto gap = value.find("::");
  if (gap == std::string_view::npos) return count_groups(value, true) == 8;
  if (value.find("::", gap + 1) != std::string_view::npos) return false;  // a second "::", or ":::"
  const auto before = count_groups(value.substr(0, gap), false);
  const auto after = count_groups(value.substr(gap + 2), true);
  return before && after && *before + *after <= 7;
}

bool is_email(std::string_view value) { return is_mailbox(value, false); }

bool is_idn_email(std::string_view value) { return is_mailbox(value, true); }

}  // namespace conform::engine
