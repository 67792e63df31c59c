#pragma once

#include <span>
#include <string>
#include <string_view>

namespace conform {

// The known name closest to `unknown`: equal ignoring case, or within a small
// edit distance of it. Empty when nothing is close enough to be a likely typo.
// One judge of typos for member names and command names alike.
std::string nearest_name(std::string_view unknown, std::span<const std::string> known);

}  // namespace conform
