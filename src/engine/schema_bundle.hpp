#pragma once

#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>
#include "json/rapidjson_config.hpp"

namespace conform::engine {

// Where a bundled document sits in the bundle, and what it was called.
struct BundledDocument {
  std::string location;  // "#/definitions/x-conform-bundled-0"
  std::string uri;       // "urn:conform:prove:v3:common"
};

// Copies every schema that `document` reaches through a $ref to another
// known document (today: the schemas embedded in conform, by their $id) into
// `document` itself and turns those references into local ones, so the
// engine sees one self-contained schema. References to unknown documents are
// left alone; the loader refuses them. Returns what was bundled, so that
// schema locations can be reported in the names the user wrote.
std::vector<BundledDocument> bundle_references(rapidjson::Document& document, const std::string& own_id);

// "#/definitions/x-conform-bundled-0/definitions/x" -> "urn:…:common#/definitions/x".
std::string display_location(const std::string& location, const std::vector<BundledDocument>& bundled);

}  // namespace conform::engine
