#pragma once

#include "conform/stop.hpp"

namespace conform {

// Turns SIGINT and SIGTERM into a stop request of `source` while it lives:
// the run ends after the work under way, reports what it checked, and the
// command exits with 128 + the signal. A second signal ends the process at
// once, removing the temporary report files of every ReportSink first.
// SIGPIPE is ignored, so that a closed standard output is seen as a failed
// write and ends the run quietly. One at a time per process; the previous
// handlers come back when it is destroyed.
class StopSignal {
 public:
  explicit StopSignal(StopSource source);
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  // The signal that asked to stop; 0 when none came.
  int signal_number() const noexcept;

 private:
  StopSource source_;  // reached by the handler; never moves (no copies)
};

}  // namespace conform
