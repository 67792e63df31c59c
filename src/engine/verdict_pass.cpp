#include "engine/verdict_pass.hpp"

#include <string_view>

#include "engine/stop_check.hpp"

namespace conform::engine {

bool discards_branches(const rapidjson::Value& schema) {
  if (schema.IsArray()) {
    for (const auto& item : schema.GetArray()) {
      if (discards_branches(item)) return true;
    }
    return false;
  }
  if (!schema.IsObject()) return false;
  for (const auto& member : schema.GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    if (name == "anyOf" || name == "oneOf") return true;  // not, if and contains walk without results already
    if (discards_branches(member.value)) return true;
  }
  return false;
}

bool confirms_pass(const valijson::Subschema& root, const rapidjson::Document& document) {
  AnnotationMet& annotation = AnnotationMet::current();
  SpellingLost& lost = SpellingLost::current();
  annotation = {};
  lost = {};
  valijson::Validator validator;
  const bool valid = validator.validate(root, valijson::adapters::RapidJsonAdapter(document), nullptr);
  // A walk that met no spelling-dependent number takes the same path judged
  // either way, so the exact walk's second judgement would agree with it.
  const bool met = annotation.met || lost.met;
  annotation = {};
  lost = {};
  return valid && !met;
}

}  // namespace conform::engine
