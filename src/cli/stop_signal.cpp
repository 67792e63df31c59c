#include "cli/stop_signal.hpp"

#include <csignal>

namespace conform::cli {
namespace {

std::atomic<bool> stop_requested{false};
std::atomic<int> stop_signal{0};
std::atomic<bool> output_closed{false};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

extern "C" void on_stop_signal(int number) {
  stop_signal.store(number);
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
  // SA_RESETHAND: the second Ctrl-C is the default one. No SA_RESTART: a read
  // of a terminal or pipe returns, rather than waiting on.
  previous_int = install(SIGINT, on_stop_signal, SA_RESETHAND);
  previous_term = install(SIGTERM, on_stop_signal, SA_RESETHAND);
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

void StopSignal::stop_for_closed_output() noexcept {
  output_closed.store(true);
  stop_requested.store(true);
}

}  // namespace conform::cli
