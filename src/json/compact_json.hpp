#pragma once

#include <string>

#include <rapidjson/document.h>
#include "json/rapidjson_config.hpp"

namespace conform::json {

// A value as JSON text without whitespace: for messages quoting a schema's
// values, and for handing a value over as a document of its own.
std::string compact_json(const rapidjson::Value& value);

}  // namespace conform::json
