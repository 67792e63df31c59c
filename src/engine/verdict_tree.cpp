#include "engine/verdict_tree.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/keyword_table.hpp"
#include "engine/pattern_regex.hpp"
#include "engine/schema_loader.hpp"
#include "engine/uri.hpp"
#include "json/compact_json.hpp"
#include "json/numbers.hpp"

namespace conform::engine {
namespace {

using rapidjson::Value;

// One bit per JSON type; "number" is integer | fraction.
enum TypeBit : std::uint8_t {
  kNull = 1,
  kBoolean = 2,
  kInteger = 4,
  kFraction = 8,
  kString = 16,
  kArray = 32,
  kObject = 64,
  kAnyType = 127
};

std::uint8_t type_bits(std::string_view name) {
  if (name == "null") return kNull;
  if (name == "boolean") return kBoolean;
  if (name == "integer") return kInteger;
  if (name == "number") return kInteger | kFraction;
  if (name == "string") return kString;
  if (name == "array") return kArray;
  if (name == "object") return kObject;
  return 0;
}

std::string_view text(const Value& value) { return {value.GetString(), value.GetStringLength()}; }

std::uint64_t code_points(std::string_view value) {
  std::uint64_t count = 0;
  for (const char c : value) count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return count;
}

// A conjunction of verdicts: fail as soon as one fails, unknown if one was.
struct All {
  Verdict verdict = Verdict::pass;
  bool take(Verdict one) {
    if (one == Verdict::fail) return false;
    if (one == Verdict::unknown) verdict = Verdict::unknown;
    return true;
  }
};

}  // namespace

struct VerdictTree::Node {
  // Read from `source` when first judged (Compiler::read_now): a large schema
  // loads without reading the subschemas no body reaches.
  const Value* source = nullptr;
  Compiler* compiler = nullptr;
  std::atomic<bool> read{true};

  struct Bound {
    const Value* value;
    bool maximum;
    bool exclusive;
  };
  struct Property {
    std::size_t hash;
    std::string_view name;
    const Node* node = nullptr;  // nullptr: named by "required" only
    bool required = false;
  };
  struct Pattern {
    std::shared_ptr<const PatternRegex> regex;
    const Node* node;
  };

  bool opaque = false;    // holds what the tree does not take: unknown
  bool never = false;     // the schema false
  bool ref_only = false;  // a draft 4-7 "$ref", whose siblings do not count: `ref` stands for it
  bool cheap = true;      // no subschemas: a member's cheap schema is judged before the others
  const Node* ref = nullptr;

  std::uint8_t types = kAnyType;
  bool draft4 = false;
  const Value* constant = nullptr;
  const Value* options = nullptr;  // enum

  std::vector<Bound> bounds;
  const Value* multiple_of = nullptr;

  std::uint64_t min_length = 0;
  std::uint64_t max_length = std::numeric_limits<std::uint64_t>::max();
  std::vector<std::shared_ptr<const PatternRegex>> patterns;
  FormatCheck format = nullptr;
  bool format_asserted = false;

  std::uint64_t min_items = 0;
  std::uint64_t max_items = std::numeric_limits<std::uint64_t>::max();
  bool unique = false;
  std::vector<const Node*> prefix;
  const Node* rest = nullptr;  // the items after `prefix`
  const Node* contains = nullptr;
  std::uint64_t min_contains = 1;
  std::uint64_t max_contains = std::numeric_limits<std::uint64_t>::max();

  std::uint64_t min_properties = 0;
  std::uint64_t max_properties = std::numeric_limits<std::uint64_t>::max();
  std::vector<Property> properties;  // sorted by hash
  std::size_t required = 0;          // distinct names in "required"
  std::vector<Pattern> pattern_properties;
  const Node* additional = nullptr;
  const Node* names = nullptr;
  std::vector<std::pair<std::string_view, std::vector<std::string_view>>> dependent_required;
  struct Dependent {
    std::string_view name;
    const Node* node;
    bool evaluates;  // "dependentSchemas": what it evaluates counts for unevaluatedProperties ("dependencies" does not)
  };
  std::vector<Dependent> dependent_schemas;
  const Node* unevaluated_properties = nullptr;
  const Node* unevaluated_items = nullptr;

  std::vector<const Node*> all_of;  // also 2019-09's "$ref" beside other keywords
  std::vector<const Node*> any_of;
  std::vector<const Node*> one_of;
  const Node* negated = nullptr;
  const Node* if_node = nullptr;
  const Node* then_node = nullptr;
  const Node* else_node = nullptr;

  bool has_object_checks = false;
  bool has_array_checks = false;

  const Property* find(std::string_view name, std::size_t hash) const {
    auto at = std::lower_bound(properties.begin(), properties.end(), hash,
                               [](const Property& p, std::size_t h) { return p.hash < h; });
    for (; at != properties.end() && at->hash == hash; ++at) {
      if (at->name == name) return &*at;
    }
    return nullptr;
  }

  template <typename Visit>
  void for_each_child(Visit visit) {
    const auto one = [&](const Node*& child) {
      if (child != nullptr) visit(child);
    };
    one(ref);
    for (auto& child : prefix) one(child);
    one(rest);
    one(contains);
    for (auto& property : properties) one(property.node);
    for (auto& pattern : pattern_properties) one(pattern.node);
    one(additional);
    one(names);
    for (auto& dependent : dependent_schemas) one(dependent.node);
    one(unevaluated_properties);
    one(unevaluated_items);
    for (auto* list : {&all_of, &any_of, &one_of}) {
      for (auto& child : *list) one(child);
    }
    one(negated);
    one(if_node);
    one(then_node);
    one(else_node);
  }
};

namespace {

using Node = VerdictTree::Node;

bool has_children(Node& node) {
  bool any = false;
  node.for_each_child([&](const Node*&) { any = true; });
  return any;
}

}  // namespace

// Bodies may be judged on many threads at once: a node is read once, under
// the mutex, and published by its `read` flag (release, then acquire).
class VerdictTree::Compiler {
 public:
  Compiler(const Value& root, Dialect dialect, bool format_assertion, std::vector<std::unique_ptr<Node>>& nodes,
           std::vector<std::unique_ptr<rapidjson::Document>>& operands)
      : root_(root), dialect_(dialect), format_assertion_(format_assertion), nodes_(nodes), operands_(operands) {}

  // The node of `schema`, not read yet.
  Node* compile(const Value& schema) {
    if (auto found = memo_.find(&schema); found != memo_.end()) return found->second;
    nodes_.push_back(std::make_unique<Node>());
    Node* node = nodes_.back().get();
    memo_.emplace(&schema, node);
    node->draft4 = dialect_ == Dialect::draft4;
    if (schema.IsBool()) {
      node->never = !schema.GetBool();
      return node;
    }
    if (!schema.IsObject()) {
      node->opaque = true;
      return node;
    }
    node->source = &schema;
    node->compiler = this;
    node->read.store(false, std::memory_order_relaxed);
    return node;
  }

  void read_now(const Node& unread) {
    const std::lock_guard lock(mutex_);
    if (unread.read.load(std::memory_order_relaxed)) return;
    Node& node = const_cast<Node&>(unread);  // every node is made non-const, by compile()
    try {
      read(*node.source, node);
    } catch (const std::exception&) {
      node.opaque = true;  // a pattern the loader would have refused: the exact walk judges
    }
    node.cheap = !node.ref_only && !has_children(node);
    node.read.store(true, std::memory_order_release);
  }

 private:
  // The schema a local reference ("#/definitions/a%20b", "#") names, or nullptr.
  const Node* target(const Value& reference) {
    if (!reference.IsString() || reference.GetStringLength() == 0 || reference.GetString()[0] != '#') return nullptr;
    const auto tokens = fragment_pointer_tokens(text(reference).substr(1));
    if (!tokens) return nullptr;
    const Value* found = resolve_pointer_tokens(root_, *tokens);
    return found == nullptr ? nullptr : compile(*found);
  }

  static bool count(const Value& value, std::uint64_t& out) {
    if (value.IsUint64()) {
      out = value.GetUint64();
      return true;
    }
    if (value.IsDouble() && value.GetDouble() >= 0 && std::trunc(value.GetDouble()) == value.GetDouble() &&
        value.GetDouble() < 1.8e19) {
      out = static_cast<std::uint64_t>(value.GetDouble());
      return true;
    }
    return false;
  }

  Node* schema_of(const Value& value) { return compile(value); }

  // An operand as the exact walk's ValueConstraint reads it: its compact
  // text parsed again at full precision (the loader's reader may round a
  // number another way), so that both compare the same numbers.
  const Value* operand(const Value& value) {
    operands_.push_back(std::make_unique<rapidjson::Document>());
    rapidjson::Document& copy = *operands_.back();
    const std::string written = json::compact_json(value);
    copy.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseIterativeFlag>(written.c_str(), written.size());
    return copy.HasParseError() ? nullptr : &copy;
  }

  void read(const Value& schema, Node& node) {
    if (dialect_ <= Dialect::draft7) {
      if (const auto ref = schema.FindMember("$ref"); ref != schema.MemberEnd()) {
        // Before 2019-09, "$ref" stands for the whole schema.
        node.ref = target(ref->value);
        node.ref_only = node.ref != nullptr;
        node.opaque = node.ref == nullptr;
        return;
      }
    }
    // Draft 4's exclusive bounds modify maximum and minimum.
    bool exclusive_maximum = false;
    bool exclusive_minimum = false;
    if (dialect_ == Dialect::draft4) {
      for (const auto& [name, flag] :
           {std::pair{"exclusiveMaximum", &exclusive_maximum}, std::pair{"exclusiveMinimum", &exclusive_minimum}}) {
        if (const auto found = schema.FindMember(name); found != schema.MemberEnd()) {
          if (!found->value.IsBool()) return void(node.opaque = true);
          *flag = found->value.GetBool();
        }
      }
    }
    const Value* items = nullptr;
    const Value* additional_items = nullptr;
    for (const auto& member : schema.GetObject()) {
      const std::string_view name = text(member.name);
      const Value& value = member.value;
      if (!take(name, value, node, exclusive_maximum, exclusive_minimum, items, additional_items)) {
        node.opaque = true;
        return;
      }
    }
    if (items != nullptr) {
      if (items->IsArray()) {
        for (const auto& item : items->GetArray()) node.prefix.push_back(schema_of(item));
        if (additional_items != nullptr) node.rest = schema_of(*additional_items);
      } else {
        node.rest = schema_of(*items);
      }
      node.has_array_checks = true;
    }
    std::sort(node.properties.begin(), node.properties.end(),
              [](const Node::Property& a, const Node::Property& b) { return a.hash < b.hash; });
  }

  Node::Property& property(Node& node, std::string_view name) {
    const std::size_t hash = std::hash<std::string_view>{}(name);
    for (auto& each : node.properties) {
      if (each.hash == hash && each.name == name) return each;
    }
    node.properties.push_back({hash, name});
    return node.properties.back();
  }

  // Reads one keyword into `node`; false for one the tree does not take.
  bool take(std::string_view name, const Value& value, Node& node, bool exclusive_maximum, bool exclusive_minimum,
            const Value*& items, const Value*& additional_items) {
    if (name == "$ref") {
      // From 2019-09 on, "$ref" applies beside the other keywords.
      const Node* to = target(value);
      if (to == nullptr) return false;
      node.all_of.push_back(to);
      return true;
    }
    const std::optional<Keyword> keyword = keyword_in(name, dialect_);
    if (!keyword) {
      if (outside_dialect(name, dialect_)) return true;  // another draft's keyword: unknown here, ignored
      return take_value(name, value, node, exclusive_maximum, exclusive_minimum);
    }
    if (keyword->value == KeywordValue::unsupported) return false;
    if (name == "$dynamicRef" || name == "$recursiveRef") {
      // The bundler made each of these a local reference where its target is fixed.
      const Node* to = target(value);
      if (to == nullptr) return false;
      node.all_of.push_back(to);
      return true;
    }
    if (name == "additionalItems") {
      additional_items = &value;
      return true;
    }
    if (name == "items") {
      if (keyword->value == KeywordValue::schema) {
        node.rest = schema_of(value);
        node.has_array_checks = true;
      } else {
        items = &value;
      }
      return true;
    }
    if (name == "prefixItems") {
      if (!value.IsArray()) return false;
      for (const auto& item : value.GetArray()) node.prefix.push_back(schema_of(item));
      node.has_array_checks = true;
      return true;
    }
    if (name == "additionalProperties") {
      node.additional = schema_of(value);
      node.has_object_checks = true;
      return true;
    }
    if (name == "allOf" || name == "anyOf" || name == "oneOf") {
      if (!value.IsArray() || value.Empty()) return false;
      auto& list = name == "allOf" ? node.all_of : name == "anyOf" ? node.any_of : node.one_of;
      for (const auto& item : value.GetArray()) list.push_back(schema_of(item));
      return true;
    }
    if (name == "not") {
      node.negated = schema_of(value);
      return true;
    }
    if (name == "if") {
      node.if_node = schema_of(value);
      return true;
    }
    if (name == "then") {
      node.then_node = schema_of(value);
      return true;
    }
    if (name == "else") {
      node.else_node = schema_of(value);
      return true;
    }
    if (name == "const") {
      node.constant = operand(value);
      return node.constant != nullptr;
    }
    if (name == "enum") {
      if (!value.IsArray()) return false;
      node.options = operand(value);
      return node.options != nullptr;
    }
    if (name == "contains") {
      node.contains = schema_of(value);
      node.has_array_checks = true;
      return true;
    }
    if (name == "minContains" || name == "maxContains") {
      return count(value, name == "minContains" ? node.min_contains : node.max_contains);
    }
    if (name == "pattern") {
      if (!value.IsString()) return false;
      node.patterns.push_back(compile_pattern(std::string(text(value))));
      return true;
    }
    if (name == "patternProperties") {
      if (!value.IsObject()) return false;
      for (const auto& entry : value.GetObject()) {
        node.pattern_properties.push_back({compile_pattern(std::string(text(entry.name))), schema_of(entry.value)});
      }
      node.has_object_checks = true;
      return true;
    }
    if (name == "properties") {
      if (!value.IsObject()) return false;
      for (const auto& entry : value.GetObject()) property(node, text(entry.name)).node = schema_of(entry.value);
      node.has_object_checks = true;
      return true;
    }
    if (name == "propertyNames") {
      node.names = schema_of(value);
      node.has_object_checks = true;
      return true;
    }
    if (name == "required") {
      if (!value.IsArray()) return false;
      for (const auto& entry : value.GetArray()) {
        if (!entry.IsString()) return false;
        Node::Property& named = property(node, text(entry));
        if (!named.required) ++node.required;
        named.required = true;
      }
      node.has_object_checks = true;
      return true;
    }
    if (name == "dependencies" || name == "dependentRequired" || name == "dependentSchemas") {
      if (!value.IsObject()) return false;
      for (const auto& entry : value.GetObject()) {
        if (entry.value.IsArray() && name != "dependentSchemas") {
          std::vector<std::string_view> names;
          for (const auto& other : entry.value.GetArray()) {
            if (!other.IsString()) return false;
            names.push_back(text(other));
          }
          node.dependent_required.emplace_back(text(entry.name), std::move(names));
        } else if (name != "dependentRequired") {
          node.dependent_schemas.push_back({text(entry.name), schema_of(entry.value), name == "dependentSchemas"});
        } else {
          return false;
        }
      }
      node.has_object_checks = true;
      return true;
    }
    if (name == "type") {
      std::uint8_t bits = 0;
      if (value.IsString()) {
        bits = type_bits(text(value));
        if (bits == 0) return false;
      } else if (value.IsArray()) {
        for (const auto& each : value.GetArray()) {
          const std::uint8_t one = each.IsString() ? type_bits(text(each)) : 0;
          if (one == 0) return false;
          bits |= one;
        }
      } else {
        return false;
      }
      node.types = bits;
      return true;
    }
    if (name == "unevaluatedProperties") {
      node.unevaluated_properties = schema_of(value);
      node.has_object_checks = true;
      return true;
    }
    if (name == "unevaluatedItems") {
      node.unevaluated_items = schema_of(value);
      node.has_array_checks = true;
      return true;
    }
    // The rest hold no assertion: identifiers, definitions (reached by $ref), annotations.
    return keyword->value == KeywordValue::value || keyword->value == KeywordValue::schema_map;
  }

  // The keywords the table leaves out: each means the same in every dialect.
  bool take_value(std::string_view name, const Value& value, Node& node, bool exclusive_maximum,
                  bool exclusive_minimum) {
    if (name == "maximum" || name == "minimum") {
      if (!value.IsNumber()) return false;
      const bool maximum = name == "maximum";
      node.bounds.push_back({operand(value), maximum, maximum ? exclusive_maximum : exclusive_minimum});
      return node.bounds.back().value != nullptr;
    }
    if (name == "exclusiveMaximum" || name == "exclusiveMinimum") {
      if (dialect_ == Dialect::draft4) return true;  // read beside maximum and minimum
      if (!value.IsNumber()) return false;
      node.bounds.push_back({operand(value), name == "exclusiveMaximum", true});
      return node.bounds.back().value != nullptr;
    }
    if (name == "multipleOf") {
      if (!value.IsNumber() || !(value.GetDouble() > 0)) return false;
      node.multiple_of = operand(value);
      return node.multiple_of != nullptr;
    }
    if (name == "minLength") return count(value, node.min_length);
    if (name == "maxLength") return count(value, node.max_length);
    if (name == "minItems" || name == "maxItems") {
      node.has_array_checks = true;
      return count(value, name == "minItems" ? node.min_items : node.max_items);
    }
    if (name == "minProperties" || name == "maxProperties") {
      node.has_object_checks = true;
      return count(value, name == "minProperties" ? node.min_properties : node.max_properties);
    }
    if (name == "uniqueItems") {
      if (!value.IsBool()) return false;
      node.unique = value.GetBool();
      node.has_array_checks = node.has_array_checks || node.unique;
      return true;
    }
    if (name == "format") {
      if (!value.IsString()) return true;
      node.format = format_check(text(value));
      node.format_asserted = format_assertion_;
      return true;
    }
    // Draft 7 asserts contentEncoding and contentMediaType under --format-assertion.
    if (name == "contentEncoding" || name == "contentMediaType") {
      return !(dialect_ == Dialect::draft7 && format_assertion_);
    }
    return true;  // not a keyword: ignored
  }

  const Value& root_;
  Dialect dialect_;
  bool format_assertion_;
  std::vector<std::unique_ptr<Node>>& nodes_;
  std::unordered_map<const Value*, Node*> memo_;
  std::vector<std::unique_ptr<rapidjson::Document>>& operands_;
  std::mutex mutex_;
};

namespace {

// The node read, past a chain of pure references (which ends: the loader
// refuses a $ref cycle that never reaches a schema).
const Node& ready(const Node* node) {
  for (;;) {
    if (!node->read.load(std::memory_order_acquire)) node->compiler->read_now(*node);
    if (!node->ref_only) return *node;
    node = node->ref;
  }
}

std::uint8_t type_of(const Value& value, bool draft4, bool& spelling_lost) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return kNull;
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return kBoolean;
    case rapidjson::kStringType:
      return kString;
    case rapidjson::kArrayType:
      return kArray;
    case rapidjson::kObjectType:
      return kObject;
    case rapidjson::kNumberType:
      break;
  }
  if (!value.IsDouble()) return kInteger;
  const double number = value.GetDouble();
  const bool integral = std::isfinite(number) && std::trunc(number) == number;
  if (!draft4) return integral ? kInteger : kFraction;
  // Draft 4's integer is a number written without a fraction or exponent:
  // past 64 bits the document no longer says how it was written.
  constexpr double kPast64Bits = 9223372036854775808.0;
  spelling_lost = integral && std::fabs(number) >= kPast64Bits;
  return kFraction;
}

Verdict judge_node(const Node& node, const Value& value);

Verdict judge_object(const Node& node, const Value& value) {
  All all;
  const auto object = value.GetObject();
  const std::uint64_t size = object.MemberCount();
  if (size < node.min_properties || size > node.max_properties) return Verdict::fail;
  const std::hash<std::string_view> hash;
  if (!node.properties.empty()) {
    // Names and cheap member schemas first: most failing branches of a
    // oneOf fail there, before their deep members are walked.
    std::size_t required = 0;
    for (const auto& member : object) {
      const std::string_view name = text(member.name);
      const Node::Property* property = node.find(name, hash(name));
      if (property == nullptr) continue;
      required += property->required ? 1 : 0;
      if (property->node != nullptr && ready(property->node).cheap &&
          !all.take(judge_node(*property->node, member.value))) {
        return Verdict::fail;
      }
    }
    if (required < node.required) return Verdict::fail;
  }
  for (const auto& [name, names] : node.dependent_required) {
    if (!value.HasMember(Value(rapidjson::StringRef(name.data(), name.size())))) continue;
    for (const std::string_view other : names) {
      if (!value.HasMember(Value(rapidjson::StringRef(other.data(), other.size())))) return Verdict::fail;
    }
  }
  const bool per_member = !node.properties.empty() || !node.pattern_properties.empty() || node.additional != nullptr ||
                          node.names != nullptr;
  if (per_member) {
    for (const auto& member : object) {
      const std::string_view name = text(member.name);
      const Node::Property* property = node.properties.empty() ? nullptr : node.find(name, hash(name));
      bool matched = false;
      if (property != nullptr && property->node != nullptr) {
        matched = true;
        if (!ready(property->node).cheap && !all.take(judge_node(*property->node, member.value))) return Verdict::fail;
      }
      bool undecided = false;
      for (const auto& pattern : node.pattern_properties) {
        const PatternRegex::Match match = pattern.regex->search(name);
        if (match == PatternRegex::Match::undecided) {
          undecided = true;
          all.take(Verdict::unknown);
        } else if (match == PatternRegex::Match::yes) {
          matched = true;
          if (!all.take(judge_node(*pattern.node, member.value))) return Verdict::fail;
        }
      }
      if (!matched && undecided) continue;
      if (!matched && node.additional != nullptr && !all.take(judge_node(*node.additional, member.value))) {
        return Verdict::fail;
      }
      if (node.names != nullptr && !all.take(judge_node(*node.names, member.name))) return Verdict::fail;
    }
  }
  for (const auto& dependent : node.dependent_schemas) {
    if (value.HasMember(Value(rapidjson::StringRef(dependent.name.data(), dependent.name.size()))) &&
        !all.take(judge_node(*dependent.node, value))) {
      return Verdict::fail;
    }
  }
  return all.verdict;
}

// What the subschemas around an unevaluatedProperties or unevaluatedItems
// evaluate of one value, followed as the exact walk's plans follow them
// (engine/member_constraints.cpp): the node's own keywords, allOf and $ref
// always, a branch of anyOf or oneOf when it passes, if with then or else,
// dependentSchemas whose name is there; a nested unevaluated* evaluates all.
struct Evaluated {
  std::vector<bool> marked;  // members by index, or items
  bool all = false;
  std::size_t prefix = 0;  // leading items
  std::vector<const Node*> seen;

  bool saw(const Node* node) {
    if (std::find(seen.begin(), seen.end(), node) != seen.end()) return true;
    seen.push_back(node);
    return false;
  }
};

// False when it cannot say: a subschema the tree does not take, a branch it
// cannot decide, a pattern the budget cannot decide. `top` is the node whose
// own unevaluated keyword is being judged (it is left out; reached again
// below itself, it evaluates all).
bool evaluate(const Node& unread, const Value& value, bool properties, bool top, Evaluated& out) {
  const Node& node = ready(&unread);
  if (node.opaque) return false;
  if (node.never || (!top && out.saw(&node))) return true;
  if (properties) {
    out.all = out.all || node.additional != nullptr || (!top && node.unevaluated_properties != nullptr);
    // Every member against every plan, as the exact walk does: a pattern it
    // cannot decide fails there even when all members are evaluated.
    if (!node.properties.empty() || !node.pattern_properties.empty()) {
      const std::hash<std::string_view> hash;
      std::size_t index = 0;
      for (const auto& member : value.GetObject()) {
        const std::string_view name = text(member.name);
        const Node::Property* property = node.properties.empty() ? nullptr : node.find(name, hash(name));
        bool matched = property != nullptr && property->node != nullptr;
        for (const auto& pattern : node.pattern_properties) {
          if (matched) break;
          const PatternRegex::Match match = pattern.regex->search(name);
          if (match == PatternRegex::Match::undecided) return false;
          matched = match == PatternRegex::Match::yes;
        }
        if (matched) out.marked[index] = true;
        ++index;
      }
    }
  } else {
    out.all = out.all || node.rest != nullptr || (!top && node.unevaluated_items != nullptr);
    out.prefix = std::max(out.prefix, node.prefix.size());
    if (!out.all && node.contains != nullptr) {
      rapidjson::SizeType index = 0;
      for (const auto& item : value.GetArray()) {
        const rapidjson::SizeType at = index++;
        if (out.marked[at]) continue;
        const Verdict one = judge_node(*node.contains, item);
        if (one == Verdict::unknown) return false;
        out.marked[at] = one == Verdict::pass;
      }
    }
  }
  if (out.all && !properties) return true;
  for (const Node* each : node.all_of) {
    if (!evaluate(*each, value, properties, false, out)) return false;
  }
  for (const auto* list : {&node.any_of, &node.one_of}) {
    for (const Node* each : *list) {
      const Verdict one = judge_node(*each, value);
      if (one == Verdict::unknown) return false;
      if (one == Verdict::pass && !evaluate(*each, value, properties, false, out)) return false;
    }
  }
  if (node.if_node != nullptr) {
    const Verdict condition = judge_node(*node.if_node, value);
    if (condition == Verdict::unknown) return false;
    if (condition == Verdict::pass) {
      if (!evaluate(*node.if_node, value, properties, false, out)) return false;
      if (node.then_node != nullptr && !evaluate(*node.then_node, value, properties, false, out)) return false;
    } else if (node.else_node != nullptr && !evaluate(*node.else_node, value, properties, false, out)) {
      return false;
    }
  }
  if (properties) {
    for (const auto& dependent : node.dependent_schemas) {
      if (dependent.evaluates &&
          value.HasMember(Value(rapidjson::StringRef(dependent.name.data(), dependent.name.size()))) &&
          !evaluate(*dependent.node, value, properties, false, out)) {
        return false;
      }
    }
  }
  return true;
}

Verdict judge_unevaluated(const Node& node, const Value& value, bool properties) {
  Evaluated evaluated;
  evaluated.marked.assign(properties ? value.MemberCount() : value.Size(), false);
  if (!evaluate(node, value, properties, true, evaluated)) return Verdict::unknown;
  if (evaluated.all) return Verdict::pass;
  All all;
  const Node& rest = properties ? *node.unevaluated_properties : *node.unevaluated_items;
  if (properties) {
    std::size_t index = 0;
    for (const auto& member : value.GetObject()) {
      if (!evaluated.marked[index++] && !all.take(judge_node(rest, member.value))) return Verdict::fail;
    }
  } else {
    for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
      if (i >= evaluated.prefix && !evaluated.marked[i] && !all.take(judge_node(rest, value[i]))) return Verdict::fail;
    }
  }
  return all.verdict;
}

Verdict judge_array(const Node& node, const Value& value) {
  All all;
  const auto array = value.GetArray();
  const std::uint64_t size = array.Size();
  if (size < node.min_items || size > node.max_items) return Verdict::fail;
  if (node.unique) {
    for (rapidjson::SizeType i = 0; i < array.Size(); ++i) {
      for (rapidjson::SizeType j = i + 1; j < array.Size(); ++j) {
        if (json::json_equal(array[i], array[j])) return Verdict::fail;
      }
    }
  }
  for (rapidjson::SizeType i = 0; i < array.Size(); ++i) {
    const Node* item = i < node.prefix.size() ? node.prefix[i] : node.rest;
    if (item == nullptr) break;
    if (!all.take(judge_node(*item, array[i]))) return Verdict::fail;
  }
  if (node.contains != nullptr) {
    std::uint64_t passed = 0;
    std::uint64_t unsure = 0;
    for (const auto& item : array) {
      const Verdict one = judge_node(*node.contains, item);
      passed += one == Verdict::pass ? 1 : 0;
      unsure += one == Verdict::unknown ? 1 : 0;
    }
    if (passed + unsure < node.min_contains || passed > node.max_contains) return Verdict::fail;
    if (unsure != 0 && (passed < node.min_contains || passed + unsure > node.max_contains)) {
      all.take(Verdict::unknown);
    }
  }
  return all.verdict;
}

Verdict judge_string(const Node& node, const Value& value) {
  const std::string_view string = text(value);
  if (node.min_length != 0 || node.max_length != std::numeric_limits<std::uint64_t>::max()) {
    const std::uint64_t length = code_points(string);
    if (length < node.min_length || length > node.max_length) return Verdict::fail;
  }
  All all;
  for (const auto& pattern : node.patterns) {
    const PatternRegex::Match match = pattern->search(string);
    if (match == PatternRegex::Match::no) return Verdict::fail;
    if (match == PatternRegex::Match::undecided) all.take(Verdict::unknown);
  }
  // An unasserted format that fails passes with an annotation: the exact walk reports it.
  if (node.format != nullptr && !node.format(string)) return node.format_asserted ? Verdict::fail : Verdict::unknown;
  return all.verdict;
}

Verdict judge_number(const Node& node, const Value& value) {
  for (const auto& bound : node.bounds) {
    const std::partial_ordering order = json::compare_numbers(value, *bound.value);
    const bool holds =
        bound.maximum ? (bound.exclusive ? order < 0 : order <= 0) : (bound.exclusive ? order > 0 : order >= 0);
    if (!holds) return Verdict::fail;
  }
  if (node.multiple_of != nullptr && !json::is_multiple_of(value, *node.multiple_of)) return Verdict::fail;
  return Verdict::pass;
}

Verdict judge_node(const Node& unread, const Value& value) {
  const Node& node = ready(&unread);
  if (node.opaque) return Verdict::unknown;
  if (node.never) return Verdict::fail;
  All all;
  if (node.types != kAnyType) {
    bool spelling_lost = false;
    const std::uint8_t type = type_of(value, node.draft4, spelling_lost);
    const bool holds = (node.types & type) != 0;
    if (spelling_lost && holds != ((node.types & kInteger) != 0)) {
      all.take(Verdict::unknown);
    } else if (!holds) {
      return Verdict::fail;
    }
  }
  if (node.constant != nullptr && !json::json_equal(value, *node.constant)) return Verdict::fail;
  if (node.options != nullptr) {
    bool found = false;
    for (const auto& option : node.options->GetArray()) {
      if (json::json_equal(value, option)) {
        found = true;
        break;
      }
    }
    if (!found) return Verdict::fail;
  }
  switch (value.GetType()) {
    case rapidjson::kObjectType:
      if (node.has_object_checks && !all.take(judge_object(node, value))) return Verdict::fail;
      break;
    case rapidjson::kArrayType:
      if (node.has_array_checks && !all.take(judge_array(node, value))) return Verdict::fail;
      break;
    case rapidjson::kStringType:
      if (!all.take(judge_string(node, value))) return Verdict::fail;
      break;
    case rapidjson::kNumberType:
      if (!all.take(judge_number(node, value))) return Verdict::fail;
      break;
    default:
      break;
  }
  for (const Node* each : node.all_of) {
    if (!all.take(judge_node(*each, value))) return Verdict::fail;
  }
  if (!node.any_of.empty()) {
    Verdict any = Verdict::fail;
    for (const Node* each : node.any_of) {
      const Verdict one = judge_node(*each, value);
      if (one == Verdict::pass) {
        any = Verdict::pass;
        break;
      }
      if (one == Verdict::unknown) any = Verdict::unknown;
    }
    if (!all.take(any)) return Verdict::fail;
  }
  if (!node.one_of.empty()) {
    std::size_t passed = 0;
    std::size_t unsure = 0;
    for (const Node* each : node.one_of) {
      const Verdict one = judge_node(*each, value);
      passed += one == Verdict::pass ? 1 : 0;
      unsure += one == Verdict::unknown ? 1 : 0;
      if (passed > 1) return Verdict::fail;
    }
    if (passed + unsure == 0) return Verdict::fail;
    if (unsure != 0) all.take(Verdict::unknown);
  }
  if (node.negated != nullptr) {
    const Verdict inner = judge_node(*node.negated, value);
    if (inner == Verdict::pass) return Verdict::fail;
    if (inner == Verdict::unknown) all.take(Verdict::unknown);
  }
  if (node.if_node != nullptr && (node.then_node != nullptr || node.else_node != nullptr)) {
    const Verdict condition = judge_node(*node.if_node, value);
    const Node* branch = condition == Verdict::pass ? node.then_node : node.else_node;
    if (condition == Verdict::unknown) {
      all.take(Verdict::unknown);
    } else if (branch != nullptr && !all.take(judge_node(*branch, value))) {
      return Verdict::fail;
    }
  }
  // Last: what the others evaluate decides what is left to these.
  if (node.unevaluated_properties != nullptr && value.IsObject() && !all.take(judge_unevaluated(node, value, true))) {
    return Verdict::fail;
  }
  if (node.unevaluated_items != nullptr && value.IsArray() && !all.take(judge_unevaluated(node, value, false))) {
    return Verdict::fail;
  }
  return all.verdict;
}

}  // namespace

VerdictTree::~VerdictTree() = default;

std::unique_ptr<VerdictTree> VerdictTree::compile(const rapidjson::Value& schema, Dialect dialect,
                                                  bool format_assertion) {
  std::unique_ptr<VerdictTree> tree(new VerdictTree);
  tree->compiler_ = std::make_unique<Compiler>(schema, dialect, format_assertion, tree->nodes_, tree->operands_);
  // Only the root is read now; the others when a body first reaches them.
  const Node& root = ready(tree->compiler_->compile(schema));
  if (root.opaque) return nullptr;
  tree->root_ = &root;
  return tree;
}

std::unique_ptr<VerdictTree> VerdictTree::compile(const LoadedSchema& loaded) {
  if (loaded.keywords_ignored) return nullptr;
  return compile(loaded.original, loaded.dialect, loaded.format_assertion);
}

Verdict VerdictTree::judge(const rapidjson::Value& instance) const { return judge_node(*root_, instance); }

}  // namespace conform::engine
