#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <optional>
#include <set>

#include "cli/commands.hpp"
#include "cli/report_options.hpp"
#include "conform/contract.hpp"
#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"
#include "conform/fixture.hpp"
#include "conform/test_suite.hpp"

namespace conform::cli {
namespace fs = std::filesystem;
namespace {

struct TestOptions {
  CommonOptions common;
  std::vector<std::string> paths;
};

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

// Files of the official JSON-Schema-Test-Suite: each case brings its own
// schema, read with the options (--dialect, --map-uri, --format-assertion).
int run_test_suite(const TestOptions& options, const std::vector<fs::path>& files,
                   std::chrono::steady_clock::time_point started) {
  std::vector<Result> results;
  const SchemaOptions schema_options = options.common.schema_options();
  for (const fs::path& file : files) {
    auto file_results = run_test_suite_file(file, schema_options);
    std::move(file_results.begin(), file_results.end(), std::back_inserter(results));
  }
  return report_results(options.common, RunInfo{"the schema of each test case", "test"}, results, started, true);
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

int run(const TestOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  check_report_targets(options.common, options.paths);
  const std::vector<std::string> paths = corpus_paths(options.paths);
  if (const auto suite = test_suite_files(paths)) return run_test_suite(options, *suite, started);
  std::vector<Result> results;
  std::string schema_id;
  std::set<fs::path> tested;
  for (const std::string& path : paths) {
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
    const Schema schema = options.common.load_schema(schema_for(path));
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
      const std::string source = body.generic_string();
      try {
        results.push_back(check_fixture(schema, load_fixture(body), source));
      } catch (const Error& error) {
        // A fixture that does not say what it expects (no or a broken sidecar,
        // a body outside valid/ and invalid/) is a defect of the corpus: the
        // case fails, it does not stop the harness.
        Finding defect;
        defect.keyword = "fixture";
        defect.message = error.what();
        defect.line = error.line();
        defect.column = error.column();
        Result result = make_result(source, {std::move(defect)});
        result.file = error.file().empty() ? source : error.file();
        results.push_back(std::move(result));
      }
    }
  }

  return report_results(options.common, RunInfo{schema_id, "test"}, results, started);
}

}  // namespace

Runner add_test_command(CLI::App& app) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* command = app.add_subcommand(
      "test",
      "Check that a fixture corpus behaves as declared: every valid/*.json passes, every invalid/*.json "
      "produces exactly the findings in its NAME.expect.json. Files (or folders) of the official "
      "JSON-Schema-Test-Suite run each test against its case's schema");
  options->common.add_to(*command);
  command
      ->add_option("paths", options->paths,
                   "Corpus folders (holding valid/ and invalid/), folders of corpora (each is run), single fixtures, "
                   "or JSON-Schema-Test-Suite files or folders")
      ->required()
      ->type_name("PATH...");
  return [options] { return run(*options); };
}

}  // namespace conform::cli
