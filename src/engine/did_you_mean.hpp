#pragma once

#include "conform/did_you_mean.hpp"

namespace conform::engine {

using conform::nearest_name;

}  // namespace conform::engine
