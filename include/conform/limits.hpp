#pragma once

#include <atomic>
#include <cstddef>

namespace conform {

// Bounds a body must stay within before any schema sees it. They keep a
// hostile body from exhausting memory or stack; exceeding one is a `limit`
// finding, not an error of the harness.
struct Limits {
  std::size_t max_bytes = std::size_t{16} * 1024 * 1024;
  std::size_t max_depth = 256;
  // At most this many findings are kept per body (0: all); the rest are only
  // counted, so that a body of a million failures takes no more memory than this.
  std::size_t max_findings = 0;
  // Set from outside (a signal) to stop: a body under way is given up within
  // a few milliseconds, whatever its size, and its result is an `error`.
  const std::atomic<bool>* stop = nullptr;

  bool stop_requested() const noexcept { return stop != nullptr && stop->load(std::memory_order_relaxed); }
};

}  // namespace conform
