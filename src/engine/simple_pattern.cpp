#include "engine/simple_pattern.hpp"

#include <cctype>
#include <charconv>

namespace conform::engine {
namespace {

constexpr std::string_view kSpecial = "\\^$.|?*+()[]{}";

bool is_plain(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7F && kSpecial.find(c) == std::string_view::npos;
}

// "\." "\-" and the like: an escaped punctuation mark stands for itself.
// Escaped letters and digits are classes or back-references: not simple.
std::optional<char> escaped_literal(std::string_view pattern, std::size_t& at) {
  if (at + 1 >= pattern.size()) return std::nullopt;
  const char c = pattern[at + 1];
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x21 || byte >= 0x7F || std::isalnum(byte) != 0) return std::nullopt;
  at += 2;
  return c;
}

// [a-zA-Z0-9+] without negation, nested classes or escapes of letters.
std::optional<std::bitset<128>> parse_class(std::string_view pattern, std::size_t& at) {
  ++at;  // '['
  // A negated class, or "[]" which dialects read differently: not simple.
  if (at < pattern.size() && (pattern[at] == '^' || pattern[at] == ']')) return std::nullopt;
  std::bitset<128> allowed;
  while (at < pattern.size() && pattern[at] != ']') {
    char low = pattern[at];
    if (low == '\\') {
      const auto literal = escaped_literal(pattern, at);
      if (!literal) return std::nullopt;
      low = *literal;
    } else if (low == '[' || static_cast<unsigned char>(low) < 0x20 || static_cast<unsigned char>(low) >= 0x7F) {
      return std::nullopt;
    } else {
      ++at;
    }
    char high = low;
    if (at + 1 < pattern.size() && pattern[at] == '-' && pattern[at + 1] != ']') {
      high = pattern[at + 1];
      const auto l = static_cast<unsigned char>(low);
      const auto h = static_cast<unsigned char>(high);
      // Only ranges within letters or digits, which no one reads two ways.
      const bool same_kind = (std::isdigit(l) && std::isdigit(h)) || (std::islower(l) && std::islower(h)) ||
                             (std::isupper(l) && std::isupper(h));
      if (!same_kind || h < l) return std::nullopt;
      at += 2;
    }
    for (auto c = static_cast<unsigned char>(low); c <= static_cast<unsigned char>(high); ++c) allowed.set(c);
  }
  if (at >= pattern.size()) return std::nullopt;
  ++at;  // ']'
  return allowed;
}

std::optional<std::size_t> parse_count(std::string_view text) {
  // RE2 reads "{02}" as literal text, not as a count: leave leading zeros to it.
  if (text.size() > 1 && text.front() == '0') return std::nullopt;
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || value > 1000) return std::nullopt;
  return value;
}

}  // namespace

std::optional<SimplePattern> SimplePattern::compile(std::string_view pattern) {
  if (pattern.size() < 2 || pattern.front() != '^' || pattern.back() != '$') return std::nullopt;
  const std::string_view body = pattern.substr(1, pattern.size() - 2);
  if (!body.empty() && body.back() == '\\') return std::nullopt;  // "\$" ends in a literal dollar
  SimplePattern compiled;
  std::size_t at = 0;
  while (at < body.size()) {
    Run run;
    const char c = body[at];
    if (c == '[') {
      auto allowed = parse_class(body, at);
      if (!allowed) return std::nullopt;
      run.allowed = *allowed;
    } else if (c == '\\') {
      const auto literal = escaped_literal(body, at);
      if (!literal) return std::nullopt;
      run.allowed.set(static_cast<unsigned char>(*literal));
    } else if (is_plain(c)) {
      run.allowed.set(static_cast<unsigned char>(c));
      ++at;
    } else {
      return std::nullopt;
    }
    if (at < body.size()) {
      const char quantifier = body[at];
      if (quantifier == '+' || quantifier == '*' || quantifier == '?') {
        run.min = quantifier == '+' ? 1 : 0;
        run.max = quantifier == '?' ? 1 : kUnbounded;
        ++at;
      } else if (quantifier == '{') {
        const auto close = body.find('}', at);
        if (close == std::string_view::npos) return std::nullopt;
        const std::string_view counts = body.substr(at + 1, close - at - 1);
        const auto comma = counts.find(',');
        const auto min = parse_count(counts.substr(0, comma));
        if (!min) return std::nullopt;
        run.min = *min;
        run.max = *min;
        if (comma != std::string_view::npos) {
          if (comma + 1 == counts.size()) {
            run.max = kUnbounded;
          } else {
            const auto max = parse_count(counts.substr(comma + 1));
            if (!max || *max < *min) return std::nullopt;
            run.max = *max;
          }
        }
        at = close + 1;
      }
      // A lazy or possessive mark, or a second quantifier: leave it to the regex engine.
      if (at < body.size() && (body[at] == '?' || body[at] == '+' || body[at] == '*' || body[at] == '{')) {
        return std::nullopt;
      }
    }
    for (std::size_t byte = 0; byte < run.allowed.size(); ++byte) run.takes[byte] = run.allowed.test(byte);
    compiled.runs_.push_back(run);
  }
  // Greed is exact only when a variable run is followed by the end or by a
  // fixed run of characters it cannot take.
  for (std::size_t i = 0; i + 1 < compiled.runs_.size(); ++i) {
    const Run& run = compiled.runs_[i];
    const Run& next = compiled.runs_[i + 1];
    if (run.min == run.max) continue;
    if (next.min != next.max || next.min == 0 || (run.allowed & next.allowed).any()) return std::nullopt;
  }
  return compiled;
}

bool SimplePattern::matches(std::string_view text) const noexcept {
  std::size_t at = 0;
  for (const Run& run : runs_) {
    std::size_t taken = 0;
    while (taken < run.max && at < text.size() && run.takes[static_cast<unsigned char>(text[at])]) {
      ++taken;
      ++at;
    }
    if (taken < run.min) return false;
  }
  return at == text.size();
}

}  // namespace conform::engine
