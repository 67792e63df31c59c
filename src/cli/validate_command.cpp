#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
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
  std::string progress = "auto";
  unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
};

// Hands results to the reporter in report order (by path, then line) while
// workers check files in parallel: the file first in order streams straight
// through; the others wait in a buffer until their turn. The report is the
// same for any number of jobs, and memory holds no more than the files in
// flight.
class OrderedEmitter {
 public:
  OrderedEmitter(std::size_t items, const CommonOptions& options, Reporter& reporter, Summary& summary,
                 Progress& progress)
      : pending_(items),
        done_(items, 0),
        options_(options),
        reporter_(reporter),
        summary_(summary),
        progress_(progress) {}

  void emit(std::size_t item, Result&& result) {
    std::lock_guard lock(mutex_);
    if (item == head_) {
      publish(std::move(result));
    } else {
      pending_[item].push_back(std::move(result));
    }
  }

  void done(std::size_t item) {
    std::lock_guard lock(mutex_);
    done_[item] = 1;
    progress_.file_done();
    while (head_ < done_.size() && done_[head_] != 0) {
      if (++head_ < done_.size()) {
        for (Result& result : pending_[head_]) publish(std::move(result));
        std::vector<Result>().swap(pending_[head_]);
      }
    }
  }

 private:
  void publish(Result&& result) {
    progress_.input_done();
    options_.apply_gate(result);
    summary_.count(result);
    reporter_.add(result);
  }

  std::mutex mutex_;
  std::size_t head_ = 0;
  std::vector<std::vector<Result>> pending_;
  std::vector<char> done_;
  const CommonOptions& options_;
  Reporter& reporter_;
  Summary& summary_;
  Progress& progress_;
};

// Checks every body of one file, emitting each result as it is made; a file
// that cannot be read ends with one result with status error. Returns
// whether the file was a capture.
bool check_file(const Schema& schema, const CaptureSchemas& capture_schemas, const inputs::InputFile& named,
                const Limits& limits, const std::function<void(Result&&)>& emit) {
  inputs::InputFile file = named;
  file.layout = inputs::detect_layout(named);
  if (file.layout == inputs::BodyLayout::har || file.layout == inputs::BodyLayout::ndjson_capture) {
    const auto format = file.layout == inputs::BodyLayout::har ? CaptureFormat::har : CaptureFormat::ndjson;
    check_capture(file.path, format, capture_schemas, limits, emit);
    return true;
  }
  const std::string error = inputs::read_bodies(file, [&](const inputs::Body& body) {
    Result result = schema.validate(body.bytes, body.source, limits);
    result.file = file.path;
    // Findings are placed in the body; the report places them in the file.
    for (Finding& finding : result.findings) {
      if (finding.line != 0) finding.line += body.line - 1;
    }
    emit(std::move(result));
  });
  if (!error.empty()) {
    Result failed = make_error_result(file.path, error);
    failed.file = file.path;
    emit(std::move(failed));
  }
  return false;
}

int run(const ValidateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const Schema schema = options.common.load_schema(std::string(default_schema_name));
  // Captures route each call to the family's schemas, whatever --schema says.
  const CaptureSchemas capture_schemas(options.common.schema_options());
  inputs::DiscoveryOptions discovery;
  discovery.stdin_layout = options.stdin_ndjson ? inputs::BodyLayout::ndjson : inputs::BodyLayout::single;
  inputs::InputSet set = inputs::discover(options.paths, discovery);

  // One list in report order: files to check, and named paths that could not be used.
  struct Item {
    std::string path;
    const inputs::InputFile* file;
    Result* unusable;
  };
  std::vector<Item> items;
  for (const auto& file : set.files) items.push_back({file.path, &file, nullptr});
  for (auto& unusable : set.unusable) items.push_back({unusable.source, nullptr, &unusable});
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.path < b.path; });

  ReportSink sink(options.common);
  Summary summary;
  RunInfo run{schema.id(), "validate"};
  sink.reporter().begin(run);
  // Declared before the workers start and destroyed before the summary is written.
  std::optional<Progress> progress(std::in_place, options.progress, items.size());
  OrderedEmitter emitter(items.size(), options.common, sink.reporter(), summary, *progress);
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> captures{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < items.size(); i = next++) {
      auto emit = [&](Result&& result) { emitter.emit(i, std::move(result)); };
      if (items[i].unusable != nullptr) {
        emit(std::move(*items[i].unusable));
      } else if (check_file(schema, capture_schemas, *items[i].file, options.common.limits, emit)) {
        ++captures;
      }
      emitter.done(i);
    }
  };
  const auto jobs = std::min<std::size_t>(options.jobs, std::max<std::size_t>(1, items.size()));
  std::vector<std::thread> workers;
  for (std::size_t j = 1; j < jobs; ++j) workers.emplace_back(worker);
  worker();
  for (auto& thread : workers) thread.join();
  progress.reset();

  // Captures are routed call by call to the family's schemas; the summary says so.
  if (captures > 0) {
    constexpr std::string_view kFamily = "the V3 MFA schemas, routed per call";
    run.schema =
        captures == items.size() ? std::string(kFamily) : fmt::format("{} (captures: {})", run.schema, kFamily);
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  sink.reporter().end(run, summary);
  sink.commit();
  return exit_code_for(summary);
}

}  // namespace

Runner add_validate_command(CLI::App& app) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand(
      "validate",
      "Check bodies against a schema: files, directories (every *.json, *.ndjson, *.jsonl, *.har below them), "
      "or - for standard input. HAR files and NDJSON logs of exchanges are checked call by call against the V3 MFA "
      "schemas, with the flow rules F1-F6");
  options->common.add_to(*command);
  command->add_option("paths", options->paths, "Files, directories, or - for standard input")
      ->required()
      ->type_name("PATH...");
  command->add_flag("--stdin-ndjson", options->stdin_ndjson, "Read standard input as NDJSON, one body per line");
  command
      ->add_option("--progress", options->progress,
                   "Progress line on standard error for long runs: auto shows it on a terminal outside CI")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command->add_option("-j,--jobs", options->jobs, "Files checked in parallel [default: all cores]")
      ->check(CLI::Range(1U, 1024U));
  return [options] { return run(*options); };
}

}  // namespace conform::cli
