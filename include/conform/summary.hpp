#pragma once

#include <cstddef>
#include <cstdint>

#include "conform/result.hpp"

namespace conform {

// What a run came to, counted result by result, for reports' summaries and the exit code.
struct Summary {
  std::size_t inputs = 0;
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t errors = 0;
  std::size_t skipped = 0;        // recorded calls in captures that were not checked (not inputs)
  std::size_t ignored_files = 0;  // files in the folders walked that hold no known extension (not inputs)
  double seconds = 0;
  bool interrupted = false;  // the run was stopped (Ctrl-C) before every input was checked
  // conform could not do its job (exit code 2: no input at all, a named path
  // that does not exist): no report may then read as a pass.
  bool harness_error = false;
  // Inputs are tests of the JSON-Schema-Test-Suite: a failure is a wrong
  // verdict, an error a schema refused with a clear error.
  bool suite_tests = false;

  void count(const Result& result) noexcept;
  // `bodies` inputs judged `status`, with nothing else to count (a run that reports only counts).
  void count(Status status, std::uint64_t bodies = 1) noexcept;
  // `lines` results that passed with nothing to say (Reporter::add_passing_lines).
  void count_passing(std::uint64_t lines) noexcept;
};

}  // namespace conform
