#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "conform/schema.hpp"

// The real-world corpus (bench/realworld/install.sh writes its corpus.json):
// how a test loads one of its schemas as the benchmark's conform run does.
namespace conform::testing {

inline SchemaOptions corpus_options(const rapidjson::Value& entry) {
  SchemaOptions options;
  const std::string_view dialect = entry["dialect"].GetString();
  options.default_dialect = dialect == "draft-04"   ? Dialect::draft4
                            : dialect == "draft-06" ? Dialect::draft6
                            : dialect == "2019-09"  ? Dialect::draft2019_09
                            : dialect == "2020-12"  ? Dialect::draft2020_12
                                                    : Dialect::draft7;
  for (const auto& map : entry["maps"].GetArray()) {
    std::string folder = map[1].GetString();
    while (!folder.empty() && folder.back() == '/') folder.pop_back();
    options.uri_map.emplace_back(map[0].GetString(), folder);
  }
  return options;
}

}  // namespace conform::testing
