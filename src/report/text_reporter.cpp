#include "report/text_reporter.hpp"

#include <fmt/format.h>

#include "conform/escape.hpp"
#include "report/plural.hpp"

namespace conform::report {
namespace {

constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";

// Every piece taken from an input goes through escaped_for_line: a key, a file
// name or a message can never end the line or start another.
std::string location(const Result& result, const FindingView& finding) {
  const std::string file = escaped_for_line(result.file.empty() ? result.source : result.file);
  if (finding.line == 0) return file;
  return fmt::format("{}:{}:{}", file, finding.line, finding.column);
}

}  // namespace

std::string TextReporter::paint(std::string_view text, std::string_view ansi) const {
  if (!options_.color) return std::string(text);
  return fmt::format("{}{}\x1b[0m", ansi, text);
}

void TextReporter::begin(const RunInfo&) {}

void TextReporter::add(const Result& result) {
  if (result.status == Status::error) {
    if (!options_.summary_only) {
      out_ << fmt::format("{}: {} {}\n", escaped_for_line(result.source), paint("error:", kRed),
                          escaped_for_line(result.error_message));
    }
    return;
  }
  if (options_.summary_only) return;
  for (const FindingView finding : result.findings) {
    // A body of a capture says which call and direction it is: a one-line HAR leaves only a column.
    // Written piece by piece, the pointer escaped as it is written: it may be a 15 MiB member name.
    out_ << fmt::format(
        "{}: {} {}", location(result, finding),
        paint(std::string(to_string(finding.severity)) + ":", finding.severity == Severity::error ? kRed : kYellow),
        result.context.empty() ? "" : escaped_for_line(result.context) + ": ");
    // A flow finding is placed by its file position; its pointer names the HAR entry, if any.
    if (!finding.instance_location.empty()) {
      write_escaped_for_line(out_, finding.instance_location);
      out_ << ' ';
    } else if (finding.rule.empty()) {
      out_ << "(root) ";
    }
    out_ << fmt::format(
        "{}: {}",
        paint(escaped_for_line(finding.rule.empty() ? std::string(finding.keyword)
                                                    : fmt::format("{} {}", finding.keyword, finding.rule)),
              kBold),
        escaped_for_line(finding.message));
    if (finding.value) {
      out_ << fmt::format(" (value {})",
                          escaped_for_line(options_.values.displayed(*finding.value, finding.instance_location)));
    }
    if (!finding.schema_location.empty()) {
      out_ << paint(fmt::format(" [{}]", escaped_for_line(finding.schema_location)), kDim);
    }
    if (!finding.hint.empty()) out_ << fmt::format("; {}", paint(escaped_for_line(finding.hint), kYellow));
    out_ << '\n';
  }
  if (result.omitted_findings != 0) {
    out_ << fmt::format("{}: {} not shown (--max-findings)\n", escaped_for_line(result.source),
                        counted(result.omitted_findings, "more finding"));
  }
  if (!result.skipped.empty()) {
    out_ << paint(fmt::format("{}: {} not checked (no contract routes them, or no published body); the JSON "
                              "report lists them\n",
                              escaped_for_line(result.source), counted(result.skipped.size(), "recorded call")),
                  kDim);
  }
}

void TextReporter::end(const RunInfo& run, const Summary& summary) {
  const bool clean = summary.failed == 0 && summary.errors == 0;
  // PASS only when the exit code is 0.
  const std::string verdict = summary.interrupted     ? paint("INTERRUPTED", kRed)
                              : summary.harness_error ? paint("ERROR", kRed)
                                                      : paint(clean ? "PASS" : "FAIL", clean ? kGreen : kRed);
  if (summary.suite_tests) {
    out_ << fmt::format("{} {}: {} passed, {} failed (wrong verdict), {} refused ({:.2f} s) against {}\n", verdict,
                        counted(summary.inputs, "test"), summary.passed, summary.failed, summary.errors,
                        summary.seconds, escaped_for_line(run.schema));
    out_.flush();
    return;
  }
  out_ << fmt::format(
      "{} {}: {} passed, {} failed, {}{}{} ({:.2f} s) against {}\n", verdict, counted(summary.inputs, "input"),
      summary.passed, summary.failed, counted(summary.errors, "error"),
      summary.skipped == 0 ? std::string() : ", " + counted(summary.skipped, "call") + " skipped",
      summary.ignored_files == 0 ? std::string() : ", " + counted(summary.ignored_files, "file") + " ignored",
      summary.seconds, escaped_for_line(run.schema));
  out_.flush();
}

}  // namespace conform::report
