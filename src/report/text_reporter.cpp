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

// Pieces longer than this are escaped straight into the stream, not gathered first.
constexpr std::size_t kLongText = OutputBuffer::kBlock;

}  // namespace

std::string TextReporter::paint(std::string_view text, std::string_view ansi) const {
  if (!options_.color) return std::string(text);
  return fmt::format("{}{}\x1b[0m", ansi, text);
}

void TextReporter::begin(const RunInfo&) {}

// Every piece taken from an input goes through the line escaper: a key, a file
// name or a message can never end the line or start another.
void TextReporter::write(const Result& result, std::string& out, OutputBuffer* buffer) const {
  const auto text = [&](std::string_view piece) {
    if (buffer != nullptr && piece.size() > kLongText) {
      write_escaped_for_line(buffer->stream(), piece);
      return;
    }
    append_escaped_for_line(out, piece);
  };
  const auto color_on = [&](std::string_view ansi) {
    if (options_.color) out += ansi;
  };
  const auto color_off = [&] {
    if (options_.color) out += "\x1b[0m";
  };
  if (result.status == Status::error) {
    if (!options_.summary_only) {
      text(result.source);
      out += ": ";
      color_on(kRed);
      out += "error:";
      color_off();
      out += ' ';
      text(result.error_message);
      out += '\n';
    }
    return;
  }
  if (options_.summary_only) return;
  const std::string_view file = result.file.empty() ? std::string_view(result.source) : std::string_view(result.file);
  for (const FindingView finding : result.findings) {
    // "file:line:column: severity: [context: ]pointer keyword[ rule]: message[ (value v)][ [schema]][; hint]"
    text(file);
    if (finding.line != 0) {
      out += ':';
      append_decimal(out, finding.line);
      out += ':';
      append_decimal(out, finding.column);
    }
    out += ": ";
    color_on(finding.severity == Severity::error ? kRed : kYellow);
    out += to_string(finding.severity);
    out += ':';
    color_off();
    out += ' ';
    // A body of a capture says which call and direction it is: a one-line HAR leaves only a column.
    if (!result.context.empty()) {
      text(result.context);
      out += ": ";
    }
    // A flow finding is placed by its file position; its pointer names the HAR entry, if any.
    if (!finding.instance_location.empty()) {
      text(finding.instance_location);
      out += ' ';
    } else if (finding.rule.empty()) {
      out += "(root) ";
    }
    color_on(kBold);
    text(finding.keyword);
    if (!finding.rule.empty()) {
      out += ' ';
      text(finding.rule);
    }
    color_off();
    out += ": ";
    text(finding.message);
    if (finding.value) {
      out += " (value ";
      text(options_.values.displayed(*finding.value, finding.instance_location));
      out += ')';
    }
    if (!finding.schema_location.empty()) {
      color_on(kDim);
      out += " [";
      text(finding.schema_location);
      out += ']';
      color_off();
    }
    if (!finding.hint.empty()) {
      out += "; ";
      color_on(kYellow);
      text(finding.hint);
      color_off();
    }
    out += '\n';
    if (buffer != nullptr) buffer->drain_when_full();
  }
  if (result.omitted_findings != 0) {
    text(result.source);
    out += ": ";
    out += counted(result.omitted_findings, "more finding");
    out += " not shown (--max-findings)\n";
  }
  if (!result.skipped.empty()) {
    color_on(kDim);
    text(result.source);
    out += ": ";
    out += counted(result.skipped.size(), "recorded call");
    out += " not checked (no contract routes them, or no published body); the JSON report lists them\n";
    color_off();
  }
}

// Line by line into the output buffer, piece by piece (no format string, no stream call per piece).
void TextReporter::add(const Result& result) {
  write(result, buffer_.bytes(), &buffer_);
  buffer_.drain_when_full();
}

bool TextReporter::render(const Result& result, std::string& out) const {
  if (options_.summary_only) return true;  // nothing to write
  if (!renders_before_turn(result, kLongText)) return false;
  write(result, out, nullptr);
  return true;
}

void TextReporter::add_rendered(const Result&, std::string_view bytes) {
  buffer_.bytes() += bytes;
  buffer_.drain_when_full();
}

void TextReporter::end(const RunInfo& run, const Summary& summary) {
  buffer_.drain();
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
