#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_code.hpp"
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
      "Exit codes: 0 every input conforms; 1 at least one does not (malformed JSON included); 2 conform could not "
      "do its job (bad arguments, unusable schema, unreadable input or output).");
  const Runner validate = add_validate_command(app);
  const Runner test = add_test_command(app);
  const Runner schemas = add_schemas_command(app);

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
