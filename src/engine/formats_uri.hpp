#pragma once

#include <string_view>

namespace conform::engine {

// "uri" and "uri-reference": RFC 3986's URI (scheme required) and
// URI-reference grammars, appendix A. Syntax only: no scheme-specific rules,
// and a host that is not an IP literal is a reg-name, so "999.1.1.1" passes.
bool is_uri(std::string_view value);
bool is_uri_reference(std::string_view value);

// "iri" and "iri-reference": RFC 3987 section 2.2, the same grammars with
// ucschar allowed wherever unreserved is, and iprivate in the query.
bool is_iri(std::string_view value);
bool is_iri_reference(std::string_view value);

// "uri-template": RFC 6570 section 2, levels 1-4. The reserved operators
// ("=", ",", "!", "@", "|") are refused, as section 2.2 allows; an apostrophe
// in a literal is accepted (RFC 6570 erratum 6937).
bool is_uri_template(std::string_view value);

}  // namespace conform::engine
