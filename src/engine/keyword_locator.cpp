#include "engine/keyword_locator.hpp"

#include <charconv>

#include "engine/keyword_table.hpp"
#include "engine/pattern_regex.hpp"
#include "engine/uri.hpp"
#include "json/json_pointer.hpp"

namespace conform::engine {
namespace {

constexpr int kMaxReferenceHops = 64;

class Locator {
 public:
  Locator(const rapidjson::Value& root, const std::vector<PathToken>& path, std::string_view keyword, Dialect dialect)
      : root_(root), path_(path), keyword_(keyword), dialect_(dialect) {}

  std::optional<KeywordLocation> search(const rapidjson::Value& node, const std::string& at, std::size_t depth,
                                        int hops) const {
    if (!node.IsObject() || hops > kMaxReferenceHops) return std::nullopt;
    if (auto ref = node.FindMember("$ref"); ref != node.MemberEnd() && ref->value.IsString()) {
      const std::string_view uri(ref->value.GetString(), ref->value.GetStringLength());
      if (!uri.empty() && uri.front() == '#') {
        const auto tokens = fragment_pointer_tokens(uri.substr(1));
        if (const rapidjson::Value* target = tokens ? resolve_pointer_tokens(root_, *tokens) : nullptr) {
          if (auto found = search(*target, std::string(uri), depth, hops + 1)) return found;
        }
      }
      // Up to draft 7 the keywords beside "$ref" are ignored; from 2019-09 on they apply too.
      if (dialect_ <= Dialect::draft7) return std::nullopt;
    }
    if (depth == path_.size()) {
      if (auto found = node.FindMember(rapidjson::StringRef(keyword_.data(), keyword_.size()));
          found != node.MemberEnd()) {
        return KeywordLocation{child(at, keyword_), &found->value, &node};
      }
    } else if (auto found = descend(node, at, depth, hops)) {
      return found;
    }
    for (const char* combinator : {"allOf", "anyOf", "oneOf"}) {
      if (auto list = node.FindMember(combinator); list != node.MemberEnd() && list->value.IsArray()) {
        for (rapidjson::SizeType i = 0; i < list->value.Size(); ++i) {
          std::string item = child(at, combinator);
          json::append_pointer_index(item, i);
          if (auto found = search(list->value[i], item, depth, hops)) return found;
        }
      }
    }
    for (const char* single : {"not", "if", "then", "else"}) {
      if (!keyword_in(single, dialect_)) continue;
      if (auto sub = node.FindMember(single); sub != node.MemberEnd()) {
        if (auto found = search(sub->value, child(at, single), depth, hops)) return found;
      }
    }
    for (const char* map : {"dependencies", "dependentSchemas"}) {
      if (!keyword_in(map, dialect_)) continue;
      if (auto dependencies = node.FindMember(map);
          dependencies != node.MemberEnd() && dependencies->value.IsObject()) {
        for (auto& entry : dependencies->value.GetObject()) {
          const std::string name(entry.name.GetString(), entry.name.GetStringLength());
          if (auto found = search(entry.value, child(child(at, map), name), depth, hops)) return found;
        }
      }
    }
    return std::nullopt;
  }

 private:
  std::optional<KeywordLocation> descend(const rapidjson::Value& node, const std::string& at, std::size_t depth,
                                         int hops) const {
    const PathToken& token = path_[depth];
    if (!token.is_index) {
      bool matched = false;
      if (auto properties = node.FindMember("properties");
          properties != node.MemberEnd() && properties->value.IsObject()) {
        if (auto property = properties->value.FindMember(
                rapidjson::Value(rapidjson::StringRef(token.name.data(), token.name.size())));
            property != properties->value.MemberEnd()) {
          matched = true;
          if (auto found = search(property->value, child(child(at, "properties"), token.name), depth + 1, hops)) {
            return found;
          }
        }
      }
      if (auto patterns = node.FindMember("patternProperties");
          patterns != node.MemberEnd() && patterns->value.IsObject()) {
        for (auto& entry : patterns->value.GetObject()) {
          const std::string pattern(entry.name.GetString(), entry.name.GetStringLength());
          if (compile_pattern(pattern)->search(token.name) == PatternRegex::Match::no) continue;
          matched = true;
          if (auto found = search(entry.value, child(child(at, "patternProperties"), pattern), depth + 1, hops)) {
            return found;
          }
        }
      }
      if (auto additional = node.FindMember("additionalProperties"); !matched && additional != node.MemberEnd()) {
        if (auto found = search(additional->value, child(at, "additionalProperties"), depth + 1, hops)) return found;
      }
      return std::nullopt;
    }
    std::size_t index = 0;
    std::from_chars(token.name.data(), token.name.data() + token.name.size(), index);
    if (auto prefix = node.FindMember("prefixItems");
        dialect_ == Dialect::draft2020_12 && prefix != node.MemberEnd() && prefix->value.IsArray()) {
      if (index < prefix->value.Size()) {
        std::string item = child(at, "prefixItems");
        json::append_pointer_index(item, index);
        return search(prefix->value[static_cast<rapidjson::SizeType>(index)], item, depth + 1, hops);
      }
      if (auto items = node.FindMember("items"); items != node.MemberEnd()) {
        return search(items->value, child(at, "items"), depth + 1, hops);
      }
    } else if (auto items = node.FindMember("items"); items != node.MemberEnd()) {
      if (items->value.IsObject()) return search(items->value, child(at, "items"), depth + 1, hops);
      if (items->value.IsArray()) {
        if (index < items->value.Size()) {
          std::string item = child(at, "items");
          json::append_pointer_index(item, index);
          return search(items->value[static_cast<rapidjson::SizeType>(index)], item, depth + 1, hops);
        }
        if (auto additional = node.FindMember("additionalItems"); additional != node.MemberEnd()) {
          return search(additional->value, child(at, "additionalItems"), depth + 1, hops);
        }
      }
    }
    if (auto contains = node.FindMember("contains"); contains != node.MemberEnd()) {
      return search(contains->value, child(at, "contains"), depth + 1, hops);
    }
    return std::nullopt;
  }

  static std::string child(const std::string& at, std::string_view token) {
    std::string result = at;
    json::append_pointer_token(result, token);
    return result;
  }

  const rapidjson::Value& root_;
  const std::vector<PathToken>& path_;
  std::string_view keyword_;
  Dialect dialect_;
};

}  // namespace

std::optional<KeywordLocation> locate_keyword(const rapidjson::Value& root, const std::vector<PathToken>& path,
                                              std::string_view keyword, Dialect dialect) {
  return Locator(root, path, keyword, dialect).search(root, "#", 0, 0);
}

}  // namespace conform::engine
