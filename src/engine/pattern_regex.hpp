#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace conform::engine {

// A schema's ECMA-262 regular expression, ready to search: RE2 (linear time)
// when it can decide, else PCRE2 under match and depth limits for lookaround
// and back-references. Immutable and safe to share between threads.
class PatternRegex {
 public:
  enum class Match { no, yes, undecided };  // undecided: PCRE2 ran out of its budget

  ~PatternRegex();
  PatternRegex(const PatternRegex&) = delete;
  PatternRegex& operator=(const PatternRegex&) = delete;

  // Throws conform::Error for a pattern that is not ECMA-262 or that neither engine runs as ECMA-262 says.
  static std::shared_ptr<const PatternRegex> compile(const std::string& pattern);

  Match search(std::string_view text) const;
  // The RE2 form, or nullptr when the pattern needs PCRE2 (the fast path takes only RE2).
  const re2::RE2* re2() const noexcept { return re2_.get(); }
  const std::string& pattern() const noexcept { return pattern_; }

 private:
  PatternRegex() = default;

  std::string pattern_;
  std::unique_ptr<const re2::RE2> re2_;
  struct Pcre2;
  std::unique_ptr<Pcre2> pcre2_;
};

// One compiled regex per distinct pattern text.
std::shared_ptr<const PatternRegex> compile_pattern(const std::string& pattern);

// The message of a finding for a string the budget could not decide: never a pass.
std::string undecided_message(const PatternRegex& regex);

}  // namespace conform::engine
