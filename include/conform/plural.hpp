#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace conform {

// A count with its noun as every summary and message writes it: "1 input",
// "2 inputs", "0 errors". The nouns conform counts all take a plain -s.
std::string counted(std::size_t count, std::string_view noun);

}  // namespace conform
