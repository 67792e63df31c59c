#pragma once

namespace conform::cli {

// The documented exit codes (README, "Exit codes"). Every path out of the
// command line ends in one of these.
enum ExitCode : int {
  kAllConform = 0,     // every input conforms (test: every fixture behaves as declared)
  kNonConforming = 1,  // at least one input does not conform (malformed JSON and unreadable inputs included)
  kHarnessError = 2,   // bad arguments, a missing path, unusable schema, unwritable output, no input at all
};

}  // namespace conform::cli
