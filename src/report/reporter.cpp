#include "conform/report_format.hpp"

#include <charconv>
#include <utility>

#include "report/github_reporter.hpp"
#include "report/json_reporter.hpp"
#include "report/junit_reporter.hpp"
#include "report/ndjson_reporter.hpp"
#include "report/sarif_reporter.hpp"
#include "report/text_reporter.hpp"

namespace conform {

namespace {

// Every format and its name, for both directions.
constexpr std::pair<std::string_view, ReportFormat> kFormats[] = {
    {"text", ReportFormat::text},   {"json", ReportFormat::json},     {"junit", ReportFormat::junit},
    {"sarif", ReportFormat::sarif}, {"github", ReportFormat::github}, {"ndjson", ReportFormat::ndjson},
};

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept {
  for (const auto& [known, format] : kFormats) {
    if (name == known) return format;
  }
  return std::nullopt;
}

std::string_view to_string(ReportFormat format) noexcept {
  for (const auto& [name, known] : kFormats) {
    if (format == known) return name;
  }
  return "text";
}

void Summary::count(const Result& result) noexcept {
  skipped += result.skipped.size();
  count(result.status);
}

void Summary::count(Status status, std::uint64_t bodies) noexcept {
  inputs += bodies;
  switch (status) {
    case Status::pass:
      passed += bodies;
      break;
    case Status::fail:
      failed += bodies;
      break;
    case Status::error:
      errors += bodies;
      break;
  }
}

void Summary::count_passing(std::uint64_t lines) noexcept { count(Status::pass, lines); }

// A fresh Result per line (a field added to Result is never left over from an earlier line).
Result passing_line_result(std::string_view file, std::uint64_t line) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, line).ptr;
  Result pass;
  pass.source.reserve(file.size() + 1 + static_cast<std::size_t>(end - digits));
  pass.source.assign(file).append(1, ':').append(digits, end);
  pass.file = file;
  pass.status = Status::pass;
  return pass;
}

void Reporter::add_passing_lines(const PassingLines& lines) {
  for (std::uint64_t k = 0; k < lines.count; ++k) add(passing_line_result(lines.file, lines.first_line + k));
}

bool Reporter::render(const Result&, std::string&) const { return false; }

void Reporter::add_rendered(const Result& result, std::string_view) { add(result); }

std::unique_ptr<Reporter> make_reporter(ReportFormat format, std::ostream& out, const ReportOptions& options) {
  switch (format) {
    case ReportFormat::json:
      return std::make_unique<report::JsonReporter>(out, options);
    case ReportFormat::junit:
      return std::make_unique<report::JunitReporter>(out, options);
    case ReportFormat::sarif:
      return std::make_unique<report::SarifReporter>(out, options);
    case ReportFormat::github:
      return std::make_unique<report::GithubReporter>(out, options);
    case ReportFormat::ndjson:
      return std::make_unique<report::NdjsonReporter>(out, options);
    case ReportFormat::text:
      break;
  }
  return std::make_unique<report::TextReporter>(out, options);
}

}  // namespace conform
