#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include "conform/finding.hpp"
#include "conform/finding_list.hpp"
#include "conform/limits.hpp"
#include "conform/schema.hpp"
#include "engine/pattern_regex.hpp"
#include "engine/schema_bundle.hpp"
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
// `accepts` only ever says "this body passes": when it is not sure (anything
// outside that shape, or any problem at all) it answers false and the general
// path decides and explains. `check` also explains the failures it is sure
// of, exactly as the general path would; for any other it gives up too. So a
// report is the same with or without it; the tests prove that on every
// fixture and on a random corpus.
class FastPath {
 public:
  // Takes the keywords the keyword table lets it take in `dialect` (engine/keyword_table.hpp).
  // `bundled`: the documents bundled into `schema`, which findings name.
  static std::optional<FastPath> compile(const rapidjson::Value& schema, Dialect dialect,
                                         const std::vector<BundledDocument>& bundled = {});

  bool accepts(std::string_view body, const Limits& limits) const;
  // Empty: the body passes. The findings of a member the schema does not name
  // and of strings their pattern refuses, with those of missing required
  // members; nullopt for any other body (the general path's).
  std::optional<FindingList> check(std::string_view body, const Limits& limits) const;
  // The verdict alone, with no findings made (for a run that only counts):
  // true, the body passes (check() gives no findings); false, it surely fails
  // (check() would explain it, or the general path surely fails it: a member
  // the schema does not name or named twice, a value of the wrong type, a
  // string outside its enum or refused by its pattern, a required member
  // missing); nullopt when it is not sure.
  std::optional<bool> verdict(std::string_view body, const Limits& limits) const;

  struct Field {
    std::string name;
    std::string pointer;  // its place in a body, for findings
    enum class Type { any, string, integer, number, boolean, null } type = Type::any;
    std::shared_ptr<const PatternRegex> pattern;  // RE2-decidable only: PCRE2 patterns take the general path
    std::optional<SimplePattern> simple_pattern;  // the same pattern, when it needs no regex engine
    std::vector<std::string> allowed;             // enum of strings; empty: no enum
    std::string pattern_location;                 // as findings show it; empty: its failures are not explained
    std::string pattern_message;
  };

 private:
  std::vector<Field> fields_;
  std::vector<std::string> names_;  // the fields' names, in the schema's order (for "did you mean")
  std::uint64_t required_ = 0;      // bit i: fields_[i] is required
  // Every string the findings can hold, interned once: a failing body's list
  // is a copy of this one, and its findings name them by id.
  FindingList interned_;
  struct FieldIds {
    FindingList::SharedIds missing;  // its `required` finding
    FindingList::SharedIds refused;  // its `pattern` finding
    std::uint32_t hint = 0;          // "did you mean" this field
  };
  std::vector<FieldIds> ids_;         // by field
  FindingList::SharedIds unknown_;    // a member the schema does not name (its hint: none)
  std::vector<std::size_t> missing_;  // the required fields, in the order of their names
};

}  // namespace conform::engine
