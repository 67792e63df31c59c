#include "engine/schema_bundle.hpp"

#include <fmt/format.h>

#include <deque>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"
#include "conform/limits.hpp"
#include "engine/keyword_table.hpp"
#include "engine/uri.hpp"
#include "json/json_pointer.hpp"
#include "json/strict_reader.hpp"

namespace conform::engine {
namespace {

// Bundled documents become definitions, so the bundle is a plain draft-07
// schema that any validator reads.
constexpr std::string_view kBundlePrefix = "x-conform-bundled-";
// A resource copied for one dynamic scope (see specialize()).
constexpr std::string_view kCopyPrefix = "x-conform-dynamic-scope-";

// The base URI of a schema that names none: any URI would do, as long as
// relative identifiers resolve against it and it names nothing real.
constexpr std::string_view kAnonymousBase = "urn:conform:anonymous-schema";

// The $id of every embedded schema, read once.
const std::map<std::string, std::string_view>& embedded_by_id() {
  static const std::map<std::string, std::string_view> index = [] {
    std::map<std::string, std::string_view> result;
    for (const EmbeddedSchema& schema : embedded_schemas()) {
      rapidjson::Document document;
      if (!json::read_strict(schema.text, Limits{}, document).empty() || !document.IsObject()) continue;
      for (const char* key : {"$id", "id"}) {
        const auto id = document.FindMember(key);
        if (id != document.MemberEnd() && id->value.IsString()) {
          result.emplace(std::string(without_fragment({id->value.GetString(), id->value.GetStringLength()})),
                         schema.text);
        }
      }
    }
    return result;
  }();
  return index;
}

// Values under these keywords are data, not schemas: a "$ref" or "$id" inside
// them is not one.
bool holds_data(std::string_view keyword) {
  return keyword == "enum" || keyword == "const" || keyword == "examples" || keyword == "default";
}

// A location in the bundle, as a URI fragment: pointer tokens percent-encode
// what a fragment may not hold (valijson decodes them).
void append_fragment_token(std::string& fragment, std::string_view token) {
  std::string escaped;
  json::append_pointer_token(escaped, token);
  for (const char c : escaped) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || std::string_view("/-._~!$&'()*+,;=:@").find(c) != std::string_view::npos) {
      fragment.push_back(c);
    } else {
      fragment += fmt::format("%{:02X}", static_cast<unsigned>(byte));
    }
  }
}

class Bundler {
 public:
  Bundler(rapidjson::Document& document, const std::string& own_id, const BundleOptions& options)
      : document_(document), options_(options) {
    const std::string base =
        resolve_uri(kAnonymousBase, own_id.empty() ? std::string_view(kAnonymousBase) : std::string_view(own_id));
    root_uri_ = std::string(without_fragment(base));
  }

  std::vector<BundledDocument> run() {
    index(document_, root_uri_, "", true);
    // By value: resolving may load a document, whose references join the list.
    resources_.emplace(root_uri_, "");
    for (std::size_t i = 0; i < references_.size(); ++i) resolve(Reference(references_[i]));
    // The documents the dynamic references name come in first (with their own
    // references), so that every resource that may be in a dynamic scope is known.
    for (std::size_t i = 0, resolved = references_.size(); i < dynamic_references_.size(); ++i) {
      const DynamicReference reference = dynamic_references_[i];
      const std::string uri(without_fragment(
          resolve_uri(reference.base, {reference.text->GetString(), reference.text->GetStringLength()})));
      if (resources_.find(uri) == resources_.end()) load(uri);
      for (; resolved < references_.size(); ++resolved) resolve(Reference(references_[resolved]));
    }
    // A dynamic reference may enter its initial target or any resource holding a matching anchor.
    for (const DynamicReference& reference : dynamic_references_) {
      const std::string target =
          resolve_uri(reference.base, {reference.text->GetString(), reference.text->GetStringLength()});
      std::set<std::string>& onward = entered_[std::string(without_fragment(reference.base))];
      onward.insert(std::string(without_fragment(target)));
      if (reference.keyword == "$recursiveRef") onward.insert(recursive_anchors_.begin(), recursive_anchors_.end());
      if (const auto dynamic = dynamic_anchors_.find(std::string(fragment_of(target)));
          reference.keyword == "$dynamicRef" && dynamic != dynamic_anchors_.end()) {
        for (const auto& entry : dynamic->second) onward.insert(entry.first);
      }
    }
    for (const DynamicReference& reference : dynamic_references_) resolve_dynamic(reference);
    move_bundled_in();
    if (!sites_.empty()) specialize();
    drop_inner_identifiers(document_, true);
    return std::move(bundled_);
  }

 private:
  struct Reference {
    rapidjson::Value* text;
    std::string base;
  };
  struct DynamicReference {
    rapidjson::Value* text;
    std::string base;
    std::string keyword;
    std::string location;  // of the schema holding it
  };

  const char* id_keyword() const { return options_.dialect == Dialect::draft4 ? "id" : "$id"; }

  // Notes the identifiers and references below `node`, whose bundle
  // location is `location` ("" for the root) and whose base URI is `base`.
  // Below a keyword the dialect does not know (`unknown`), a "$id" is no
  // identifier; its references are still resolved, for a $ref may point there.
  void index(rapidjson::Value& node, std::string base, const std::string& location, bool is_schema,
             bool unknown = false) {
    if (node.IsArray()) {
      for (rapidjson::SizeType i = 0; i < node.Size(); ++i) {
        std::string item = location;
        append_fragment_token(item, std::to_string(i));
        index(node[i], base, item, true, unknown);
      }
      return;
    }
    if (!node.IsObject()) return;
    if (is_schema) {
      // Drafts 4 to 7 ignore every keyword beside "$ref", an identifier too:
      // it does not change the base the reference resolves against.
      const bool has_ref = options_.dialect <= Dialect::draft7 && node.HasMember("$ref");
      bool resource_root = location.empty() || location == bundled_location_;
      if (const auto id = node.FindMember(id_keyword());
          !has_ref && !unknown && id != node.MemberEnd() && id->value.IsString()) {
        const std::string identified = resolve_uri(base, {id->value.GetString(), id->value.GetStringLength()});
        const std::string_view fragment = fragment_of(identified);
        if (!fragment.empty() && fragment.front() != '/') {
          anchors_.emplace(identified, location);  // "$id": "#foo" names a location, not a base
        } else {
          const std::string outer = base;
          base = std::string(without_fragment(identified));
          resources_.emplace(base, location);
          entered_[outer].insert(base);  // evaluation enters an embedded resource through its parent
          resource_root = true;
        }
      }
      if (const auto ref = node.FindMember("$ref"); ref != node.MemberEnd() && ref->value.IsString()) {
        references_.push_back({&ref->value, base});
      }
      for (const char* keyword : {"$dynamicRef", "$recursiveRef"}) {
        const auto ref = node.FindMember(keyword);
        if (!unknown && ref != node.MemberEnd() && ref->value.IsString() && keyword_in(keyword, options_.dialect)) {
          dynamic_references_.push_back({&ref->value, base, std::string(keyword), location});
        }
      }
      if (const auto anchor = node.FindMember("$dynamicAnchor"); !unknown && anchor != node.MemberEnd() &&
                                                                 anchor->value.IsString() &&
                                                                 keyword_in("$dynamicAnchor", options_.dialect)) {
        const std::string name(anchor->value.GetString(), anchor->value.GetStringLength());
        dynamic_anchors_[name].emplace(base, location);
      }
      if (const auto anchor = node.FindMember("$recursiveAnchor");
          !unknown && anchor != node.MemberEnd() && anchor->value.IsBool() && anchor->value.GetBool() &&
          keyword_in("$recursiveAnchor", options_.dialect) && resource_root) {
        recursive_anchors_.insert(base);
      }
      // 2019-09's "$anchor": "foo" (and 2020-12's "$dynamicAnchor", which a plain $ref reaches too) is "$id": "#foo" of
      // before.
      for (const char* keyword : {"$anchor", "$dynamicAnchor"}) {
        const auto anchor = node.FindMember(keyword);
        if (unknown || anchor == node.MemberEnd() || !anchor->value.IsString() ||
            !keyword_in(keyword, options_.dialect)) {
          continue;
        }
        anchors_.emplace(base + "#" + std::string(anchor->value.GetString(), anchor->value.GetStringLength()),
                         location);
      }
    }
    for (auto& member : node.GetObject()) {
      const std::string_view name(member.name.GetString(), member.name.GetStringLength());
      if (is_schema && holds_data(name)) continue;
      std::string child = location;
      append_fragment_token(child, name);
      // Under "properties" and the like the members are names, and their values schemas.
      const auto keyword = is_schema ? schema_keyword(name, options_.dialect) : std::nullopt;
      const bool names_schemas =
          keyword && (keyword->value == KeywordValue::schema_map || keyword->value == KeywordValue::schema_or_names);
      index(member.value, base, child, !names_schemas, unknown || (is_schema && !keyword && name != "$ref"));
    }
  }

  void resolve(const Reference reference) {
    const std::string target =
        resolve_uri(reference.base, {reference.text->GetString(), reference.text->GetStringLength()});
    const std::string document_uri(without_fragment(target));
    const std::string_view fragment = fragment_of(target);
    std::string local;
    if (!fragment.empty() && fragment.front() != '/') {
      const auto anchor = anchors_.find(target);
      if (anchor == anchors_.end() && resources_.find(document_uri) == resources_.end() && load(document_uri)) {
        return resolve(reference);  // the document is in now, with its anchors
      }
      if (anchor == anchors_.end()) return;  // unknown: the loader names it and refuses the schema
      local = "#" + anchor->second;
    } else {
      auto resource = resources_.find(document_uri);
      if (resource == resources_.end() && load(document_uri)) resource = resources_.find(document_uri);
      if (resource == resources_.end()) return;
      local = "#" + resource->second + std::string(fragment);
    }
    reference.text->SetString(local.c_str(), static_cast<rapidjson::SizeType>(local.size()), document_.GetAllocator());
    entered_[std::string(without_fragment(reference.base))].insert(resource_at(local.substr(1)));
  }

  // The resource whose root is the longest prefix of a bundle location.
  std::string resource_at(std::string_view location) const {
    std::string best = root_uri_;
    std::size_t length = 0;
    for (const auto& [uri, at] : resources_) {
      if (at.size() >= length && location.compare(0, at.size(), at) == 0 &&
          (location.size() == at.size() || location[at.size()] == '/')) {
        best = uri;
        length = at.size();
      }
    }
    return best;
  }

  bool reaches(const std::string& start, const std::string& goal) const {
    std::set<std::string> seen{start};
    std::vector<std::string> queue{start};
    while (!queue.empty()) {
      const std::string resource = queue.back();
      queue.pop_back();
      if (resource == goal) return true;
      const auto next = entered_.find(resource);
      if (next == entered_.end()) continue;
      for (const std::string& onward : next->second) {
        if (seen.insert(onward).second) queue.push_back(onward);
      }
    }
    return false;
  }

  // The resources that hold a dynamic anchor and can be the first one the
  // evaluation enters on its way from the root; and whether `from` can be
  // reached on a way that enters none.
  std::pair<std::set<std::string>, bool> first_holders(const std::set<std::string>& holders,
                                                       const std::string& from) const {
    std::set<std::string> first;
    std::set<std::string> seen{root_uri_};
    std::vector<std::string> queue{root_uri_};
    bool bare = false;
    while (!queue.empty()) {
      const std::string resource = queue.back();
      queue.pop_back();
      if (holders.count(resource) != 0) {
        if (reaches(resource, from)) first.insert(resource);
        continue;  // past the first holder, the target is fixed on this way
      }
      bare = bare || resource == from;
      const auto next = entered_.find(resource);
      if (next == entered_.end()) continue;
      for (const std::string& onward : next->second) {
        if (seen.insert(onward).second) queue.push_back(onward);
      }
    }
    return {first, bare};
  }

  // $dynamicRef (2020-12) and $recursiveRef (2019-09) resolve to the
  // outermost schema resource of the dynamic scope that holds a matching
  // dynamic anchor. The root is always the outermost, so where it holds one,
  // or where only the initial target's resource does, the reference is a
  // plain one to that place; else the target depends on the path the
  // evaluation takes, and the schema is refused rather than judged wrongly.
  void resolve_dynamic(const DynamicReference& reference) {
    const std::string_view text(reference.text->GetString(), reference.text->GetStringLength());
    const bool recursive = reference.keyword == "$recursiveRef";
    const auto refuse = [&](const std::string& why) {
      std::string at = "#" + reference.location;
      append_fragment_token(at, reference.keyword);
      throw Error(
          fmt::format("{}: \"{}\" {}; conform refuses the schema rather than judge bodies without it", at, text, why));
    };
    if (recursive && text != "#") refuse("is not \"#\", the only value 2019-09 gives a meaning to");
    const std::string target = resolve_uri(reference.base, text);
    const std::string document_uri(without_fragment(target));
    if (resources_.find(document_uri) == resources_.end()) return;  // unknown: the loader refuses it
    const std::string_view fragment = fragment_of(target);
    std::string local;
    // The resources holding a matching dynamic anchor, by where the anchor is.
    std::map<std::string, std::string> holders;
    if (recursive) {
      local = resources_.at(document_uri);
      if (recursive_anchors_.count(document_uri) != 0) {
        for (const std::string& resource : recursive_anchors_) holders.emplace(resource, resources_.at(resource));
      }
    } else if (!fragment.empty() && fragment.front() != '/') {
      const auto anchor = anchors_.find(target);
      if (anchor == anchors_.end()) return;  // unknown: the loader names it and refuses the schema
      local = anchor->second;
      const auto dynamic = dynamic_anchors_.find(std::string(fragment));
      if (dynamic != dynamic_anchors_.end() && dynamic->second.count({document_uri, anchor->second}) != 0) {
        for (const auto& [resource, location] : dynamic->second) holders.emplace(resource, location);
      }
    } else {
      local = resources_.at(document_uri) + std::string(fragment);
    }
    if (!holders.empty()) {
      std::set<std::string> holding;
      for (const auto& entry : holders) holding.insert(entry.first);
      const auto [first, bare] = first_holders(holding, std::string(without_fragment(reference.base)));
      // Each way from the root enters one of `first` before the reference
      // (or, `bare`, none: the initial target then stays).
      const bool fixed = first.size() == 1 && (!bare || *first.begin() == document_uri);
      if (first.size() > 1 || (first.size() == 1 && !fixed)) {
        // The target depends on the path taken: each way gets its own copy of the resources it enters.
        const std::string name = recursive ? std::string() : std::string(fragment);
        for (const auto& [resource, location] : holders) holder_anchors_[name][resource] = location;
        sites_[reference.location] = {name, local, reference.keyword};
      } else if (first.size() == 1) {
        local = holders.at(*first.begin());
      }
    }
    local.insert(0, "#");
    reference.text->SetString(local.c_str(), static_cast<rapidjson::SizeType>(local.size()), document_.GetAllocator());
  }

  // An anchor name ("" for "$recursiveAnchor") -> the outermost resource of the dynamic scope holding it.
  using Scope = std::map<std::string, std::string>;

  Scope entering(Scope scope, const std::string& resource) const {
    for (const auto& [name, holders] : holder_anchors_) {
      if (holders.count(resource) != 0) scope.emplace(name, resource);  // an outer holder stays
    }
    return scope;
  }

  // A dynamic reference whose target depends on the way the evaluation takes
  // is decided per dynamic scope: the scope is a property of the way, so the
  // resources are copied once per scope they can be entered with (only the
  // holders of the anchors those references name count), and every reference
  // in a copy leads to the copy for the scope it enters with. The root is the
  // copy for the scope of its own anchors.
  void specialize() {
    auto definitions = document_.FindMember("definitions");
    if (definitions == document_.MemberEnd()) {
      document_.AddMember("definitions", rapidjson::Value(rapidjson::kObjectType), document_.GetAllocator());
    } else if (!definitions->value.IsObject()) {
      throw Error("#/definitions: must be an object where a dynamic reference resolves by the path taken");
    }
    pristine_.CopyFrom(document_, pristine_.GetAllocator());
    for (const auto& [uri, location] : resources_) resource_named_[location] = uri;
    const Scope root = entering({}, root_uri_);
    copies_by_scope_[scope_key(root_uri_, root)] = "";
    specialize_node(document_, "", "", root, true, false);
    for (std::size_t i = 0; i < copies_.size(); ++i) {
      Copy& copy = copies_[i];
      specialize_node(copy.value, copy.location, copy.original, copy.scope, true, false);
    }
    for (Copy& copy : copies_) {
      const std::string name = copy.location.substr(copy.location.rfind('/') + 1);
      definitions = document_.FindMember("definitions");
      definitions->value.AddMember(rapidjson::Value(name.c_str(), document_.GetAllocator()), copy.value,
                                   document_.GetAllocator());
      bundled_.push_back({"#" + copy.location, "", "#" + copy.original});
    }
  }

  static std::string scope_key(const std::string& resource, const Scope& scope) {
    std::string key = resource;
    for (const auto& [name, holder] : scope) key += '\n' + name + '\n' + holder;
    return key;
  }

  // `node` sits at `here` in the bundle and is the copy of the one at
  // `original`; `scope` is the dynamic scope it is evaluated in. Walks as
  // index() does.
  void specialize_node(rapidjson::Value& node, const std::string& here, const std::string& original, Scope scope,
                       bool is_schema, bool unknown) {
    if (++specialized_nodes_ > kMaxSpecializedNodes) {
      throw Error(
          fmt::format("{}: the dynamic references of this schema resolve in so many dynamic scopes that "
                      "its copies would pass {} schema nodes; conform refuses it",
                      "#" + original, kMaxSpecializedNodes));
    }
    if (node.IsArray()) {
      for (rapidjson::SizeType i = 0; i < node.Size(); ++i) {
        std::string index = std::to_string(i);
        std::string item_here = here;
        std::string item_original = original;
        append_fragment_token(item_here, index);
        append_fragment_token(item_original, index);
        specialize_node(node[i], item_here, item_original, scope, true, unknown);
      }
      return;
    }
    if (!node.IsObject()) return;
    if (is_schema) {
      if (const auto resource = resource_named_.find(original); resource != resource_named_.end()) {
        scope = entering(std::move(scope), resource->second);
        copies_by_scope_.emplace(scope_key(resource->second, scope), here);
      }
      for (const char* keyword : {"$ref", "$dynamicRef", "$recursiveRef"}) {
        const auto ref = node.FindMember(keyword);
        if (ref == node.MemberEnd() || !ref->value.IsString()) continue;
        std::string target(ref->value.GetString(), ref->value.GetStringLength());
        const auto site = sites_.find(original);
        if (std::string_view(keyword) != "$ref" && !unknown && site != sites_.end() &&
            site->second.keyword == keyword) {
          const auto holder = scope.find(site->second.anchor);
          target = "#" + (holder == scope.end() ? site->second.initial
                                                : holder_anchors_.at(site->second.anchor).at(holder->second));
        }
        if (target.empty() || target.front() != '#') continue;  // unresolved: the loader refuses it
        const std::string redirected = "#" + copy_for(target.substr(1), scope, original);
        ref->value.SetString(redirected.c_str(), static_cast<rapidjson::SizeType>(redirected.size()),
                             document_.GetAllocator());
      }
    }
    for (auto& member : node.GetObject()) {
      const std::string_view name(member.name.GetString(), member.name.GetStringLength());
      if (is_schema && holds_data(name)) continue;
      std::string child_here = here;
      std::string child_original = original;
      append_fragment_token(child_here, name);
      append_fragment_token(child_original, name);
      const auto keyword = is_schema ? schema_keyword(name, options_.dialect) : std::nullopt;
      const bool names_schemas =
          keyword && (keyword->value == KeywordValue::schema_map || keyword->value == KeywordValue::schema_or_names);
      specialize_node(member.value, child_here, child_original, scope, !names_schemas,
                      unknown || (is_schema && !keyword && name != "$ref"));
    }
  }

  // Where `location` is in the copy of its resource for the scope that
  // entering it from `scope` gives; makes that copy when there is none.
  std::string copy_for(const std::string& location, const Scope& scope, const std::string& from) {
    const std::string resource = resource_at(location);
    const std::string& at = resources_.at(resource);
    const Scope entered = entering(scope, resource);
    const std::string key = scope_key(resource, entered);
    auto copy = copies_by_scope_.find(key);
    if (copy == copies_by_scope_.end()) {
      const auto tokens = fragment_pointer_tokens(at);
      const rapidjson::Value* source = tokens ? resolve_pointer_tokens(pristine_, *tokens) : nullptr;
      if (source == nullptr) return location;  // dangling: the loader names it
      if (copies_.size() >= kMaxCopies) {
        throw Error(
            fmt::format("#{}: the dynamic references of this schema resolve in more than {} dynamic scopes; "
                        "conform refuses it rather than judge bodies without them",
                        from, kMaxCopies));
      }
      std::string here = "/definitions";
      append_fragment_token(here, std::string(kCopyPrefix) + std::to_string(copies_.size()));
      copies_.push_back({rapidjson::Value(*source, document_.GetAllocator()), here, at, entered});
      copy = copies_by_scope_.emplace(key, here).first;
    }
    return copy->second + location.substr(at.size());
  }

  // Copies in the document `uri` names, if conform knows it; false otherwise.
  bool load(const std::string& uri) {
    std::string text;
    if (!known_document(uri, options_.uri_map, text)) return false;
    if (!document_.IsObject()) return false;
    if (auto definitions = document_.FindMember("definitions");
        definitions != document_.MemberEnd() && !definitions->value.IsObject()) {
      return false;  // nowhere to put it: the loader names the reference and refuses the schema
    }
    rapidjson::Document external(&document_.GetAllocator());
    if (const auto findings = json::read_strict(text, Limits{std::size_t{64} << 20, 512}, external);
        !findings.empty()) {
      throw Error(fmt::format("{} is not usable JSON: {}", uri, findings.front().message));
    }
    std::string location = "/definitions";
    append_fragment_token(location, std::string(kBundlePrefix) + std::to_string(pending_.size()));
    bundled_.push_back({"#" + location, uri, ""});
    // Its keywords are read in the referring schema's dialect: one that names another cannot be read right.
    if (const auto schema = external.IsObject() ? external.FindMember("$schema") : external.MemberEnd();
        external.IsObject() && schema != external.MemberEnd() && schema->value.IsString()) {
      const std::string_view named(schema->value.GetString(), schema->value.GetStringLength());
      constexpr std::string_view kDrafts[] = {"draft-04", "draft-06", "draft-07", "draft/2019-09", "draft/2020-12"};
      const std::string_view own = kDrafts[static_cast<int>(options_.dialect)];
      if (named.find(own) == std::string_view::npos) {
        throw Error(
            fmt::format("{} is a schema of another dialect ({}); conform reads a referenced document in the "
                        "referring schema's dialect only",
                        uri, named));
      }
    }
    external.RemoveMember("$schema");
    pending_.emplace_back(external, document_.GetAllocator());
    resources_.emplace(uri, location);
    bundled_location_ = location;
    index(pending_.back(), uri, location, true);
    bundled_location_.clear();
    return true;
  }

  // Copies wait in a deque (stable addresses) while references are resolved;
  // then they move into the root's definitions.
  void move_bundled_in() {
    auto& allocator = document_.GetAllocator();
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      auto definitions = document_.FindMember("definitions");
      if (definitions == document_.MemberEnd()) {
        document_.AddMember("definitions", rapidjson::Value(rapidjson::kObjectType), allocator);
        definitions = document_.FindMember("definitions");
      }
      const std::string name = std::string(kBundlePrefix) + std::to_string(i);
      definitions->value.AddMember(rapidjson::Value(name.c_str(), allocator), pending_[i], allocator);
    }
  }

  // Every reference is local now; an identifier below the root would make a
  // validator that reads it resolve them against the wrong base.
  void drop_inner_identifiers(rapidjson::Value& node, bool is_root) {
    if (node.IsArray()) {
      for (auto& item : node.GetArray()) drop_inner_identifiers(item, false);
      return;
    }
    if (!node.IsObject()) return;
    if (!is_root) {
      if (const auto id = node.FindMember(id_keyword()); id != node.MemberEnd() && id->value.IsString()) {
        node.RemoveMember(id);
      }
    }
    for (auto& member : node.GetObject()) {
      if (!holds_data({member.name.GetString(), member.name.GetStringLength()})) {
        drop_inner_identifiers(member.value, false);
      }
    }
  }

  rapidjson::Document& document_;
  const BundleOptions& options_;
  std::string root_uri_;
  std::map<std::string, std::string> resources_;  // URI without fragment -> bundle location
  std::map<std::string, std::string> anchors_;    // URI with a plain-name fragment -> bundle location
  std::vector<Reference> references_;
  std::map<std::string, std::set<std::string>> entered_;  // resource -> the resources its evaluation may enter
  std::vector<DynamicReference> dynamic_references_;
  std::map<std::string, std::set<std::pair<std::string, std::string>>>
      dynamic_anchors_;                      // name -> (resource, location)
  std::set<std::string> recursive_anchors_;  // resources whose root has "$recursiveAnchor": true
  std::string bundled_location_;             // of the document being indexed as it is copied in
  // The dynamic references that resolve by the path taken, by the location of the schema holding them.
  struct Site {
    std::string anchor;   // "" for $recursiveRef
    std::string initial;  // the bundle location it resolves to where no resource of the scope holds the anchor
    std::string keyword;
  };
  struct Copy {
    rapidjson::Value value;
    std::string location;  // in the bundle
    std::string original;  // the location of what it copies
    Scope scope;
  };
  static constexpr std::size_t kMaxCopies = 256;
  static constexpr std::size_t kMaxSpecializedNodes = 4'000'000;
  std::map<std::string, Site> sites_;
  std::map<std::string, std::map<std::string, std::string>> holder_anchors_;  // anchor -> resource -> location
  std::map<std::string, std::string> resource_named_;                         // bundle location -> resource
  std::map<std::string, std::string> copies_by_scope_;  // resource and scope -> location of its copy
  std::deque<Copy> copies_;
  std::size_t specialized_nodes_ = 0;
  rapidjson::Document pristine_;  // the bundle before the copies' references change
  std::vector<BundledDocument> bundled_;
  std::deque<rapidjson::Value> pending_;
};

}  // namespace

bool known_document(const std::string& uri, const std::vector<std::pair<std::string, std::string>>& uri_map,
                    std::string& text) {
  if (const auto found = embedded_by_id().find(uri); found != embedded_by_id().end()) {
    text = found->second;
    return true;
  }
  for (const auto& [prefix, folder] : uri_map) {
    if (uri.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string path = folder + "/" + uri.substr(prefix.size());
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fmt::format("{} maps to {}, which cannot be read", uri, path));
    std::ostringstream content;
    content << in.rdbuf();
    text = content.str();
    return true;
  }
  return false;
}

std::vector<BundledDocument> bundle_references(rapidjson::Document& document, const std::string& own_id,
                                               const BundleOptions& options) {
  return Bundler(document, own_id, options).run();
}

std::string display_location(const std::string& location, const std::vector<BundledDocument>& bundled) {
  for (const auto& entry : bundled) {
    if (location.compare(0, entry.location.size(), entry.location) == 0 &&
        (location.size() == entry.location.size() || location[entry.location.size()] == '/')) {
      if (!entry.copy_of.empty())
        return display_location(entry.copy_of + location.substr(entry.location.size()), bundled);
      return entry.uri + "#" + location.substr(entry.location.size());
    }
  }
  return location;
}

}  // namespace conform::engine
