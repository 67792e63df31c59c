#pragma once

#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>
#include "conform/schema.hpp"
#include "json/rapidjson_config.hpp"

namespace conform::engine {

// Where a bundled document sits in the bundle, and what it was called.
struct BundledDocument {
  std::string location;  // "#/definitions/x-conform-bundled-0"
  std::string uri;       // "urn:conform:prove:v3:common"
  std::string copy_of;   // for a resource copied for one dynamic scope: the location it copies, and uri is ""
};

struct BundleOptions {
  Dialect dialect = Dialect::draft7;  // identifiers are "id" in draft 4, "$id" after
  // URI prefix -> local folder, for documents that are neither in the schema nor embedded.
  std::vector<std::pair<std::string, std::string>> uri_map;
};

// Resolves every $ref of `document` as RFC 3986 and the draft say: against
// the base URI that the enclosing $id (draft 4: id) sets, to a subschema
// with that identifier, a JSON Pointer within it, or a plain-name fragment.
// Documents it names that are not part of `document` (conform's embedded
// schemas and the draft metaschemas, by their $id; files under a mapped URI
// prefix) are copied into `document` as definitions. Each reference becomes a
// local one ("#/…"), so the engine sees one self-contained schema, and
// identifiers below the root are dropped, so that other validators read the
// bundle the same way. References to unknown documents are left alone; the
// loader refuses them. Returns what was bundled, so that schema locations can
// be reported in the names the user wrote.
std::vector<BundledDocument> bundle_references(rapidjson::Document& document, const std::string& own_id,
                                               const BundleOptions& options = {});

// The text of the document `uri` names when conform knows it (an embedded
// schema by its $id, a file under a mapped prefix); false otherwise. Throws
// when a mapped file cannot be read.
bool known_document(const std::string& uri, const std::vector<std::pair<std::string, std::string>>& uri_map,
                    std::string& text);

// "#/definitions/x-conform-bundled-0/definitions/x" -> "urn:…:common#/definitions/x".
std::string display_location(const std::string& location, const std::vector<BundledDocument>& bundled);

}  // namespace conform::engine
