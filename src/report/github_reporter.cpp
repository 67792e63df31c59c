#include "report/github_reporter.hpp"

#include <fstream>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/markdown.hpp"
#include "report/plural.hpp"

namespace conform::report {
namespace {

// The escaping of @actions/core on top of the one line escaper: a command's
// message may not hold a line break (it would end the command, and a
// following line could be read as another command) nor a control character
// (escaped_for_line sees to both), and a property value may not hold the ','
// and ':' that separate properties.
template <typename Line, typename Write>
void escape_data_with(std::string_view raw, Line&& line, Write&& write) {
  // '%' is the one character the line escaper leaves that may not stand raw; it
  // is never part of a longer UTF-8 sequence, so the text is escaped around it.
  while (true) {
    const std::size_t percent = raw.find('%');
    line(raw.substr(0, percent));
    if (percent == std::string_view::npos) return;
    write("%25");
    raw.remove_prefix(percent + 1);
  }
}

std::string escape_data(std::string_view raw) {
  std::string out;
  escape_data_with(
      raw, [&](std::string_view text) { out += escaped_for_line(text); }, [&](std::string_view text) { out += text; });
  return out;
}

// escape_data, written to `out` as it goes.
void write_escaped_data(std::ostream& out, std::string_view raw) {
  escape_data_with(
      raw, [&](std::string_view text) { write_escaped_for_line(out, text); },
      [&](std::string_view text) { out << text; });
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

std::string_view pointer_of(const FindingView& finding) {
  if (!finding.instance_location.empty()) return finding.instance_location;
  // A flow finding without a pointer (NDJSON capture) is placed by its line only.
  return finding.rule.empty() ? "(root)" : "";
}

// A finding as one annotation's message: which call, where, what, the masked value;
// all of it but the pointer, which goes between `head` and what is returned.
std::string describe(const Result& result, const FindingView& finding, const ValueMask& values, std::string& head) {
  const std::string_view pointer = pointer_of(finding);
  const std::string keyword =
      finding.rule.empty() ? std::string(finding.keyword) : fmt::format("{} {}", finding.keyword, finding.rule);
  // A body of a capture says which call and direction it is: a one-line HAR leaves only a column.
  head = result.context.empty() ? "" : result.context + ": ";
  std::string message = fmt::format("{}{}: {}", pointer.empty() ? "" : " ", keyword, finding.message);
  if (finding.value) message += fmt::format(" (value {})", values.displayed(*finding.value, finding.instance_location));
  if (!finding.schema_location.empty()) message += fmt::format(" [{}]", finding.schema_location);
  if (!finding.hint.empty()) message += fmt::format("; {}", finding.hint);
  if (!finding.related.empty()) message += fmt::format("; entries: {}", fmt::join(finding.related, ", "));
  return message;
}

// Failing inputs the step summary lists by name; the rest are counted.
constexpr std::size_t kListedInputs = 50;

}  // namespace

bool GithubReporter::annotate(std::string_view command, std::initializer_list<std::string_view> message) {
  if (options_.max_annotations != 0 && annotations_ >= options_.max_annotations) return false;
  ++annotations_;
  out_ << command;
  for (const std::string_view piece : message) write_escaped_data(out_, piece);
  if (message.size() != 0) out_ << '\n';
  return true;
}

void GithubReporter::begin(const RunInfo&) {}

void GithubReporter::add(const Result& result) {
  const std::string& file = result.file.empty() ? result.source : result.file;
  if (result.status == Status::error) {
    // A body inside a capture is named by its source; the annotation goes on the capture.
    const std::string message =
        result.source == file ? result.error_message : fmt::format("{}: {}", result.source, result.error_message);
    if (!annotate(fmt::format("::error file={},title={}::{}\n", escape_property(file),
                              escape_property("conform input error"), escape_data(message)))) {
      ++held_findings_;
    }
  }
  for (const FindingView finding : result.findings) {
    const std::string keyword =
        finding.rule.empty() ? std::string(finding.keyword) : fmt::format("{} {}", finding.keyword, finding.rule);
    std::string properties = "file=" + escape_property(file);
    if (finding.line != 0) {
      properties += fmt::format(",line={}", finding.line);
      if (finding.column != 0) properties += fmt::format(",col={}", finding.column);
    }
    properties += ",title=" + escape_property("conform " + keyword);
    std::string head;
    const std::string rest = describe(result, finding, options_.values, head);
    if (!annotate(fmt::format("::{} {}::", finding.severity == Severity::warning ? "warning" : "error", properties),
                  {head, pointer_of(finding), rest})) {
      ++held_findings_;
    }
    if (!finding.rule.empty() && finding.severity == Severity::error) {
      BrokenRule& rule = broken_rules_[std::string(finding.rule)];
      if (rule.times++ == 0) rule.first_source = result.source;
    }
  }
  // Plain lines start with "conform: ", so a file name can never make one a command.
  if (result.omitted_findings != 0) {
    out_ << fmt::format("conform: {}: {} not shown (--max-findings)\n", escape_data(result.source),
                        counted(result.omitted_findings, "more finding"));
  }
  if (!result.skipped.empty()) {
    const std::string notice = fmt::format(
        "::notice file={},title={}::{} not checked (no contract routes them, or no published body); "
        "the JSON report lists them\n",
        escape_property(file), escape_property("conform calls not checked"),
        counted(result.skipped.size(), "recorded call"));
    if (!annotate(notice)) ++held_notices_;
  }
  if (!options_.step_summary.empty() && result.status != Status::pass) {
    if (failing_.size() < kListedInputs) {
      FailingInput failing{result.source, result.findings.size() + result.omitted_findings, {}};
      if (result.status == Status::error) {
        failing.first = result.error_message;
      } else if (!result.findings.empty()) {
        std::string head;
        const std::string rest = describe(result, result.findings.front(), options_.values, head);
        failing.first = head + std::string(pointer_of(result.findings.front())) + rest;
      }
      failing_.push_back(std::move(failing));
    } else {
      ++failing_unlisted_;
    }
  }
}

void GithubReporter::end(const RunInfo& run, const Summary& summary) {
  // An interrupted run is an annotation of its own: the log must not read as a finished run.
  if (summary.interrupted) {
    out_ << fmt::format("::error title={}::the run was interrupted after {}; this report is incomplete\n",
                        escape_property("conform interrupted"), counted(summary.inputs, "input"));
  }
  // What GitHub would not have shown is said once, and where to find it.
  if (held_findings_ != 0 || held_notices_ != 0) {
    std::string held;
    if (held_findings_ != 0) held = counted(held_findings_, "more finding") + " (input errors included)";
    if (held_notices_ != 0) {
      held += fmt::format("{}{} with calls not checked", held.empty() ? "" : " and ",
                          counted(held_notices_, "more capture"));
    }
    out_ << fmt::format(
        "::notice title={}::{} not annotated (--max-annotations {}; GitHub shows 10 error and 10 warning annotations "
        "per step); the text, JSON, JUnit and SARIF reports hold them all\n",
        escape_property("conform annotations"), held, options_.max_annotations);
  }
  const std::string_view verdict = summary.interrupted ? "INTERRUPTED " : summary.harness_error ? "ERROR " : "";
  out_ << fmt::format(
      "conform: {}{}: {} passed, {} failed, {}{} ({:.2f} s)\n", verdict, counted(summary.inputs, "input"),
      summary.passed, summary.failed, counted(summary.errors, "error"),
      summary.skipped == 0 ? std::string() : ", " + counted(summary.skipped, "call") + " skipped", summary.seconds);
  if (!options_.step_summary.empty()) write_step_summary(run, summary);
  out_.flush();
}

void GithubReporter::write_step_summary(const RunInfo& run, const Summary& summary) const {
  const bool clean = summary.failed == 0 && summary.errors == 0;
  const std::string_view verdict = summary.interrupted     ? "INTERRUPTED"
                                   : summary.harness_error ? "ERROR"
                                   : clean                 ? "PASS"
                                                           : "FAIL";
  std::string text = fmt::format("## conform {}: {}\n\n", run.command, verdict);
  text += fmt::format("Checked against {}.\n\n", markdown_text(run.schema));
  text += "| Inputs | Passed | Failed | Errors | Calls skipped |\n|---:|---:|---:|---:|---:|\n";
  text += fmt::format("| {} | {} | {} | {} | {} |\n\n", summary.inputs, summary.passed, summary.failed, summary.errors,
                      summary.skipped);
  if (summary.interrupted) text += "The run was interrupted: these counts are incomplete.\n\n";
  if (!failing_.empty()) {
    text += "### Failing inputs\n\n| Input | Findings | First finding |\n|---|---:|---|\n";
    for (const FailingInput& failing : failing_) {
      text += fmt::format("| {} | {} | {} |\n", markdown_text(failing.source), failing.findings,
                          markdown_text(failing.first));
    }
    if (failing_unlisted_ != 0) {
      text += fmt::format("\nand {}; the other reports list them all.\n", counted(failing_unlisted_, "more input"));
    }
    text += "\n";
  }
  if (!broken_rules_.empty()) {
    text += "### Broken flow rules\n\n| Rule | Times | First input |\n|---|---:|---|\n";
    for (const auto& [rule, broken] : broken_rules_) {
      text += fmt::format("| {} | {} | {} |\n", markdown_text(rule), broken.times, markdown_text(broken.first_source));
    }
    text += "\n";
  }
  std::ofstream file(options_.step_summary, std::ios::binary | std::ios::app);
  file << text;
  file.flush();
  // The annotations are written already; a summary that could not be appended is said, not fatal.
  if (!file) out_ << "conform: the step summary could not be appended to $GITHUB_STEP_SUMMARY\n";
}

}  // namespace conform::report
