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
                  fmt::format("Schema: the name of an embedded schema (see `conform schemas`) or a draft-04/06/07 "
                              "schema file [default: {}]",
                              default_schema_name))
      ->type_name("NAME|FILE");
  command.add_option("--dialect", dialect, "Draft for a schema without \"$schema\"")
      ->check(CLI::IsMember({"draft4", "draft7"}))
      ->capture_default_str();
  command.add_flag("--format-assertion", format_assertion,
                   "Assert \"format\" (date, time, date-time, email, hostname, ipv4, ipv6, uuid); by default it is an "
                   "annotation, as draft 7 allows");
  command.add_option("-f,--format", format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command.add_option("-o,--output", output, "Write the report to FILE instead of standard output")->type_name("FILE");
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
  options.default_dialect = dialect == "draft4" ? Dialect::draft4 : Dialect::draft7;
  options.format_assertion = format_assertion;
  return options;
}

Schema CommonOptions::load_schema(const std::string& fallback) const {
  const std::string& name = schema.empty() ? fallback : schema;
  std::error_code error;
  if (fs::is_regular_file(name, error)) return Schema::from_file(name, schema_options());
  if (find_embedded_schema(name) != nullptr) return Schema::embedded(name, schema_options());
  throw Error(fmt::format("no schema file or embedded schema named \"{}\" (see `conform schemas`)", name));
}

namespace {

bool use_color(const CommonOptions& options) {
  if (options.color == "always") return true;
  if (options.color == "never" || !options.output.empty() || options.format != "text") return false;
  // https://no-color.org: any non-empty NO_COLOR turns colour off.
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return isatty(STDOUT_FILENO) == 1;
}

}  // namespace

ReportSink::ReportSink(const CommonOptions& options) {
  ReportOptions report_options;
  report_options.show_values = options.show_values;
  report_options.color = use_color(options);
  const ReportFormat format = parse_report_format(options.format).value_or(ReportFormat::text);
  std::ostream* out = &std::cout;
  if (!options.output.empty() && options.output != "-") {
    target_ = options.output;
    std::error_code error;
    const auto status = fs::status(target_, error);
    // A device or pipe (/dev/stdout, a FIFO) is written in place; a regular
    // file is replaced only once the whole report is written.
    const bool in_place = !error && fs::exists(status) && !fs::is_regular_file(status);
    const std::string path = in_place ? target_ : fmt::format("{}.tmp-{}", target_, getpid());
    if (!in_place) temporary_ = path;
    auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
    if (!*file) throw Error(fmt::format("cannot write the report: {}", std::strerror(errno)), target_);
    file_ = std::move(file);
    out = file_.get();
  }
  reporter_ = make_reporter(format, *out, report_options);
}

void ReportSink::commit() {
  std::ostream& out = file_ ? *file_ : std::cout;
  out.flush();
  if (!out) throw Error("cannot write the report (disk full?)", target_.empty() ? "standard output" : target_);
  if (file_) {
    auto* file = dynamic_cast<std::ofstream*>(file_.get());
    file->close();
    if (!*file) throw Error("cannot write the report (disk full?)", target_);
    if (!temporary_.empty()) {
      std::error_code error;
      fs::rename(temporary_, target_, error);
      if (error) throw Error(fmt::format("cannot write the report: {}", error.message()), target_);
      temporary_.clear();
    }
  }
}

ReportSink::~ReportSink() {
  if (!temporary_.empty()) std::remove(temporary_.c_str());
}

int report_results(const CommonOptions& options, const RunInfo& run, const std::vector<Result>& results,
                   std::chrono::steady_clock::time_point started) {
  ReportSink sink(options);
  Summary summary;
  sink.reporter().begin(run);
  for (const Result& result : results) {
    summary.count(result);
    sink.reporter().add(result);
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  sink.reporter().end(run, summary);
  sink.commit();
  return exit_code_for(summary);
}

int exit_code_for(const Summary& summary) {
  if (summary.errors > 0 || summary.inputs == 0) return kHarnessError;
  return summary.failed > 0 ? kNonConforming : kAllConform;
}

}  // namespace conform::cli
