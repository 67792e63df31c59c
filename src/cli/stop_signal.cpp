#include "cli/stop_signal.hpp"

#include <unistd.h>

#include <csignal>
#include <cstddef>

namespace conform::cli {
namespace {

std::atomic<bool> stop_requested{false};
std::atomic<int> stop_signal{0};
std::atomic<bool> output_closed{false};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free &&
                  std::atomic<const char*>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

// Paths of the temporary report files, for the handler (unlink is async-signal-safe).
constexpr std::size_t kTemporaries = 64;
std::atomic<const char*> temporaries[kTemporaries];

extern "C" void on_stop_signal(int number) {
  if (stop_signal.exchange(number) != 0) {
    // The second signal: no temporary file may outlive the process.
    for (auto& path : temporaries) {
      if (const char* name = path.load(); name != nullptr) ::unlink(name);
    }
    ::signal(number, SIG_DFL);
    ::raise(number);
    return;
  }
  stop_requested.store(true);
}

struct sigaction install(int number, void (*handler)(int), int flags) {
  struct sigaction action {};
  struct sigaction previous {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = flags;
  sigaction(number, &action, &previous);
  return previous;
}

struct sigaction previous_int;
struct sigaction previous_term;
struct sigaction previous_pipe;

}  // namespace

StopSignal::StopSignal() {
  // The handler makes the second signal the default one. No SA_RESTART: a
  // read of a terminal or pipe returns, rather than waiting on.
  stop_signal.store(0);
  previous_int = install(SIGINT, on_stop_signal, 0);
  previous_term = install(SIGTERM, on_stop_signal, 0);
  previous_pipe = install(SIGPIPE, SIG_IGN, 0);
}

StopSignal::~StopSignal() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
  sigaction(SIGPIPE, &previous_pipe, nullptr);
}

const std::atomic<bool>& StopSignal::requested() const noexcept { return stop_requested; }

StopReason StopSignal::reason() const noexcept {
  if (output_closed.load()) return StopReason::closed_output;
  return stop_requested.load() ? StopReason::signal : StopReason::none;
}

int StopSignal::signal_number() const noexcept { return stop_signal.load(); }

bool StopSignal::remember_temporary(const char* path) noexcept {
  for (auto& slot : temporaries) {
    const char* empty = nullptr;
    if (slot.compare_exchange_strong(empty, path)) return true;
  }
  return false;
}

void StopSignal::forget_temporary(const char* path) noexcept {
  for (auto& slot : temporaries) {
    const char* expected = path;
    if (slot.compare_exchange_strong(expected, nullptr)) return;
  }
}

void StopSignal::stop_for_closed_output() noexcept {
  output_closed.store(true);
  stop_requested.store(true);
}

}  // namespace conform::cli
