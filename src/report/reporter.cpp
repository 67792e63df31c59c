#include "conform/report_format.hpp"

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
  ++inputs;
  skipped += result.skipped.size();
  switch (result.status) {
    case Status::pass:
      ++passed;
      break;
    case Status::fail:
      ++failed;
      break;
    case Status::error:
      ++errors;
      break;
  }
}

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
