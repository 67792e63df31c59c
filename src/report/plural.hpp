#pragma once

// The writers' name for the one counter of nouns, conform/plural.hpp.
#include "conform/plural.hpp"

namespace conform::report {
using conform::counted;
}  // namespace conform::report
