#include "conform/run.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iterator>
#include <optional>
#include <set>

#include "conform/capture.hpp"
#include "conform/contract.hpp"
#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"
#include "conform/fixture.hpp"
#include "conform/test_suite.hpp"
#include "inputs/capture_reader.hpp"
#include "inputs/input_set.hpp"
#include "inputs/sniffer.hpp"
#include "io/byte_source.hpp"
#include "pipeline/pipeline.hpp"

namespace conform {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point started) {
  return std::chrono::duration<double>(Clock::now() - started).count();
}

// The observer's calls, for a run that may have none.
RunObserver& observer_of(const RunOptions& options) {
  static RunObserver none;
  return options.observer != nullptr ? *options.observer : none;
}

// The limits every check runs with: the token's flag stops even a body under way.
Limits run_limits(const RunOptions& options) {
  Limits limits = options.limits;
  if (options.stop.flag() != nullptr) limits.stop = options.stop.flag();
  return limits;
}

// `name` as --schema names it: a file path wins over an embedded name.
Schema load_schema(const std::string& name, const SchemaOptions& options) {
  std::error_code error;
  if (fs::is_regular_file(name, error)) return Schema::from_file(name, options);
  if (find_embedded_schema(name) != nullptr) return Schema::embedded(name, options);
  if (fs::is_directory(name, error)) {
    throw Error(
        fmt::format("the schema \"{}\" is a directory: name one schema file, or an embedded schema (see "
                    "`conform schemas`); --map-uri PREFIX=DIR reads the schemas a $ref names from a folder",
                    name));
  }
  throw Error(fmt::format("no schema file or embedded schema named \"{}\"{}", name, embedded_schema_hint(name)));
}

// The schema the options name, or `fallback` when they name none.
Schema chosen_schema(const RunOptions& options, const std::string& fallback) {
  return load_schema(options.schema.empty() ? fallback : options.schema, options.schema_options);
}

// Findings the policy turns into warnings no longer fail the body; omitted
// findings may hold errors, so a body with some keeps its verdict.
void apply_body_policy(Result& result, Severity unknown_properties) {
  if (result.status != Status::fail) return;
  apply_unknown_properties_policy(result.findings, unknown_properties);
  const bool errors = std::any_of(result.findings.begin(), result.findings.end(),
                                  [](const FindingView& finding) { return finding.severity == Severity::error; });
  if (!errors && result.omitted_findings == 0) result.status = Status::pass;
}

// How captures are routed: the contracts, with what the options change.
RouterOptions router_options(const ValidateOptions& options) {
  RouterOptions router;
  router.schema = options.schema_options;
  router.strict_responses = options.strict_responses;
  router.values = options.values;
  for (const std::string& rule : options.disabled_rules) {
    if (contract_rules(rule).empty()) throw Error(fmt::format("--disable-rule {}: no contract states that rule", rule));
    router.disabled_rules.push_back(rule);
  }
  for (const RouteOverride& route : options.routes) {
    if (route.path.empty() || route.schema.empty()) {
      throw Error(fmt::format("--route {}{}{}: expected PATH=SCHEMA, e.g. /v3/mfa-status=my.schema.json", route.path,
                              route.schema.empty() ? "" : "=", route.schema));
    }
    router.request_overrides.emplace_back(route.path, load_schema(route.schema, options.schema_options));
  }
  if (!options.schema.empty() && options.routes.empty()) {
    // Silently checking captures against something else than asked would be a wrong verdict.
    router.refusal = fmt::format(
        "--schema {} applies to bodies, not captures: a capture's calls are routed each to its own schema by the "
        "V3 MFA and V3 Unify contracts; use --route PATH=SCHEMA to check one route's requests against another "
        "schema",
        options.schema);
  }
  return router;
}

// --join: the inputs, in the order named, as the files of one capture. Inputs
// that are no capture (or cannot be used) are results of their own.
std::vector<std::pair<std::string, CaptureFormat>> joined_captures(const ValidateOptions& options, const Limits& limits,
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
        layout = inputs::body_layout(inputs::sniff(*source, inputs::name_hint(item->path), options.input_format,
                                                   inputs::capture_line_limit(limits))
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

}  // namespace

Summary validate(const ValidateOptions& options, Reporter& reporter) {
  const auto started = Clock::now();
  RunObserver& observer = observer_of(options);
  const Schema schema = chosen_schema(options, std::string(default_schema_name));
  // Captures route each call to its contract's schemas (see router_options for --schema).
  const Router capture_schemas(router_options(options));
  const std::optional<Severity> body_policy =
      options.schema.empty() ? std::nullopt : capture_schemas.unknown_properties_of_schema(options.schema);

  Summary summary;
  RunInfo run{schema.id(), "validate"};
  reporter.begin(run);
  pipeline::Options pipeline_options;
  pipeline_options.jobs = options.jobs;
  pipeline_options.limits = run_limits(options);
  // Inside the engine, so that a body of a million findings keeps only these.
  pipeline_options.limits.max_findings = options.gate.max_findings;
  pipeline_options.stop = pipeline_options.limits.stop;
  pipeline_options.standard_input = options.standard_input;
  pipeline_options.discovery.stdin_layout =
      options.stdin_ndjson ? inputs::BodyLayout::ndjson : inputs::BodyLayout::single;
  pipeline_options.discovery.input_format = options.input_format;
  pipeline::Stats stats;
  observer.checking_started();
  const std::function<void(Result &&)> report = [&](Result&& result) {
    observer.input_done();
    // A response body checked alone against a contract's response schema: the contract's response policy.
    // Bodies of captures (they carry their call as context) were judged by it already.
    if (body_policy && result.context.empty()) apply_body_policy(result, *body_policy);
    options.gate.apply(result);
    summary.count(result);
    reporter.add(result);
  };
  // The same, in two halves: what needs no shared state (the policy, the gate, the reports' bytes) is done
  // before the result's turn, on the thread that publishes it and in parallel; the rest in report order.
  // One job has no other thread to share the work with: its results are written in their turn.
  if (options.jobs > 1)
    pipeline_options.prepare = [&](Result& result, std::string& bytes) {
      if (body_policy && result.context.empty()) apply_body_policy(result, *body_policy);
      options.gate.apply(result);
      return reporter.render(result, bytes);
    };
  if (options.jobs > 1)
    pipeline_options.prepared_sink = [&](Result&& result, const std::string* bytes) {
      observer.input_done();
      summary.count(result);
      if (bytes != nullptr) {
        reporter.add_rendered(result, *bytes);
      } else {
        reporter.add(result);
      }
    };
  pipeline_options.before_file = [&observer](const std::string&) { observer.file_started(); };
  // Passing lines go over as runs: a bare pass has nothing for the policy or the gate to change.
  pipeline_options.passing_lines = [&](const PassingLines& lines) {
    for (std::uint64_t k = 0; k < lines.count; ++k) observer.input_done();
    summary.count_passing(lines.count);
    reporter.add_passing_lines(lines);
  };
  // A run that reports only counts judges bodies for their status alone, unless the response policy is
  // to change their findings (a verdict has none to change).
  if (options.verdicts_only && body_policy != Severity::warning) {
    pipeline_options.warnings_fail = options.gate.fail_on_warnings;
    pipeline_options.verdicts = [&](const pipeline::Verdicts& counts) {
      for (std::uint64_t k = 0; k < counts.inputs; ++k) observer.input_done();
      summary.count(Status::pass, counts.passed);
      summary.count(Status::fail, counts.failed);
      summary.count(Status::error, counts.errors);
    };
  }
  if (options.join) {
    // One capture read in order, file after file: flows cross the files, so they are not split over workers.
    const auto files = joined_captures(options, pipeline_options.limits, report);
    if (!files.empty()) check_joined_captures(files, capture_schemas, pipeline_options.limits, report);
    stats.captures = stats.files = files.size();
  } else {
    stats = pipeline::run(options.paths, schema, capture_schemas, pipeline_options, report,
                          [&observer] { observer.file_done(); });
  }
  observer.checking_done();

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
  summary.seconds = seconds_since(started);
  if (pipeline_options.limits.stop_requested()) {
    // Every report, files too, is ended as interrupted: a report file left as
    // it was would be an earlier run's, read as this one's.
    summary.interrupted = true;
    reporter.end(run, summary);
    return summary;
  }
  // A path on the command line that does not exist is a usage error rather than a verdict on the inputs.
  const bool named_path_missing = std::any_of(options.paths.begin(), options.paths.end(), [](const std::string& path) {
    std::error_code error;
    return path != "-" && !fs::exists(fs::symlink_status(path, error));
  });
  summary.harness_error = summary.inputs == 0 || named_path_missing;
  if (summary.inputs == 0) {
    // Nothing was checked: say what was looked for where, never a green run.
    for (const std::string& path : options.paths) {
      std::error_code error;
      const bool folder = fs::is_directory(path, error);
      observer.note(fmt::format("no input in {}: {}", path,
                                folder ? "looked for *.json, *.ndjson, *.jsonl, *.har (recursively)"
                                       : "it holds no body (blank lines only)"));
    }
  }
  reporter.end(run, summary);
  return summary;
}

namespace {

// A corpus folder named after an embedded schema (fixtures/v3-mfa-status-request)
// is checked against that schema unless --schema says otherwise.
std::string schema_for(const fs::path& path) {
  fs::path folder = fs::is_directory(path) ? path : path.parent_path();
  for (int up = 0; up < 3 && !folder.empty(); ++up) {
    const std::string name = folder.lexically_normal().filename().string();
    if (find_embedded_schema(name) != nullptr) return name;
    folder = folder.lexically_normal().parent_path();
  }
  return std::string(default_schema_name);
}

// For a NAME.expect.json sidecar: its fixture, NAME.json or NAME.har beside
// it (an empty path when there is none); nullopt for any other file.
std::optional<fs::path> fixture_of_sidecar(const fs::path& path) {
  constexpr std::string_view kSidecar = ".expect.json";
  const std::string name = path.filename().string();
  if (name.size() <= kSidecar.size() || name.compare(name.size() - kSidecar.size(), kSidecar.size(), kSidecar) != 0) {
    return std::nullopt;
  }
  const std::string stem = name.substr(0, name.size() - kSidecar.size());
  for (const char* extension : {".json", ".har"}) {
    const fs::path body = path.parent_path() / (stem + extension);
    if (fs::is_regular_file(body)) return body;
  }
  return fs::path();
}

// Paths that hold no fixture corpus but suite files are the suite's.
std::optional<std::vector<fs::path>> test_suite_files(const std::vector<std::string>& paths) {
  std::vector<fs::path> files;
  for (const std::string& path : paths) {
    if (fs::is_directory(path) ? !find_fixtures(path).empty() : !is_test_suite_file(path)) return std::nullopt;
    auto found = find_test_suite_files(path);
    if (found.empty()) return std::nullopt;
    std::move(found.begin(), found.end(), std::back_inserter(files));
  }
  return files;
}

// A folder that is no corpus itself but holds corpora one level down (the
// fixtures/ of this repository) stands for each of them, in name order, each
// checked against the schema it is named after.
std::vector<std::string> corpus_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> expanded;
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error) && find_fixtures(path).empty()) {
      std::vector<std::string> corpora;
      for (const auto& entry : fs::directory_iterator(path, error)) {
        if (entry.is_directory(error) && !find_fixtures(entry.path()).empty()) corpora.push_back(entry.path().string());
      }
      if (!corpora.empty()) {
        std::sort(corpora.begin(), corpora.end());
        std::move(corpora.begin(), corpora.end(), std::back_inserter(expanded));
        continue;
      }
    }
    expanded.push_back(path);
  }
  return expanded;
}

// Reports every result in the order given, after the gate.
Summary report_all(const TestOptions& options, const RunInfo& run, std::vector<Result>& results,
                   Clock::time_point started, bool suite_tests, Reporter& reporter) {
  Summary summary;
  summary.suite_tests = suite_tests;
  reporter.begin(run);
  for (Result& result : results) {
    options.gate.apply(result);
    summary.count(result);
    reporter.add(result);
  }
  summary.seconds = seconds_since(started);
  summary.interrupted = options.stop.stop_requested();
  summary.harness_error = summary.inputs == 0;
  reporter.end(run, summary);
  return summary;
}

// A fixture that does not say what it expects (no or a broken sidecar, a
// body outside valid/ and invalid/) is a defect of the corpus: the case
// fails, it does not stop the harness.
Result fixture_defect(const std::string& source, const Error& error) {
  Finding defect;
  defect.keyword = "fixture";
  defect.message = error.what();
  defect.line = error.line();
  defect.column = error.column();
  Result result = make_result(source, {std::move(defect)});
  result.file = error.file().empty() ? source : error.file();
  return result;
}

}  // namespace

Summary test(const TestOptions& options, Reporter& reporter) {
  const auto started = Clock::now();
  const std::vector<std::string> paths = corpus_paths(options.paths);
  std::vector<Result> results;
  if (const auto suite = test_suite_files(paths)) {
    // Files of the official JSON-Schema-Test-Suite: each case brings its own
    // schema, read with the options (--dialect, --map-uri, --format-assertion).
    for (const fs::path& file : *suite) {
      if (options.stop.stop_requested()) break;
      auto file_results = run_test_suite_file(file, options.schema_options);
      std::move(file_results.begin(), file_results.end(), std::back_inserter(results));
    }
    return report_all(options, RunInfo{"the schema of each test case", "test"}, results, started, true, reporter);
  }
  std::string schema_id;
  std::set<fs::path> tested;
  for (const std::string& path : paths) {
    if (options.stop.stop_requested()) break;
    std::vector<fs::path> bodies;
    if (fs::is_directory(path)) {
      bodies = find_fixtures(path);
      if (bodies.empty()) {
        results.push_back(make_error_result(path, "no fixtures: expected valid/*.json and invalid/*.json"));
        continue;
      }
    } else if (const auto body = fixture_of_sidecar(path)) {
      // A sidecar stands for its fixture (pre-commit hands over whichever file changed).
      if (body->empty()) {
        Finding defect;
        defect.keyword = "fixture";
        defect.message = "a sidecar without its fixture: no NAME.json or NAME.har beside it";
        results.push_back(make_result(path, {std::move(defect)}));
        continue;
      }
      bodies.push_back(*body);
    } else {
      bodies.push_back(path);
    }
    // Each fixture once, however often it was named (as itself and by its sidecar).
    bodies.erase(std::remove_if(bodies.begin(), bodies.end(),
                                [&](const fs::path& body) { return !tested.insert(body.lexically_normal()).second; }),
                 bodies.end());
    if (bodies.empty()) continue;
    const Schema schema = chosen_schema(options, schema_for(path));
    // A corpus of HAR captures is checked call by call against the family's
    // schemas; corpora checked against different schemas are summed up as such.
    const bool captures_only =
        std::all_of(bodies.begin(), bodies.end(), [](const fs::path& body) { return body.extension() == ".har"; });
    const std::string against = captures_only ? routed_per_call() : schema.id();
    if (schema_id.empty() || schema_id == against) {
      schema_id = against;
    } else {
      schema_id = "the schema each corpus is named after";
    }
    for (const fs::path& body : bodies) {
      if (options.stop.stop_requested()) break;
      const std::string source = body.generic_string();
      try {
        // The token's flag stops even a fixture under way, as validate's bodies.
        Fixture fixture = load_fixture(body);
        fixture.limits.stop = options.stop.flag();
        Result result = check_fixture(schema, fixture, source);
        // A fixture cut short says nothing of how it behaves: it is left out, as the run is interrupted.
        if (options.stop.stop_requested()) break;
        results.push_back(std::move(result));
      } catch (const Error& error) {
        results.push_back(fixture_defect(source, error));
      }
    }
  }
  return report_all(options, RunInfo{schema_id, "test"}, results, started, false, reporter);
}

}  // namespace conform
