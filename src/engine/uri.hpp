#pragma once

#include <string>
#include <string_view>

namespace conform::engine {

// RFC 3986 section 5: the URI that `reference` names when read against
// `base` ("folder/" against "http://x/a/b.json" is "http://x/a/folder/").
std::string resolve_uri(std::string_view base, std::string_view reference);

// The URI without its fragment, and the fragment without its "#".
std::string_view without_fragment(std::string_view uri) noexcept;
std::string_view fragment_of(std::string_view uri) noexcept;

// Whether the URI has a scheme ("http:", "urn:"), i.e. is not relative.
bool is_absolute_uri(std::string_view uri) noexcept;

}  // namespace conform::engine
