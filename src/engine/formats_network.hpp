#pragma once

#include <string_view>

namespace conform::engine {

// "ipv4": RFC 2673 section 3.2's dotted quad, four decimal octets 0-255,
// without leading zeros (which some parsers read as octal).
bool is_ipv4(std::string_view value);

// "ipv6": RFC 4291 section 2.2's text forms, as RFC 3986's IPv6address: eight
// groups of 1-4 hex digits, one "::" for a run of zero groups, and a dotted
// quad for the last two groups. No zone ("%eth0") and no prefix ("/64").
bool is_ipv6(std::string_view value);

// "email": RFC 5321 section 4.1.2's Mailbox: a dot-string or quoted-string
// local part of at most 64 octets, "@", then a hostname or an address literal
// ("[192.0.2.1]", "[IPv6:2001:db8::1]"). Not accepted: RFC 5322's comments
// and folding white space, and general address literals ("[tag:text]"),
// whose tags no registry defines.
bool is_email(std::string_view value);

// "idn-email": RFC 6531's extension of the above: UTF-8 in the local part's
// atoms and quoted text, and an idn-hostname as the domain.
bool is_idn_email(std::string_view value);

}  // namespace conform::engine
