#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "cli/commands.hpp"
#include "cli/report_options.hpp"
#include "conform/capture.hpp"
#include "conform/embedded_schema.hpp"
#include "inputs/input_set.hpp"

namespace conform::cli {
namespace {

struct ValidateOptions {
  CommonOptions common;
  std::vector<std::string> paths;
  bool stdin_ndjson = false;
  unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
};

struct Ordered {
  std::string file;
  std::uint32_t line;
  Result result;
};

// Checks every body of one file; a file that cannot be read becomes one
// result with status error.
std::vector<Ordered> check_file(const Schema& schema, const CaptureSchemas& capture_schemas,
                                const inputs::InputFile& named, const Limits& limits, bool& is_capture) {
  std::vector<Ordered> results;
  inputs::InputFile file = named;
  file.layout = inputs::detect_layout(named);
  is_capture = file.layout == inputs::BodyLayout::har || file.layout == inputs::BodyLayout::ndjson_capture;
  if (is_capture) {
    const auto format = file.layout == inputs::BodyLayout::har ? CaptureFormat::har : CaptureFormat::ndjson;
    for (Result& result : check_capture(file.path, format, capture_schemas, limits)) {
      results.push_back({file.path, 0, std::move(result)});
    }
    return results;
  }
  const std::string error = inputs::read_bodies(file, [&](const inputs::Body& body) {
    Result result = schema.validate(body.bytes, body.source, limits);
    result.file = file.path;
    // Findings are placed in the body; the report places them in the file.
    for (Finding& finding : result.findings) {
      if (finding.line != 0) finding.line += body.line - 1;
    }
    results.push_back({file.path, body.line, std::move(result)});
  });
  if (!error.empty()) {
    results.push_back({file.path, 0, make_error_result(file.path, error)});
    results.back().result.file = file.path;
  }
  return results;
}

int run(const ValidateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const Schema schema = options.common.load_schema(std::string(default_schema_name));
  // Captures route each call to the family's schemas, whatever --schema says.
  const CaptureSchemas capture_schemas(options.common.schema_options());
  inputs::DiscoveryOptions discovery;
  discovery.stdin_layout = options.stdin_ndjson ? inputs::BodyLayout::ndjson : inputs::BodyLayout::single;
  inputs::InputSet set = inputs::discover(options.paths, discovery);

  // Files fan out to workers; results are merged back in path order, so the
  // report is the same for any number of jobs.
  std::vector<std::vector<Ordered>> per_file(set.files.size());
  std::vector<char> is_capture(set.files.size(), 0);  // not vector<bool>: workers write neighbours at once
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < set.files.size(); i = next++) {
      bool capture = false;
      per_file[i] = check_file(schema, capture_schemas, set.files[i], options.common.limits, capture);
      is_capture[i] = capture ? 1 : 0;
    }
  };
  const auto jobs = std::min<std::size_t>(options.jobs, std::max<std::size_t>(1, set.files.size()));
  std::vector<std::thread> workers;
  for (std::size_t j = 1; j < jobs; ++j) workers.emplace_back(worker);
  worker();
  for (auto& thread : workers) thread.join();

  std::vector<Ordered> all;
  for (Result& unusable : set.unusable) {
    std::string file = unusable.source;
    all.push_back({std::move(file), 0, std::move(unusable)});
  }
  for (auto& results : per_file) std::move(results.begin(), results.end(), std::back_inserter(all));
  std::stable_sort(all.begin(), all.end(), [](const Ordered& a, const Ordered& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });

  std::vector<Result> results;
  results.reserve(all.size());
  for (Ordered& entry : all) results.push_back(std::move(entry.result));
  // Captures are routed call by call to the family's schemas; the summary says so.
  const auto captures = static_cast<std::size_t>(std::count(is_capture.begin(), is_capture.end(), 1));
  std::string against = schema.id();
  if (captures > 0) {
    constexpr std::string_view kFamily = "the V3 MFA schemas, routed per call";
    against = captures == set.files.size() && set.unusable.empty() ? std::string(kFamily)
                                                                   : fmt::format("{} (captures: {})", against, kFamily);
  }
  return report_results(options.common, RunInfo{against, "validate"}, results, started);
}

}  // namespace

Runner add_validate_command(CLI::App& app) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand(
      "validate",
      "Check bodies against a schema: files, directories (every *.json, *.ndjson, *.jsonl below them), "
      "or - for standard input");
  options->common.add_to(*command);
  command->add_option("paths", options->paths, "Files, directories, or - for standard input")
      ->required()
      ->type_name("PATH...");
  command->add_flag("--stdin-ndjson", options->stdin_ndjson, "Read standard input as NDJSON, one body per line");
  command->add_option("-j,--jobs", options->jobs, "Files checked in parallel [default: all cores]")
      ->check(CLI::Range(1U, 1024U));
  return [options] { return run(*options); };
}

}  // namespace conform::cli
