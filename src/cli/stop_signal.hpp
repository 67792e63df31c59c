#pragma once

#include <atomic>

namespace conform::cli {

// Why a run stopped before its end.
enum class StopReason { none, signal, closed_output };

// Turns SIGINT and SIGTERM into a request to stop: the run ends after the
// work under way, reports what it checked, and exits with 128 + the signal.
// A second signal ends the process at once, removing the temporary report
// files first. SIGPIPE is ignored, so that a closed standard output is seen
// as a failed write and ends the run quietly.
class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  const std::atomic<bool>& requested() const noexcept;
  StopReason reason() const noexcept;
  int signal_number() const noexcept;
  void stop_for_closed_output() noexcept;

  // Temporary files a second signal removes before the process ends; the
  // path must stay valid until forgotten. Returns false when the table is full.
  static bool remember_temporary(const char* path) noexcept;
  static void forget_temporary(const char* path) noexcept;
};

}  // namespace conform::cli
