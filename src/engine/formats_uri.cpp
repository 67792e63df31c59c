#include "engine/formats_uri.hpp"

#include <algorithm>

#include "engine/formats_network.hpp"
#include "json/utf8.hpp"

namespace conform::engine {
namespace {

enum class Flavor { uri, iri };

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_unreserved(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

// A set of ASCII characters as a table: a URL's every character meets these
// tests, and a search of the set's text per character showed in profiles.
class AsciiSet {
 public:
  constexpr explicit AsciiSet(std::string_view members) {
    for (const char c : members) has_[static_cast<unsigned char>(c) & 0x7FU] = true;
  }
  constexpr bool operator()(char c) const {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x80 && has_[byte];
  }

 private:
  bool has_[0x80] = {};
};

constexpr AsciiSet kSubDelims("!$&'()*+,;=");
bool is_sub_delim(char c) { return kSubDelims(c); }

// RFC 3987's ucschar: the non-ASCII characters an IRI may hold unescaped.
bool is_ucschar(char32_t c) {
  if (c >= 0xA0 && c <= 0xD7FF) return true;
  if (c >= 0xF900 && c <= 0xFDCF) return true;
  if (c >= 0xFDF0 && c <= 0xFFEF) return true;
  if (c >= 0x10000 && c <= 0xEFFFD) return (c & 0xFFFF) <= 0xFFFD && (c < 0xE0000 || c >= 0xE1000);
  return false;
}

// RFC 3987's iprivate, allowed in a query only.
bool is_iprivate(char32_t c) {
  return (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD) || (c >= 0x100000 && c <= 0x10FFFD);
}

// The length of the percent-encoding at `at` ("%2F"), or 0.
std::size_t percent_encoded(std::string_view text, std::size_t at) {
  return at + 2 < text.size() && text[at] == '%' && is_hex_digit(text[at + 1]) && is_hex_digit(text[at + 2]) ? 3 : 0;
}

// Whether every character of `text` is unreserved, a sub-delim, one of
// `extra`, or percent-encoded; for an IRI also a ucschar (or an iprivate
// where `private_use`).
bool only(std::string_view text, std::string_view extra, Flavor flavor, bool private_use = false) {
  for (std::size_t at = 0; at < text.size();) {
    const char c = text[at];
    if (c == '%') {
      const std::size_t length = percent_encoded(text, at);
      if (length == 0) return false;
      at += length;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      if (!is_unreserved(c) && !is_sub_delim(c) && extra.find(c) == std::string_view::npos) return false;
      ++at;
    } else {
      if (flavor == Flavor::uri) return false;
      const auto decoded = json::decode_utf8(text, at);
      if (!decoded.valid || !(is_ucschar(decoded.code_point) || (private_use && is_iprivate(decoded.code_point)))) {
        return false;
      }
      at += decoded.length;
    }
  }
  return true;
}

// IP-literal without its brackets: an IPv6 address or an IPvFuture.
bool is_ip_literal(std::string_view text) {
  if (text.empty() || (text[0] != 'v' && text[0] != 'V')) return is_ipv6(text);
  const auto dot = text.find('.');
  if (dot == std::string_view::npos || dot < 2 || dot + 1 == text.size()) return false;
  const std::string_view version = text.substr(1, dot - 1);
  const std::string_view rest = text.substr(dot + 1);
  return std::all_of(version.begin(), version.end(), is_hex_digit) &&
         std::all_of(rest.begin(), rest.end(), [](char c) { return is_unreserved(c) || is_sub_delim(c) || c == ':'; });
}

// authority = [ userinfo "@" ] host [ ":" port ]
bool is_authority(std::string_view authority, Flavor flavor) {
  if (const auto at = authority.find('@'); at != std::string_view::npos) {
    if (!only(authority.substr(0, at), ":", flavor)) return false;
    authority.remove_prefix(at + 1);
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos || !is_ip_literal(authority.substr(1, close - 1))) return false;
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
    port = rest.empty() ? rest : rest.substr(1);
  } else {
    const auto colon = authority.find(':');
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    // A reg-name; an IPv4 address is one too, so "999.1.1.1" passes as RFC 3986 section 3.2.2 says.
    if (!only(authority.substr(0, colon), "", flavor)) return false;
  }
  return std::all_of(port.begin(), port.end(), is_digit);
}

// RFC 3986 section 3 / 4.2 (and RFC 3987 section 2.2 for an IRI).
bool is_reference(std::string_view value, Flavor flavor, bool absolute) {
  if (const auto hash = value.find('#'); hash != std::string_view::npos) {
    if (!only(value.substr(hash + 1), ":@/?", flavor)) return false;
    value = value.substr(0, hash);
  }
  if (const auto question = value.find('?'); question != std::string_view::npos) {
    if (!only(value.substr(question + 1), ":@/?", flavor, true)) return false;
    value = value.substr(0, question);
  }
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), before the first ':'.
  const auto colon = value.find(':');
  const std::string_view scheme = value.substr(0, colon);
  const bool has_scheme = colon != std::string_view::npos && !scheme.empty() && is_alpha(scheme[0]) &&
                          std::all_of(scheme.begin(), scheme.end(), [](char c) {
                            return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
                          });
  if (has_scheme) {
    value.remove_prefix(colon + 1);
  } else if (absolute) {
    return false;
  }
  if (value.starts_with("//")) {
    const auto slash = value.find('/', 2);
    if (!is_authority(value.substr(2, slash == std::string_view::npos ? slash : slash - 2), flavor)) return false;
    value = slash == std::string_view::npos ? std::string_view() : value.substr(slash);
  } else if (!has_scheme && value.substr(0, value.find('/')).find(':') != std::string_view::npos) {
    return false;  // path-noscheme: a colon in the first segment would read as a scheme
  }
  return only(value, ":@/", flavor);
}

// varspec = varname [ ":" max-length / "*" ], varname = varchar *( ["."] varchar ).
bool is_varspec(std::string_view spec) {
  std::size_t at = 0;
  bool after_dot = true;
  while (at < spec.size() && spec[at] != ':' && spec[at] != '*') {
    if (spec[at] == '.') {
      if (after_dot) return false;
      after_dot = true;
      ++at;
      continue;
    }
    const std::size_t length = percent_encoded(spec, at);
    if (length == 0 && !is_alpha(spec[at]) && !is_digit(spec[at]) && spec[at] != '_') return false;
    at += length == 0 ? 1 : length;
    after_dot = false;
  }
  if (after_dot) return false;
  const std::string_view modifier = spec.substr(at);
  if (modifier.empty() || modifier == "*") return true;
  if (modifier[0] != ':') return false;
  // max-length = %x31-39 0*3DIGIT: 1 to 9999, no leading zero
  const std::string_view digits = modifier.substr(1);
  return digits.size() >= 1 && digits.size() <= 4 && digits[0] != '0' &&
         std::all_of(digits.begin(), digits.end(), is_digit);
}

// The text between "{" and "}".
bool is_expression(std::string_view text) {
  if (text.empty()) return false;
  if (std::string_view("=,!@|").find(text[0]) != std::string_view::npos) return false;  // reserved operators
  if (std::string_view("+#./;?&").find(text[0]) != std::string_view::npos) text.remove_prefix(1);
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    if (!is_varspec(text.substr(start, comma == std::string_view::npos ? comma : comma - start))) return false;
    if (comma == std::string_view::npos) return true;
    start = comma + 1;
  }
}

// RFC 6570 literals, with the apostrophe of erratum 6937.
constexpr AsciiSet kNotLiterals("\"%<>\\^`{|}");
bool is_literal(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte > 0x20 && byte < 0x7F && !kNotLiterals(c);
}

}  // namespace

bool is_uri(std::string_view value) { return is_reference(value, Flavor::uri, true); }
bool is_uri_reference(std::string_view value) { return is_reference(value, Flavor::uri, false); }
bool is_iri(std::string_view value) { return is_reference(value, Flavor::iri, true); }
bool is_iri_reference(std::string_view value) { return is_reference(value, Flavor::iri, false); }

bool is_uri_template(std::string_view value) {
  for (std::size_t at = 0; at < value.size();) {
    const char c = value[at];
    if (c == '{') {
      const auto close = value.find('}', at);
      if (close == std::string_view::npos || !is_expression(value.substr(at + 1, close - at - 1))) return false;
      at = close + 1;
    } else if (c == '%') {
      const std::size_t length = percent_encoded(value, at);
      if (length == 0) return false;
      at += length;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      if (!is_literal(c)) return false;
      ++at;
    } else {
      const auto decoded = json::decode_utf8(value, at);
      if (!decoded.valid || !(is_ucschar(decoded.code_point) || is_iprivate(decoded.code_point))) return false;
      at += decoded.length;
    }
  }
  return true;
}

}  // namespace conform::engine
