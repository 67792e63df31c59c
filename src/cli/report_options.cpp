#include "cli/report_options.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/exit_code.hpp"
#include "cli/fd_output.hpp"
#include "cli/stop_signal.hpp"
#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"

namespace conform::cli {
namespace fs = std::filesystem;

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        const bool digits_only = !text.empty() && text.front() >= '0' && text.front() <= '9' && stop == end;
        if (digits_only && error == std::errc() && value >= min && value <= max) return std::string();
        return fmt::format("expected a whole number from {} to {}, not \"{}\"", min, max, escaped_for_line(text));
      },
      fmt::format("{}..{}", min, max), "whole number");
}

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
                  "github, ndjson: one line per input, as it is checked)")
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
  constexpr std::uint64_t kLargest = std::uint64_t{1} << 60;  // well below SIZE_MAX on every platform
  command
      .add_option("--max-findings", max_findings, "Report at most N findings per input (0: all); the rest are counted")
      ->check(whole_number(0, kLargest))
      ->type_name("N");
  command
      .add_option("--max-annotations", max_annotations,
                  "github report: at most N annotations in all (0: no limit); GitHub shows 10 error and 10 warning "
                  "annotations per step and 50 per job, so the default keeps every one written visible; a final "
                  "::notice counts the rest")
      ->check(whole_number(0, kLargest))
      ->capture_default_str()
      ->type_name("N");
  command.add_flag("-q,--quiet", quiet, "Text report: only the summary line");
  command.add_flag("--allow-unchecked-captures", allow_unchecked_captures,
                   "Let a capture pass in which no recorded call was checked (none was a V3 MFA call); by default "
                   "it fails, as it says nothing about the traffic");
  // A flag, so that a path after it is never taken for its value: names only as --show-values=NAME.
  command
      .add_flag("--show-values{*}", show_values,
                "Print values from the bodies in full, or with =NAME[,NAME] only the values of the members so named "
                "(--show-values=correlationId); by default every value is masked")
      ->delimiter(',');
  command
      .add_option("--mask", mask,
                  "How masked values look: standard keeps the first and last two characters (20******11), strict "
                  "only the last two, of values of 8 characters or more (********11)")
      ->check(CLI::IsMember({"standard", "strict"}))
      ->capture_default_str();
  command.add_option("--color", color, "Colour in the text report; NO_COLOR in the environment turns it off")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command.add_option("--max-bytes", limits.max_bytes, "Largest body accepted, in bytes (at most 2^60)")
      ->check(whole_number(1, kLargest))
      ->capture_default_str();
  command.add_option("--max-depth", limits.max_depth, "Deepest nesting accepted")
      ->check(whole_number(1, 100000))
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

ValueMask CommonOptions::value_mask() const {
  ValueMask values;
  values.mode = mask == "strict" ? ValueMask::Mode::strict : ValueMask::Mode::standard;
  for (const std::string& name : show_values) {
    if (name == "*") {
      values.show_all = true;
    } else if (!name.empty()) {
      values.shown_members.push_back(name);
    }
  }
  return values;
}

Schema CommonOptions::load_schema(const std::string& fallback) const {
  const std::string& name = schema.empty() ? fallback : schema;
  std::error_code error;
  if (fs::is_regular_file(name, error)) return Schema::from_file(name, schema_options());
  if (find_embedded_schema(name) != nullptr) return Schema::embedded(name, schema_options());
  if (fs::is_directory(name, error)) {
    throw Error(
        fmt::format("the schema \"{}\" is a directory: name one schema file, or an embedded schema (see "
                    "`conform schemas`); --map-uri PREFIX=DIR reads the schemas a $ref names from a folder",
                    name));
  }
  throw Error(fmt::format("no schema file or embedded schema named \"{}\" (see `conform schemas`)", name));
}

void CommonOptions::apply_gate(Result& result) const {
  if (!allow_unchecked_captures && result.checked_calls) {  // a capture's own result: its hint is built only then
    fail_if_no_call_checked(result,
                            "pass --allow-unchecked-captures if a capture with no call of the contracts is expected");
  }
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

// Where each report goes: "" for standard output.
std::vector<std::pair<std::string, std::string>> report_targets(const CommonOptions& options) {
  std::vector<std::pair<std::string, std::string>> targets;  // format name, target
  for (const std::string& spec : options.formats) {
    const auto equals = spec.find('=');
    std::string target = equals == std::string::npos ? options.output : spec.substr(equals + 1);
    if (target == "-") target.clear();
    targets.emplace_back(spec.substr(0, equals), std::move(target));
  }
  return targets;
}

// A path as one thing on the file system: its device and inode when it
// exists, else its absolute, normalised spelling.
std::string identity(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0) return fmt::format("inode {}:{}", status.st_dev, status.st_ino);
  std::error_code error;
  const fs::path absolute = fs::weakly_canonical(fs::absolute(path, error), error);
  return "path " + absolute.lexically_normal().string();
}

bool is_input_name(const fs::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".json" || extension == ".ndjson" || extension == ".jsonl" || extension == ".har";
}

}  // namespace

void check_report_targets(const CommonOptions& options, const std::vector<std::string>& inputs) {
  const auto targets = report_targets(options);
  if (!options.output.empty() &&
      std::all_of(options.formats.begin(), options.formats.end(),
                  [](const std::string& spec) { return spec.find('=') != std::string::npos; })) {
    throw Error(fmt::format("-o {} names no report: every --format has its own =PATH", options.output));
  }
  std::vector<std::pair<std::string, std::string>> seen;  // identity, target
  for (const auto& [name, target] : targets) {
    if (target.empty()) continue;
    const std::string id = identity(target);
    for (const auto& [other_id, other] : seen) {
      if (other_id == id)
        throw Error(fmt::format("two reports would be written to one file ({} and {})", other, target));
    }
    seen.emplace_back(id, target);
    std::error_code error;
    const fs::path where = fs::weakly_canonical(fs::absolute(target, error), error);
    for (const std::string& input : inputs) {
      if (input == "-") continue;
      if (identity(input) == id) {
        throw Error(fmt::format("the {} report would replace the input {}; write it elsewhere", name, input), target);
      }
      // A report in a folder that is walked would be read as an input next time (or replace one now).
      if (fs::is_directory(input, error) && is_input_name(where)) {
        const fs::path folder = fs::weakly_canonical(fs::absolute(input, error), error);
        const auto [folder_end, where_end] = std::mismatch(folder.begin(), folder.end(), where.begin(), where.end());
        if (folder_end == folder.end()) {
          throw Error(
              fmt::format("the {} report would be among the inputs found in {}; write it elsewhere", name, input),
              target);
        }
      }
    }
  }
}

struct ReportSink::Output {
  std::string target;     // empty: standard output
  std::string temporary;  // renamed to `replaced` on commit; empty when written in place
  std::string replaced;   // the target, or the file a link there points at
  std::unique_ptr<FdOutput> file;
  std::unique_ptr<Reporter> reporter;

  void drop_temporary() {
    if (temporary.empty()) return;
    StopSignal::forget_temporary(temporary.c_str());
    ::unlink(temporary.c_str());
    temporary.clear();
  }
};

ReportSink::ReportSink(const CommonOptions& options) {
  bool stdout_taken = false;
  std::vector<Reporter*> reporters;
  // New report files get the mode a plain create would give them.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  for (const auto& [name, target] : report_targets(options)) {
    if (target.empty()) {
      if (stdout_taken) {
        throw Error("only one report can go to standard output; give the others a path (--format junit=conform.xml)");
      }
      stdout_taken = true;
    }
    auto output = std::make_unique<Output>();
    output->target = target;
    if (target.empty()) {
      output->file = std::make_unique<FdOutput>(STDOUT_FILENO, false);
    } else if (written_in_place(target)) {
      const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
      if (fd < 0) throw Error(fmt::format("cannot write the report: {}", std::strerror(errno)), target);
      output->file = std::make_unique<FdOutput>(fd, true);
    } else {
      // A random name beside the target, created exclusively: two runs, even
      // in separate PID namespaces, never share a temporary file.
      output->replaced = replaced_file(target);
      std::string pattern = output->replaced + ".tmp-XXXXXX";
      const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
      if (fd < 0) throw Error(fmt::format("cannot write the report: {}", std::strerror(errno)), target);
      output->temporary = std::move(pattern);
      StopSignal::remember_temporary(output->temporary.c_str());
      output->file = std::make_unique<FdOutput>(fd, true);
      ::fchmod(fd, 0666 & ~mask);
    }
    ReportOptions report_options;
    report_options.values = options.value_mask();
    report_options.color = name == "text" && use_color(options, target.empty());
    report_options.summary_only = options.quiet;
    report_options.max_annotations = options.max_annotations;
    // GitHub Actions names the job summary's file; another CI leaves it unset.
    if (name == "github") {
      const char* step_summary = std::getenv("GITHUB_STEP_SUMMARY");
      if (step_summary != nullptr) report_options.step_summary = step_summary;
    }
    output->reporter = make_reporter(*parse_report_format(name), output->file->stream(), report_options);
    reporters.push_back(output->reporter.get());
    outputs_.push_back(std::move(output));
  }
  tee_ = std::make_unique<TeeReporter>(std::move(reporters));
}

void ReportSink::commit() {
  // Every report is whole before any replaces its file: all are written or none.
  for (auto& output : outputs_) {
    const std::string where = output->target.empty() ? std::string("standard output") : output->target;
    if (!output->file->finish()) {
      const int error = output->file->error();
      throw Error(fmt::format("cannot write the report ({})", error != 0 ? std::strerror(error) : "disk full?"), where);
    }
  }
  for (auto& output : outputs_) {
    if (output->temporary.empty()) continue;
    std::error_code error;
    fs::rename(output->temporary, output->replaced, error);
    if (error) throw Error(fmt::format("cannot write the report: {}", error.message()), output->target);
    StopSignal::forget_temporary(output->temporary.c_str());
    output->temporary.clear();
  }
}

std::optional<std::string> ReportSink::reader_gone() {
  // Asking the kernel costs a system call per output: every few results is prompt enough.
  const bool ask = ++checks_ % 64 == 0;
  for (auto& output : outputs_) {
    if (output->file->error() == EPIPE || (ask && output->file->reader_gone())) {
      return output->target.empty() ? std::string("standard output") : output->target;
    }
  }
  return std::nullopt;
}

bool ReportSink::abandon_files() {
  bool any = false;
  for (auto& output : outputs_) {
    if (output->target.empty()) {
      output->file->finish();
      continue;
    }
    any = true;
    output->file->finish();
    output->drop_temporary();
  }
  return any;
}

ReportSink::~ReportSink() {
  for (auto& output : outputs_) output->drop_temporary();
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
  const int code = exit_code_for(summary);
  summary.harness_error = code == kHarnessError;
  sink.reporter().end(run, summary);
  sink.commit();
  return code;
}

int exit_code_for(const Summary& summary, bool named_path_missing) {
  if (summary.inputs == 0 || named_path_missing) return kHarnessError;
  // An input that could not be read (a FIFO, a dangling link, no permission)
  // is not a conforming one: the gate fails on it, as on a failing body.
  return summary.failed > 0 || summary.errors > 0 ? kNonConforming : kAllConform;
}

}  // namespace conform::cli
