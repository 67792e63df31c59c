#include "engine/uri.hpp"

#include <cctype>
#include <optional>

namespace conform::engine {
namespace {

// The five components of RFC 3986 section 3; an absent one is nullopt,
// which differs from an empty one ("http://x?" has an empty query).
struct Parts {
  std::optional<std::string_view> scheme;
  std::optional<std::string_view> authority;
  std::string_view path;
  std::optional<std::string_view> query;
  std::optional<std::string_view> fragment;
};

// Appendix B's regular expression, written out.
Parts split(std::string_view uri) {
  Parts parts;
  if (const auto hash = uri.find('#'); hash != std::string_view::npos) {
    parts.fragment = uri.substr(hash + 1);
    uri = uri.substr(0, hash);
  }
  if (const auto question = uri.find('?'); question != std::string_view::npos) {
    parts.query = uri.substr(question + 1);
    uri = uri.substr(0, question);
  }
  const auto colon = uri.find(':');
  if (colon != std::string_view::npos && colon > 0 && uri.substr(0, colon).find('/') == std::string_view::npos &&
      std::isalpha(static_cast<unsigned char>(uri[0])) != 0) {
    parts.scheme = uri.substr(0, colon);
    uri = uri.substr(colon + 1);
  }
  if (uri.substr(0, 2) == "//") {
    const auto end = uri.find('/', 2);
    parts.authority = uri.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
    uri = end == std::string_view::npos ? std::string_view() : uri.substr(end);
  }
  parts.path = uri;
  return parts;
}

// Section 5.2.4.
std::string remove_dot_segments(std::string_view input) {
  std::string output;
  while (!input.empty()) {
    if (input.substr(0, 3) == "../") {
      input.remove_prefix(3);
    } else if (input.substr(0, 2) == "./") {
      input.remove_prefix(2);
    } else if (input.substr(0, 3) == "/./") {
      input.remove_prefix(2);
    } else if (input == "/.") {
      input = "/";
    } else if (input.substr(0, 4) == "/../" || input == "/..") {
      input = input.size() == 3 ? std::string_view("/") : input.substr(3);
      const auto last = output.rfind('/');
      output.erase(last == std::string::npos ? 0 : last);
    } else if (input == "." || input == "..") {
      input = {};
    } else {
      const auto next = input.find('/', input.front() == '/' ? 1 : 0);
      const auto segment = input.substr(0, next);
      output.append(segment);
      input.remove_prefix(segment.size());
    }
  }
  return output;
}

// Section 5.2.3.
std::string merge(const Parts& base, std::string_view path) {
  if (base.authority && base.path.empty()) return "/" + std::string(path);
  const auto slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return std::string(path);
  return std::string(base.path.substr(0, slash + 1)) + std::string(path);
}

// Section 5.3.
std::string recompose(const Parts& parts) {
  std::string uri;
  if (parts.scheme) uri.append(*parts.scheme).append(":");
  if (parts.authority) uri.append("//").append(*parts.authority);
  uri.append(parts.path);
  if (parts.query) uri.append("?").append(*parts.query);
  if (parts.fragment) uri.append("#").append(*parts.fragment);
  return uri;
}

}  // namespace

std::string resolve_uri(std::string_view base, std::string_view reference) {
  const Parts r = split(reference);
  const Parts b = split(base);
  Parts t;
  std::string path;  // owns the target's path
  if (r.scheme) {
    t.scheme = r.scheme;
    t.authority = r.authority;
    path = remove_dot_segments(r.path);
    t.query = r.query;
  } else {
    if (r.authority) {
      t.authority = r.authority;
      path = remove_dot_segments(r.path);
      t.query = r.query;
    } else {
      if (r.path.empty()) {
        path = std::string(b.path);
        t.query = r.query ? r.query : b.query;
      } else {
        path = r.path.front() == '/' ? remove_dot_segments(r.path) : remove_dot_segments(merge(b, r.path));
        t.query = r.query;
      }
      t.authority = b.authority;
    }
    t.scheme = b.scheme;
  }
  t.path = path;
  t.fragment = r.fragment;
  return recompose(t);
}

std::string_view without_fragment(std::string_view uri) noexcept { return uri.substr(0, uri.find('#')); }

std::string_view fragment_of(std::string_view uri) noexcept {
  const auto hash = uri.find('#');
  return hash == std::string_view::npos ? std::string_view() : uri.substr(hash + 1);
}

bool is_absolute_uri(std::string_view uri) noexcept { return split(uri).scheme.has_value(); }

std::optional<std::vector<std::string>> fragment_pointer_tokens(std::string_view fragment) {
  std::string decoded;
  for (std::size_t i = 0; i < fragment.size(); ++i) {
    if (fragment[i] != '%') {
      decoded += fragment[i];
      continue;
    }
    if (i + 2 >= fragment.size()) return std::nullopt;
    const auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    const int high = hex(fragment[i + 1]);
    const int low = hex(fragment[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    decoded += static_cast<char>(high * 16 + low);
    i += 2;
  }
  std::vector<std::string> tokens;
  if (decoded.empty()) return tokens;
  if (decoded.front() != '/') return std::nullopt;
  std::size_t start = 1;
  while (true) {
    const auto end = decoded.find('/', start);
    const std::string_view raw = std::string_view(decoded).substr(start, end - start);
    std::string token;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '~') {
        token += raw[i];
      } else if (i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        token += raw[++i] == '0' ? '~' : '/';
      } else {
        return std::nullopt;
      }
    }
    tokens.push_back(std::move(token));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return tokens;
}

const rapidjson::Value* resolve_pointer_tokens(const rapidjson::Value& root, const std::vector<std::string>& tokens) {
  const rapidjson::Value* node = &root;
  for (const std::string& token : tokens) {
    if (node->IsObject()) {
      const auto member = node->FindMember(rapidjson::Value(rapidjson::StringRef(token.data(), token.size())));
      if (member == node->MemberEnd()) return nullptr;
      node = &member->value;
    } else if (node->IsArray()) {
      if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0') ||
          token.find_first_not_of("0123456789") != std::string::npos) {
        return nullptr;
      }
      const auto index = static_cast<rapidjson::SizeType>(std::stoul(token));
      if (index >= node->Size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

}  // namespace conform::engine
