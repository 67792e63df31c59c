#include "conform/exit_code.hpp"

namespace conform {

ExitCode exit_code_for(const Summary& summary) noexcept {
  if (summary.inputs == 0 || summary.harness_error) return kHarnessError;
  // An input that could not be read (a FIFO, a dangling link, no permission)
  // is not a conforming one: the gate fails on it, as on a failing body.
  return summary.failed > 0 || summary.errors > 0 ? kNonConforming : kAllConform;
}

}  // namespace conform
