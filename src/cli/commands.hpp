#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <utility>

#include "conform/report_sink.hpp"
#include "conform/run.hpp"
#include "conform/stop_signal.hpp"
#include "conform/summary.hpp"

// The ties between the files of the command line, declared once: each
// sub-command is in its own file, main.cpp holds the app and the options
// `validate` and `test` share. Like every file of src/cli, this header
// includes only the public API (package/cli_public_headers checks it).
namespace conform::cli {

// Each sub-command registers itself on the app and returns the function that
// runs it once the arguments are parsed; the function returns an ExitCode.
using Runner = std::function<int()>;
Runner add_validate_command(CLI::App& app);  // validate_command.cpp
Runner add_test_command(CLI::App& app);      // test_command.cpp
Runner add_schemas_command(CLI::App& app);   // schemas_command.cpp

// What the shared options come to once parsed: the run's options (paths
// aside) and where and how its reports go. Throws conform::Error for a
// combination that makes no sense (an -o no report uses). In main.cpp.
using SharedOptions = std::function<std::pair<RunOptions, ReportSinkOptions>()>;
SharedOptions add_shared_options(CLI::App& command);

// The one check of every numeric option: decimal digits only, from `min` to
// `max`. A sign, a fraction, trailing text or a value past `max` is a usage
// error naming the range, never wrapped (CLI11 alone turns "-1" into SIZE_MAX). In main.cpp.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);

// A run a signal stopped: says so on standard error and returns its exit
// code, 128 + the signal (as if it had ended the process). In main.cpp.
int interrupted(const Summary& summary, const StopSignal& signals);

}  // namespace conform::cli
