#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "conform/escape.hpp"
#include "conform/exit_code.hpp"
#include "conform/input_format.hpp"
#include "conform/progress.hpp"
#include "conform/report_sink.hpp"
#include "conform/run.hpp"
#include "conform/stop.hpp"
#include "conform/stop_signal.hpp"

namespace conform::cli {

namespace {

struct ValidateArguments {
  std::vector<std::string> paths;
  bool stdin_ndjson = false;
  std::string input_format;  // json|ndjson|exchanges|har: what every input is read as, whatever its bytes
  std::string progress = "auto";
  unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
  bool strict_responses = false;
  bool join = false;                        // the captures named (or a folder's, in name order) are one capture
  std::vector<std::string> routes;          // "PATH=SCHEMA"
  std::vector<std::string> disabled_rules;  // "F4"
};

// The progress line, and the run's notes on standard error.
class Observer final : public Progress {
 public:
  using Progress::Progress;
  void note(std::string_view message) override { fmt::print(stderr, "conform: {}\n", escaped_for_line(message)); }
};

int run(const ValidateArguments& arguments, const SharedOptions& shared) {
  // First of all: Ctrl-C while the schemas load still ends in an interrupted
  // report, and the sink's temporary files are removed on every way out.
  const StopSource stop;
  const StopSignal signals(stop);
  auto [common, reports] = shared();
  ValidateOptions options;
  static_cast<RunOptions&>(options) = std::move(common);
  options.paths = arguments.paths;
  options.stop = stop.token();
  options.stdin_ndjson = arguments.stdin_ndjson;
  if (!arguments.input_format.empty()) options.input_format = parse_input_format(arguments.input_format);
  options.jobs = arguments.jobs;
  options.join = arguments.join;
  options.strict_responses = arguments.strict_responses;
  options.disabled_rules = arguments.disabled_rules;
  for (const std::string& route : arguments.routes) {
    const auto equals = route.find('=');
    options.routes.push_back(equals == std::string::npos
                                 ? RouteOverride{route, {}}
                                 : RouteOverride{route.substr(0, equals), route.substr(equals + 1)});
  }
  // Text reports that are only their summary line (--quiet) need only each body's status.
  options.verdicts_only = reports.report.summary_only &&
                          std::all_of(reports.targets.begin(), reports.targets.end(),
                                      [](const ReportTarget& target) { return target.format == ReportFormat::text; });
  check_report_targets(reports.targets, options.paths);
  // A report whose reader goes away stops the run, as a signal does.
  ReportSink sink(std::move(reports), stop);
  Observer observer(arguments.progress);
  options.observer = &observer;
  const Summary summary = validate(options, sink);

  if (const auto& gone = sink.gone()) {
    // A report's FIFO lost its reader: the run stops; standard output says
    // so, and no report file is written, so none is taken for a whole one.
    sink.abandon_files();
    if (*gone != "standard output") {
      fmt::print(stderr, "conform: the reader of {} went away; the run stopped and no report file was written\n",
                 escaped_for_line(*gone));
    }
    return 128 + SIGPIPE;  // as if SIGPIPE had ended it, quietly
  }
  sink.commit();
  if (summary.interrupted) return interrupted(summary, signals);
  return exit_code_for(summary);
}

}  // namespace

Runner add_validate_command(CLI::App& app) {
  auto options = std::make_shared<ValidateArguments>();
  CLI::App* command = app.add_subcommand(
      "validate",
      "Check bodies against a schema: files, directories (every *.json, *.ndjson, *.jsonl, *.har below them), "
      "or - for standard input. HAR files and NDJSON logs of exchanges are checked call by call against the "
      "schemas of the V3 MFA and V3 Unify contracts, with their flow rules");
  const SharedOptions shared = add_shared_options(*command);
  command->add_option("paths", options->paths, "Files, directories, or - for standard input")
      ->required()
      ->type_name("PATH...");
  command->add_flag("--stdin-ndjson", options->stdin_ndjson,
                    "Read standard input as NDJSON: one body or exchange per line (else told from its bytes)");
  command
      ->add_option("--input-format", options->input_format,
                   "Read every input as this, whatever its bytes say: json (one body), ndjson (one body per line), "
                   "exchanges (NDJSON capture), har [default: told from the bytes, and from the name]")
      ->check(CLI::IsMember({"json", "ndjson", "exchanges", "har"}));
  command
      ->add_option(
          "--progress", options->progress,
          "Progress line on standard error for long runs (files, the one being read included, and inputs): auto "
          "shows it on a terminal outside CI; always elsewhere writes plain lines, no carriage return")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command->add_option("-j,--jobs", options->jobs, "Files checked in parallel [default: all cores]")
      ->check(whole_number(1, 1024));
  command->add_flag("--join", options->join,
                    "Captures: check the files named (a folder's in name order) as one capture, as rotated logs "
                    "are, so that flows run on across files; each result still names its own file and line");
  command->add_flag("--strict-responses", options->strict_responses,
                    "Captures: unknown properties in response and error bodies are errors (default: warnings, as "
                    "Prove extends its responses)");
  command
      ->add_option("--route", options->routes,
                   "Captures: check the requests of the route with this path against SCHEMA (a file or an embedded "
                   "name) instead of the contract's")
      ->type_name("PATH=SCHEMA")
      ->expected(1)  // one value per option, so the paths after it stay inputs
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command
      ->add_option("--disable-rule", options->disabled_rules,
                   "Turn a flow rule off by id (F4; repeatable); the report says so")
      ->type_name("ID")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  return [options, shared] { return run(*options, shared); };
}

}  // namespace conform::cli
