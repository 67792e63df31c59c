#pragma once

#include <string>
#include <string_view>

#include "conform/schema.hpp"
#include "engine/member_constraints.hpp"
#include "engine/schema_bundle.hpp"
#include "engine/valijson.hpp"

namespace conform::engine {

// A schema ready for validation: valijson's compiled form plus the document
// as the user wrote it, with the documents it references bundled in
// (findings point into that one).
struct LoadedSchema {
  rapidjson::Document original;
  valijson::Schema compiled;  // holds `root` and the slots' subschemas
  const valijson::Subschema* root = nullptr;
  std::unique_ptr<SubschemaSlots> slots;  // read by the compiled MembersConstraints
  std::string id;
  Dialect dialect = Dialect::draft7;
  bool format_assertion = false;         // asked for, or by the metaschema's vocabularies
  bool keywords_ignored = false;         // the metaschema's vocabularies leave out keywords of the dialect
  std::vector<BundledDocument> bundled;  // documents copied in for $refs to other known schemas
};

// Parses, checks and compiles a schema. Throws conform::Error, naming the
// origin and location, for anything the engine would get wrong: a remote or
// dangling $ref, a $ref cycle, an unsupported regular expression or dialect.
// A location in the rewritten schema as the user wrote it (the names the
// loader gives kept keywords and empty definition names taken off).
std::string display_pointer(std::string_view text);

void load_schema(std::string_view text, const std::string& origin, const SchemaOptions& options, LoadedSchema& out);

}  // namespace conform::engine
