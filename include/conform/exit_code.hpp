#pragma once

#include "conform/summary.hpp"

namespace conform {

// The documented exit codes (README, "Exit codes"). Every path out of the
// command line ends in one of these, or in 128 + the signal that stopped it.
enum ExitCode : int {
  kAllConform = 0,     // every input conforms (test: every fixture behaves as declared)
  kNonConforming = 1,  // at least one input does not conform (malformed JSON and unreadable inputs included)
  kHarnessError = 2,   // bad arguments, a missing path, unusable schema, unwritable output, no input at all
};

// The exit code a run's summary calls for: no input at all or an error of
// the harness, then failures (an input that could not be read is not a
// conforming one).
ExitCode exit_code_for(const Summary& summary) noexcept;

}  // namespace conform
