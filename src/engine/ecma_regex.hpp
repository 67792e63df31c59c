#pragma once

#include <string>
#include <string_view>

namespace conform::engine {

// A JSON Schema pattern read as an ECMA-262 regular expression, and the RE2
// pattern that matches exactly the same strings.
//
// The grammar is ECMA-262's with the "u" flag (code points, strict escapes),
// which is what JSON Schema asks for, with one leniency every dialect agrees
// on: an escaped ASCII punctuation mark ("\-", "\_") stands for itself.
struct EcmaRegex {
  enum class Status {
    ok,            // `re2` holds the equivalent RE2 pattern
    backtracking,  // `re2` holds the equivalent pattern for PCRE2 (RE2's syntax plus lookaround and
                   // back-references, which RE2 cannot run); `problem` names the first such construct
    invalid,       // not an ECMA-262 regular expression; `problem` says why
    unsupported,   // valid, but uses a construct neither engine runs as ECMA-262 does (modifiers, a
                   // Unicode property RE2 does not have); `problem` says which
  };
  Status status = Status::ok;
  std::string re2;
  std::string problem;  // "lookahead (?=...) at offset 3", for messages
};

// Tokens whose meaning is the same in both dialects are copied unchanged, so
// a pattern that needs no translation comes back as it went in.
EcmaRegex translate_ecma_regex(std::string_view pattern);

}  // namespace conform::engine
