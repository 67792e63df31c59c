#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit_code.hpp"
#include "conform/did_you_mean.hpp"
#include "conform/error.hpp"
#include "conform/reporter.hpp"
#include "conform/version.hpp"

int main(int argc, char** argv) {
  using namespace conform::cli;
  CLI::App app{"conform: check JSON bodies against the V3 MFA schemas (or any draft-04/06/07 schema)", "conform"};
  app.set_version_flag("-V,--version", fmt::format("conform {}", conform::version));
  app.require_subcommand(1);
  // Set before the sub-commands are added, which copy it: an argument (a file
  // name a glob expanded) is echoed through the one line escaper.
  app.failure_message([](const CLI::App* failed, const CLI::Error& error) {
    std::string text = conform::escaped_for_line(error.what()) + "\n";
    if (failed->get_help_ptr() != nullptr) {
      text += "Run with " + failed->get_help_ptr()->get_name() + " for more information.\n";
    }
    return text;
  });
  app.footer(
      "Exit codes: 0 every input conforms; 1 at least one does not (malformed JSON and unreadable inputs included); "
      "2 conform could not do its job (bad arguments, a missing path, unusable schema, unwritable output, no input "
      "at all); 130, 143 stopped by SIGINT or SIGTERM; 141 standard output closed early.");
  const Runner validate = add_validate_command(app);
  const Runner test = add_test_command(app);
  const Runner schemas = add_schemas_command(app);

  // A mistyped sub-command gets a suggestion rather than CLI11's list of unexpected arguments.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* command : app.get_subcommands({})) names.push_back(command->get_name());
    const std::string given = argv[1];
    if (std::find(names.begin(), names.end(), given) == names.end()) {
      const std::string nearest = conform::nearest_name(given, names);
      std::cerr << fmt::format(
          "conform: unknown command \"{}\"{}; the commands are {}\n", conform::escaped_for_line(given),
          nearest.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", nearest), fmt::join(names, ", "));
      return kHarnessError;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kAllConform : kHarnessError;
  }

  // The one place errors of the harness become messages and an exit code.
  try {
    if (app.got_subcommand("validate")) return validate();
    if (app.got_subcommand("test")) return test();
    return schemas();
  } catch (const conform::Error& error) {
    std::cerr << "conform: " << conform::escaped_for_line(error.describe()) << '\n';
  } catch (const std::exception& error) {
    std::cerr << "conform: internal error: " << conform::escaped_for_line(error.what()) << '\n';
  }
  return kHarnessError;
}
