#include "engine/custom_constraints.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <new>

#include "conform/error.hpp"
#include "engine/constraint_error.hpp"
#include "engine/finding_builder.hpp"
#include "engine/formats.hpp"
#include "engine/member_constraints.hpp"
#include "engine/stop_check.hpp"
#include "engine/verdict_pass.hpp"
#include "json/strict_reader.hpp"

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

void push(valijson::ValidationResults* results, const std::vector<std::string>& context, const ConstraintError& error) {
  if (results != nullptr) results->pushError(context, encode_constraint_error(error));
}

// `context` and the step of the member at `index`.
std::vector<std::string> member_context(const std::vector<std::string>& context, std::size_t index) {
  std::vector<std::string> where = context;
  where.push_back(member_step(index));
  return where;
}

}  // namespace

PatternConstraint::PatternConstraint(std::string pattern, std::shared_ptr<const PatternRegex> regex,
                                     std::string schema_location)
    : pattern_(std::move(pattern)),
      regex_(std::move(regex)),
      simple_(SimplePattern::compile(pattern_)),
      schema_location_(std::move(schema_location)) {}

bool PatternConstraint::validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                                 valijson::ValidationResults* results) const {
  StopCheck::poll();
  ErrorDrain::take(results);
  if (!target.isString()) return true;
  const std::string text = target.asString();
  const PatternRegex::Match match =
      simple_ ? (simple_->matches(text) ? PatternRegex::Match::yes : PatternRegex::Match::no) : regex_->search(text);
  if (match == PatternRegex::Match::yes) return true;
  if (match == PatternRegex::Match::undecided) {
    push(results, context, {"pattern", schema_location_, undecided_message(*regex_), {}});
    return false;
  }
  push(results, context, {"pattern", schema_location_, describe_pattern_mismatch(pattern_), {}});
  return false;
}

valijson::constraints::Constraint* PatternConstraint::cloneInto(void* memory) const {
  return new (memory) PatternConstraint(*this);
}

ClosedObjectConstraint::ClosedObjectConstraint(std::vector<std::string> known_names,
                                               std::vector<std::shared_ptr<const PatternRegex>> known_patterns,
                                               std::string schema_location)
    : known_names_(std::move(known_names)),
      known_patterns_(std::move(known_patterns)),
      schema_location_(std::move(schema_location)) {}

bool ClosedObjectConstraint::validate(const valijson::adapters::Adapter& target,
                                      const std::vector<std::string>& context,
                                      valijson::ValidationResults* results) const {
  StopCheck::poll();
  ErrorDrain::take(results);
  if (!target.isObject()) return true;
  const auto* object = dynamic_cast<const valijson::adapters::RapidJsonAdapter*>(&target);
  if (object == nullptr) {
    push(results, context, {"additionalProperties", schema_location_, "conform cannot check this object", {}});
    return false;
  }
  bool valid = true;
  const BodyMembers members = body_members(*object);
  std::size_t index = 0;
  for (auto member = members.first; member != members.last; ++member, ++index) {
    StopCheck::poll();  // an object may have a million members
    ErrorDrain::take(results);
    const std::string_view name(member->name.GetString(), member->name.GetStringLength());
    if (std::find(known_names_.begin(), known_names_.end(), name) != known_names_.end()) continue;
    bool allowed = false;
    for (const auto& pattern : known_patterns_) {
      const PatternRegex::Match match = pattern->search(name);
      allowed = match == PatternRegex::Match::yes;
      if (allowed) break;
      if (match == PatternRegex::Match::undecided) {
        valid = false;
        if (results == nullptr) return false;
        push(results, member_context(context, index),
             {"additionalProperties", schema_location_, undecided_message(*pattern), {}});
        allowed = true;  // reported: not also as forbidden
        break;
      }
    }
    if (allowed) continue;
    valid = false;
    if (results == nullptr) return false;  // the verdict is known; details were not asked for
    push(results, member_context(context, index),
         {"additionalProperties", schema_location_, std::string(kUnknownPropertyMessage),
          describe_nearest_name(name, known_names_)});
  }
  return valid;
}

valijson::constraints::Constraint* ClosedObjectConstraint::cloneInto(void* memory) const {
  return new (memory) ClosedObjectConstraint(*this);
}

FormatConstraint::FormatConstraint(std::string format, std::string schema_location, bool asserted)
    : format_(std::move(format)),
      check_(format_check(format_)),
      schema_location_(std::move(schema_location)),
      asserted_(asserted) {}

bool FormatConstraint::validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                                valijson::ValidationResults* results) const {
  if (check_ == nullptr || !target.isString()) return true;
  if (check_(target.asString())) return true;
  if (!asserted_) {
    AnnotationMet::current().met = true;
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

namespace {

// RFC 4648 base64 with its padding, as contentEncoding means it: nullopt for
// a character outside the alphabet or a length that is not whole quanta.
std::optional<std::string> strict_base64(std::string_view text) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text.substr(0, text.size() - padding)) {
    const auto value = kAlphabet.find(c);
    if (value == std::string_view::npos) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFFU));
    }
  }
  return out;
}

}  // namespace

ContentConstraint::ContentConstraint(std::string encoding, std::string media_type, std::string schema_location)
    : encoding_(std::move(encoding)),
      media_type_(std::move(media_type)),
      schema_location_(std::move(schema_location)) {}

bool ContentConstraint::validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                                 valijson::ValidationResults* results) const {
  if (!target.isString()) return true;
  std::string text = target.asString();
  if (encoding_ == "base64") {
    auto decoded = strict_base64(text);
    if (!decoded) {
      push(results, context, {"contentEncoding", schema_location_, "string is not valid base64", {}});
      return false;
    }
    text = std::move(*decoded);
  }
  if (media_type_ == "application/json") {
    rapidjson::Document document;
    if (!json::read_strict(text, Limits{}, document).empty()) {
      push(results, context,
           {"contentMediaType",
            schema_location_,
            encoding_ == "base64" ? "string does not decode to a JSON document" : "string is not a JSON document",
            {}});
      return false;
    }
  }
  return true;
}

valijson::constraints::Constraint* ContentConstraint::cloneInto(void* memory) const {
  return new (memory) ContentConstraint(*this);
}

valijson::constraints::Constraint* ContentBuilder::make(const valijson::adapters::Adapter& value) const {
  return new ContentConstraint(member_string(value, "encoding"), member_string(value, "mediaType"),
                               member_string(value, "at"));
}

RequiredConstraint::RequiredConstraint(std::vector<std::string> names, std::string schema_location)
    : names_(std::move(names)), schema_location_(std::move(schema_location)) {
  // In name order, once each, as valijson reported them: reports stay as they were.
  std::sort(names_.begin(), names_.end());
  names_.erase(std::unique(names_.begin(), names_.end()), names_.end());
}

bool RequiredConstraint::validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                                  valijson::ValidationResults* results) const {
  if (!target.isObject()) return true;
  StopCheck::poll();
  ErrorDrain::take(results);
  bool valid = true;
  const auto* object = dynamic_cast<const valijson::adapters::RapidJsonAdapter*>(&target);
  const auto has = [&](const std::string& name) {
    if (object != nullptr) return object->asObject().find(name) != object->asObject().end();
    bool found = false;
    target.applyToObject([&](const std::string& key, const valijson::adapters::Adapter&) {
      found = found || key == name;
      return !found;
    });
    return found;
  };
  for (const std::string& name : names_) {
    if (has(name)) continue;
    valid = false;
    if (results == nullptr) return false;
    push(results, context, {"required", schema_location_, describe_missing_property(name), {}});
  }
  return valid;
}

valijson::constraints::Constraint* RequiredConstraint::cloneInto(void* memory) const {
  return new (memory) RequiredConstraint(*this);
}

valijson::constraints::Constraint* RequiredBuilder::make(const valijson::adapters::Adapter& value) const {
  return new RequiredConstraint(member_strings(value, "names"), member_string(value, "at"));
}

CountConstraint::CountConstraint(std::string keyword, std::uint64_t bound, std::string bound_text,
                                 std::string schema_location)
    : keyword_(std::move(keyword)),
      bound_(bound),
      bound_text_(std::move(bound_text)),
      schema_location_(std::move(schema_location)) {}

bool CountConstraint::validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                               valijson::ValidationResults* results) const {
  const std::string_view counted = std::string_view(keyword_).substr(3);  // "Length", "Items", "Properties"
  std::uint64_t count = 0;
  std::string_view what;
  if (counted == "Length") {
    if (!target.isString()) return true;
    // Characters are code points: every byte that does not continue one starts one.
    for (const char c : target.asString()) count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    what = "string is {} characters long; {} {} allowed";
  } else if (counted == "Items") {
    if (!target.isArray()) return true;
    count = target.getArraySize();
    what = "array has {} items; {} {} allowed";
  } else {
    if (!target.isObject()) return true;
    count = target.getObjectSize();
    what = "object has {} properties; {} {} allowed";
  }
  const bool most = keyword_.compare(0, 3, "max") == 0;
  if (most ? count <= bound_ : count >= bound_) return true;
  push(results, context,
       {keyword_,
        schema_location_,
        fmt::format(fmt::runtime(what), count, most ? "at most" : "at least", bound_text_),
        {}});
  return false;
}

valijson::constraints::Constraint* CountConstraint::cloneInto(void* memory) const {
  return new (memory) CountConstraint(*this);
}

valijson::constraints::Constraint* CountBuilder::make(const valijson::adapters::Adapter& value) const {
  std::uint64_t bound = 0;
  value.applyToObject([&](const std::string& key, const valijson::adapters::Adapter& field) {
    if (key == "bound") bound = static_cast<std::uint64_t>(field.asInteger());
    return true;
  });
  return new CountConstraint(member_string(value, "keyword"), bound, member_string(value, "text"),
                             member_string(value, "at"));
}

valijson::constraints::Constraint* PatternBuilder::make(const valijson::adapters::Adapter& value) const {
  std::string pattern = member_string(value, "pattern");
  auto regex = compile_pattern(pattern);
  return new PatternConstraint(std::move(pattern), std::move(regex), member_string(value, "at"));
}

valijson::constraints::Constraint* ClosedObjectBuilder::make(const valijson::adapters::Adapter& value) const {
  std::vector<std::shared_ptr<const PatternRegex>> patterns;
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
