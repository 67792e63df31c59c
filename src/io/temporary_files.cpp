#include "io/temporary_files.hpp"

#include <unistd.h>

#include <atomic>
#include <cstddef>

namespace conform::io {
namespace {

static_assert(std::atomic<const char*>::is_always_lock_free, "a signal handler may only touch lock-free atomics");

// Paths of the temporary report files, for the handler (unlink is async-signal-safe).
constexpr std::size_t kTemporaries = 64;
std::atomic<const char*> temporaries[kTemporaries];

}  // namespace

bool remember_temporary(const char* path) noexcept {
  for (auto& slot : temporaries) {
    const char* empty = nullptr;
    if (slot.compare_exchange_strong(empty, path)) return true;
  }
  return false;
}

void forget_temporary(const char* path) noexcept {
  for (auto& slot : temporaries) {
    const char* expected = path;
    if (slot.compare_exchange_strong(expected, nullptr)) return;
  }
}

void remove_temporaries() noexcept {
  for (auto& path : temporaries) {
    if (const char* name = path.load(); name != nullptr) ::unlink(name);
  }
}

}  // namespace conform::io
