#include "engine/formats_idna.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "json/utf8.hpp"

namespace conform::engine {
namespace {

using namespace idna;

constexpr std::size_t kMaxLabel = 63;    // octets, in A-label form (RFC 1034 3.1, RFC 5890 2.3.2.1)
constexpr std::size_t kMaxDomain = 253;  // octets, without a trailing dot
constexpr std::string_view kAcePrefix = "xn--";

struct CodePoint {
  IdnaClass idna_class;
  bool mark;
  bool virama;
  Joining joining;
  Script script;
  Bidi bidi;
};

CodePoint properties_of(char32_t code_point) {
  const auto runs = property_runs();
  const auto run = std::upper_bound(runs.begin(), runs.end(), code_point,
                                    [](char32_t value, const PropertyRun& r) { return value < r.first; });
  const std::uint16_t bits = std::prev(run)->properties;
  return {static_cast<IdnaClass>(bits & kClassMask),
          (bits & kMark) != 0,
          (bits & kVirama) != 0,
          static_cast<Joining>((bits >> kJoiningShift) & 0x7U),
          static_cast<Script>((bits >> kScriptShift) & 0x7U),
          static_cast<Bidi>((bits >> kBidiShift) & 0xFU)};
}

// Punycode, RFC 3492 section 5 and 6, with the overflow checks of 6.4.
namespace punycode {

constexpr std::uint32_t kBase = 36, kTmin = 1, kTmax = 26, kSkew = 38, kDamp = 700, kInitialBias = 72, kInitialN = 128;
constexpr std::uint32_t kMaxInt = 0x7FFFFFFF;

std::uint32_t adapt(std::uint32_t delta, std::uint32_t points, bool first) {
  delta = first ? delta / kDamp : delta / 2;
  delta += delta / points;
  std::uint32_t k = 0;
  while (delta > ((kBase - kTmin) * kTmax) / 2) {
    delta /= kBase - kTmin;
    k += kBase;
  }
  return k + (kBase - kTmin + 1) * delta / (delta + kSkew);
}

std::uint32_t threshold(std::uint32_t k, std::uint32_t bias) {
  return k <= bias ? kTmin : k >= bias + kTmax ? kTmax : k - bias;
}

std::optional<std::uint32_t> digit_value(char c) {
  if (c >= 'a' && c <= 'z') return static_cast<std::uint32_t>(c - 'a');
  if (c >= 'A' && c <= 'Z') return static_cast<std::uint32_t>(c - 'A');
  if (c >= '0' && c <= '9') return static_cast<std::uint32_t>(c - '0' + 26);
  return std::nullopt;
}

char digit_char(std::uint32_t digit) { return static_cast<char>(digit < 26 ? 'a' + digit : '0' + (digit - 26)); }

std::optional<std::u32string> decode(std::string_view input) {
  std::u32string output;
  std::size_t in = 0;
  if (const auto delimiter = input.rfind('-'); delimiter != std::string_view::npos) {
    for (std::size_t i = 0; i < delimiter; ++i) output += static_cast<char32_t>(input[i]);
    in = delimiter + 1;
  }
  std::uint32_t n = kInitialN, i = 0, bias = kInitialBias;
  while (in < input.size()) {
    const std::uint32_t old_i = i;
    std::uint32_t w = 1;
    for (std::uint32_t k = kBase;; k += kBase) {
      if (in >= input.size()) return std::nullopt;
      const auto digit = digit_value(input[in++]);
      if (!digit || *digit > (kMaxInt - i) / w) return std::nullopt;
      i += *digit * w;
      const std::uint32_t t = threshold(k, bias);
      if (*digit < t) break;
      if (w > kMaxInt / (kBase - t)) return std::nullopt;
      w *= kBase - t;
    }
    const auto points = static_cast<std::uint32_t>(output.size() + 1);
    bias = adapt(i - old_i, points, old_i == 0);
    if (i / points > kMaxInt - n) return std::nullopt;
    n += i / points;
    i %= points;
    if (n < 0x80 || n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) return std::nullopt;
    output.insert(output.begin() + i, static_cast<char32_t>(n));
    ++i;
  }
  return output;
}

std::optional<std::string> encode(std::u32string_view input) {
  std::string output;
  for (const char32_t c : input) {
    if (c < 0x80) output += static_cast<char>(c);
  }
  const auto basic = static_cast<std::uint32_t>(output.size());
  std::uint32_t handled = basic;
  if (basic > 0) output += '-';
  std::uint32_t n = kInitialN, delta = 0, bias = kInitialBias;
  while (handled < input.size()) {
    std::uint32_t m = kMaxInt;
    for (const char32_t c : input) {
      if (c >= n && c < m) m = c;
    }
    if (m - n > (kMaxInt - delta) / (handled + 1)) return std::nullopt;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const char32_t c : input) {
      if (c < n && ++delta == 0) return std::nullopt;
      if (c != n) continue;
      std::uint32_t q = delta;
      for (std::uint32_t k = kBase;; k += kBase) {
        const std::uint32_t t = threshold(k, bias);
        if (q < t) break;
        output += digit_char(t + (q - t) % (kBase - t));
        q = (q - t) / (kBase - t);
      }
      output += digit_char(q);
      bias = adapt(delta, handled + 1, handled == basic);
      delta = 0;
      ++handled;
    }
    ++delta;
    ++n;
  }
  return output;
}

}  // namespace punycode

bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }

// RFC 5892 appendix A: whether the CONTEXTJ or CONTEXTO code point at `at`
// may stand where it does.
bool context_allows(std::u32string_view label, std::size_t at) {
  const char32_t c = label[at];
  const std::optional<char32_t> before = at > 0 ? std::optional(label[at - 1]) : std::nullopt;
  const std::optional<char32_t> after = at + 1 < label.size() ? std::optional(label[at + 1]) : std::nullopt;
  if (c == 0x200C || c == 0x200D) {  // ZERO WIDTH NON-JOINER, ZERO WIDTH JOINER
    if (before && properties_of(*before).virama) return true;
    if (c == 0x200D) return false;
    // (Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D})
    std::size_t left = at;
    while (left > 0 && properties_of(label[left - 1]).joining == kJoinTransparent) --left;
    std::size_t right = at + 1;
    while (right < label.size() && properties_of(label[right]).joining == kJoinTransparent) ++right;
    if (left == 0 || right == label.size()) return false;
    const Joining start = properties_of(label[left - 1]).joining;
    const Joining end = properties_of(label[right]).joining;
    return (start == kJoinLeft || start == kJoinDual) && (end == kJoinRight || end == kJoinDual);
  }
  // MIDDLE DOT (Catalan), GREEK LOWER NUMERAL SIGN, HEBREW GERESH and GERSHAYIM
  if (c == 0x00B7) return before == U'l' && after == U'l';
  if (c == 0x0375) return after && properties_of(*after).script == kGreek;
  if (c == 0x05F3 || c == 0x05F4) return before && properties_of(*before).script == kHebrew;
  if (c == 0x30FB) {  // KATAKANA MIDDLE DOT
    return std::any_of(label.begin(), label.end(), [](char32_t other) {
      const Script script = properties_of(other).script;
      return script == kHiragana || script == kKatakana || script == kHan;
    });
  }
  const auto any_in = [&](char32_t first, char32_t last) {
    return std::any_of(label.begin(), label.end(), [&](char32_t other) { return other >= first && other <= last; });
  };
  if (c >= 0x0660 && c <= 0x0669) return !any_in(0x06F0, 0x06F9);  // ARABIC-INDIC DIGITS
  if (c >= 0x06F0 && c <= 0x06F9) return !any_in(0x0660, 0x0669);  // EXTENDED ARABIC-INDIC DIGITS
  return false;
}

// RFC 5891 section 4.2.3 and 5.4, on a label already lowercased in ASCII.
bool is_u_label(std::u32string_view label) {
  if (label.empty() || label.front() == '-' || label.back() == '-') return false;
  if (label.size() >= 4 && label[2] == '-' && label[3] == '-') return false;
  if (properties_of(label.front()).mark) return false;
  for (std::size_t i = 0; i < label.size(); ++i) {
    const IdnaClass idna_class = properties_of(label[i]).idna_class;
    if (idna_class == kDisallowed) return false;
    if (idna_class != kPvalid && !context_allows(label, i)) return false;
  }
  return true;
}

bool is_ldh_label(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabel || label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return is_ascii_letter(static_cast<unsigned char>(c)) || is_ascii_digit(static_cast<unsigned char>(c)) || c == '-';
  });
}

// RFC 5893 section 2, for one label of a domain name that has right-to-left
// characters somewhere.
bool bidi_rule_holds(std::u32string_view label) {
  std::vector<Bidi> classes;
  for (const char32_t c : label) classes.push_back(properties_of(c).bidi);
  const Bidi first = classes.front();
  if (first != kL && first != kR && first != kAL) return false;  // rule 1
  const auto last_non_nsm = std::find_if(classes.rbegin(), classes.rend(), [](Bidi b) { return b != kNSM; });
  if (last_non_nsm == classes.rend()) return false;
  const auto has = [&](Bidi b) { return std::find(classes.begin(), classes.end(), b) != classes.end(); };
  if (first == kL) {
    // Rules 5 and 6: left-to-right classes only, ending in L or EN (and marks).
    const bool allowed = std::all_of(classes.begin(), classes.end(), [](Bidi b) {
      return b == kL || b == kEN || b == kES || b == kCS || b == kET || b == kON || b == kBN || b == kNSM;
    });
    return allowed && (*last_non_nsm == kL || *last_non_nsm == kEN);
  }
  // Rules 2 to 4: no L, an ending in R, AL, EN or AN (and marks), not both EN and AN.
  const bool allowed = std::all_of(classes.begin(), classes.end(), [](Bidi b) {
    return b == kR || b == kAL || b == kAN || b == kEN || b == kES || b == kCS || b == kET || b == kON || b == kBN ||
           b == kNSM;
  });
  const Bidi end = *last_non_nsm;
  return allowed && (end == kR || end == kAL || end == kEN || end == kAN) && !(has(kEN) && has(kAN));
}

bool is_right_to_left(std::u32string_view label) {
  return std::any_of(label.begin(), label.end(), [](char32_t c) {
    const Bidi bidi = properties_of(c).bidi;
    return bidi == kR || bidi == kAL || bidi == kAN;
  });
}

// One label as the rules see it: its code points (ASCII lowercased), and the
// length of its A-label (or LDH) form, which the DNS limits apply to.
struct Label {
  std::u32string unicode;
  std::size_t ascii_length = 0;
};

std::optional<Label> read_label(std::string_view text) {
  // Every code point takes at least one octet of the A-label, and at most four
  // of UTF-8: a longer label is too long, and is not read (the rules below are
  // quadratic in the label's length).
  if (text.size() > 4 * kMaxLabel) return std::nullopt;
  Label label;
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    if (!is_ldh_label(lower)) return std::nullopt;
    label.ascii_length = lower.size();
    if (!lower.starts_with(kAcePrefix)) {
      label.unicode.assign(lower.begin(), lower.end());
      return label;
    }
    // An A-label: its Punycode must decode to a U-label that encodes back to it.
    const std::string_view encoded = std::string_view(lower).substr(kAcePrefix.size());
    auto decoded = punycode::decode(encoded);
    if (!decoded || std::all_of(decoded->begin(), decoded->end(), [](char32_t c) { return c < 0x80; })) {
      return std::nullopt;
    }
    if (!is_u_label(*decoded) || punycode::encode(*decoded) != encoded) return std::nullopt;
    label.unicode = std::move(*decoded);
    return label;
  }
  for (std::size_t at = 0; at < text.size();) {
    const auto decoded = json::decode_utf8(text, at);
    if (!decoded.valid) return std::nullopt;
    const char32_t c = decoded.code_point;
    label.unicode += c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
    at += decoded.length;
  }
  if (label.unicode.size() > kMaxLabel || !is_u_label(label.unicode)) return std::nullopt;
  const auto encoded = punycode::encode(label.unicode);
  if (!encoded) return std::nullopt;
  label.ascii_length = kAcePrefix.size() + encoded->size();
  return label;
}

// Splits at the label separators: "." only, or also the three other dots
// RFC 3490 section 3.1 lists (U+3002, U+FF0E, U+FF61).
std::vector<std::string_view> split_labels(std::string_view value, bool unicode_dots) {
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  for (std::size_t at = 0; at < value.size();) {
    std::size_t length = 0;
    if (value[at] == '.') {
      length = 1;
    } else if (unicode_dots) {
      for (const std::string_view dot : {"\u3002", "\uFF0E", "\uFF61"}) {
        if (value.substr(at).starts_with(dot)) length = dot.size();
      }
    }
    if (length == 0) {
      ++at;
      continue;
    }
    labels.push_back(value.substr(start, at - start));
    at += length;
    start = at;
  }
  labels.push_back(value.substr(start));
  return labels;
}

bool is_domain(std::string_view value, bool unicode) {
  if (value.empty()) return false;
  std::vector<Label> labels;
  std::size_t ascii_length = 0;
  for (const std::string_view text : split_labels(value, unicode)) {
    auto label = read_label(text);
    if (!label || label->ascii_length > kMaxLabel) return false;
    ascii_length += label->ascii_length + (labels.empty() ? 0 : 1);
    if (ascii_length > kMaxDomain) return false;
    labels.push_back(std::move(*label));
  }
  const bool bidi_domain =
      std::any_of(labels.begin(), labels.end(), [](const Label& label) { return is_right_to_left(label.unicode); });
  return !bidi_domain ||
         std::all_of(labels.begin(), labels.end(), [](const Label& label) { return bidi_rule_holds(label.unicode); });
}

}  // namespace

bool is_hostname(std::string_view value) {
  const bool ascii =
      std::all_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  return ascii && is_domain(value, false);
}

bool is_idn_hostname(std::string_view value) { return is_domain(value, true); }

}  // namespace conform::engine
