#pragma once

#include <span>
#include <string>
#include <string_view>

namespace conform::engine {

// The known name closest to `unknown`: equal ignoring case, or within a small
// edit distance of it. Empty when nothing is close enough to be a likely typo.
std::string nearest_name(std::string_view unknown, std::span<const std::string> known);

}  // namespace conform::engine
