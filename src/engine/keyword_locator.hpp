#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include "conform/schema.hpp"
#include "json/rapidjson_config.hpp"

namespace conform::engine {

struct PathToken {
  std::string_view name;  // a view of the failure's context: a member name may be megabytes
  bool is_index = false;
};

struct KeywordLocation {
  std::string pointer;  // "#/properties/x/maxLength"
  const rapidjson::Value* value = nullptr;
  const rapidjson::Value* schema = nullptr;  // the (sub)schema holding the keyword
};

// valijson reports where in the instance a keyword failed, not where the
// keyword is in the schema. This walks the schema along the instance path
// (properties, items, combinators, local $ref: the keywords `dialect` has) to the first subschema that
// has the keyword: exact for schemas without alternatives, the first
// candidate in document order otherwise.
// Only valijson's own keywords need it: conform's constraints carry their location.
std::optional<KeywordLocation> locate_keyword(const rapidjson::Value& root, const std::vector<PathToken>& path,
                                              std::string_view keyword, Dialect dialect = Dialect::draft7);

}  // namespace conform::engine
