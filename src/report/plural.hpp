#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace conform::report {

// A count with its noun as every summary writes it: "1 input", "2 inputs",
// "0 errors". The nouns conform counts all take a plain -s.
inline std::string counted(std::size_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

}  // namespace conform::report
