#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include "conform/limits.hpp"
#include "conform/schema.hpp"
#include "engine/pattern_regex.hpp"
#include "engine/simple_pattern.hpp"
#include "json/rapidjson_config.hpp"

namespace re2 {
class RE2;
}

namespace conform::engine {

// A one-pass check for the common shape of a body schema: an object with
// known properties (additionalProperties false), each a scalar of one type,
// maybe with a pattern or a set of allowed strings, some required. It parses
// without building a document and validates as it goes.
//
// It scans the bytes itself: a body with an exponent, nesting, or an escape of
// a control character or a surrogate is left to the general path, so the
// scanner stays small enough to read.
//
// It only ever says "this body passes": when it is not sure (anything outside
// that shape, or any problem at all) it answers false and the general path
// decides and explains. So a report is the same with or without it; the
// tests prove that on every fixture and on a random corpus.
class FastPath {
 public:
  // Takes the keywords the keyword table lets it take in `dialect` (engine/keyword_table.hpp).
  static std::optional<FastPath> compile(const rapidjson::Value& schema, Dialect dialect);

  bool accepts(std::string_view body, const Limits& limits) const;

  struct Field {
    std::string name;
    enum class Type { any, string, integer, number, boolean, null } type = Type::any;
    std::shared_ptr<const PatternRegex> pattern;  // RE2-decidable only: PCRE2 patterns take the general path
    std::optional<SimplePattern> simple_pattern;  // the same pattern, when it needs no regex engine
    std::vector<std::string> allowed;             // enum of strings; empty: no enum
  };

 private:
  std::vector<Field> fields_;
  std::uint64_t required_ = 0;  // bit i: fields_[i] is required
};

}  // namespace conform::engine
