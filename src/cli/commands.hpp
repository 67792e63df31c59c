#pragma once

#include <CLI/CLI.hpp>

namespace conform::cli {

// Each sub-command registers itself on the app and returns the function that
// runs it once the arguments are parsed; the function returns an ExitCode.
using Runner = std::function<int()>;

Runner add_validate_command(CLI::App& app);
Runner add_test_command(CLI::App& app);
Runner add_schemas_command(CLI::App& app);

}  // namespace conform::cli
