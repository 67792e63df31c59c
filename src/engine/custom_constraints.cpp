#include "engine/custom_constraints.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <new>

#include "conform/error.hpp"
#include "engine/constraint_error.hpp"
#include "engine/did_you_mean.hpp"
#include "engine/ecma_regex.hpp"
#include "engine/formats.hpp"
#include "engine/stop_check.hpp"

namespace conform::engine {
namespace {

std::string member_string(const valijson::adapters::Adapter& object, const std::string& name) {
  std::string result;
  object.applyToObject([&](const std::string& key, const valijson::adapters::Adapter& value) {
    if (key == name) value.asString(result);
    return true;
  });
  return result;
}

std::vector<std::string> member_strings(const valijson::adapters::Adapter& object, const std::string& name) {
  std::vector<std::string> result;
  object.applyToObject([&](const std::string& key, const valijson::adapters::Adapter& value) {
    if (key == name) {
      value.applyToArray([&](const valijson::adapters::Adapter& item) {
        result.push_back(item.asString());
        return true;
      });
    }
    return true;
  });
  return result;
}

void push(valijson::ValidationResults* results, std::vector<std::string> context, const ConstraintError& error) {
  if (results != nullptr) results->pushError(context, encode_constraint_error(error));
}

}  // namespace

// `pattern` is ECMA-262, as JSON Schema says; RE2 runs its translation, so
// the result's pattern() is the RE2 text, not necessarily `pattern`.
std::shared_ptr<const re2::RE2> compile_pattern(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const re2::RE2>> compiled;
  std::lock_guard lock(mutex);
  if (auto found = compiled.find(pattern); found != compiled.end()) return found->second;
  const EcmaRegex translated = translate_ecma_regex(pattern);
  if (translated.status == EcmaRegex::Status::invalid) {
    throw Error(fmt::format("regular expression /{}/ is not a valid ECMA-262 regular expression: {}", pattern,
                            translated.problem));
  }
  if (translated.status == EcmaRegex::Status::unsupported) {
    throw Error(fmt::format("regular expression /{}/ is not supported: {}; conform matches in linear time with RE2",
                            pattern, translated.problem));
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(std::int64_t{64} << 20);  // room for counted repetitions such as {1,1000}
  auto regex = std::make_shared<const re2::RE2>(translated.re2, options);
  if (!regex->ok()) {
    throw Error(fmt::format("regular expression /{}/ is not supported: {}", pattern, regex->error()));
  }
  compiled.emplace(pattern, regex);
  return regex;
}

PatternConstraint::PatternConstraint(std::string pattern, std::shared_ptr<const re2::RE2> regex,
                                     std::string schema_location)
    : pattern_(std::move(pattern)),
      regex_(std::move(regex)),
      simple_(SimplePattern::compile(pattern_)),
      schema_location_(std::move(schema_location)) {}

bool PatternConstraint::validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                                 valijson::ValidationResults* results) const {
  StopCheck::poll();
  if (!target.isString()) return true;
  const std::string text = target.asString();
  if (simple_ ? simple_->matches(text) : RE2::PartialMatch(text, *regex_)) return true;
  push(results, context,
       {"pattern", schema_location_, fmt::format("string does not match the pattern /{}/", pattern_), {}});
  return false;
}

valijson::constraints::Constraint* PatternConstraint::cloneInto(void* memory) const {
  return new (memory) PatternConstraint(*this);
}

ClosedObjectConstraint::ClosedObjectConstraint(std::vector<std::string> known_names,
                                               std::vector<std::shared_ptr<const re2::RE2>> known_patterns,
                                               std::string schema_location)
    : known_names_(std::move(known_names)),
      known_patterns_(std::move(known_patterns)),
      schema_location_(std::move(schema_location)) {}

bool ClosedObjectConstraint::validate(const valijson::adapters::Adapter& target,
                                      const std::vector<std::string>& context,
                                      valijson::ValidationResults* results) const {
  StopCheck::poll();
  if (!target.isObject()) return true;
  bool valid = true;
  target.applyToObject([&](const std::string& name, const valijson::adapters::Adapter&) {
    StopCheck::poll();  // an object may have a million members
    for (const auto& known : known_names_) {
      if (known == name) return true;
    }
    for (const auto& pattern : known_patterns_) {
      if (RE2::PartialMatch(name, *pattern)) return true;
    }
    valid = false;
    if (results == nullptr) return false;  // the verdict is known; details were not asked for
    std::string hint;
    if (const std::string nearest = nearest_name(name, known_names_); !nearest.empty()) {
      hint = fmt::format("did you mean \"{}\"?", nearest);
    }
    auto member_context = context;
    member_context.push_back("[" + name + "]");
    push(results, std::move(member_context),
         {"additionalProperties", schema_location_, "property is not allowed by the schema", std::move(hint)});
    return true;
  });
  return valid;
}

valijson::constraints::Constraint* ClosedObjectConstraint::cloneInto(void* memory) const {
  return new (memory) ClosedObjectConstraint(*this);
}

FormatConstraint::FormatConstraint(std::string format, std::string schema_location, bool asserted)
    : format_(std::move(format)), schema_location_(std::move(schema_location)), asserted_(asserted) {}

bool FormatConstraint::validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                                valijson::ValidationResults* results) const {
  if (!target.isString()) return true;
  if (check_format(format_, target.asString()).value_or(true)) return true;
  if (!asserted_) {
    push(results, context,
         {"format",
          schema_location_,
          fmt::format("string is not a valid \"{}\" (an annotation here: --format-assertion makes it an error)",
                      format_),
          {},
          true});
    return true;
  }
  push(results, context, {"format", schema_location_, fmt::format("string is not a valid \"{}\"", format_), {}});
  return false;
}

valijson::constraints::Constraint* FormatConstraint::cloneInto(void* memory) const {
  return new (memory) FormatConstraint(*this);
}

PatternPropertiesGuard::PatternPropertiesGuard(std::vector<std::string> patterns, std::string schema_location)
    : schema_location_(std::move(schema_location)) {
  for (std::string& text : patterns) {
    auto exact = compile_pattern(text);
    auto bytewise = std::make_shared<const std::regex>(text, std::regex::ECMAScript);
    patterns_.push_back({std::move(text), std::move(exact), std::move(bytewise)});
  }
}

bool PatternPropertiesGuard::validate(const valijson::adapters::Adapter& target,
                                      const std::vector<std::string>& context,
                                      valijson::ValidationResults* results) const {
  if (!target.isObject()) return true;
  bool valid = true;
  target.applyToObject([&](const std::string& name, const valijson::adapters::Adapter&) {
    // An ASCII name reads the same byte by byte and character by character.
    if (std::all_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
      return true;
    }
    for (const Pattern& pattern : patterns_) {
      if (RE2::PartialMatch(name, *pattern.exact) == std::regex_search(name, *pattern.bytewise)) continue;
      valid = false;
      auto member_context = context;
      member_context.push_back("[" + name + "]");
      push(results, std::move(member_context),
           {"patternProperties",
            schema_location_,
            fmt::format("the engine matches /{}/ against this non-ASCII name byte by byte, which gives another "
                        "answer than ECMA-262; conform cannot check this property",
                        pattern.text),
            {}});
      break;
    }
    return true;
  });
  return valid;
}

valijson::constraints::Constraint* PatternPropertiesGuard::cloneInto(void* memory) const {
  return new (memory) PatternPropertiesGuard(*this);
}

valijson::constraints::Constraint* PatternPropertiesGuardBuilder::make(const valijson::adapters::Adapter& value) const {
  return new PatternPropertiesGuard(member_strings(value, "patterns"), member_string(value, "at"));
}

valijson::constraints::Constraint* PatternBuilder::make(const valijson::adapters::Adapter& value) const {
  std::string pattern = member_string(value, "pattern");
  auto regex = compile_pattern(pattern);
  return new PatternConstraint(std::move(pattern), std::move(regex), member_string(value, "at"));
}

valijson::constraints::Constraint* ClosedObjectBuilder::make(const valijson::adapters::Adapter& value) const {
  std::vector<std::shared_ptr<const re2::RE2>> patterns;
  for (const auto& pattern : member_strings(value, "patterns")) patterns.push_back(compile_pattern(pattern));
  return new ClosedObjectConstraint(member_strings(value, "names"), std::move(patterns), member_string(value, "at"));
}

valijson::constraints::Constraint* FormatBuilder::make(const valijson::adapters::Adapter& value) const {
  bool asserted = false;
  value.applyToObject([&](const std::string& key, const valijson::adapters::Adapter& member) {
    if (key == "assert") member.asBool(asserted);
    return true;
  });
  return new FormatConstraint(member_string(value, "format"), member_string(value, "at"), asserted);
}

}  // namespace conform::engine
