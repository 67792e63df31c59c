#include "report/github_reporter.hpp"

#include <string>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace conform::report {
namespace {

// The escaping of @actions/core on top of the one line escaper: a command's
// message may not hold a line break (it would end the command, and a
// following line could be read as another command) nor a control character
// (escaped_for_line sees to both), and a property value may not hold the ','
// and ':' that separate properties.
std::string escape_data(std::string_view raw) {
  const std::string text = escaped_for_line(raw);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
        break;
    }
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : escape_data(text)) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out += c;
        break;
    }
  }
  return out;
}

std::string pointer_of(const Finding& finding) {
  if (!finding.instance_location.empty()) return finding.instance_location;
  // A flow finding without a pointer (NDJSON capture) is placed by its line only.
  return finding.rule.empty() ? "(root)" : "";
}

}  // namespace

void GithubReporter::begin(const RunInfo&) {}

void GithubReporter::add(const Result& result) {
  const std::string& file = result.file.empty() ? result.source : result.file;
  if (result.status == Status::error) {
    // A body inside a capture is named by its source; the annotation goes on the capture.
    const std::string message =
        result.source == file ? result.error_message : fmt::format("{}: {}", result.source, result.error_message);
    out_ << fmt::format("::error file={},title={}::{}\n", escape_property(file), escape_property("conform input error"),
                        escape_data(message));
  }
  for (const Finding& finding : result.findings) {
    const std::string pointer = pointer_of(finding);
    const std::string keyword = finding.rule.empty() ? finding.keyword : finding.keyword + " " + finding.rule;
    // A body of a capture says which call and direction it is: a one-line HAR leaves only a column.
    std::string message = fmt::format("{}{}{}{}: {}", result.context.empty() ? "" : result.context + ": ", pointer,
                                      pointer.empty() ? "" : " ", keyword, finding.message);
    if (finding.value) message += fmt::format(" (value {})", displayed_value(*finding.value, options_.show_values));
    if (!finding.schema_location.empty()) message += fmt::format(" [{}]", finding.schema_location);
    if (!finding.hint.empty()) message += fmt::format("; {}", finding.hint);
    if (!finding.related.empty()) message += fmt::format("; entries: {}", fmt::join(finding.related, ", "));
    std::string properties = "file=" + escape_property(file);
    if (finding.line != 0) {
      properties += fmt::format(",line={}", finding.line);
      if (finding.column != 0) properties += fmt::format(",col={}", finding.column);
    }
    properties += ",title=" + escape_property("conform " + keyword);
    out_ << fmt::format("::{} {}::{}\n", finding.severity == Severity::warning ? "warning" : "error", properties,
                        escape_data(message));
  }
  // Plain lines start with "conform: ", so a file name can never make one a command.
  if (result.omitted_findings != 0) {
    out_ << fmt::format("conform: {}: {} more findings not shown (--max-findings)\n", escape_data(result.source),
                        result.omitted_findings);
  }
  if (!result.skipped.empty()) {
    out_ << fmt::format(
        "conform: {}: {} recorded calls not checked (no contract routes them, or no published body); the "
        "JSON report lists them\n",
        escape_data(result.source), result.skipped.size());
  }
}

void GithubReporter::end(const RunInfo&, const Summary& summary) {
  // An interrupted run is an annotation of its own: the log must not read as a finished run.
  if (summary.interrupted) {
    out_ << fmt::format("::error title={}::the run was interrupted after {} inputs; this report is incomplete\n",
                        escape_property("conform interrupted"), summary.inputs);
  }
  const std::string_view verdict = summary.interrupted ? "INTERRUPTED " : summary.harness_error ? "ERROR " : "";
  out_ << fmt::format("conform: {}{} inputs: {} passed, {} failed, {} errors{} ({:.2f} s)\n", verdict, summary.inputs,
                      summary.passed, summary.failed, summary.errors,
                      summary.skipped == 0 ? std::string() : fmt::format(", {} calls skipped", summary.skipped),
                      summary.seconds);
  out_.flush();
}

}  // namespace conform::report
