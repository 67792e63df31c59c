#pragma once

#include "conform/schema.hpp"
#include "engine/valijson.hpp"

namespace conform::engine {

// With results to collect, valijson walks every failing branch of an anyOf
// or oneOf in full and builds every error message, then drops them when
// the applicator passes (a body of a oneOf over 300 event shapes: thousands
// of messages). Without results it stops a subschema at its first failure.
// The verdict is the same either way, so a passing body is confirmed by that
// cheaper walk, and only a body it cannot confirm takes the exact one.

// Whether a schema has applicators whose failed branches are discarded (the
// only schemas where the first walk saves more than it may cost). A name of
// the set under "properties" also counts: that only costs a walk, never a verdict.
bool discards_branches(const rapidjson::Value& schema);

// Flags, for the walk on this thread, a finding that does not fail a body
// (an unasserted format): the walk cannot confirm "no findings" then.
struct AnnotationMet {
  bool met = false;
  static AnnotationMet& current() noexcept {
    thread_local AnnotationMet state;
    return state;
  }
};

// True only when the exact walk would find nothing: the body passes, and it
// met no annotation and no number whose spelling decides a draft-4 type (the
// exact walk judges those both ways). False says nothing: the caller takes
// the exact walk. StopRequested passes through.
bool confirms_pass(const valijson::Subschema& root, const rapidjson::Document& document);

}  // namespace conform::engine
