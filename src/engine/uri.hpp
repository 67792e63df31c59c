#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace conform::engine {

// RFC 3986 section 5: the URI that `reference` names when read against
// `base` ("folder/" against "http://x/a/b.json" is "http://x/a/folder/").
std::string resolve_uri(std::string_view base, std::string_view reference);

// The URI without its fragment, and the fragment without its "#".
std::string_view without_fragment(std::string_view uri) noexcept;
std::string_view fragment_of(std::string_view uri) noexcept;

// Whether the URI has a scheme ("http:", "urn:"), i.e. is not relative.
bool is_absolute_uri(std::string_view uri) noexcept;

// RFC 6901 section 6: the tokens of a JSON Pointer written as a URI fragment
// (without its "#"): percent-decoded, split at "/", then "~1" and "~0"
// unescaped. Every character a fragment may hold is taken, and empty tokens
// name members called "". nullopt when the fragment is not a pointer.
std::optional<std::vector<std::string>> fragment_pointer_tokens(std::string_view fragment);

// The value those tokens name in `root`, or nullptr.
const rapidjson::Value* resolve_pointer_tokens(const rapidjson::Value& root, const std::vector<std::string>& tokens);

}  // namespace conform::engine
