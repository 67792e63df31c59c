#pragma once

#include <filesystem>
#include <string>
#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "conform/schema.hpp"

// What the tests that walk the official suite share: where it is, its draft
// folders, and a JSON value back to text.
namespace conform::testing {

inline const std::filesystem::path kSuite = CONFORM_TEST_SUITE_DIR;

inline constexpr std::pair<const char*, Dialect> kSuiteDrafts[] = {{"draft4", Dialect::draft4},
                                                                   {"draft6", Dialect::draft6},
                                                                   {"draft7", Dialect::draft7},
                                                                   {"draft2019-09", Dialect::draft2019_09},
                                                                   {"draft2020-12", Dialect::draft2020_12}};

inline std::string text_of(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

// How the suite's tests load a schema: its folder's draft by default, format
// asserted or not, its remotes mapped from their local folder.
inline SchemaOptions suite_options(Dialect dialect, bool format_asserted) {
  SchemaOptions options;
  options.default_dialect = dialect;
  options.format_assertion = format_asserted;
  options.uri_map = {{"http://localhost:1234/", (kSuite / "remotes").string()}};
  return options;
}

}  // namespace conform::testing
