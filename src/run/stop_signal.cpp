#include "conform/stop_signal.hpp"

#include <csignal>

#include "io/temporary_files.hpp"

namespace conform {
namespace {

// A handler has no context: it reaches the source through this pointer.
std::atomic<const StopSource*> current_source{nullptr};
std::atomic<int> stop_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free &&
                  std::atomic<const StopSource*>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

extern "C" void on_stop_signal(int number) {
  if (stop_signal.exchange(number) != 0) {
    // The second signal: no temporary file may outlive the process.
    io::remove_temporaries();
    ::signal(number, SIG_DFL);
    ::raise(number);
    return;
  }
  if (const StopSource* source = current_source.load(); source != nullptr) source->request_stop();
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

StopSignal::StopSignal(StopSource source) : source_(std::move(source)) {
  current_source.store(&source_);
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
  current_source.store(nullptr);
}

int StopSignal::signal_number() const noexcept { return stop_signal.load(); }

}  // namespace conform
