#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include "conform/schema.hpp"
#include "engine/formats.hpp"
#include "json/rapidjson_config.hpp"

namespace conform::engine {

class PatternRegex;
struct LoadedSchema;

// A schema compiled once into a tree of checks over the RapidJSON document,
// for a verdict without valijson's walk (its adapters, its error strings).
// It only ever confirms a pass: a body it does not judge `pass` takes the
// exact walk, which gives the findings. `fail` only lets the caller skip
// other confirming walks, and is what oneOf and not build on.
//
// Keywords are read as the keyword table (keyword_table.hpp) places them in
// the schema's dialect; a subschema with a keyword the tree does not take,
// or a value it cannot decide (draft 4's integer past 64 bits, a failing
// unasserted format, whose annotation the exact walk reports), is `unknown`,
// and the unknown spreads up unless an applicator decides without it.
enum class Verdict : std::uint8_t { fail, pass, unknown };

class VerdictTree {
 public:
  ~VerdictTree();
  VerdictTree(const VerdictTree&) = delete;
  VerdictTree& operator=(const VerdictTree&) = delete;

  // The tree of `schema` (the bundled document, every $ref a local "#…"), or
  // nullptr when its root could never be confirmed. `schema` must outlive it.
  static std::unique_ptr<VerdictTree> compile(const rapidjson::Value& schema, Dialect dialect, bool format_assertion);

  // The tree of a loaded schema, as Schema uses it: nullptr also when the
  // metaschema's vocabularies leave keywords of the dialect out.
  static std::unique_ptr<VerdictTree> compile(const LoadedSchema& loaded);

  Verdict judge(const rapidjson::Value& instance) const;

  struct Node;
  class Compiler;

 private:
  VerdictTree() = default;
  std::unique_ptr<Compiler> compiler_;  // reads each node when a body first reaches it
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<std::unique_ptr<rapidjson::Document>> operands_;  // const, enum and bounds as the exact walk reads them
  const Node* root_ = nullptr;
};

}  // namespace conform::engine
