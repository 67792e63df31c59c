#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <functional>
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/exit_code.hpp"
#include "cli/progress.hpp"
#include "cli/report_options.hpp"
#include "cli/stop_signal.hpp"
#include "conform/capture.hpp"
#include "conform/contract.hpp"
#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"
#include "inputs/capture_reader.hpp"
#include "inputs/input_set.hpp"
#include "inputs/sniffer.hpp"
#include "io/byte_source.hpp"
#include "pipeline/pipeline.hpp"
#include "report/plural.hpp"

namespace conform::cli {
namespace {

struct ValidateOptions {
  CommonOptions common;
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

// Findings the policy turns into warnings no longer fail the body; omitted
// findings may hold errors, so a body with some keeps its verdict.
void apply_body_policy(Result& result, Severity unknown_properties) {
  if (result.status != Status::fail) return;
  apply_unknown_properties_policy(result.findings, unknown_properties);
  const bool errors = std::any_of(result.findings.begin(), result.findings.end(),
                                  [](const Finding& finding) { return finding.severity == Severity::error; });
  if (!errors && result.omitted_findings == 0) result.status = Status::pass;
}

// How captures are routed: the contracts, with what the options change.
RouterOptions router_options(const ValidateOptions& options) {
  RouterOptions router;
  router.schema = options.common.schema_options();
  router.strict_responses = options.strict_responses;
  router.values = options.common.value_mask();
  for (const std::string& rule : options.disabled_rules) {
    if (contract_rules(rule).empty()) throw Error(fmt::format("--disable-rule {}: no contract states that rule", rule));
    router.disabled_rules.push_back(rule);
  }
  for (const std::string& route : options.routes) {
    const auto equals = route.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == route.size()) {
      throw Error(fmt::format("--route {}: expected PATH=SCHEMA, e.g. /v3/mfa-status=my.schema.json", route));
    }
    CommonOptions named = options.common;
    named.schema = route.substr(equals + 1);
    router.request_overrides.emplace_back(route.substr(0, equals), named.load_schema(named.schema));
  }
  if (!options.common.schema.empty() && options.routes.empty()) {
    // Silently checking captures against something else than asked would be a wrong verdict.
    router.refusal = fmt::format(
        "--schema {} applies to bodies, not captures: a capture's calls are routed each to its own schema by the "
        "V3 MFA and V3 Unify contracts; use --route PATH=SCHEMA to check one route's requests against another "
        "schema",
        options.common.schema);
  }
  return router;
}

// --join: the inputs, in the order named, as the files of one capture. Inputs
// that are no capture (or cannot be used) are results of their own.
std::vector<std::pair<std::string, CaptureFormat>> joined_captures(const ValidateOptions& options,
                                                                   const std::function<void(Result&&)>& sink) {
  std::vector<std::pair<std::string, CaptureFormat>> files;
  // Files in the order named (logrotate's app.log.2 app.log.1 app.log is oldest first), folders in name order.
  for (const std::string& path : options.paths) {
    inputs::InputWalker walker({path});
    while (auto item = walker.next()) {
      if (item->unusable) {
        sink(std::move(*item->unusable));
        continue;
      }
      // Sniffed as the pipeline sniffs every input: from its first bytes, through the byte source.
      inputs::BodyLayout layout = item->layout;
      std::string error;
      if (const auto source = io::ByteSource::open(item->path, true, error)) {
        const auto forced = options.input_format.empty() ? std::nullopt : inputs::parse_layout(options.input_format);
        layout = inputs::body_layout(inputs::sniff(*source, inputs::name_hint(item->path), forced,
                                                   inputs::capture_line_limit(options.common.limits))
                                         .layout);
      }
      if (layout == inputs::BodyLayout::har || layout == inputs::BodyLayout::ndjson_capture) {
        files.emplace_back(item->path, layout == inputs::BodyLayout::har ? CaptureFormat::har : CaptureFormat::ndjson);
      } else {
        Result refused = make_error_result(
            item->path, "--join joins captures (HAR files, NDJSON logs of exchanges); this input is neither");
        refused.file = item->path;
        sink(std::move(refused));
      }
    }
  }
  return files;
}

int run(const ValidateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  // First of all: Ctrl-C while the schemas load still ends in an interrupted
  // report, and the sink's temporary files are removed on every way out.
  StopSignal stop;
  check_report_targets(options.common, options.paths);
  const Schema schema = options.common.load_schema(std::string(default_schema_name));
  // Captures route each call to its contract's schemas (see router_options for --schema).
  const Router capture_schemas(router_options(options));
  const std::optional<Severity> body_policy = options.common.schema.empty()
                                                  ? std::nullopt
                                                  : capture_schemas.unknown_properties_of_schema(options.common.schema);

  ReportSink sink(options.common);
  Summary summary;
  RunInfo run{schema.id(), "validate"};
  sink.reporter().begin(run);
  pipeline::Options pipeline_options;
  pipeline_options.jobs = options.jobs;
  pipeline_options.limits = options.common.limits;
  // Inside the engine, so that a body of a million findings keeps only these,
  // and a stop request ends even a body under way.
  pipeline_options.limits.max_findings = options.common.max_findings;
  pipeline_options.limits.stop = &stop.requested();
  pipeline_options.stop = &stop.requested();
  pipeline_options.discovery.stdin_layout =
      options.stdin_ndjson ? inputs::BodyLayout::ndjson : inputs::BodyLayout::single;
  if (!options.input_format.empty())
    pipeline_options.discovery.input_format = inputs::parse_layout(options.input_format);
  pipeline::Stats stats;
  std::optional<std::string> gone;
  {
    // Destroyed, and its line cleared, before the summary is written.
    Progress progress(options.progress);
    const std::function<void(Result &&)> report = [&](Result&& result) {
      progress.input_done();
      // A response body checked alone against a contract's response schema: the contract's response policy.
      // Bodies of captures (they carry their call as context) were judged by it already.
      if (body_policy && result.context.empty()) apply_body_policy(result, *body_policy);
      options.common.apply_gate(result);
      summary.count(result);
      sink.reporter().add(result);
      // A reader that went away (conform ... | head, a FIFO): nothing more can be shown.
      if (!gone && (gone = sink.reader_gone())) stop.stop_for_closed_output();
    };
    pipeline_options.before_file = [&progress](const std::string&) { progress.file_started(); };
    if (options.join) {
      // One capture read in order, file after file: flows cross the files, so they are not split over workers.
      const auto files = joined_captures(options, report);
      if (!files.empty()) check_joined_captures(files, capture_schemas, pipeline_options.limits, report);
      stats.captures = stats.files = files.size();
    } else {
      stats = pipeline::run(options.paths, schema, capture_schemas, pipeline_options, report,
                            [&] { progress.file_done(); });
    }
  }

  // Captures are routed call by call to the family's schemas; the summary says so.
  if (stats.captures > 0) {
    std::string family = routed_per_call(capture_schemas.contracts());
    if (!options.disabled_rules.empty()) {
      family += fmt::format("; rules off: {}", fmt::join(options.disabled_rules, ", "));
    }
    run.schema =
        stats.captures == stats.files ? std::string(family) : fmt::format("{} (captures: {})", run.schema, family);
  }
  summary.ignored_files = stats.ignored;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (stop.reason() == StopReason::closed_output) {
    if (gone && *gone != "standard output") {
      // A report's FIFO lost its reader: the run stops; standard output says
      // so, and no report file is written, so none is taken for a whole one.
      summary.interrupted = true;
      sink.reporter().end(run, summary);
      sink.abandon_files();
      fmt::print(stderr, "conform: the reader of {} went away; the run stopped and no report file was written\n",
                 escaped_for_line(*gone));
    } else {
      sink.abandon_files();
    }
    return 128 + SIGPIPE;  // as if SIGPIPE had ended it, quietly
  }
  const bool named_path_missing = std::any_of(options.paths.begin(), options.paths.end(), [](const std::string& path) {
    std::error_code error;
    return path != "-" && !std::filesystem::exists(std::filesystem::symlink_status(path, error));
  });
  if (stop.reason() == StopReason::signal) {
    // Every report, files too, is ended as interrupted: a report file left as
    // it was would be an earlier run's, read as this one's.
    summary.interrupted = true;
    sink.reporter().end(run, summary);
    sink.commit();
    fmt::print(stderr, "conform: interrupted after {}; every report says so\n",
               report::counted(summary.inputs, "input"));
    return 128 + stop.signal_number();
  }
  const int code = exit_code_for(summary, named_path_missing);
  summary.harness_error = code == kHarnessError;
  if (summary.inputs == 0) {
    // Nothing was checked: say what was looked for where, never a green run.
    for (const std::string& path : options.paths) {
      std::error_code error;
      const bool folder = std::filesystem::is_directory(path, error);
      fmt::print(
          stderr, "conform: no input in {}: {}\n", escaped_for_line(path),
          folder ? "looked for *.json, *.ndjson, *.jsonl, *.har (recursively)" : "it holds no body (blank lines only)");
    }
  }
  sink.reporter().end(run, summary);
  sink.commit();
  return code;
}

}  // namespace

Runner add_validate_command(CLI::App& app) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand(
      "validate",
      "Check bodies against a schema: files, directories (every *.json, *.ndjson, *.jsonl, *.har below them), "
      "or - for standard input. HAR files and NDJSON logs of exchanges are checked call by call against the "
      "schemas of the V3 MFA and V3 Unify contracts, with their flow rules");
  options->common.add_to(*command);
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
  return [options] { return run(*options); };
}

}  // namespace conform::cli
