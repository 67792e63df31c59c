#include "engine/ecma_regex.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "json/utf8.hpp"

namespace conform::engine {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr int kEnd = -1;                // peek() past the end of the pattern
constexpr std::size_t kMaxDepth = 250;  // RE2 refuses deeper nesting; this also bounds our recursion

// ECMA-262 WhiteSpace and LineTerminator, which "\s" matches. RE2's "\s" is
// only [\t\n\f\r ].
constexpr Range kSpaces[] = {{0x09, 0x0D},     {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
                             {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
constexpr Range kAnything[] = {{0, kMaxCodePoint}};
constexpr Range kAscii[] = {{0, 0x7F}};
constexpr Range kAsciiHexDigits[] = {{'0', '9'}, {'A', 'F'}, {'a', 'f'}};

// ECMA's "." stops at every line terminator; RE2's only at "\n".
constexpr std::string_view kDot = "[^\\n\\r\\x{2028}\\x{2029}]";
constexpr std::string_view kNothing = "[^\\x{0}-\\x{10ffff}]";
constexpr std::string_view kEverything = "[\\x{0}-\\x{10ffff}]";

std::vector<Range> complement(std::span<const Range> ranges) {
  std::vector<Range> result;
  char32_t next = 0;
  for (const Range& range : ranges) {
    if (range.first > next) result.push_back({next, range.first - 1});
    next = range.last + 1;
  }
  if (next <= kMaxCodePoint) result.push_back({next, kMaxCodePoint});
  return result;
}

std::string hex_escape(char32_t code_point) {
  return fmt::format("\\x{{{:x}}}", static_cast<std::uint32_t>(code_point));
}

// The items of an RE2 bracket expression matching exactly `ranges`.
std::string class_items(std::span<const Range> ranges) {
  std::string items;
  for (const Range& range : ranges) {
    items += hex_escape(range.first);
    if (range.last != range.first) items += "-" + hex_escape(range.last);
  }
  return items;
}

bool is_ascii_punctuation(int c) {
  return c > 0x20 && c < 0x7F && !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z');
}
bool is_decimal_digit(int c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(int c) { return is_decimal_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }
int hex_value(int c) { return is_decimal_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10; }
bool is_ascii_letter(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// A General_Category value as ECMA-262 spells it (every alias of Unicode's
// PropertyValueAliases.txt) and as RE2 does; "" where RE2 has no equivalent
// (LC, and C and Cn, which need the unassigned code points).
struct CategoryName {
  std::string_view ecma;
  std::string_view re2;
};
// clang-format off
constexpr CategoryName kCategories[] = {
    {"L", "L"}, {"Letter", "L"}, {"LC", ""}, {"Cased_Letter", ""}, {"Lu", "Lu"}, {"Uppercase_Letter", "Lu"},
    {"Ll", "Ll"}, {"Lowercase_Letter", "Ll"}, {"Lt", "Lt"}, {"Titlecase_Letter", "Lt"}, {"Lm", "Lm"},
    {"Modifier_Letter", "Lm"}, {"Lo", "Lo"}, {"Other_Letter", "Lo"}, {"M", "M"}, {"Mark", "M"},
    {"Combining_Mark", "M"}, {"Mn", "Mn"}, {"Nonspacing_Mark", "Mn"}, {"Mc", "Mc"}, {"Spacing_Mark", "Mc"},
    {"Me", "Me"}, {"Enclosing_Mark", "Me"}, {"N", "N"}, {"Number", "N"}, {"Nd", "Nd"}, {"Decimal_Number", "Nd"},
    {"digit", "Nd"}, {"Nl", "Nl"}, {"Letter_Number", "Nl"}, {"No", "No"}, {"Other_Number", "No"}, {"P", "P"},
    {"Punctuation", "P"}, {"punct", "P"}, {"Pc", "Pc"}, {"Connector_Punctuation", "Pc"}, {"Pd", "Pd"},
    {"Dash_Punctuation", "Pd"}, {"Ps", "Ps"}, {"Open_Punctuation", "Ps"}, {"Pe", "Pe"}, {"Close_Punctuation", "Pe"},
    {"Pi", "Pi"}, {"Initial_Punctuation", "Pi"}, {"Pf", "Pf"}, {"Final_Punctuation", "Pf"}, {"Po", "Po"},
    {"Other_Punctuation", "Po"}, {"S", "S"}, {"Symbol", "S"}, {"Sm", "Sm"}, {"Math_Symbol", "Sm"}, {"Sc", "Sc"},
    {"Currency_Symbol", "Sc"}, {"Sk", "Sk"}, {"Modifier_Symbol", "Sk"}, {"So", "So"}, {"Other_Symbol", "So"},
    {"Z", "Z"}, {"Separator", "Z"}, {"Zs", "Zs"}, {"Space_Separator", "Zs"}, {"Zl", "Zl"}, {"Line_Separator", "Zl"},
    {"Zp", "Zp"}, {"Paragraph_Separator", "Zp"}, {"C", ""}, {"Other", ""}, {"Cc", "Cc"}, {"Control", "Cc"},
    {"cntrl", "Cc"}, {"Cf", "Cf"}, {"Format", "Cf"}, {"Cs", "Cs"}, {"Surrogate", "Cs"}, {"Co", "Co"},
    {"Private_Use", "Co"}, {"Cn", ""}, {"Unassigned", ""},
};
// clang-format on

// ECMA-262's binary Unicode properties (table-binary-unicode-properties).
// RE2 has none of them; the few that are plain ranges are translated.
// clang-format off
constexpr std::string_view kBinaryProperties[] = {
    "ASCII", "ASCII_Hex_Digit", "AHex", "Alphabetic", "Alpha", "Any", "Assigned", "Bidi_Control", "Bidi_C",
    "Bidi_Mirrored", "Bidi_M", "Case_Ignorable", "CI", "Cased", "Changes_When_Casefolded", "CWCF",
    "Changes_When_Casemapped", "CWCM", "Changes_When_Lowercased", "CWL", "Changes_When_NFKC_Casefolded", "CWKCF",
    "Changes_When_Titlecased", "CWT", "Changes_When_Uppercased", "CWU", "Dash", "Default_Ignorable_Code_Point", "DI",
    "Deprecated", "Dep", "Diacritic", "Dia", "Emoji", "Emoji_Component", "EComp", "Emoji_Modifier", "EMod",
    "Emoji_Modifier_Base", "EBase", "Emoji_Presentation", "EPres", "Extended_Pictographic", "ExtPict", "Extender",
    "Ext", "Grapheme_Base", "Gr_Base", "Grapheme_Extend", "Gr_Ext", "Hex_Digit", "Hex", "IDS_Binary_Operator", "IDSB",
    "IDS_Trinary_Operator", "IDST", "ID_Continue", "IDC", "ID_Start", "IDS", "Ideographic", "Ideo", "Join_Control",
    "Join_C", "Logical_Order_Exception", "LOE", "Lowercase", "Lower", "Math", "Noncharacter_Code_Point", "NChar",
    "Pattern_Syntax", "Pat_Syn", "Pattern_White_Space", "Pat_WS", "Quotation_Mark", "QMark", "Radical",
    "Regional_Indicator", "RI", "Sentence_Terminal", "STerm", "Soft_Dotted", "SD", "Terminal_Punctuation", "Term",
    "Unified_Ideograph", "UIdeo", "Uppercase", "Upper", "Variation_Selector", "VS", "White_Space", "space",
    "XID_Continue", "XIDC", "XID_Start", "XIDS",
};
// clang-format on

std::optional<std::string_view> category_in_re2(std::string_view name) {
  for (const auto& category : kCategories) {
    if (category.ecma == name) return category.re2;
  }
  return std::nullopt;
}

bool is_binary_property(std::string_view name) {
  return std::find(std::begin(kBinaryProperties), std::end(kBinaryProperties), name) != std::end(kBinaryProperties);
}

// Whether RE2 knows `name` as a script ("Greek", "Old_Italic"); it spells
// scripts by their long names only.
bool is_re2_script(std::string_view name) {
  if (name == "Any" || category_in_re2(name)) return false;
  RE2::Options options;
  options.set_log_errors(false);
  return RE2(fmt::format("\\p{{{}}}", name), options).ok();
}

// What a "\p{...}" or "\P{...}" stands for in RE2: an escape that works
// inside and outside brackets, or a set of ranges.
struct Property {
  std::string escape;  // "\p{Lu}", when not empty
  std::vector<Range> ranges;
};

struct SyntaxError {
  std::string message;
  std::size_t offset;
};

// Thrown past groups nested deeper than RE2 takes, which the pattern is
// refused for whatever follows.
struct TooDeep {};

// One item of a character class: a single character, which may bound a
// range, or a class escape ("\d", "\s", "\p{L}"), which may not.
struct ClassAtom {
  std::optional<char32_t> code_point;
  std::string text;  // its RE2 spelling between brackets
};

class Translator {
 public:
  explicit Translator(std::string_view pattern) : pattern_(pattern) {}

  EcmaRegex run() {
    EcmaRegex result;
    try {
      disjunction();
      if (at_ < pattern_.size()) fail("unmatched ')'", at_);
      check_references();
    } catch (const SyntaxError& error) {
      result.status = EcmaRegex::Status::invalid;
      result.problem = fmt::format("{} (offset {})", error.message, error.offset);
      return result;
    } catch (const TooDeep&) {
    }
    if (unsupported_) {
      result.status = EcmaRegex::Status::unsupported;
      result.problem = *unsupported_;
      return result;
    }
    if (backtracking_) {
      result.status = EcmaRegex::Status::backtracking;
      result.problem = *backtracking_;
    }
    // RE2's search tries every byte, and finds "\B" between the bytes of one
    // character; starting the match with whole characters keeps it off them.
    result.re2 = not_word_boundary_ ? "^(?s:.)*?(?:" + out_ + ")" : std::move(out_);
    return result;
  }

 private:
  [[noreturn]] static void fail(std::string message, std::size_t offset) {
    throw SyntaxError{std::move(message), offset};
  }

  // Parsing goes on after an unsupported construct, so that a syntax error
  // later in the pattern is still reported as such.
  void unsupported(std::string_view what, std::size_t offset) {
    if (!unsupported_) unsupported_ = fmt::format("{} (offset {})", what, offset);
  }

  int peek(std::size_t ahead = 0) const {
    return at_ + ahead < pattern_.size() ? static_cast<unsigned char>(pattern_[at_ + ahead]) : kEnd;
  }

  bool looking_at(std::string_view text) const { return pattern_.substr(at_).starts_with(text); }

  char32_t next_code_point() {
    const auto decoded = json::decode_utf8(pattern_, at_);
    if (!decoded.valid) fail("the pattern is not UTF-8", at_);
    at_ += decoded.length;
    return decoded.code_point;
  }

  // A back-reference may come before the group it names ("\\1(a)"), so
  // whether the group exists is known only at the end.
  void check_references() const {
    for (const auto& [number, offset] : numbered_references_) {
      if (number > group_count_)
        fail(fmt::format("a back-reference to group {}, which does not exist", number), offset);
    }
    for (const auto& [name, offset] : named_references_) {
      if (group_names_.count(name) == 0) {
        fail(fmt::format("a back-reference to group '{}', which does not exist", name), offset);
      }
    }
  }

  void disjunction() {
    alternative();
    while (peek() == '|') {
      out_ += '|';
      ++at_;
      alternative();
    }
  }

  void alternative() {
    while (peek() != kEnd && peek() != '|' && peek() != ')') term();
  }

  void term() {
    const std::size_t start = at_;
    switch (peek()) {
      case '^':
      case '$':  // RE2's "$" without multi-line mode is ECMA's: the very end, not before a final "\n"
        out_ += static_cast<char>(peek());
        ++at_;
        return;
      case '\\':
        if (peek(1) == 'b' || peek(1) == 'B') {  // word boundaries: ASCII \w in both dialects
          not_word_boundary_ = not_word_boundary_ || peek(1) == 'B';
          out_ += pattern_.substr(at_, 2);
          at_ += 2;
          return;
        }
        break;
      case '(':
        if (looking_at("(?=") || looking_at("(?!") || looking_at("(?<=") || looking_at("(?<!")) {
          lookaround();
          return;
        }
        break;
      case '*':
      case '+':
      case '?':
      case '{':
        fail("nothing to repeat", start);
      case ']':
      case '}':
        fail(fmt::format("a lone '{}' (escape it as \\{})", static_cast<char>(peek()), static_cast<char>(peek())),
             start);
      default:
        break;
    }
    atom();
    quantifier();
  }

  // Written as they came: PCRE2 reads lookaround as ECMA-262 does (a
  // lookbehind PCRE2 cannot bound is refused when PCRE2 compiles it).
  void lookaround() {
    const std::size_t start = at_;
    const bool behind = looking_at("(?<");
    needs_backtracking(behind ? "lookbehind (?<=...) or (?<!...)" : "lookahead (?=...) or (?!...)", start);
    out_ += pattern_.substr(at_, behind ? 4 : 3);
    at_ += behind ? 4 : 3;
    nested([&] { disjunction(); });
    if (peek() != ')') fail("missing ')'", start);
    out_ += ')';
    ++at_;
  }

  static bool plain_name(const std::string& name) {
    return !name.empty() && !is_decimal_digit(name[0]) && std::all_of(name.begin(), name.end(), [](char ch) {
      return is_ascii_letter(ch) || is_decimal_digit(ch) || ch == '_';
    });
  }

  void needs_backtracking(std::string_view what, std::size_t offset) {
    if (!backtracking_) backtracking_ = fmt::format("{} (offset {})", what, offset);
  }

  template <typename Body>
  void nested(Body body) {
    if (++depth_ > kMaxDepth) {
      unsupported(fmt::format("groups nested more than {} deep", kMaxDepth), at_);
      throw TooDeep{};
    }
    body();
    --depth_;
  }

  void atom() {
    const std::size_t start = at_;
    const int c = peek();
    if (c == '.') {
      out_ += kDot;
      ++at_;
    } else if (c == '(') {
      group();
    } else if (c == '[') {
      character_class();
    } else if (c == '\\') {
      atom_escape();
    } else if (c < 0x20 || c == 0x7F) {
      out_ += hex_escape(static_cast<char32_t>(c));
      ++at_;
    } else {
      next_code_point();
      out_ += pattern_.substr(start, at_ - start);
    }
  }

  void group() {
    const std::size_t start = at_;
    if (looking_at("(?:")) {
      out_ += "(?:";
      at_ += 3;
    } else if (looking_at("(?<")) {
      at_ += 3;
      const std::string name = group_name('>');
      if (!group_names_.insert(name).second) fail(fmt::format("duplicate group name '{}'", name), start);
      ++group_count_;
      // RE2 and PCRE2 spell a named group (?P<name>...); a name they cannot
      // spell is dropped (a back-reference to it is refused below).
      out_ += plain_name(name) ? "(?P<" + name + ">" : "(";
    } else if (looking_at("(?")) {
      at_ += 2;
      modifiers(start);
      out_ += "(?:";
    } else {
      out_ += '(';
      ++at_;
      ++group_count_;
    }
    nested([&] { disjunction(); });
    if (peek() != ')') fail("missing ')'", start);
    out_ += ')';
    ++at_;
  }

  // "(?i:...)", "(?-s:...)": ES2025 modifiers. Anything else after "(?" is not
  // ECMA-262, whatever other dialects make of it ("(?i)", "(?P<n>", "(?#").
  void modifiers(std::size_t start) {
    std::string seen;
    bool minus = false;
    while (peek() == 'i' || peek() == 'm' || peek() == 's' || (peek() == '-' && !minus)) {
      if (peek() == '-') {
        minus = true;
      } else if (seen.find(static_cast<char>(peek())) != std::string::npos) {
        fail("a modifier flag given twice", at_);
      } else {
        seen += static_cast<char>(peek());
      }
      ++at_;
    }
    if (peek() != ':' || seen.empty())
      fail("an invalid group: '(?' must start (?:, (?=, (?!, (?<=, (?<! or (?<name>", start);
    ++at_;
    unsupported("modifiers (?flags:...) are not supported", start);
  }

  // A RegExpIdentifierName. Outside ASCII every code point is taken, rather
  // than ID_Start / ID_Continue, which would need Unicode tables.
  std::string group_name(char close) {
    const std::size_t start = at_;
    std::string name;
    while (peek() != close) {
      if (peek() == kEnd) fail("an unterminated group name", start);
      const std::size_t char_start = at_;
      char32_t code_point = 0;
      if (peek() == '\\') {
        ++at_;
        if (peek() != 'u') fail("an invalid escape in a group name", char_start);
        ++at_;
        code_point = unicode_escape(char_start);
      } else {
        code_point = next_code_point();
      }
      const bool first = name.empty();
      const bool valid = code_point >= 0x80 || is_ascii_letter(static_cast<int>(code_point)) || code_point == '$' ||
                         code_point == '_' || (!first && is_decimal_digit(static_cast<int>(code_point)));
      if (!valid) fail("an invalid character in a group name", char_start);
      name += pattern_.substr(char_start, at_ - char_start);
    }
    if (name.empty()) fail("an empty group name", start);
    ++at_;
    return name;
  }

  void atom_escape() {
    const std::size_t start = at_;
    ++at_;  // '\'
    const int c = peek();
    if (c >= '1' && c <= '9') {
      const std::size_t number = decimal_number();
      numbered_references_.emplace_back(number, start);
      needs_backtracking("a back-reference", start);
      // \g{N}: no digit that follows can extend the number.
      out_ += fmt::format("\\g{{{}}}", number);
      return;
    }
    if (c == 'k') {
      ++at_;
      if (peek() != '<') fail("\\k must name a group: \\k<name>", start);
      ++at_;
      const std::string name = group_name('>');
      named_references_.emplace_back(name, start);
      needs_backtracking("a back-reference", start);
      if (!plain_name(name)) unsupported("a back-reference to a group named outside ASCII letters and digits", start);
      out_ += "\\k<" + name + ">";
      return;
    }
    if (c == 'd' || c == 'D' || c == 'w' || c == 'W') {  // ASCII classes in both dialects
      out_ += pattern_.substr(start, 2);
      ++at_;
      return;
    }
    if (c == 's' || c == 'S') {
      ++at_;
      out_ += c == 's' ? "[" + class_items(kSpaces) + "]" : "[^" + class_items(kSpaces) + "]";
      return;
    }
    if (c == 'p' || c == 'P') {
      const Property property = property_escape(start);
      if (!property.escape.empty()) {
        out_ += property.escape;
      } else {
        out_ += property.ranges.empty() ? std::string(kNothing) : "[" + class_items(property.ranges) + "]";
      }
      return;
    }
    std::string spelling;
    if (!character_escape(start, spelling)) fail("an invalid escape", start);
    out_ += spelling;
  }

  // Saturates rather than overflows; RE2 refuses counts past 1000 anyway.
  std::size_t decimal_number() {
    constexpr std::size_t kLargest = std::numeric_limits<std::size_t>::max();
    std::size_t value = 0;
    while (is_decimal_digit(peek())) {
      const auto digit = static_cast<std::size_t>(peek() - '0');
      value = value > (kLargest - digit) / 10 ? kLargest : value * 10 + digit;
      ++at_;
    }
    return value;
  }

  // A CharacterEscape, with `at_` just past the backslash at `start`: the
  // character it stands for, and its RE2 spelling. nullopt when the escape is
  // not a CharacterEscape (a class escape, "\b", or an invalid one).
  std::optional<char32_t> character_escape(std::size_t start, std::string& spelling) {
    const int c = peek();
    if (c == kEnd) fail("a '\\' at the end of the pattern", start);
    char32_t code_point = 0;
    switch (c) {
      case 'f':
      case 'n':
      case 'r':
      case 't':
      case 'v':  // the same control escapes in RE2
        ++at_;
        spelling = pattern_.substr(start, 2);
        return c == 'f' ? U'\f' : c == 'n' ? U'\n' : c == 'r' ? U'\r' : c == 't' ? U'\t' : U'\v';
      case 'c':
        if (!is_ascii_letter(peek(1))) fail("\\c must be followed by a letter", start);
        code_point = static_cast<char32_t>(peek(1) % 32);
        at_ += 2;
        break;
      case '0':
        if (is_decimal_digit(peek(1))) fail("an octal escape (not allowed with the \"u\" flag)", start);
        ++at_;
        break;
      case 'x':
        if (!is_hex_digit(peek(1)) || !is_hex_digit(peek(2))) fail("\\x must be followed by two hex digits", start);
        code_point = static_cast<char32_t>(hex_value(peek(1)) * 16 + hex_value(peek(2)));
        at_ += 3;
        spelling = pattern_.substr(start, 4);  // RE2 reads \xHH the same way
        return code_point;
      case 'u':
        ++at_;
        code_point = unicode_escape(start);
        break;
      default:
        if (!is_ascii_punctuation(c)) return std::nullopt;
        ++at_;
        spelling = pattern_.substr(start, 2);  // RE2 also takes an escaped punctuation mark literally
        return static_cast<char32_t>(c);
    }
    spelling = hex_escape(code_point);
    return code_point;
  }

  // After "\u": "XXXX", a surrogate pair "XXXX\uXXXX", or "{X...}".
  char32_t unicode_escape(std::size_t start) {
    if (peek() == '{') {
      ++at_;
      char32_t value = 0;
      bool any = false;
      while (is_hex_digit(peek())) {
        value = value * 16 + static_cast<char32_t>(hex_value(peek()));
        if (value > kMaxCodePoint) fail("a code point past U+10FFFF", start);
        any = true;
        ++at_;
      }
      if (!any || peek() != '}') fail("\\u{...} must hold hex digits", start);
      ++at_;
      return value;
    }
    const auto four_hex = [&](std::size_t from) -> std::optional<char32_t> {
      if (from + 4 > pattern_.size()) return std::nullopt;
      char32_t value = 0;
      for (std::size_t i = from; i < from + 4; ++i) {
        const int digit = static_cast<unsigned char>(pattern_[i]);
        if (!is_hex_digit(digit)) return std::nullopt;
        value = value * 16 + static_cast<char32_t>(hex_value(digit));
      }
      return value;
    };
    const auto value = four_hex(at_);
    if (!value) fail("\\u must be followed by four hex digits or {...}", start);
    at_ += 4;
    if (*value >= 0xD800 && *value <= 0xDBFF && looking_at("\\u")) {
      if (const auto low = four_hex(at_ + 2); low && *low >= 0xDC00 && *low <= 0xDFFF) {
        at_ += 6;
        return 0x10000 + ((*value - 0xD800) << 10) + (*low - 0xDC00);
      }
    }
    return *value;
  }

  // After "\p" or "\P" at `start`.
  Property property_escape(std::size_t start) {
    const bool negated = peek() == 'P';
    ++at_;
    if (peek() != '{') fail("\\p must be followed by {property}", start);
    const auto close = pattern_.find('}', at_);
    if (close == std::string_view::npos) fail("an unterminated \\p{...}", start);
    const std::string_view body = pattern_.substr(at_ + 1, close - at_ - 1);
    at_ = close + 1;
    const auto word = [](std::string_view text, bool digits) {
      return !text.empty() && std::all_of(text.begin(), text.end(), [&](char ch) {
        return is_ascii_letter(ch) || ch == '_' || (digits && is_decimal_digit(ch));
      });
    };
    const auto equals = body.find('=');
    const std::string_view name = body.substr(0, equals);
    const std::string_view value = equals == std::string_view::npos ? std::string_view() : body.substr(equals + 1);
    Property property;
    const auto category = [&](std::string_view text) {
      const auto re2_name = category_in_re2(text);
      if (!re2_name) fail(fmt::format("an unknown General_Category '{}'", text), start);
      if (re2_name->empty()) {
        unsupported(fmt::format("\\p{{{}}} has no RE2 equivalent", body), start);
      } else {
        property.escape = fmt::format("\\{}{{{}}}", negated ? 'P' : 'p', *re2_name);
      }
    };
    if (equals != std::string_view::npos) {
      if (!word(name, false) || !word(value, true)) fail("an invalid \\p{name=value}", start);
      if (name == "General_Category" || name == "gc") {
        category(value);
      } else if (name == "Script" || name == "sc") {
        const auto known = scripts_.try_emplace(std::string(value), false);
        if (known.second) known.first->second = is_re2_script(value);  // once per name: it builds an RE2
        if (known.first->second) {
          property.escape = fmt::format("\\{}{{{}}}", negated ? 'P' : 'p', value);
        } else {
          unsupported(fmt::format("\\p{{{}}} has no RE2 equivalent (RE2 knows scripts by their long names)", body),
                      start);
        }
      } else if (name == "Script_Extensions" || name == "scx") {
        unsupported("Script_Extensions has no RE2 equivalent", start);
      } else {
        fail(fmt::format("an unknown Unicode property '{}'", name), start);
      }
      return property;
    }
    if (!word(name, false)) fail("an invalid \\p{...}", start);
    if (category_in_re2(name)) {
      category(name);
    } else if (is_binary_property(name)) {
      std::span<const Range> ranges;
      if (name == "Any") ranges = kAnything;
      if (name == "ASCII") ranges = kAscii;
      if (name == "ASCII_Hex_Digit" || name == "AHex") ranges = kAsciiHexDigits;
      if (ranges.empty()) {
        unsupported(fmt::format("\\p{{{}}} has no RE2 equivalent", name), start);
      } else {
        property.ranges = negated ? complement(ranges) : std::vector<Range>(ranges.begin(), ranges.end());
      }
    } else {
      fail(fmt::format("an unknown Unicode property '{}'", name), start);
    }
    return property;
  }

  void character_class() {
    const std::size_t start = at_;
    ++at_;  // '['
    const bool negated = peek() == '^';
    if (negated) ++at_;
    std::string items;
    while (peek() != ']') {
      if (peek() == kEnd) fail("an unterminated character class", start);
      const std::size_t range_start = at_;
      const ClassAtom low = class_atom();
      if (peek() == '-' && peek(1) != ']' && peek(1) != kEnd) {
        ++at_;
        const ClassAtom high = class_atom();
        if (!low.code_point || !high.code_point) fail("a class escape cannot bound a range", range_start);
        if (*low.code_point > *high.code_point) fail("a range out of order", range_start);
        items += low.text + "-" + high.text;
      } else {
        items += low.text;
      }
    }
    ++at_;  // ']'
    // "[]" matches nothing and "[^]" anything; RE2 reads "[]" and "[^]" as the
    // start of a class holding ']'.
    if (items.empty()) {
      out_ += negated ? kEverything : kNothing;
      return;
    }
    out_ += negated ? "[^" : "[";
    out_ += items;
    out_ += ']';
  }

  ClassAtom class_atom() {
    const std::size_t start = at_;
    const int c = peek();
    if (c != '\\') {
      if (c < 0x20 || c == 0x7F) {
        ++at_;
        return {static_cast<char32_t>(c), hex_escape(static_cast<char32_t>(c))};
      }
      const char32_t code_point = next_code_point();
      // RE2 would read "[:" as the start of a POSIX class like [:alpha:].
      if (code_point == '[') return {code_point, "\\["};
      return {code_point, std::string(pattern_.substr(start, at_ - start))};
    }
    ++at_;
    const int e = peek();
    if (e == 'b') {
      ++at_;
      return {0x08, hex_escape(0x08)};  // backspace inside a class
    }
    if (e == 'd' || e == 'D' || e == 'w' || e == 'W') {
      ++at_;
      return {std::nullopt, std::string(pattern_.substr(start, 2))};
    }
    if (e == 's' || e == 'S') {
      ++at_;
      return {std::nullopt,
              class_items(e == 's' ? std::vector<Range>(std::begin(kSpaces), std::end(kSpaces)) : complement(kSpaces))};
    }
    if (e == 'p' || e == 'P') {
      const Property property = property_escape(start);
      return {std::nullopt, property.escape.empty() ? class_items(property.ranges) : property.escape};
    }
    std::string spelling;
    const auto code_point = character_escape(start, spelling);
    if (!code_point) fail("an invalid escape in a character class", start);
    return {code_point, spelling};
  }

  void quantifier() {
    const std::size_t start = at_;
    const int c = peek();
    if (c == '*' || c == '+' || c == '?') {
      out_ += static_cast<char>(c);
      ++at_;
    } else if (c == '{') {
      ++at_;
      if (!is_decimal_digit(peek())) fail("an incomplete quantifier (escape a literal '{')", start);
      const std::size_t min = decimal_number();
      std::optional<std::size_t> max = min;
      if (peek() == ',') {
        ++at_;
        max = is_decimal_digit(peek()) ? std::optional(decimal_number()) : std::nullopt;
      }
      if (peek() != '}') fail("an incomplete quantifier (escape a literal '{')", start);
      ++at_;
      if (max && *max < min) fail("numbers out of order in a quantifier", start);
      // Written out again: RE2 takes "{02}" for literal text.
      out_ += max == min ? fmt::format("{{{}}}", min)
              : max      ? fmt::format("{{{},{}}}", min, *max)
                         : fmt::format("{{{},}}", min);
    } else {
      return;
    }
    if (peek() == '?') {  // lazy: the same strings match
      out_ += '?';
      ++at_;
    }
    if (peek() == '*' || peek() == '+' || peek() == '?' || peek() == '{') fail("nothing to repeat", at_);
  }

  std::string_view pattern_;
  std::size_t at_ = 0;
  std::string out_;
  std::size_t depth_ = 0;
  bool not_word_boundary_ = false;
  std::size_t group_count_ = 0;
  std::set<std::string, std::less<>> group_names_;
  std::map<std::string, bool, std::less<>> scripts_;                      // whether RE2 knows each script name seen
  std::vector<std::pair<std::size_t, std::size_t>> numbered_references_;  // group number, offset
  std::vector<std::pair<std::string, std::size_t>> named_references_;     // group name, offset
  std::optional<std::string> unsupported_;
  std::optional<std::string> backtracking_;  // the first construct only a backtracking engine runs
};

}  // namespace

EcmaRegex translate_ecma_regex(std::string_view pattern) { return Translator(pattern).run(); }

}  // namespace conform::engine
