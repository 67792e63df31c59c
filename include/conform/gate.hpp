#pragma once

#include <cstddef>

#include "conform/result.hpp"

namespace conform {

// What turns a result into the verdict a CI gate acts on, before any
// reporter sees it (--fail-on, --max-findings, --allow-unchecked-captures).
struct Gate {
  bool fail_on_warnings = false;          // a warning fails its input too
  std::size_t max_findings = 0;           // findings kept per input (0: all); the rest are counted
  bool allow_unchecked_captures = false;  // a capture in which no call was checked may pass

  // A capture in which no call was checked fails (unless allowed), warnings
  // fail the input when asked, and findings past max_findings are counted only.
  void apply(Result& result) const;
};

}  // namespace conform
