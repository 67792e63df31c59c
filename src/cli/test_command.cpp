#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "conform/exit_code.hpp"
#include "conform/report_sink.hpp"
#include "conform/run.hpp"
#include "conform/stop.hpp"
#include "conform/stop_signal.hpp"

namespace conform::cli {

namespace {

int run(const std::vector<std::string>& paths, const SharedOptions& shared) {
  // As validate: SIGINT or SIGTERM stops the run, even inside a fixture, and every report says so.
  const StopSource stop;
  const StopSignal signals(stop);
  auto [common, reports] = shared();
  TestOptions options;
  static_cast<RunOptions&>(options) = std::move(common);
  options.paths = paths;
  options.stop = stop.token();
  check_report_targets(reports.targets, options.paths);
  ReportSink sink(std::move(reports));
  const Summary summary = test(options, sink);
  sink.commit();
  if (summary.interrupted) return interrupted(summary, signals);
  return exit_code_for(summary);
}

}  // namespace

Runner add_test_command(CLI::App& app) {
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* command = app.add_subcommand(
      "test",
      "Check that a fixture corpus behaves as declared: every valid/*.json passes, every invalid/*.json "
      "produces exactly the findings in its NAME.expect.json. Files (or folders) of the official "
      "JSON-Schema-Test-Suite run each test against its case's schema");
  const SharedOptions shared = add_shared_options(*command);
  command
      ->add_option("paths", *paths,
                   "Corpus folders (holding valid/ and invalid/), folders of corpora (each is run), single fixtures, "
                   "or JSON-Schema-Test-Suite files or folders")
      ->required()
      ->type_name("PATH...");
  return [paths, shared] { return run(*paths, shared); };
}

}  // namespace conform::cli
