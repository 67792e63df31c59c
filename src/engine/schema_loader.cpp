#include "engine/schema_loader.hpp"

#include <fmt/format.h>
#include <rapidjson/pointer.h>

#include <regex>
#include <set>
#include <unordered_set>
#include <vector>

#include "conform/error.hpp"
#include "engine/custom_constraints.hpp"
#include "engine/value_constraints.hpp"
#include "json/compact_json.hpp"
#include "json/json_pointer.hpp"
#include "json/numbers.hpp"
#include "json/strict_reader.hpp"

namespace conform::engine {
namespace {

constexpr Limits kSchemaLimits{std::size_t{64} * 1024 * 1024, 512};

// Handed to ValueConstraint; exclusiveMaximum/Minimum after maximum/minimum,
// which read them in draft 4.
constexpr const char* kValueKeywords[] = {"type",       "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum",
                                          "multipleOf", "const",   "enum"};

// Keywords whose value is a schema, an array of schemas, or an object of them.
constexpr std::string_view kSchemaKeywords[] = {
    "additionalItems", "additionalProperties", "contains", "else", "if", "items", "not", "propertyNames", "then"};
constexpr std::string_view kSchemaArrayKeywords[] = {"allOf", "anyOf", "oneOf", "items"};
constexpr std::string_view kSchemaMapKeywords[] = {"definitions", "dependencies", "patternProperties", "properties"};

Dialect dialect_of(const rapidjson::Value& root, const std::string& origin, Dialect fallback) {
  if (!root.IsObject()) return fallback;
  const auto found = root.FindMember("$schema");
  if (found == root.MemberEnd()) return fallback;
  if (!found->value.IsString()) throw Error("\"$schema\" must be a string", origin);
  const std::string_view uri(found->value.GetString(), found->value.GetStringLength());
  if (uri.find("draft-04") != std::string_view::npos) return Dialect::draft4;
  // Draft 6 is draft 7 without if/then/else, so the draft-7 engine is right for it.
  if (uri.find("draft-06") != std::string_view::npos || uri.find("draft-07") != std::string_view::npos) {
    return Dialect::draft7;
  }
  throw Error(
      fmt::format("\"$schema\": \"{}\" is not supported; conform validates draft-04, draft-06 and draft-07", uri),
      origin);
}

// Whether std::regex, matching UTF-8 byte by byte, surely finds what an
// ECMA-262 pattern finds in code points: when the pattern never reads a
// non-ASCII character on its own.
bool same_bytewise(std::string_view pattern) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (static_cast<unsigned char>(c) >= 0x80 || c == '.') return false;
    if (c == '[' && i + 1 < pattern.size() && pattern[i + 1] == '^') return false;
    if (c == '\\' && i + 1 < pattern.size()) {
      if (std::string_view("sSWDBpPu").find(pattern[i + 1]) != std::string_view::npos) return false;
      ++i;  // the escaped character is not itself special
    }
  }
  return true;
}

class Rewriter {
 public:
  Rewriter(rapidjson::Document& document, const std::string& origin, const SchemaOptions& options, Dialect dialect,
           std::string root_id)
      : document_(document), origin_(origin), options_(options), dialect_(dialect), root_id_(std::move(root_id)) {}

  void run() {
    visit(document_, "#");
    // A $ref may point anywhere in the document, also outside the keywords
    // walked above; those targets are schemas too and need the same rewrite.
    for (std::size_t i = 0; i < references_.size(); ++i) {
      const auto [target, location] = references_[i];
      visit(*target, location);
    }
    check_reference_cycles();
  }

 private:
  using Allocator = rapidjson::Document::AllocatorType;

  [[noreturn]] void fail(const std::string& location, const std::string& message) const {
    throw Error(fmt::format("{}: {}", location, message), origin_);
  }

  void visit(rapidjson::Value& node, const std::string& location) {
    if (!node.IsObject() || !visited_.insert(&node).second) return;
    if (auto ref = node.FindMember("$ref"); ref != node.MemberEnd()) resolve_reference(node, ref->value, location);
    for (auto& member : node.GetObject()) {
      const std::string_view name(member.name.GetString(), member.name.GetStringLength());
      for (auto keyword : kSchemaKeywords) {
        if (name == keyword) visit(member.value, child(location, name));
      }
      for (auto keyword : kSchemaArrayKeywords) {
        if (name == keyword && member.value.IsArray()) {
          for (rapidjson::SizeType i = 0; i < member.value.Size(); ++i) {
            std::string item = child(location, name);
            json::append_pointer_index(item, i);
            visit(member.value[i], item);
          }
        }
      }
      for (auto keyword : kSchemaMapKeywords) {
        if (name == keyword && member.value.IsObject()) {
          for (auto& entry : member.value.GetObject()) {
            visit(entry.value, child(child(location, name), {entry.name.GetString(), entry.name.GetStringLength()}));
          }
        }
      }
    }
    rewrite_keywords(node, location);
  }

  static std::string child(const std::string& location, std::string_view token) {
    std::string result = location;
    json::append_pointer_token(result, token);
    return result;
  }

  void rewrite_keywords(rapidjson::Value& node, const std::string& location) {
    Allocator& allocator = document_.GetAllocator();
    normalize_counts(node, location);
    rewrite_value_keywords(node, location);
    if (auto pattern = node.FindMember("pattern"); pattern != node.MemberEnd() && pattern->value.IsString()) {
      const std::string text(pattern->value.GetString(), pattern->value.GetStringLength());
      compile(text, child(location, "pattern"));
      rapidjson::Value replacement(rapidjson::kObjectType);
      replacement.AddMember("pattern", rapidjson::Value(text.c_str(), allocator), allocator);
      replacement.AddMember("at", rapidjson::Value(child(location, "pattern").c_str(), allocator), allocator);
      node.RemoveMember("pattern");
      node.AddMember(rapidjson::StringRef(kPatternKeyword), replacement, allocator);
    }
    if (auto format = node.FindMember("format"); format != node.MemberEnd()) {
      // valijson asserts a few date formats only; ours check all we know,
      // as errors when asked for, else as warnings.
      if (format->value.IsString()) {
        rapidjson::Value replacement(rapidjson::kObjectType);
        replacement.AddMember("format", rapidjson::Value(format->value, allocator), allocator);
        replacement.AddMember("at", rapidjson::Value(child(location, "format").c_str(), allocator), allocator);
        replacement.AddMember("assert", options_.format_assertion, allocator);
        node.AddMember(rapidjson::StringRef(kFormatKeyword), replacement, allocator);
      }
      node.RemoveMember("format");
    }
    if (auto patterns = node.FindMember("patternProperties");
        patterns != node.MemberEnd() && patterns->value.IsObject()) {
      rapidjson::Value guarded(rapidjson::kArrayType);
      for (auto& entry : patterns->value.GetObject()) {
        const std::string text(entry.name.GetString(), entry.name.GetStringLength());
        const std::string at = child(child(location, "patternProperties"), text);
        compile(text, at);
        // valijson matches these with std::regex; refuse what it cannot compile
        // rather than let it throw in the middle of a validation.
        try {
          std::regex probe(text);
        } catch (const std::regex_error& error) {
          fail(at, fmt::format("pattern is not supported by the engine: {}", error.what()));
        }
        // valijson matches names byte by byte; a guard checks the names where
        // that may differ from ECMA-262.
        // A pattern whose schema allows anything needs no guard: applied or not, it changes nothing.
        const bool allows_anything =
            (entry.value.IsBool() && entry.value.GetBool()) || (entry.value.IsObject() && entry.value.ObjectEmpty());
        if (!same_bytewise(text) && !allows_anything) {
          guarded.PushBack(rapidjson::Value(text.c_str(), allocator), allocator);
        }
      }
      if (!guarded.Empty()) {
        rapidjson::Value guard(rapidjson::kObjectType);
        guard.AddMember("patterns", guarded, allocator);
        guard.AddMember("at", rapidjson::Value(child(location, "patternProperties").c_str(), allocator), allocator);
        node.AddMember(rapidjson::StringRef(kPatternPropertiesGuardKeyword), guard, allocator);
      }
    }
    if (auto additional = node.FindMember("additionalProperties");
        additional != node.MemberEnd() && additional->value.IsBool() && !additional->value.GetBool()) {
      rapidjson::Value names(rapidjson::kArrayType);
      rapidjson::Value patterns(rapidjson::kArrayType);
      if (auto properties = node.FindMember("properties");
          properties != node.MemberEnd() && properties->value.IsObject()) {
        for (auto& entry : properties->value.GetObject())
          names.PushBack(rapidjson::Value(entry.name, allocator), allocator);
      }
      if (auto pattern_properties = node.FindMember("patternProperties");
          pattern_properties != node.MemberEnd() && pattern_properties->value.IsObject()) {
        for (auto& entry : pattern_properties->value.GetObject()) {
          patterns.PushBack(rapidjson::Value(entry.name, allocator), allocator);
        }
      }
      rapidjson::Value replacement(rapidjson::kObjectType);
      replacement.AddMember("names", names, allocator);
      replacement.AddMember("patterns", patterns, allocator);
      replacement.AddMember("at", rapidjson::Value(child(location, "additionalProperties").c_str(), allocator),
                            allocator);
      node.RemoveMember("additionalProperties");
      node.AddMember(rapidjson::StringRef(kClosedObjectKeyword), replacement, allocator);
    }
  }

  // "minItems": 2.0 is the count 2 (draft 6 and later say so; valijson refuses it).
  void normalize_counts(rapidjson::Value& node, const std::string& location) const {
    for (const char* keyword : {"maxItems", "minItems", "maxLength", "minLength", "maxProperties", "minProperties"}) {
      const auto found = node.FindMember(keyword);
      if (found == node.MemberEnd()) continue;
      rapidjson::Value& count = found->value;
      constexpr double kLargestCount = 9007199254740992.0;  // 2^53: every count up to it is exact in a double
      if (count.IsNumber() && json::has_integer_value(count) && count.GetDouble() >= 0 &&
          count.GetDouble() <= kLargestCount) {
        if (count.IsDouble()) count.SetUint64(static_cast<std::uint64_t>(count.GetDouble()));
        continue;
      }
      fail(child(location, keyword), "must be a non-negative integer");
    }
  }

  // The keywords that compare values go to ValueConstraint, which compares
  // them exactly; the replacement carries the schema's value as JSON text.
  void rewrite_value_keywords(rapidjson::Value& node, const std::string& location) {
    Allocator& allocator = document_.GetAllocator();
    const bool draft4 = dialect_ == Dialect::draft4;
    for (const char* keyword : kValueKeywords) {
      const std::string_view name(keyword);
      const auto found = node.FindMember(keyword);
      if (found == node.MemberEnd()) continue;
      const std::string at = child(location, name);
      const rapidjson::Value& operand = found->value;
      if (name == "const" && draft4) continue;  // not a draft-4 keyword: an unknown one, ignored
      bool exclusive = false;
      if (name == "exclusiveMaximum" || name == "exclusiveMinimum") {
        if (draft4) {
          if (!operand.IsBool()) fail(at, "must be a boolean in draft 4");
          continue;  // read beside maximum / minimum below
        }
        if (!operand.IsNumber()) fail(at, "must be a number (draft 6 and later)");
      } else if (name == "maximum" || name == "minimum") {
        if (!operand.IsNumber()) fail(at, "must be a number");
        if (draft4) {
          const auto flag = node.FindMember(name == "maximum" ? "exclusiveMaximum" : "exclusiveMinimum");
          exclusive = flag != node.MemberEnd() && flag->value.IsBool() && flag->value.GetBool();
        }
      } else if (name == "multipleOf") {
        if (!operand.IsNumber() || !(operand.GetDouble() > 0)) fail(at, "must be a number greater than 0");
      } else if (name == "enum") {
        if (!operand.IsArray()) fail(at, "must be an array");
      } else if (name == "type") {
        check_type(operand, at);
      }
      rapidjson::Value replacement(rapidjson::kObjectType);
      replacement.AddMember("keyword", rapidjson::StringRef(keyword), allocator);
      replacement.AddMember("operand", rapidjson::Value(json::compact_json(operand).c_str(), allocator), allocator);
      replacement.AddMember("dialect", rapidjson::StringRef(draft4 ? "draft4" : "draft7"), allocator);
      replacement.AddMember("exclusive", exclusive, allocator);
      replacement.AddMember("at", rapidjson::Value(at.c_str(), allocator), allocator);
      node.RemoveMember(keyword);
      node.AddMember(rapidjson::Value((std::string(kValueKeywordPrefix) + keyword).c_str(), allocator), replacement,
                     allocator);
    }
    if (draft4) {
      node.RemoveMember("exclusiveMaximum");
      node.RemoveMember("exclusiveMinimum");
    }
  }

  void check_type(const rapidjson::Value& type, const std::string& at) const {
    constexpr std::string_view kTypes[] = {"array", "boolean", "integer", "null", "number", "object", "string"};
    const auto known = [&](const rapidjson::Value& name) {
      return name.IsString() &&
             std::find(std::begin(kTypes), std::end(kTypes), std::string_view(name.GetString())) != std::end(kTypes);
    };
    if (type.IsString()) {
      if (!known(type)) fail(at, fmt::format("\"{}\" is not a JSON Schema type", type.GetString()));
      return;
    }
    if (!type.IsArray()) fail(at, "must be a type name or an array of them");
    for (const auto& name : type.GetArray()) {
      if (!known(name)) fail(at, "must be a type name or an array of them");
    }
  }

  void compile(const std::string& pattern, const std::string& location) const {
    try {
      compile_pattern(pattern);
    } catch (const Error& error) {
      fail(location, error.what());
    }
  }

  void resolve_reference(rapidjson::Value& node, rapidjson::Value& ref, const std::string& location) {
    const std::string at = child(location, "$ref");
    if (!ref.IsString()) fail(at, "\"$ref\" must be a string");
    std::string_view uri(ref.GetString(), ref.GetStringLength());
    // A reference through the schema's own $id is a local one.
    if (!root_id_.empty() && uri.substr(0, root_id_.size()) == root_id_ &&
        (uri.size() == root_id_.size() || uri[root_id_.size()] == '#')) {
      uri.remove_prefix(root_id_.size());
      const std::string local = uri.empty() ? std::string("#") : std::string(uri);
      ref.SetString(local.c_str(), static_cast<rapidjson::SizeType>(local.size()), document_.GetAllocator());
      uri = std::string_view(ref.GetString(), ref.GetStringLength());
    }
    if (uri.empty() || uri.front() != '#') {
      fail(at, fmt::format("\"{}\" points outside this schema, at no schema conform knows; it never fetches one "
                           "(--map-uri PREFIX=DIR reads documents under a URI prefix from a folder)",
                           uri));
    }
    const rapidjson::Pointer pointer(uri.data(), uri.size());
    if (!pointer.IsValid()) fail(at, fmt::format("\"{}\" is not a valid JSON Pointer fragment", uri));
    rapidjson::Value* target = pointer.Get(document_);
    if (target == nullptr) fail(at, fmt::format("\"{}\" points at nothing in this schema", uri));
    targets_[&node] = target;
    locations_[&node] = location;
    references_.emplace_back(target, std::string(uri));
  }

  // valijson recurses forever on a chain of references that comes back to
  // itself ({"$ref": "#"}); such a schema has no meaning, so it is refused.
  void check_reference_cycles() const {
    for (const auto& [start, first_target] : targets_) {
      std::vector<const rapidjson::Value*> chain{start};
      const rapidjson::Value* next = first_target;
      while (true) {
        if (std::find(chain.begin(), chain.end(), next) != chain.end()) {
          std::string path;
          for (const auto* step : chain) path += locations_.at(step) + " -> ";
          fail(locations_.at(start), fmt::format("$ref cycle that never reaches a schema: {}{}", path,
                                                 locations_.count(next) ? locations_.at(next) : "#"));
        }
        const auto onward = targets_.find(next);
        if (onward == targets_.end()) break;
        chain.push_back(next);
        next = onward->second;
      }
    }
  }

  rapidjson::Document& document_;
  const std::string& origin_;
  const SchemaOptions& options_;
  Dialect dialect_;
  std::string root_id_;
  std::unordered_set<const rapidjson::Value*> visited_;
  std::vector<std::pair<rapidjson::Value*, std::string>> references_;
  std::map<const rapidjson::Value*, const rapidjson::Value*> targets_;
  std::map<const rapidjson::Value*, std::string> locations_;
};

std::string root_id(const rapidjson::Value& root, Dialect dialect) {
  if (!root.IsObject()) return {};
  const auto found = root.FindMember(dialect == Dialect::draft4 ? "id" : "$id");
  if (found == root.MemberEnd() || !found->value.IsString()) return {};
  std::string id(found->value.GetString(), found->value.GetStringLength());
  if (!id.empty() && id.back() == '#') id.pop_back();
  return id;
}

}  // namespace

void load_schema(std::string_view text, const std::string& origin, const SchemaOptions& options, LoadedSchema& out) {
  if (auto findings = json::read_strict(text, kSchemaLimits, out.original); !findings.empty()) {
    const Finding& first = findings.front();
    throw Error(fmt::format("schema is not usable JSON: {}", first.message), origin, first.line, first.column);
  }
  if (!out.original.IsObject() && !out.original.IsBool()) {
    throw Error("a schema must be a JSON object (or, in draft 7, a boolean)", origin, 1, 1);
  }
  out.dialect = dialect_of(out.original, origin, options.default_dialect);
  out.id = root_id(out.original, out.dialect);
  BundleOptions bundle_options;
  bundle_options.draft4 = out.dialect == Dialect::draft4;
  bundle_options.uri_map = options.uri_map;
  out.bundled = bundle_references(out.original, out.id, bundle_options);

  rapidjson::Document rewritten;
  rewritten.CopyFrom(out.original, rewritten.GetAllocator());
  Rewriter(rewritten, origin, options, out.dialect, out.id).run();

  valijson::SchemaParser parser(out.dialect == Dialect::draft4 ? valijson::SchemaParser::kDraft4
                                                               : valijson::SchemaParser::kDraft7);
  // The parser owns (and deletes) the builders it is given.
  parser.addConstraintBuilder(kPatternKeyword, new PatternBuilder);
  parser.addConstraintBuilder(kClosedObjectKeyword, new ClosedObjectBuilder);
  parser.addConstraintBuilder(kFormatKeyword, new FormatBuilder);
  parser.addConstraintBuilder(kPatternPropertiesGuardKeyword, new PatternPropertiesGuardBuilder);
  for (const char* keyword : kValueKeywords) {
    parser.addConstraintBuilder(std::string(kValueKeywordPrefix) + keyword, new ValueConstraintBuilder);
  }
  try {
    parser.populateSchema(valijson::adapters::RapidJsonAdapter(rewritten), out.compiled);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& error) {
    throw Error(fmt::format("schema cannot be used: {}", error.what()), origin);
  }
  if (out.id.empty()) out.id = origin;
}

}  // namespace conform::engine
