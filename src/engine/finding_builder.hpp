#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "conform/finding_list.hpp"
#include "conform/schema.hpp"
#include "engine/stop_check.hpp"
#include "engine/valijson.hpp"
#include "json/strict_reader.hpp"

namespace conform::engine {

// Turns valijson's results for one body into findings: exact JSON Pointers
// (resolved against the body itself, so a key "1" and an index 1 differ),
// the keyword and its place in the schema (from the constraint of conform's
// that failed), a message that quotes no value,
// and line/column in the body. Wrapper errors that only repeat a nested
// failure ("failed to validate property x") are dropped. With
// limits.max_findings, only that many (the first in the body) are kept and
// the others counted. valijson's errors are taken while it walks (see
// ErrorDrain), so they never pile up: the findings are those of the whole
// list taken at once, in the same order.
class FindingBuilder {
 public:
  // `body_bytes`: the size of the body `instance` was read from.
  FindingBuilder(const rapidjson::Value& instance, const Limits& limits, std::size_t body_bytes);
  ~FindingBuilder();
  FindingBuilder(const FindingBuilder&) = delete;
  FindingBuilder& operator=(const FindingBuilder&) = delete;

  // Makes findings of the errors `results` holds so far, in order, and frees
  // them; false on a stop request (the rest are left).
  bool take(valijson::ValidationResults& results);
  std::size_t errors_taken() const noexcept;
  // Places the findings in the body: `offsets` when it is complete, otherwise
  // the body is read again for that, once for all of them; in the body's order.
  FindingList finish(std::string_view body, const json::OffsetIndex& offsets, OmittedFindings* omitted);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Installed by Schema::check while valijson walks a body, which keeps every
// error until the walk ends (about 380 bytes a failing value): conform's own
// constraints, called for most values, pass on the results they are given,
// and those of the body's own walk (not an anyOf branch's trial, which has
// results of its own) go to the builder at once. Popped from the front, so
// the order is valijson's.
class ErrorDrain {
 public:
  ErrorDrain(valijson::ValidationResults& results, FindingBuilder& builder) noexcept : previous_(current()) {
    current() = {&results, &builder};
  }
  ~ErrorDrain() { current() = previous_; }
  ErrorDrain(const ErrorDrain&) = delete;
  ErrorDrain& operator=(const ErrorDrain&) = delete;

  // Throws StopRequested on a stop request.
  static void take(valijson::ValidationResults* results) {
    const State& state = current();
    if (results != nullptr && results == state.results && results->numErrors() != 0 && !state.builder->take(*results)) {
      throw StopRequested{};
    }
  }

 private:
  struct State {
    valijson::ValidationResults* results = nullptr;
    FindingBuilder* builder = nullptr;
  };
  static State& current() noexcept {
    thread_local State state;
    return state;
  }
  State previous_;
};

// The message of a failing keyword LocatedConstraint evaluates, or of a
// `false` that forbids what additionalItems or unevaluated* leave, from its value.
std::string describe_located(std::string_view keyword, const rapidjson::Value& value);

// The words of the findings that conform's own constraints and the one-pass
// scanner (engine/fast_path) both make, written once here.
std::string describe_pattern_mismatch(std::string_view pattern);
std::string describe_missing_property(std::string_view name);
inline constexpr std::string_view kUnknownPropertyMessage = "property is not allowed by the schema";
// "did you mean ...?" for a member `known` does not name; empty when none is near.
std::string describe_nearest_name(std::string_view name, std::span<const std::string> known);
// The same hint, for the nearest name already found.
std::string describe_did_you_mean(std::string_view nearest);
// Whether a keyword's finding is placed at the member's name rather than its value.
bool placed_at_name(std::string_view keyword) noexcept;
// A scalar's value as a finding carries it: its compact JSON, cut short past
// 256 bytes; `compact` is that JSON text already.
std::optional<std::string> value_preview(const rapidjson::Value* node);
std::string value_preview(std::string compact, bool is_string);
// The same without a copy: `compact` itself when it is short enough, else
// the preview made in `storage`.
std::string_view value_preview(std::string_view compact, bool is_string, std::string& storage);

}  // namespace conform::engine
