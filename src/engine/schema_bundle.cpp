#include "engine/schema_bundle.hpp"

#include <deque>
#include <map>
#include <string_view>

#include "conform/embedded_schema.hpp"
#include "conform/limits.hpp"
#include "json/strict_reader.hpp"

namespace conform::engine {
namespace {

// Bundled documents become definitions, so the bundle is a plain draft-07
// schema that any validator reads.
constexpr std::string_view kBundlePrefix = "x-conform-bundled-";

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
          std::string text(id->value.GetString(), id->value.GetStringLength());
          if (!text.empty() && text.back() == '#') text.pop_back();
          result.emplace(std::move(text), schema.text);
        }
      }
    }
    return result;
  }();
  return index;
}

// Values under these keywords are data, not schemas: a "$ref" inside them is
// not a reference.
bool holds_data(std::string_view keyword) {
  return keyword == "enum" || keyword == "const" || keyword == "examples" || keyword == "default";
}

class Bundler {
 public:
  Bundler(rapidjson::Document& document, std::string own_id) : document_(document), own_id_(std::move(own_id)) {}

  std::vector<BundledDocument> run() {
    rewrite_references(document_, "");
    // Copies wait in a deque (stable addresses) while their own references
    // are rewritten, which may bundle further documents; then they move in.
    for (std::size_t i = 0; i < pending_.size(); ++i) rewrite_references(pending_[i], bundled_[i].location);
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
    return std::move(bundled_);
  }

 private:
  // Rewrites the references below `node`. `base` is the bundle location of
  // the document `node` belongs to ("" for the root document), against which
  // its own local references ("#/…") are rebased.
  void rewrite_references(rapidjson::Value& node, const std::string& base) {
    if (node.IsArray()) {
      for (auto& item : node.GetArray()) rewrite_references(item, base);
      return;
    }
    if (!node.IsObject()) return;
    for (auto& member : node.GetObject()) {
      const std::string_view name(member.name.GetString(), member.name.GetStringLength());
      if (holds_data(name)) continue;
      if (name == "$ref" && member.value.IsString()) {
        rewrite(member.value, base);
      } else {
        rewrite_references(member.value, base);
      }
    }
  }

  void rewrite(rapidjson::Value& ref, const std::string& base) {
    const std::string uri(ref.GetString(), ref.GetStringLength());
    const auto hash = uri.find('#');
    const std::string document_uri = uri.substr(0, hash);
    const std::string fragment = hash == std::string::npos ? std::string() : uri.substr(hash + 1);
    std::string target;
    if (document_uri.empty()) {
      if (base.empty()) return;  // a local reference of the root document stays as it is
      target = base + fragment;
    } else if (document_uri == own_id_) {
      target = "#" + fragment;
    } else {
      const std::string location = bundle(document_uri);
      if (location.empty()) return;  // unknown: the loader names it and refuses the schema
      target = location + fragment;
    }
    ref.SetString(target.c_str(), static_cast<rapidjson::SizeType>(target.size()), document_.GetAllocator());
  }

  // The bundle location of a known document, copying it in on first use.
  std::string bundle(const std::string& uri) {
    for (const auto& entry : bundled_) {
      if (entry.uri == uri) return entry.location;
    }
    const auto found = embedded_by_id().find(uri);
    if (found == embedded_by_id().end() || !document_.IsObject()) return {};
    if (auto definitions = document_.FindMember("definitions");
        definitions != document_.MemberEnd() && !definitions->value.IsObject()) {
      return {};  // nowhere to put it: the loader names the reference and refuses the schema
    }
    rapidjson::Document external(&document_.GetAllocator());
    if (!json::read_strict(found->second, Limits{}, external).empty()) return {};
    const std::string location = "#/definitions/" + std::string(kBundlePrefix) + std::to_string(pending_.size());
    bundled_.push_back({location, uri});
    // A definition has no identity of its own: its $id would make other
    // validators resolve its references against it.
    for (const char* identity : {"$id", "id", "$schema"}) external.RemoveMember(identity);
    pending_.emplace_back(external, document_.GetAllocator());
    return location;
  }

  rapidjson::Document& document_;
  std::string own_id_;
  std::vector<BundledDocument> bundled_;
  std::deque<rapidjson::Value> pending_;
};

}  // namespace

std::vector<BundledDocument> bundle_references(rapidjson::Document& document, const std::string& own_id) {
  return Bundler(document, own_id).run();
}

std::string display_location(const std::string& location, const std::vector<BundledDocument>& bundled) {
  for (const auto& entry : bundled) {
    if (location.compare(0, entry.location.size(), entry.location) == 0 &&
        (location.size() == entry.location.size() || location[entry.location.size()] == '/')) {
      return entry.uri + "#" + location.substr(entry.location.size());
    }
  }
  return location;
}

}  // namespace conform::engine
