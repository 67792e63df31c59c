#include "cli/report_options.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/exit_code.hpp"
#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"

namespace conform::cli {
namespace fs = std::filesystem;

void CommonOptions::add_to(CLI::App& command) {
  command
      .add_option("-s,--schema", schema,
                  fmt::format("Schema: the name of an embedded schema (see `conform schemas`) or a draft-04/06/07, "
                              "2019-09 or 2020-12 schema file [default: {}]",
                              default_schema_name))
      ->type_name("NAME|FILE");
  command.add_option("--dialect", dialect, "Draft for a schema without \"$schema\"")
      ->check(CLI::IsMember({"draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"}))
      ->capture_default_str();
  command
      .add_option("--map-uri", map_uri,
                  "Read schemas that $ref names under the URI PREFIX from the folder DIR (repeatable); nothing is "
                  "ever fetched from the network")
      ->check([](const std::string& spec) {
        const auto equals = spec.find('=');
        return equals == std::string::npos || equals == 0 || equals + 1 == spec.size()
                   ? std::string("expected PREFIX=DIR")
                   : std::string();
      })
      ->type_name("PREFIX=DIR")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command.add_flag("--format-assertion", format_assertion,
                   "Assert \"format\" (every format of draft 7, and uuid); by default it is an annotation, as draft 7 "
                   "allows");
  command
      .add_option("-f,--format", formats,
                  "Report format, NAME or NAME=PATH; repeat for several reports at once (text, json, junit, sarif, "
                  "github)")
      ->check([](const std::string& spec) {
        const std::string name = spec.substr(0, spec.find('='));
        return parse_report_format(name) ? std::string() : fmt::format("unknown report format \"{}\"", name);
      })
      ->type_name("NAME[=PATH]")
      ->expected(1)  // one value per --format, so paths after it stay inputs
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->default_str("text");
  command.add_option("-o,--output", output, "Write the report without a =PATH to FILE instead of standard output")
      ->type_name("FILE");
  command.add_option("--fail-on", fail_on, "Fail an input on errors only, or on warnings too")
      ->check(CLI::IsMember({"error", "warning"}))
      ->capture_default_str();
  command
      .add_option("--max-findings", max_findings, "Report at most N findings per input (0: all); the rest are counted")
      ->type_name("N");
  command.add_flag("-q,--quiet", quiet, "Text report: only the summary line");
  command.add_flag("--show-values", show_values,
                   "Print values from the bodies in full; by default personal values (phone numbers, any quoted "
                   "value) are masked");
  command.add_option("--color", color, "Colour in the text report; NO_COLOR in the environment turns it off")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command.add_option("--max-bytes", limits.max_bytes, "Largest body accepted, in bytes")->capture_default_str();
  command.add_option("--max-depth", limits.max_depth, "Deepest nesting accepted")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->capture_default_str();
}

SchemaOptions CommonOptions::schema_options() const {
  SchemaOptions options;
  constexpr std::pair<std::string_view, Dialect> kDialects[] = {{"draft4", Dialect::draft4},
                                                                {"draft6", Dialect::draft6},
                                                                {"draft2019-09", Dialect::draft2019_09},
                                                                {"draft2020-12", Dialect::draft2020_12}};
  options.default_dialect = Dialect::draft7;
  for (const auto& [name, value] : kDialects) {
    if (dialect == name) options.default_dialect = value;
  }
  options.format_assertion = format_assertion;
  for (const std::string& spec : map_uri) {
    const auto equals = spec.find('=');
    options.uri_map.emplace_back(spec.substr(0, equals), spec.substr(equals + 1));
  }
  return options;
}

Schema CommonOptions::load_schema(const std::string& fallback) const {
  const std::string& name = schema.empty() ? fallback : schema;
  std::error_code error;
  if (fs::is_regular_file(name, error)) return Schema::from_file(name, schema_options());
  if (find_embedded_schema(name) != nullptr) return Schema::embedded(name, schema_options());
  throw Error(fmt::format("no schema file or embedded schema named \"{}\" (see `conform schemas`)", name));
}

void CommonOptions::apply_gate(Result& result) const {
  if (result.status == Status::pass && fail_on == "warning" && !result.findings.empty()) result.status = Status::fail;
  if (max_findings != 0 && result.findings.size() > max_findings) {
    result.omitted_findings += result.findings.size() - max_findings;
    result.findings.resize(max_findings);
  }
}

namespace {

bool use_color(const CommonOptions& options, bool to_terminal) {
  if (options.color == "always") return true;
  if (options.color == "never" || !to_terminal) return false;
  // https://no-color.org: any non-empty NO_COLOR turns colour off.
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return isatty(STDOUT_FILENO) == 1;
}

// Feeds every report the same calls.
class TeeReporter final : public Reporter {
 public:
  explicit TeeReporter(std::vector<Reporter*> reporters) : reporters_(std::move(reporters)) {}
  void begin(const RunInfo& run) override {
    for (Reporter* reporter : reporters_) reporter->begin(run);
  }
  void add(const Result& result) override {
    for (Reporter* reporter : reporters_) reporter->add(result);
  }
  void end(const RunInfo& run, const Summary& summary) override {
    for (Reporter* reporter : reporters_) reporter->end(run, summary);
  }

 private:
  std::vector<Reporter*> reporters_;
};

}  // namespace

namespace {

// A device or pipe is written in place; so is anything under /dev or /proc
// (/dev/stdout may lead to a regular file, but it is the shell's, not ours).
bool written_in_place(const std::string& target) {
  const std::string normal = fs::path(target).lexically_normal().string();
  if (normal.rfind("/dev/", 0) == 0 || normal.rfind("/proc/", 0) == 0) return true;
  std::error_code error;
  const auto status = fs::status(target, error);
  return !error && fs::exists(status) && !fs::is_regular_file(status);
}

// The file a report replaces: through a link, the file it points at, so that
// the link stays a link.
std::string replaced_file(const std::string& target) {
  std::error_code error;
  if (!fs::is_symlink(fs::symlink_status(target, error))) return target;
  const fs::path real = fs::weakly_canonical(target, error);
  return error ? target : real.string();
}

}  // namespace

struct ReportSink::Output {
  std::string target;     // empty: standard output
  std::string temporary;  // renamed to `replaced` on commit; empty when written in place
  std::string replaced;   // the target, or the file a link there points at
  std::unique_ptr<std::ofstream> file;
  std::unique_ptr<Reporter> reporter;

  std::ostream& stream() { return file ? static_cast<std::ostream&>(*file) : std::cout; }
};

ReportSink::ReportSink(const CommonOptions& options) {
  bool stdout_taken = false;
  std::vector<Reporter*> reporters;
  for (const std::string& spec : options.formats) {
    const auto equals = spec.find('=');
    const std::string name = spec.substr(0, equals);
    std::string target = equals == std::string::npos ? options.output : spec.substr(equals + 1);
    if (target == "-") target.clear();
    if (target.empty()) {
      if (stdout_taken) {
        throw Error("only one report can go to standard output; give the others a path (--format junit=conform.xml)");
      }
      stdout_taken = true;
    }
    auto output = std::make_unique<Output>();
    output->target = target;
    if (!target.empty()) {
      const bool in_place = written_in_place(target);
      const std::string path = in_place ? target : fmt::format("{}.tmp-{}", replaced_file(target), getpid());
      if (!in_place) {
        output->temporary = path;
        output->replaced = replaced_file(target);
      }
      output->file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
      if (!*output->file) {
        output->temporary.clear();
        throw Error(fmt::format("cannot write the report: {}", std::strerror(errno)), target);
      }
    }
    ReportOptions report_options;
    report_options.show_values = options.show_values;
    report_options.color = name == "text" && use_color(options, target.empty());
    report_options.summary_only = options.quiet;
    output->reporter = make_reporter(*parse_report_format(name), output->stream(), report_options);
    reporters.push_back(output->reporter.get());
    outputs_.push_back(std::move(output));
  }
  tee_ = std::make_unique<TeeReporter>(std::move(reporters));
}

void ReportSink::commit() {
  for (auto& output : outputs_) {
    const std::string where = output->target.empty() ? std::string("standard output") : output->target;
    output->stream().flush();
    if (!output->stream()) throw Error("cannot write the report (disk full?)", where);
    if (!output->file) continue;
    output->file->close();
    if (!*output->file) throw Error("cannot write the report (disk full?)", where);
    if (!output->temporary.empty()) {
      std::error_code error;
      fs::rename(output->temporary, output->replaced, error);
      if (error) throw Error(fmt::format("cannot write the report: {}", error.message()), where);
      output->temporary.clear();
    }
  }
}

bool ReportSink::abandon_files() {
  bool any = false;
  for (auto& output : outputs_) {
    if (!output->file) {
      std::cout.flush();
      continue;
    }
    any = true;
    output->file->close();
    if (!output->temporary.empty()) std::remove(output->temporary.c_str());
    output->temporary.clear();
  }
  return any;
}

ReportSink::~ReportSink() {
  for (auto& output : outputs_) {
    if (!output->temporary.empty()) std::remove(output->temporary.c_str());
  }
}

int report_results(const CommonOptions& options, const RunInfo& run, std::vector<Result>& results,
                   std::chrono::steady_clock::time_point started, bool suite_tests) {
  ReportSink sink(options);
  Summary summary;
  summary.suite_tests = suite_tests;
  sink.reporter().begin(run);
  for (Result& result : results) {
    options.apply_gate(result);
    summary.count(result);
    sink.reporter().add(result);
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  sink.reporter().end(run, summary);
  sink.commit();
  return exit_code_for(summary);
}

int exit_code_for(const Summary& summary, bool named_path_missing) {
  if (summary.inputs == 0 || named_path_missing) return kHarnessError;
  // An input that could not be read (a FIFO, a dangling link, no permission)
  // is not a conforming one: the gate fails on it, as on a failing body.
  return summary.failed > 0 || summary.errors > 0 ? kNonConforming : kAllConform;
}

}  // namespace conform::cli
