#include "engine/schema_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>
#include <unordered_set>
#include <vector>

#include "conform/error.hpp"
#include "engine/custom_constraints.hpp"
#include "engine/finding_builder.hpp"
#include "engine/keyword_table.hpp"
#include "engine/member_constraints.hpp"
#include "engine/uri.hpp"
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

std::optional<Dialect> standard_dialect(std::string_view uri) {
  if (uri.find("draft-04") != std::string_view::npos) return Dialect::draft4;
  if (uri.find("draft-06") != std::string_view::npos) return Dialect::draft6;
  if (uri.find("draft-07") != std::string_view::npos) return Dialect::draft7;
  if (uri.find("json-schema.org/draft/2019-09/schema") != std::string_view::npos) return Dialect::draft2019_09;
  if (uri.find("json-schema.org/draft/2020-12/schema") != std::string_view::npos) return Dialect::draft2020_12;
  return std::nullopt;
}

// The dialect a schema is read in, and what its metaschema's $vocabulary
// leaves out of it.
struct DialectOf {
  Dialect dialect;
  std::set<std::string> ignored;  // keywords of vocabularies the metaschema does not list
  bool format_assertion = false;  // the metaschema lists format-assertion
};

// A metaschema of its own (known by its $id, embedded or under a mapped
// prefix): a 2019-09 or 2020-12 one, whose $vocabulary says which keywords
// mean something. A required vocabulary conform does not know refuses the schema.
DialectOf custom_dialect(std::string_view uri, const std::string& origin, const SchemaOptions& options) {
  const auto refuse = [&](const std::string& why) {
    throw Error(fmt::format("\"$schema\": \"{}\" {}; conform validates draft-04, draft-06, draft-07, 2019-09 and "
                            "2020-12, and the metaschemas of their vocabularies",
                            uri, why),
                origin);
  };
  std::string text;
  if (!known_document(std::string(without_fragment(uri)), options.uri_map, text)) {
    refuse("is not a metaschema conform knows (--map-uri PREFIX=DIR reads one from a folder)");
  }
  rapidjson::Document meta;
  if (!json::read_strict(text, kSchemaLimits, meta).empty() || !meta.IsObject()) refuse("is not usable JSON");
  const auto schema = meta.FindMember("$schema");
  const std::optional<Dialect> base =
      schema != meta.MemberEnd() && schema->value.IsString()
          ? standard_dialect({schema->value.GetString(), schema->value.GetStringLength()})
          : std::nullopt;
  if (!base || *base < Dialect::draft2019_09) refuse("is a metaschema that is not itself a 2019-09 or 2020-12 schema");
  DialectOf result{*base, {}, false};
  const auto vocabulary = meta.FindMember("$vocabulary");
  if (vocabulary == meta.MemberEnd()) return result;
  if (!vocabulary->value.IsObject()) refuse("has a \"$vocabulary\" that is not an object");
  const std::string prefix =
      fmt::format("https://json-schema.org/draft/{}/vocab/", *base == Dialect::draft2019_09 ? "2019-09" : "2020-12");
  std::set<std::string_view> listed;
  for (const auto& entry : vocabulary->value.GetObject()) {
    const std::string_view name(entry.name.GetString(), entry.name.GetStringLength());
    const bool required = entry.value.IsBool() && entry.value.GetBool();
    const Vocabulary* known = nullptr;
    for (const Vocabulary& each : kVocabularies) {
      if (name.substr(0, prefix.size()) == prefix && name.substr(prefix.size()) == each.name && *base >= each.since &&
          *base <= each.until) {
        known = &each;
      }
    }
    if (known == nullptr && required) {
      refuse(fmt::format("requires the vocabulary \"{}\", which conform does not know", name));
    }
    if (known != nullptr) listed.insert(known->name);
  }
  result.format_assertion = listed.count("format-assertion") != 0;
  std::set<std::string_view> kept;
  for (const Vocabulary& each : kVocabularies) {
    if (listed.count(each.name) != 0) kept.insert(each.keywords.begin(), each.keywords.end());
  }
  for (const Vocabulary& each : kVocabularies) {
    if (*base < each.since || *base > each.until || listed.count(each.name) != 0) continue;
    for (const std::string_view keyword : each.keywords) {
      if (kept.count(keyword) == 0) result.ignored.emplace(keyword);
    }
  }
  return result;
}

DialectOf dialect_of(const rapidjson::Value& root, const std::string& origin, const SchemaOptions& options) {
  DialectOf standard{options.default_dialect, {}, false};
  if (!root.IsObject()) return standard;
  const auto found = root.FindMember("$schema");
  if (found == root.MemberEnd()) return standard;
  if (!found->value.IsString()) throw Error("\"$schema\" must be a string", origin);
  const std::string_view uri(found->value.GetString(), found->value.GetStringLength());
  if (const auto dialect = standard_dialect(uri)) {
    standard.dialect = *dialect;
    return standard;
  }
  return custom_dialect(uri, origin, options);
}

constexpr const char* kCountKeywords[] = {"maxItems",  "minItems",      "maxLength",
                                          "minLength", "maxProperties", "minProperties"};

// A name valijson gives no meaning to, for a keyword the dialect lacks.
constexpr std::string_view kIgnoredPrefix = "x-conform-ignored:";

// A member named "" under definitions: valijson's JSON Pointers skip empty
// tokens, so such a definition is renamed to this before references reach it.
constexpr std::string_view kEmptyName = "x-conform-empty-name";

// Marks the allOf entries the loader writes (see Rewriter::generated_entry).
constexpr const char* kGeneratedMarker = "x-conform-generated";

// Keywords MembersConstraint applies keep their subschemas under this prefix.
constexpr std::string_view kAppliedPrefix = "x-conform-applied-";

// The document valijson compiles the rewritten schema through, so that the
// subschemas of slots compile with it (see SubschemaSlots).
constexpr std::string_view kRootUri = "conform://schema";

class Rewriter {
 public:
  Rewriter(rapidjson::Document& document, const std::string& origin, const SchemaOptions& options, Dialect dialect,
           std::string root_id, const std::set<std::string>& ignored)
      : document_(document),
        origin_(origin),
        options_(options),
        dialect_(dialect),
        root_id_(std::move(root_id)),
        ignored_(ignored) {}

  void run() {
    visit(document_, "#");
    // A $ref may point anywhere in the document, also outside the keywords
    // walked above; those targets are schemas too and need the same rewrite.
    for (std::size_t i = 0; i < references_.size(); ++i) {
      const auto [target, location] = references_[i];
      visit(*target, location);
    }
    check_reference_cycles();
    build_plans();
  }

  SubschemaSlots& slots() { return slots_; }

 private:
  using Allocator = rapidjson::Document::AllocatorType;

  [[noreturn]] void fail(const std::string& location, const std::string& message) const {
    throw Error(fmt::format("{}: {}", display_pointer(location), message), origin_);
  }

  // The name a keyword has in the rewritten document: those MembersConstraint
  // applies are kept under another name, which valijson ignores.
  std::string applied_name(const rapidjson::Value& node, std::string_view keyword) const {
    const auto patterns = node.FindMember("patternProperties");
    const bool has_patterns = patterns != node.MemberEnd() && patterns->value.IsObject();
    bool applied = false;
    // 2020-12: "items" beside "prefixItems" is draft 7's additionalItems, applied from an allOf.
    if (keyword == "items") applied = dialect_ == Dialect::draft2020_12 && node.HasMember("prefixItems");
    if (keyword == "unevaluatedProperties" || keyword == "unevaluatedItems") applied = true;
    // 2019-09: contains with bounds counts, in ContainsConstraint.
    if (keyword == "contains") applied = dialect_ >= Dialect::draft2019_09 && bounded_contains(node);
    if (keyword == "patternProperties") applied = has_patterns;
    if (keyword == "propertyNames") applied = true;
    if (located(node, keyword)) applied = true;
    if (keyword == "properties") {
      const auto properties = node.FindMember("properties");
      applied = properties != node.MemberEnd() && properties->value.IsObject();
    }
    if (keyword == "additionalProperties") {
      const auto additional = node.FindMember("additionalProperties");
      applied = additional != node.MemberEnd() && applied_additional(additional->value);
    }
    return applied ? std::string(kAppliedPrefix) + std::string(keyword) : std::string(keyword);
  }

  // additionalProperties that MembersConstraint takes: a schema, or `true` (which
  // asks nothing); `false` is ClosedObjectConstraint's.
  static bool applied_additional(const rapidjson::Value& value) {
    return value.IsObject() || (value.IsBool() && value.GetBool());
  }

  // The keywords valijson evaluates go to LocatedConstraint, which says where they stand.
  bool located(const rapidjson::Value& node, std::string_view keyword) const {
    const auto found = node.FindMember(rapidjson::StringRef(keyword.data(), keyword.size()));
    if (found == node.MemberEnd()) return false;
    const rapidjson::Value& value = found->value;
    if (keyword == "anyOf" || keyword == "oneOf") return value.IsArray();
    if (keyword == "not") return value.IsObject() || value.IsBool();
    if (keyword == "contains") {
      return (value.IsObject() || value.IsBool()) && !(dialect_ >= Dialect::draft2019_09 && bounded_contains(node));
    }
    if (keyword == "uniqueItems") return value.IsBool();
    if (keyword == "dependencies") return value.IsObject();
    return false;  // dependentRequired and dependentSchemas: rewrite_2019's
  }

  // Each applicator LocatedConstraint evaluates: its subschema, the keyword
  // alone with references to the subschemas where they stand, is kept
  // beside it under another name.
  void rewrite_located(rapidjson::Value& node, const std::string& location) {
    Allocator& allocator = document_.GetAllocator();
    for (const char* keyword : kLocatedKeywords) {
      if (!located(node, keyword)) continue;
      const std::string at = child(location, applied_name(node, keyword));
      const auto reference = [&](const std::string& target) {
        rapidjson::Value ref(rapidjson::kObjectType);
        ref.AddMember("$ref", rapidjson::Value(target.c_str(), allocator), allocator);
        return ref;
      };
      const rapidjson::Value& value = node[keyword];
      const std::string message = describe_located(keyword, value);
      rapidjson::Value referenced;
      if (std::string_view(keyword) == "uniqueItems") {
        referenced.CopyFrom(value, allocator);
      } else if (std::string_view(keyword) == "dependencies") {
        referenced.SetObject();
        for (const auto& entry : value.GetObject()) {
          rapidjson::Value each;
          if (entry.value.IsArray()) {
            each.CopyFrom(entry.value, allocator);
          } else {
            each = reference(child(at, {entry.name.GetString(), entry.name.GetStringLength()}));
          }
          referenced.AddMember(rapidjson::Value(entry.name, allocator), each, allocator);
        }
      } else if (value.IsArray()) {
        referenced.SetArray();
        for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
          std::string item = at;
          json::append_pointer_index(item, i);
          referenced.PushBack(reference(item), allocator);
        }
      } else {
        referenced = reference(at);
      }
      rapidjson::Value alone(rapidjson::kObjectType);
      alone.AddMember(rapidjson::StringRef(keyword), referenced, allocator);
      rename(node, keyword);
      add_located(node, location, keyword, std::move(alone), message);
    }
  }

  // LocatedConstraint for `keyword` of `node`, evaluating `alone`, which is kept beside it.
  void add_located(rapidjson::Value& node, const std::string& location, const char* keyword, rapidjson::Value alone,
                   const std::string& message) {
    Allocator& allocator = document_.GetAllocator();
    const std::string kept = std::string(kAppliedPrefix) + kLocatedPrefix + keyword;
    node.AddMember(rapidjson::Value(kept.c_str(), allocator), alone, allocator);
    rapidjson::Value replacement(rapidjson::kObjectType);
    replacement.AddMember("slot", static_cast<std::uint64_t>(slots_.add(child(location, kept))), allocator);
    replacement.AddMember("keyword", rapidjson::StringRef(keyword), allocator);
    replacement.AddMember("at", rapidjson::Value(child(location, keyword).c_str(), allocator), allocator);
    replacement.AddMember("message", rapidjson::Value(message.c_str(), allocator), allocator);
    node.AddMember(rapidjson::Value((std::string(kLocatedPrefix) + keyword).c_str(), allocator), replacement,
                   allocator);
  }

  static bool bounded_contains(const rapidjson::Value& node) {
    return node.HasMember("contains") && (node.HasMember("minContains") || node.HasMember("maxContains"));
  }

  // A `false` subschema fails with a finding of its own (valijson's says nothing).
  void replace_false(rapidjson::Value& node, const std::string& location) {
    if (dialect_ == Dialect::draft4 || !node.IsBool() || node.GetBool()) return;
    Allocator& allocator = document_.GetAllocator();
    rapidjson::Value replacement(rapidjson::kObjectType);
    replacement.AddMember("at", rapidjson::Value(location.c_str(), allocator), allocator);
    node.SetObject();
    node.AddMember(rapidjson::StringRef(kFalseKeyword), replacement, allocator);
  }

  // `false` as the value of a keyword that forbids the items or members it
  // leaves fails as that keyword, where it is written (also draft 4's
  // additionalItems: false, which valijson would report in its own words).
  void replace_forbidding_false(rapidjson::Value& value, const std::string& location, std::string_view keyword) {
    static constexpr std::string_view kForbidding[] = {"additionalItems", "unevaluatedItems", "unevaluatedProperties"};
    if (!value.IsBool() || value.GetBool() ||
        std::find(std::begin(kForbidding), std::end(kForbidding), keyword) == std::end(kForbidding)) {
      return;
    }
    Allocator& allocator = document_.GetAllocator();
    const std::string at = child(location, keyword);
    const std::string message = describe_located(keyword, value);
    rapidjson::Value replacement(rapidjson::kObjectType);
    replacement.AddMember("at", rapidjson::Value(at.c_str(), allocator), allocator);
    replacement.AddMember("keyword",
                          rapidjson::Value(keyword.data(), static_cast<rapidjson::SizeType>(keyword.size()), allocator),
                          allocator);
    replacement.AddMember("message", rapidjson::Value(message.c_str(), allocator), allocator);
    value.SetObject();
    value.AddMember(rapidjson::StringRef(kFalseKeyword), replacement, allocator);
  }

  void visit(rapidjson::Value& node, const std::string& location) {
    replace_false(node, location);
    if (!node.IsObject() || !visited_.insert(&node).second) return;
    for (auto& member : node.GetObject()) {
      const std::string_view name(member.name.GetString(), member.name.GetStringLength());
      if (outside_dialect(name, dialect_) || ignored_.count(std::string(name)) != 0) {
        const std::string renamed = std::string(kIgnoredPrefix) + std::string(name);
        member.name.SetString(renamed.c_str(), static_cast<rapidjson::SizeType>(renamed.size()),
                              document_.GetAllocator());
      }
    }
    dynamic_as_plain_reference(node, location);
    if (auto ref = node.FindMember("$ref"); ref != node.MemberEnd()) resolve_reference(node, ref->value, location);
    for (auto& member : node.GetObject()) {
      const std::string_view name(member.name.GetString(), member.name.GetStringLength());
      if (const auto known = keyword_in(name, dialect_); known && known->value == KeywordValue::unsupported) {
        fail(child(location, name), fmt::format("\"{}\" is not supported yet; conform refuses the schema rather than "
                                                "judge bodies without it",
                                                name));
      }
      const auto keyword = schema_keyword(name, dialect_);
      if (!keyword) continue;
      if (dialect_ == Dialect::draft2020_12 && name == "items" && member.value.IsArray()) {
        fail(child(location, name), "must be a schema in 2020-12 (an array of schemas is prefixItems)");
      }
      rapidjson::Value& value = member.value;
      const std::string at = child(location, applied_name(node, name));
      const bool array = value.IsArray() && (keyword->value == KeywordValue::schema_array ||
                                             keyword->value == KeywordValue::schema_or_array);
      if (array) {
        for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
          std::string item = at;
          json::append_pointer_index(item, i);
          visit(value[i], item);
        }
      } else if (keyword->value == KeywordValue::schema_map || keyword->value == KeywordValue::schema_or_names) {
        if (!value.IsObject()) continue;
        for (auto& entry : value.GetObject()) {
          // dependencies: ["a"] is no schema
          if (keyword->value == KeywordValue::schema_or_names && entry.value.IsArray()) continue;
          visit(entry.value, child(at, {entry.name.GetString(), entry.name.GetStringLength()}));
        }
      } else if (keyword->value != KeywordValue::schema_array) {
        // additionalProperties: false is ClosedObjectConstraint's.
        if (name == "additionalProperties" && value.IsBool()) continue;
        replace_forbidding_false(value, location, name);
        visit(value, at);
      }
    }
    rewrite_keywords(node, location);
  }

  // The bundler has resolved $dynamicRef and $recursiveRef where their target
  // is fixed (a local "#…"), or refused the schema: each is a "$ref" now,
  // beside the node's own in an allOf entry.
  void dynamic_as_plain_reference(rapidjson::Value& node, const std::string& location) {
    Allocator& allocator = document_.GetAllocator();
    for (const char* keyword : {"$dynamicRef", "$recursiveRef"}) {
      auto found = node.FindMember(keyword);
      if (found == node.MemberEnd() || !keyword_in(keyword, dialect_)) continue;
      if (!found->value.IsString()) fail(child(location, keyword), "must be a string");
      if (!node.HasMember("$ref")) {
        found->name.SetString("$ref", allocator);
        continue;
      }
      rapidjson::Value entry(rapidjson::kObjectType);
      entry.AddMember("$ref", rapidjson::Value(found->value, allocator), allocator);
      node.RemoveMember(found);
      auto all_of = node.FindMember("allOf");
      if (all_of == node.MemberEnd()) {
        node.AddMember("allOf", rapidjson::Value(rapidjson::kArrayType), allocator);
        all_of = node.FindMember("allOf");
      }
      if (!all_of->value.IsArray()) fail(child(location, "allOf"), "must be an array of schemas");
      all_of->value.PushBack(entry, allocator);
    }
  }

  static std::string child(const std::string& location, std::string_view token) {
    // Percent signs are encoded: valijson decodes them in the pointers of slots.
    if (token.find('%') != std::string_view::npos) {
      std::string encoded;
      for (const char c : token) encoded += c == '%' ? std::string("%25") : std::string(1, c);
      std::string result = location;
      json::append_pointer_token(result, encoded);
      return result;
    }
    std::string result = location;
    json::append_pointer_token(result, token);
    return result;
  }

  void rewrite_keywords(rapidjson::Value& node, const std::string& location) {
    Allocator& allocator = document_.GetAllocator();
    rewrite_located(node, location);
    std::map<std::string, std::string> written;  // each count as the schema wrote it, for the messages
    for (const char* keyword : kCountKeywords) {
      if (const auto found = node.FindMember(keyword); found != node.MemberEnd()) {
        written[keyword] = json::compact_json(found->value);
      }
    }
    normalize_counts(node, location);
    for (const auto& [keyword, text] : written) {
      rapidjson::Value replacement(rapidjson::kObjectType);
      replacement.AddMember("keyword", rapidjson::Value(keyword.c_str(), allocator), allocator);
      replacement.AddMember("bound", rapidjson::Value(node[keyword.c_str()], allocator), allocator);
      replacement.AddMember("text", rapidjson::Value(text.c_str(), allocator), allocator);
      replacement.AddMember("at", rapidjson::Value(child(location, keyword).c_str(), allocator), allocator);
      node.RemoveMember(keyword.c_str());
      node.AddMember(rapidjson::Value((std::string(kCountKeywordPrefix) + keyword).c_str(), allocator), replacement,
                     allocator);
    }
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
    if (auto required = node.FindMember("required");
        required != node.MemberEnd() && required->value.IsArray() &&
        std::all_of(required->value.Begin(), required->value.End(),
                    [](const rapidjson::Value& name) { return name.IsString(); })) {
      rapidjson::Value replacement(rapidjson::kObjectType);
      replacement.AddMember("names", rapidjson::Value(required->value, allocator), allocator);
      replacement.AddMember("at", rapidjson::Value(child(location, "required").c_str(), allocator), allocator);
      node.RemoveMember("required");
      node.AddMember(rapidjson::StringRef(kRequiredKeyword), replacement, allocator);
    }
    const auto encoding = node.FindMember("contentEncoding");
    const auto media_type = node.FindMember("contentMediaType");
    if (dialect_ == Dialect::draft7 && options_.format_assertion &&
        (encoding != node.MemberEnd() || media_type != node.MemberEnd())) {
      // Annotations in draft 7 unless asked for, as format is; only draft 7 lets them assert.
      rapidjson::Value replacement(rapidjson::kObjectType);
      for (const auto& [field, found] : {std::pair{"encoding", encoding}, std::pair{"mediaType", media_type}}) {
        if (found != node.MemberEnd() && found->value.IsString()) {
          replacement.AddMember(rapidjson::StringRef(field), rapidjson::Value(found->value, allocator), allocator);
        }
      }
      const char* at = encoding != node.MemberEnd() ? "contentEncoding" : "contentMediaType";
      replacement.AddMember("at", rapidjson::Value(child(location, at).c_str(), allocator), allocator);
      node.AddMember(rapidjson::StringRef(kContentKeyword), replacement, allocator);
    }
    if (auto patterns = node.FindMember("patternProperties");
        patterns != node.MemberEnd() && patterns->value.IsObject()) {
      for (auto& entry : patterns->value.GetObject()) {
        const std::string text(entry.name.GetString(), entry.name.GetStringLength());
        compile(text, child(child(location, "patternProperties"), text));
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
    rewrite_members(node, location);
    if (dialect_ >= Dialect::draft2019_09) rewrite_2019(node, location);
  }

  // The names a schema evaluates without depending on which of its
  // alternatives pass: its properties and patternProperties, and those of
  // the allOf entries and $ref targets below it; `all` when one has
  // additionalProperties or unevaluatedProperties. nullopt when an
  // alternative (anyOf, oneOf, if, dependentSchemas) could add names.
  struct Evaluated {
    std::set<std::string> names;
    std::set<std::string> patterns;
    bool all = false;
  };
  bool collect_evaluated(const rapidjson::Value& node, Evaluated& evaluated,
                         std::unordered_set<const rapidjson::Value*>& seen) const {
    if (!node.IsObject() || !seen.insert(&node).second) return true;
    const auto has = [&](std::string_view keyword) { return has_keyword(node, keyword); };
    for (const std::string_view keyword :
         {"anyOf", "oneOf", "if", "dependentSchemas", "$dynamicRef", "$recursiveRef"}) {
      if (has(keyword)) return false;
    }
    if (has("additionalProperties") || has("unevaluatedProperties") || node.HasMember(kClosedObjectKeyword)) {
      evaluated.all = true;
    }
    for (const std::string_view keyword : {std::string("properties"), std::string(kAppliedPrefix) + "properties"}) {
      const auto properties = node.FindMember(rapidjson::StringRef(keyword.data(), keyword.size()));
      if (properties == node.MemberEnd() || !properties->value.IsObject()) continue;
      for (const auto& entry : properties->value.GetObject()) {
        evaluated.names.emplace(entry.name.GetString(), entry.name.GetStringLength());
      }
    }
    for (const std::string_view keyword :
         {std::string("patternProperties"), std::string(kAppliedPrefix) + "patternProperties"}) {
      const auto patterns = node.FindMember(rapidjson::StringRef(keyword.data(), keyword.size()));
      if (patterns == node.MemberEnd() || !patterns->value.IsObject()) continue;
      for (const auto& entry : patterns->value.GetObject()) {
        evaluated.patterns.emplace(entry.name.GetString(), entry.name.GetStringLength());
      }
    }
    if (auto all_of = node.FindMember("allOf"); all_of != node.MemberEnd() && all_of->value.IsArray()) {
      for (const auto& entry : all_of->value.GetArray()) {
        if (generated(entry)) continue;
        if (!collect_evaluated(entry, evaluated, seen)) return false;
      }
    }
    if (node.HasMember("$ref")) {
      const rapidjson::Value* target = reference_target(node);
      if (target == nullptr || !collect_evaluated(*target, evaluated, seen)) return false;
    }
    return true;
  }

  // Whether `node` has `keyword`, under its own name or the one the loader gave it.
  static bool has_keyword(const rapidjson::Value& node, std::string_view keyword) {
    return node.HasMember(rapidjson::StringRef(keyword.data(), keyword.size())) ||
           node.HasMember((std::string(kAppliedPrefix) + std::string(keyword)).c_str());
  }

  // The subschema a (rewritten, so local) "$ref" of `node` names, or nullptr.
  const rapidjson::Value* reference_target(const rapidjson::Value& node) const {
    const auto ref = node.FindMember("$ref");
    if (ref == node.MemberEnd() || !ref->value.IsString() || ref->value.GetStringLength() == 0) return nullptr;
    const auto tokens = fragment_pointer_tokens({ref->value.GetString() + 1, ref->value.GetStringLength() - 1});
    return tokens ? resolve_pointer_tokens(document_, *tokens) : nullptr;
  }

  // A copy of `node` without `keyword`, for the walks that compute what that keyword leaves.
  rapidjson::Value without(const rapidjson::Value& node, std::string_view keyword) {
    Allocator& allocator = document_.GetAllocator();
    rapidjson::Value copy(rapidjson::kObjectType);
    for (const auto& member : node.GetObject()) {
      if (std::string_view(member.name.GetString(), member.name.GetStringLength()) == keyword) continue;
      copy.AddMember(rapidjson::Value(member.name, allocator), rapidjson::Value(member.value, allocator), allocator);
    }
    return copy;
  }

  // An allOf entry the loader writes in draft 7's words: the walks that read
  // 2019-09 keywords skip it (its "items" is not 2020-12's).
  rapidjson::Value generated_entry() {
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember(rapidjson::StringRef(kGeneratedMarker), true, document_.GetAllocator());
    return entry;
  }
  static bool generated(const rapidjson::Value& node) { return node.IsObject() && node.HasMember(kGeneratedMarker); }

  // The count of leading array items a schema evaluates without depending
  // on which alternatives pass (prefixItems, or items as an array before
  // 2020-12), here and below allOf and $ref; SIZE_MAX for every item (items
  // as one schema, additionalItems beside an items array, a nested unevaluatedItems). nullopt when
  // an alternative or contains (whose matches are annotations) could add some.
  std::optional<std::size_t> evaluated_items(const rapidjson::Value& node,
                                             std::unordered_set<const rapidjson::Value*>& seen) const {
    constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max();
    if (!node.IsObject() || !seen.insert(&node).second) return 0;
    const auto has = [&](std::string_view keyword) { return has_keyword(node, keyword); };
    for (const std::string_view keyword :
         {"anyOf", "oneOf", "if", "dependentSchemas", "$dynamicRef", "$recursiveRef", "contains"}) {
      if (has(keyword)) return std::nullopt;
    }
    std::size_t count = 0;
    const auto prefix = node.FindMember(dialect_ == Dialect::draft2020_12 ? "prefixItems" : "items");
    if (prefix != node.MemberEnd() && prefix->value.IsArray()) count = prefix->value.Size();
    const bool items_all =
        dialect_ == Dialect::draft2020_12 ? has("items") : (node.HasMember("items") && !node["items"].IsArray());
    if (items_all ||
        (dialect_ != Dialect::draft2020_12 && has("additionalItems") && prefix != node.MemberEnd() &&
         prefix->value.IsArray()) ||
        has("unevaluatedItems")) {
      return kAll;
    }
    if (auto all_of = node.FindMember("allOf"); all_of != node.MemberEnd() && all_of->value.IsArray()) {
      for (const auto& entry : all_of->value.GetArray()) {
        if (generated(entry)) continue;
        const auto below = evaluated_items(entry, seen);
        if (!below) return std::nullopt;
        count = std::max(count, *below);
      }
    }
    if (node.HasMember("$ref")) {
      const rapidjson::Value* target = reference_target(node);
      const auto below = target ? evaluated_items(*target, seen) : std::nullopt;
      if (!below) return std::nullopt;
      count = std::max(count, *below);
    }
    return count;
  }

  // unevaluatedItems, where the items it leaves are known from the schema:
  // draft 7's items and additionalItems say it, in an allOf entry.
  void rewrite_unevaluated_items(rapidjson::Value& node, const std::string& location,
                                 std::vector<rapidjson::Value>& entries) {
    if (!node.HasMember("unevaluatedItems")) return;
    Allocator& allocator = document_.GetAllocator();
    const std::string at = child(location, "unevaluatedItems");
    std::unordered_set<const rapidjson::Value*> seen{&node};
    const std::optional<std::size_t> count = evaluated_items(without(node, "unevaluatedItems"), seen);
    const std::string target = child(location, std::string(kAppliedPrefix) + "unevaluatedItems");
    if (!count) {
      add_dynamic_unevaluated(node, location, "unevaluatedItems");
      return;
    }
    rename(node, "unevaluatedItems");
    if (*count == std::numeric_limits<std::size_t>::max()) return;  // every item is evaluated
    rapidjson::Value ref(rapidjson::kObjectType);
    ref.AddMember("$ref", rapidjson::Value(target.c_str(), allocator), allocator);
    rapidjson::Value entry = generated_entry();
    if (*count == 0) {
      entry.AddMember("items", ref, allocator);
    } else {
      rapidjson::Value leading(rapidjson::kArrayType);
      for (std::size_t i = 0; i < *count; ++i) leading.PushBack(rapidjson::Value(rapidjson::kObjectType), allocator);
      entry.AddMember("items", leading, allocator);
      entry.AddMember("additionalItems", ref, allocator);
    }
    entries.push_back(std::move(entry));
  }

  // unevaluatedProperties, where the names it leaves are known from the
  // schema alone: MembersConstraint applies it to the others.
  void rewrite_unevaluated_properties(rapidjson::Value& node, const std::string& location) {
    const auto unevaluated = node.FindMember("unevaluatedProperties");
    if (unevaluated == node.MemberEnd()) return;
    Allocator& allocator = document_.GetAllocator();
    const std::string at = child(location, "unevaluatedProperties");
    Evaluated evaluated;
    std::unordered_set<const rapidjson::Value*> seen{&node};
    // The node's own keywords first (its unevaluatedProperties is what is computed), then what is below it.
    const bool known = collect_evaluated(without(node, "unevaluatedProperties"), evaluated, seen);
    if (!known) {
      add_dynamic_unevaluated(node, location, "unevaluatedProperties");
      return;
    }
    if (evaluated.all) {
      rename(node, "unevaluatedProperties");  // every name is evaluated: nothing is left to it
      return;
    }
    rapidjson::Value replacement(rapidjson::kObjectType);
    rapidjson::Value names(rapidjson::kArrayType);
    for (const auto& name : evaluated.names) names.PushBack(rapidjson::Value(name.c_str(), allocator), allocator);
    rapidjson::Value patterns(rapidjson::kArrayType);
    for (const auto& pattern : evaluated.patterns) {
      compile(pattern, at);
      rapidjson::Value entry(rapidjson::kObjectType);
      entry.AddMember("pattern", rapidjson::Value(pattern.c_str(), allocator), allocator);
      patterns.PushBack(entry, allocator);
    }
    replacement.AddMember("names", names, allocator);
    replacement.AddMember("patterns", patterns, allocator);
    replacement.AddMember("patternsAt", rapidjson::Value(at.c_str(), allocator), allocator);
    rapidjson::Value applied(rapidjson::kObjectType);
    applied.AddMember(
        "slot",
        static_cast<std::uint64_t>(slots_.add(child(location, std::string(kAppliedPrefix) + "unevaluatedProperties"))),
        allocator);
    applied.AddMember("at", rapidjson::Value(at.c_str(), allocator), allocator);
    replacement.AddMember("additional", applied, allocator);
    rename(node, "unevaluatedProperties");
    // A second MembersConstraint beside the one of patternProperties, under its own name.
    node.AddMember(rapidjson::StringRef(kUnevaluatedKeyword), replacement, allocator);
  }

  // unevaluatedProperties or unevaluatedItems whose annotations depend on the
  // value: UnevaluatedConstraint follows the plan of the schema around it,
  // which is built once every subschema is rewritten (see build_plans).
  void add_dynamic_unevaluated(rapidjson::Value& node, const std::string& location, std::string_view keyword) {
    Allocator& allocator = document_.GetAllocator();
    const bool items = keyword == "unevaluatedItems";
    rapidjson::Value replacement(rapidjson::kObjectType);
    replacement.AddMember("items", items, allocator);
    replacement.AddMember(
        "slot",
        static_cast<std::uint64_t>(slots_.add(child(location, std::string(kAppliedPrefix) + std::string(keyword)))),
        allocator);
    replacement.AddMember("plan", std::uint64_t{0}, allocator);  // set by build_plans
    replacement.AddMember("at", rapidjson::Value(child(location, keyword).c_str(), allocator), allocator);
    rename(node, keyword);
    node.AddMember(rapidjson::StringRef(items ? kDynamicUnevaluatedItemsKeyword : kDynamicUnevaluatedPropertiesKeyword),
                   replacement, allocator);
    dynamic_.push_back(location);
  }

  // The node at a location of the rewritten schema, and that location as it
  // reads now (a keyword may have been renamed since it was written down).
  std::pair<rapidjson::Value*, std::string> locate(const std::string& pointer) {
    const auto tokens = fragment_pointer_tokens(std::string_view(pointer).substr(1));
    if (!tokens) return {nullptr, pointer};
    rapidjson::Value* node = &document_;
    std::string at = "#";
    for (const std::string& token : *tokens) {
      if (node->IsArray()) {
        const rapidjson::Value* item = resolve_pointer_tokens(*node, {token});
        if (item == nullptr) return {nullptr, pointer};
        node = const_cast<rapidjson::Value*>(item);
        at = child(at, token);
        continue;
      }
      if (!node->IsObject()) return {nullptr, pointer};
      rapidjson::Value::MemberIterator found = node->MemberEnd();
      std::string name;
      for (const std::string_view prefix : {std::string_view(), kAppliedPrefix, kIgnoredPrefix}) {
        name = std::string(prefix) + token;
        found = node->FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
        if (found != node->MemberEnd()) break;
      }
      if (found == node->MemberEnd()) return {nullptr, pointer};
      node = &found->value;
      at = child(at, name);
    }
    return {node, at};
  }

  // The plans of the nodes with a dynamic unevaluated keyword: each reads what
  // the node's other keywords and its subschemas evaluate.
  void build_plans() {
    for (const std::string& location : dynamic_) {
      auto [node, at] = locate(location);
      if (node == nullptr) fail(location, "internal error: the schema moved while it was read");
      const std::size_t plan = plan_of(*node, at, true);
      for (const char* keyword : {kDynamicUnevaluatedItemsKeyword, kDynamicUnevaluatedPropertiesKeyword}) {
        if (auto found = node->FindMember(keyword); found != node->MemberEnd()) {
          found->value["plan"].SetUint64(plan);
        }
      }
    }
  }

  // The plan of one (rewritten) subschema at `location`; `top` leaves out its
  // own unevaluated keywords, which are what the plan is for.
  std::size_t plan_of(const rapidjson::Value& node, const std::string& location, bool top) {
    if (!top) {
      if (const auto known = plan_index_.find(&node); known != plan_index_.end()) return known->second;
    }
    const std::size_t index = slots_.plans.size();
    slots_.plans.emplace_back();
    if (!top) plan_index_[&node] = index;
    if (!node.IsObject()) return index;
    EvaluationPlan plan;
    const auto has = [&](std::string_view keyword) { return has_keyword(node, keyword); };
    const auto name_of = [&](std::string_view keyword) {
      return node.HasMember(rapidjson::StringRef(keyword.data(), keyword.size()))
                 ? std::string(keyword)
                 : std::string(kAppliedPrefix) + std::string(keyword);
    };
    if (has("properties")) {
      const std::string name = name_of("properties");
      const rapidjson::Value& properties = node[name.c_str()];
      if (properties.IsObject()) {
        for (const auto& entry : properties.GetObject())
          plan.names.emplace_back(entry.name.GetString(), entry.name.GetStringLength());
      }
    }
    if (has("patternProperties")) {
      const std::string name = name_of("patternProperties");
      const rapidjson::Value& patterns = node[name.c_str()];
      if (patterns.IsObject()) {
        for (const auto& entry : patterns.GetObject()) {
          plan.patterns.push_back(compile_pattern(std::string(entry.name.GetString(), entry.name.GetStringLength())));
        }
      }
    }
    plan.all_properties =
        has("additionalProperties") || node.HasMember(kClosedObjectKeyword) ||
        (!top && (has("unevaluatedProperties") || node.HasMember(kDynamicUnevaluatedPropertiesKeyword)));
    plan.all_items = !top && (has("unevaluatedItems") || node.HasMember(kDynamicUnevaluatedItemsKeyword));
    if (dialect_ == Dialect::draft2020_12) {
      if (auto prefix = node.FindMember("prefixItems"); prefix != node.MemberEnd() && prefix->value.IsArray()) {
        plan.prefix_items = prefix->value.Size();
      }
      plan.all_items = plan.all_items || has("items");
    } else if (auto items = node.FindMember("items"); items != node.MemberEnd()) {
      if (items->value.IsArray()) {
        plan.prefix_items = items->value.Size();
        plan.all_items = plan.all_items || has("additionalItems");
      } else {
        plan.all_items = true;
      }
    }
    if (has("contains")) plan.contains_slot = slots_.add(child(location, name_of("contains")));
    const auto entries = [&](const char* keyword, const auto& each) {
      const std::string name = name_of(keyword);
      const auto found = node.FindMember(name.c_str());
      if (found == node.MemberEnd() || !found->value.IsArray()) return;
      for (rapidjson::SizeType i = 0; i < found->value.Size(); ++i) {
        if (generated(found->value[i])) continue;
        std::string at = child(location, name);
        json::append_pointer_index(at, i);
        each(found->value[i], at);
      }
    };
    entries("allOf", [&](const rapidjson::Value& entry, const std::string& at) {
      plan.always.push_back(plan_of(entry, at, false));
    });
    for (const char* keyword : {"anyOf", "oneOf"}) {
      entries(keyword, [&](const rapidjson::Value& entry, const std::string& at) {
        const std::size_t slot = slots_.add(at);
        plan.alternatives.push_back({slot, plan_of(entry, at, false)});
      });
    }
    if (auto ref = node.FindMember("$ref"); ref != node.MemberEnd() && ref->value.IsString()) {
      auto [target, at] = locate(std::string(ref->value.GetString(), ref->value.GetStringLength()));
      if (target == nullptr) fail(location, "internal error: a reference moved while the schema was read");
      plan.always.push_back(plan_of(*target, at, false));
    }
    if (auto condition = node.FindMember("if"); condition != node.MemberEnd()) {
      const std::string at = child(location, "if");
      EvaluationPlan::Condition decided{slots_.add(at), plan_of(condition->value, at, false), std::nullopt,
                                        std::nullopt};
      if (auto then = node.FindMember("then"); then != node.MemberEnd()) {
        decided.then_plan = plan_of(then->value, child(location, "then"), false);
      }
      if (auto otherwise = node.FindMember("else"); otherwise != node.MemberEnd()) {
        decided.else_plan = plan_of(otherwise->value, child(location, "else"), false);
      }
      plan.condition = decided;
    }
    if (auto dependent = node.FindMember("dependentSchemas");
        dependent != node.MemberEnd() && dependent->value.IsObject()) {
      for (const auto& entry : dependent->value.GetObject()) {
        const std::string name(entry.name.GetString(), entry.name.GetStringLength());
        plan.dependent.emplace_back(name,
                                    plan_of(entry.value, child(child(location, "dependentSchemas"), name), false));
      }
    }
    slots_.plans[index] = std::move(plan);
    return index;
  }

  // What 2019-09 and 2020-12 say in other words than draft 7, written as
  // draft 7 says it, in entries of an allOf (which add to a schema and take
  // nothing away from it). Subschemas stay where they are, referenced.
  void rewrite_2019(rapidjson::Value& node, const std::string& location) {
    Allocator& allocator = document_.GetAllocator();
    std::vector<rapidjson::Value> entries;
    const auto reference = [&](const std::string& at) {
      rapidjson::Value ref(rapidjson::kObjectType);
      ref.AddMember("$ref", rapidjson::Value(at.c_str(), allocator), allocator);
      return ref;
    };
    rewrite_unevaluated_properties(node, location);  // while "$ref" is still where it was written
    rewrite_unevaluated_items(node, location, entries);
    // "$ref" applies beside its siblings now; valijson would ignore them.
    if (auto ref = node.FindMember("$ref"); ref != node.MemberEnd() && node.MemberCount() > 1) {
      rapidjson::Value entry(rapidjson::kObjectType);
      entry.AddMember("$ref", ref->value, allocator);
      node.RemoveMember("$ref");
      entries.push_back(std::move(entry));
    }
    for (const char* keyword : {"dependentRequired", "dependentSchemas"}) {
      const auto found = node.FindMember(keyword);
      if (found == node.MemberEnd()) continue;
      if (!found->value.IsObject()) fail(child(location, keyword), "must be an object");
      rapidjson::Value dependencies(rapidjson::kObjectType);
      for (auto& entry : found->value.GetObject()) {
        const std::string name(entry.name.GetString(), entry.name.GetStringLength());
        rapidjson::Value value;
        if (keyword == std::string_view("dependentRequired")) {
          if (!entry.value.IsArray()) fail(child(child(location, keyword), name), "must be an array of names");
          value.CopyFrom(entry.value, allocator);
        } else {
          value = reference(child(child(location, keyword), name));
        }
        dependencies.AddMember(rapidjson::Value(entry.name, allocator), value, allocator);
      }
      const std::string message = describe_located("dependencies", dependencies);
      rapidjson::Value alone(rapidjson::kObjectType);
      alone.AddMember("dependencies", dependencies, allocator);
      add_located(node, location, keyword, std::move(alone), message);
    }
    if (auto prefix = node.FindMember("prefixItems"); dialect_ == Dialect::draft2020_12 && prefix != node.MemberEnd()) {
      if (!prefix->value.IsArray()) fail(child(location, "prefixItems"), "must be an array of schemas");
      rapidjson::Value items(rapidjson::kArrayType);
      for (rapidjson::SizeType i = 0; i < prefix->value.Size(); ++i) {
        std::string at = child(location, "prefixItems");
        json::append_pointer_index(at, i);
        items.PushBack(reference(at), allocator);
      }
      rapidjson::Value entry = generated_entry();
      entry.AddMember("items", items, allocator);
      if (node.HasMember("items")) {
        entry.AddMember("additionalItems", reference(child(location, applied_name(node, "items"))), allocator);
        rename(node, "items");
      }
      entries.push_back(std::move(entry));
    }
    if (bounded_contains(node)) {
      rapidjson::Value replacement(rapidjson::kObjectType);
      replacement.AddMember(
          "slot", static_cast<std::uint64_t>(slots_.add(child(location, applied_name(node, "contains")))), allocator);
      replacement.AddMember("at", rapidjson::Value(child(location, "contains").c_str(), allocator), allocator);
      for (const char* bound : {"minContains", "maxContains"}) {
        const auto found = node.FindMember(bound);
        if (found == node.MemberEnd()) continue;
        const rapidjson::Value& count = found->value;
        if (!count.IsNumber() || !json::has_integer_value(count) || count.GetDouble() < 0) {
          fail(child(location, bound), "must be a non-negative integer");
        }
        replacement.AddMember(rapidjson::StringRef(bound),
                              count.IsUint64() ? count.GetUint64() : static_cast<std::uint64_t>(count.GetDouble()),
                              allocator);
      }
      rename(node, "contains");
      node.AddMember(rapidjson::StringRef(kContainsKeyword), replacement, allocator);
    }
    if (entries.empty()) return;
    auto all_of = node.FindMember("allOf");
    if (all_of == node.MemberEnd()) {
      node.AddMember("allOf", rapidjson::Value(rapidjson::kArrayType), allocator);
      all_of = node.FindMember("allOf");
    }
    if (!all_of->value.IsArray()) fail(child(location, "allOf"), "must be an array of schemas");
    for (auto& entry : entries) all_of->value.PushBack(entry, allocator);
  }

  // properties, patternProperties, additionalProperties (a schema) and
  // propertyNames go to MembersConstraint, one walk of the members that copies
  // no name: valijson's copies each name twice, would match names with the
  // standard library's regex, and builds propertyNames under its parent's cache key.
  void rewrite_members(rapidjson::Value& node, const std::string& location) {
    Allocator& allocator = document_.GetAllocator();
    const auto properties = node.FindMember("properties");
    const bool has_properties = properties != node.MemberEnd() && properties->value.IsObject();
    const auto patterns = node.FindMember("patternProperties");
    const bool has_patterns = patterns != node.MemberEnd() && patterns->value.IsObject();
    const auto additional = node.FindMember("additionalProperties");
    const bool has_additional = additional != node.MemberEnd() && applied_additional(additional->value);
    const auto names = node.FindMember("propertyNames");
    const bool has_names = names != node.MemberEnd() && (names->value.IsObject() || names->value.IsBool());
    if (!has_properties && !has_patterns && !has_names) {
      // additionalProperties alone: a schema is walked; `true` asks nothing, and valijson would walk for it.
      if (!has_additional) return;
      if (additional->value.IsBool()) {
        rename(node, "additionalProperties");
        return;
      }
    }
    rapidjson::Value replacement(rapidjson::kObjectType);
    const auto slot = [&](const std::string& at) {
      rapidjson::Value applied(rapidjson::kObjectType);
      applied.AddMember("slot", static_cast<std::uint64_t>(slots_.add(at)), allocator);
      applied.AddMember("at", rapidjson::Value(at.c_str(), allocator), allocator);
      return applied;
    };
    // Each entry of `keyword`'s map: its slot, and its name as `field` (a property's name, a pattern).
    const auto slots_of = [&](rapidjson::Value& map, std::string_view keyword, const char* field,
                              const char* list_name) {
      rapidjson::Value list(rapidjson::kArrayType);
      for (auto& entry : map.GetObject()) {
        const std::string text(entry.name.GetString(), entry.name.GetStringLength());
        rapidjson::Value applied = slot(child(child(location, applied_name(node, keyword)), text));
        applied.AddMember(rapidjson::StringRef(field), rapidjson::Value(entry.name, allocator), allocator);
        list.PushBack(applied, allocator);
      }
      replacement.AddMember(rapidjson::StringRef(list_name), list, allocator);
    };
    if (has_properties) slots_of(properties->value, "properties", "name", "properties");
    if (has_patterns) slots_of(patterns->value, "patternProperties", "pattern", "patterns");
    replacement.AddMember("patternsAt", rapidjson::Value(child(location, "patternProperties").c_str(), allocator),
                          allocator);
    // additionalProperties: false is ClosedObjectConstraint's (rewritten above); true asks nothing.
    if (has_additional && additional->value.IsObject()) {
      replacement.AddMember("additional", slot(child(location, applied_name(node, "additionalProperties"))), allocator);
    }
    if (has_names)
      replacement.AddMember("propertyNames", slot(child(location, applied_name(node, "propertyNames"))), allocator);
    // Kept in the document under other names: the slots compile from there.
    if (has_properties) rename(node, "properties");
    if (has_patterns) rename(node, "patternProperties");
    if (has_additional) rename(node, "additionalProperties");
    if (has_names) rename(node, "propertyNames");
    node.AddMember(rapidjson::StringRef(kMembersKeyword), replacement, allocator);
  }

  void rename(rapidjson::Value& node, std::string_view keyword) {
    auto found = node.FindMember(rapidjson::StringRef(keyword.data(), keyword.size()));
    const std::string renamed = std::string(kAppliedPrefix) + std::string(keyword);
    found->name.SetString(renamed.c_str(), static_cast<rapidjson::SizeType>(renamed.size()), document_.GetAllocator());
  }

  // "minItems": 2.0 is the count 2 (draft 6 and later say so; valijson refuses it).
  void normalize_counts(rapidjson::Value& node, const std::string& location) const {
    for (const char* keyword : kCountKeywords) {
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
    const auto tokens = fragment_pointer_tokens(uri.substr(1));
    if (!tokens) fail(at, fmt::format("\"{}\" is not a valid JSON Pointer fragment", uri));
    // Followed step by step, and written back in the one spelling valijson
    // reads as meant (its pointers skip empty tokens and decode "%").
    rapidjson::Value* target = &document_;
    std::string canonical = "#";
    std::string_view previous;
    // What the target is as the pointer goes: a schema, or a keyword's array or map of schemas.
    enum class Holds { schema, schemas, other } holds = Holds::schema;
    for (const std::string& token : *tokens) {
      // A keyword renamed once its node is rewritten (later, maybe) is named so already.
      const bool member_keyword =
          token == "properties" || token == "patternProperties" || token == "additionalProperties";
      const std::string pending =
          holds == Holds::schema && target->IsObject() &&
                  (located(*target, token) ||
                   (member_keyword && target->HasMember(rapidjson::StringRef(token.data(), token.size()))))
              ? applied_name(*target, token)
              : "";
      const auto keyword = holds == Holds::schema ? schema_keyword(token, dialect_) : std::nullopt;
      const KeywordValue kind = keyword ? keyword->value : KeywordValue::value;
      holds = holds == Holds::schemas ? Holds::schema : keyword ? Holds::schemas : Holds::other;
      const bool empty_definition = token.empty() && (previous == "definitions" || previous == "$defs");
      std::string name = empty_definition && target->IsObject() && target->HasMember(kEmptyName.data())
                             ? std::string(kEmptyName)
                             : token;
      if (target->IsObject()) {
        auto found = target->FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
        // A keyword conform applies itself, or one the dialect lacks, has another name by now.
        for (const std::string_view prefix : {kAppliedPrefix, kIgnoredPrefix}) {
          if (found != target->MemberEnd()) break;
          name = std::string(prefix) + token;
          found = target->FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
        }
        if (found == target->MemberEnd()) fail(at, fmt::format("\"{}\" points at nothing in this schema", uri));
        if (token.empty() && name != kEmptyName) {
          if (!empty_definition) {
            fail(at, fmt::format("\"{}\": an empty name in a reference is supported under definitions and $defs only",
                                 uri));
          }
          name = std::string(kEmptyName);
          found->name.SetString(name.c_str(), static_cast<rapidjson::SizeType>(name.size()), document_.GetAllocator());
        }
        target = &found->value;
      } else if (target->IsArray()) {
        const rapidjson::Value* item = resolve_pointer_tokens(*target, {token});
        if (item == nullptr) fail(at, fmt::format("\"{}\" points at nothing in this schema", uri));
        target = const_cast<rapidjson::Value*>(item);
      } else {
        fail(at, fmt::format("\"{}\" points at nothing in this schema", uri));
      }
      if (kind == KeywordValue::schema || (kind == KeywordValue::schema_or_array && !target->IsArray())) {
        holds = Holds::schema;
      }
      canonical = child(canonical, pending.empty() ? name : pending);
      previous = token;
    }
    ref.SetString(canonical.c_str(), static_cast<rapidjson::SizeType>(canonical.size()), document_.GetAllocator());
    targets_[&node] = target;
    locations_[&node] = location;
    references_.emplace_back(target, canonical);
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
  const std::set<std::string>& ignored_;  // keywords of vocabularies the metaschema leaves out
  std::unordered_set<const rapidjson::Value*> visited_;
  SubschemaSlots slots_;
  std::vector<std::pair<rapidjson::Value*, std::string>> references_;
  std::map<const rapidjson::Value*, const rapidjson::Value*> targets_;
  std::map<const rapidjson::Value*, std::string> locations_;
  std::vector<std::string> dynamic_;  // locations of the nodes with a dynamic unevaluated keyword
  std::map<const rapidjson::Value*, std::size_t> plan_index_;
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

std::string display_pointer(std::string_view text) {
  std::string result;
  std::size_t at = 0;
  while (true) {
    const std::size_t applied = text.find(kAppliedPrefix, at);
    const std::size_t empty = text.find(kEmptyName, at);
    const std::size_t next = std::min(applied, empty);
    if (next == std::string_view::npos) break;
    result += text.substr(at, next - at);
    at = next + (next == applied ? kAppliedPrefix.size() : kEmptyName.size());
  }
  result += text.substr(at);
  return result;
}

void load_schema(std::string_view text, const std::string& origin, const SchemaOptions& options, LoadedSchema& out) {
  if (auto findings = json::read_strict(text, kSchemaLimits, out.original); !findings.empty()) {
    const Finding& first = findings.front();
    throw Error(fmt::format("schema is not usable JSON: {}", first.message), origin, first.line, first.column);
  }
  if (!out.original.IsObject() && !out.original.IsBool()) {
    throw Error("a schema must be a JSON object (or, in draft 7, a boolean)", origin, 1, 1);
  }
  const DialectOf dialect = dialect_of(out.original, origin, options);
  out.dialect = dialect.dialect;
  out.id = root_id(out.original, out.dialect);
  BundleOptions bundle_options;
  bundle_options.dialect = out.dialect;
  bundle_options.uri_map = options.uri_map;
  try {
    out.bundled = bundle_references(out.original, out.id, bundle_options);
  } catch (const Error& error) {
    if (!error.file().empty()) throw;
    throw Error(error.what(), origin);  // the bundler's refusals name the schema they are about
  }

  rapidjson::Document rewritten;
  rewritten.CopyFrom(out.original, rewritten.GetAllocator());
  SchemaOptions rewrite_options = options;
  rewrite_options.format_assertion = options.format_assertion || dialect.format_assertion;
  out.format_assertion = rewrite_options.format_assertion;
  out.keywords_ignored = !dialect.ignored.empty();
  Rewriter rewriter(rewritten, origin, rewrite_options, out.dialect, out.id, dialect.ignored);
  rewriter.run();
  out.slots = std::make_unique<SubschemaSlots>(std::move(rewriter.slots()));

  // valijson compiles the schema and every slot's subschema in one go, from
  // a document that names them all (in an allOf it never runs).
  rapidjson::Document entry;
  entry.SetObject();
  rapidjson::Value all(rapidjson::kArrayType);
  const auto add_entry = [&](const std::string& location) {
    const std::string uri = std::string(kRootUri) + location;
    rapidjson::Value ref(rapidjson::kObjectType);
    ref.AddMember("$ref", rapidjson::Value(uri.c_str(), entry.GetAllocator()), entry.GetAllocator());
    all.PushBack(ref, entry.GetAllocator());
  };
  add_entry("#");
  for (const std::string& location : out.slots->locations) add_entry(location);
  entry.AddMember("allOf", all, entry.GetAllocator());

  valijson::SchemaParser parser(out.dialect == Dialect::draft4 ? valijson::SchemaParser::kDraft4
                                                               : valijson::SchemaParser::kDraft7);
  // The parser owns (and deletes) the builders it is given.
  parser.addConstraintBuilder(kPatternKeyword, new PatternBuilder);
  parser.addConstraintBuilder(kClosedObjectKeyword, new ClosedObjectBuilder);
  parser.addConstraintBuilder(kFormatKeyword, new FormatBuilder);
  parser.addConstraintBuilder(kContentKeyword, new ContentBuilder);
  parser.addConstraintBuilder(kRequiredKeyword, new RequiredBuilder);
  for (const char* keyword : kCountKeywords) {
    parser.addConstraintBuilder(std::string(kCountKeywordPrefix) + keyword, new CountBuilder);
  }
  parser.addConstraintBuilder(kMembersKeyword, new MembersBuilder(*out.slots));
  parser.addConstraintBuilder(kUnevaluatedKeyword, new MembersBuilder(*out.slots));
  parser.addConstraintBuilder(kFalseKeyword, new FalseBuilder);
  parser.addConstraintBuilder(kContainsKeyword, new ContainsBuilder(*out.slots));
  for (const char* keyword : kLocatedKeywords) {
    parser.addConstraintBuilder(std::string(kLocatedPrefix) + keyword, new LocatedBuilder(*out.slots));
  }
  parser.addConstraintBuilder(kDynamicUnevaluatedPropertiesKeyword, new UnevaluatedBuilder(*out.slots));
  parser.addConstraintBuilder(kDynamicUnevaluatedItemsKeyword, new UnevaluatedBuilder(*out.slots));
  for (const char* keyword : kValueKeywords) {
    parser.addConstraintBuilder(std::string(kValueKeywordPrefix) + keyword, new ValueConstraintBuilder);
  }
  try {
    const auto fetch = [&](const std::string& uri) -> const rapidjson::Document* {
      return uri == kRootUri ? &rewritten : nullptr;
    };
    parser.populateSchema(valijson::adapters::RapidJsonAdapter(entry), out.compiled, fetch,
                          [](const rapidjson::Document*) {});
  } catch (const Error& error) {
    throw Error(display_pointer(error.what()), error.file().empty() ? origin : error.file(), error.line(),
                error.column());
  } catch (const std::exception& error) {
    throw Error(fmt::format("schema cannot be used: {}", display_pointer(error.what())), origin);
  }
  std::vector<const valijson::Subschema*> compiled;
  valijson::Subschema::ApplyFunction collect = [&](const valijson::constraints::Constraint& constraint) {
    if (const auto* all_of = dynamic_cast<const valijson::constraints::AllOfConstraint*>(&constraint)) {
      all_of->applyToSubschemas([&](unsigned, const valijson::Subschema* subschema) {
        compiled.push_back(subschema);
        return true;
      });
    }
    return true;
  };
  out.compiled.apply(collect);
  if (compiled.size() != out.slots->locations.size() + 1) throw Error("schema cannot be used: internal error", origin);
  out.root = compiled.front();
  out.slots->subschemas.assign(compiled.begin() + 1, compiled.end());
  if (out.id.empty()) out.id = origin;
}

}  // namespace conform::engine
