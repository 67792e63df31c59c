#pragma once

#include <cstddef>

namespace conform {

// Bounds a body must stay within before any schema sees it. They keep a
// hostile body from exhausting memory or stack; exceeding one is a `limit`
// finding, not an error of the harness.
struct Limits {
  std::size_t max_bytes = std::size_t{16} * 1024 * 1024;
  std::size_t max_depth = 256;
};

}  // namespace conform
