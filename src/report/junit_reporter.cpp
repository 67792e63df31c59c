#include "report/junit_reporter.hpp"

#include "conform/escape.hpp"
#include "json/utf8.hpp"
#include "report/output_buffer.hpp"
#include "report/plural.hpp"

#include <array>
#include <charconv>
#include <functional>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace conform::report {
namespace {

// XML 1.0's Char production.
bool xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

// Appends `text` as XML character data, or as an attribute value in double
// quotes (escaped alike). Markup characters are escaped; tab, line feed and carriage return
// are written as references; other control characters as visible escapes
// (\u001b); bytes that are not UTF-8 become U+FFFD. The report's own line
// breaks are added by the callers, outside of it.
void append_xml(std::string& out, std::string_view text) {
  // Room for a long text is made once, with some to spare for what follows it: grown
  // by doubling, a 15 MiB pointer left a 32 MiB buffer and a copy of it on the way.
  constexpr std::size_t kLong = 4096;
  if (text.size() >= kLong && text.size() > out.capacity() - out.size()) out.reserve(out.size() + text.size() + kLong);
  // Runs of printable ASCII without markup are copied whole; only the rest is decoded.
  const auto plain = [](unsigned char c) {
    return c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
  };
  for (std::size_t at = 0; at < text.size();) {
    std::size_t run = at;
    while (run < text.size() && plain(static_cast<unsigned char>(text[run]))) ++run;
    out.append(text, at, run - at);
    at = run;
    if (at == text.size()) break;
    const json::DecodedCodePoint decoded = json::decode_utf8(text, at);
    const std::string_view bytes = text.substr(at, decoded.length);
    at += decoded.length;
    if (!decoded.valid) {
      out += "\xEF\xBF\xBD";
      continue;
    }
    switch (decoded.code_point) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      // As references even in text: a line break from an input must not start
      // a line of the report (a CI log reads "::error" at a line start as a command).
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";  // a bare CR in text would be normalised to LF
        break;
      default:
        // Other controls (which XML 1.0 forbids or discourages) are shown as
        // the line escaper shows them, never dropped silently nor written raw.
        if (is_control_character(decoded.code_point)) {
          out += escaped_for_line(bytes);
        } else {
          out += xml_char(decoded.code_point) ? bytes : std::string_view("\xEF\xBF\xBD");  // U+FFFE, U+FFFF
        }
        break;
    }
  }
}

std::string_view pointer_of(const FindingView& finding) {
  if (!finding.instance_location.empty()) return finding.instance_location;
  // A flow finding without a pointer (NDJSON capture) is placed by its line only.
  return finding.rule.empty() ? "(root)" : "";
}

// "pointer keyword[ rule]: message", appended as XML piece by piece: a 15 MiB
// pointer is escaped straight into the case, never copied on the way.
void append_headline_xml(std::string& out, const FindingView& finding) {
  const std::string_view pointer = pointer_of(finding);
  append_xml(out, pointer);
  if (!pointer.empty()) out += ' ';
  append_xml(out, finding.keyword);
  if (!finding.rule.empty()) {
    out += ' ';
    append_xml(out, finding.rule);
  }
  out += ": ";
  append_xml(out, finding.message);
}

// "file:line:column pointer keyword[ rule]: message (value …) [schemaLocation]; hint; entries: …", as XML,
// piece by piece (each piece is split from the next at an ASCII character, so escaping the pieces in turn
// writes what escaping the whole line would).
void append_finding_line_xml(std::string& out, std::string_view file, const FindingView& finding,
                             const ValueMask& values) {
  append_xml(out, file);
  if (finding.line != 0) {
    out += ':';
    append_decimal(out, finding.line);
    out += ':';
    append_decimal(out, finding.column);
  }
  out += ' ';
  if (finding.severity == Severity::warning) out += "warning: ";
  append_headline_xml(out, finding);
  if (finding.value) {
    out += " (value ";
    append_xml(out, values.displayed(*finding.value, finding.instance_location));
    out += ')';
  }
  if (!finding.schema_location.empty()) {
    out += " [";
    append_xml(out, finding.schema_location);
    out += ']';
  }
  if (!finding.hint.empty()) {
    out += "; ";
    append_xml(out, finding.hint);
  }
  if (!finding.related.empty()) {
    out += "; entries: ";
    for (std::size_t k = 0; k < finding.related.size(); ++k) {
      if (k != 0) out += ", ";
      append_xml(out, finding.related[k]);
    }
  }
}

std::string_view file_of(const Result& result) { return result.file.empty() ? result.source : result.file; }

}  // namespace

JunitReporter::JunitReporter(std::ostream& out, const ReportOptions& options, std::size_t spill_threshold)
    : out_(out), options_(options), spill_threshold_(spill_threshold) {}

JunitReporter::~JunitReporter() = default;

void JunitReporter::begin(const RunInfo&) {}

// The suite the result's case goes into, and its counts.
void JunitReporter::count_case(const Result& result) {
  const std::string_view file = file_of(result);
  if (!suite_open_ || suite_.name != file) {
    close_suite();
    suite_.name = file;
    suite_open_ = true;
  }
  ++suite_.tests;
  if (result.status == Status::error) {
    ++suite_.errors;
  } else if (result.status == Status::fail) {
    ++suite_.failures;
  }
}

// The case of `result`, appended to `x`. With `holding`, written straight into the open suite's cases,
// handed on a block at a time: a body of many findings, or a capture of many skipped calls, is never held whole.
void JunitReporter::write_case(const Result& result, std::string& x, JunitReporter* holding) const {
  const std::string_view file = file_of(result);
  constexpr std::size_t kBlock = std::size_t{1} << 16;
  const auto hand_on_when_full = [&] {
    if (holding != nullptr && x.size() >= kBlock) holding->hold_case(std::exchange(x, std::string()));
  };
  const auto line = [&](std::string_view text) {
    append_xml(x, text);
    x += '\n';
    hand_on_when_full();
  };
  const auto finding_lines = [&] {
    for (const FindingView finding : result.findings) {
      append_finding_line_xml(x, file, finding, options_.values);
      x += '\n';
      hand_on_when_full();
    }
    if (result.omitted_findings != 0) {
      line(fmt::format("{} not shown (--max-findings)", counted(result.omitted_findings, "more finding")));
    }
  };
  x += "    <testcase name=\"";
  append_xml(x, result.source);
  x += "\" classname=\"";
  append_xml(x, file);
  x += "\" time=\"0\"";
  // <system-out>: warnings of a passing input, calls not checked.
  const bool passing_notes =
      result.status == Status::pass && (!result.findings.empty() || result.omitted_findings != 0);
  const bool system_out = passing_notes || !result.skipped.empty();
  if (result.status == Status::pass && !system_out) {
    x += "/>\n";
    return;
  }
  x += ">\n";
  if (result.status == Status::error) {
    x += "      <error message=\"";
    append_xml(x, result.error_message);
    x += "\" type=\"input-error\">";
    append_xml(x, result.source);
    x += ": ";
    append_xml(x, result.error_message);
    x += "\n</error>\n";
  } else if (result.status == Status::fail) {
    // The first error is why the input fails; warnings alone never fail one.
    std::optional<FindingView> first;
    for (const FindingView finding : result.findings) {
      if (finding.severity == Severity::error) {
        first = finding;
        break;
      }
    }
    if (!first && !result.findings.empty()) first = result.findings.front();
    const std::size_t count = result.findings.size() + result.omitted_findings;
    x += "      <failure message=\"";
    append_decimal(x, count);
    x += count == 1 ? " finding" : " findings";
    if (first) {
      x += ": ";
      append_headline_xml(x, *first);
    }
    hand_on_when_full();  // before the pointer is written once more below
    x += "\" type=\"";
    append_xml(x, first ? first->keyword : std::string_view("conform"));
    x += "\">";
    finding_lines();
    x += "</failure>\n";
  }
  if (system_out) {
    x += "      <system-out>";
    if (passing_notes) finding_lines();
    if (!result.skipped.empty()) {
      line(fmt::format("{} not checked (no contract routes them, or no published body):",
                       counted(result.skipped.size(), "recorded call")));
      for (const SkippedEntry& skipped : result.skipped) line(fmt::format("{}: {}", skipped.source, skipped.reason));
    }
    x += "</system-out>\n";
  }
  x += "    </testcase>\n";
}

void JunitReporter::add(const Result& result) {
  count_case(result);
  std::string& x = case_;  // kept for its capacity: no allocation per case
  x.clear();
  write_case(result, x, this);
  hold_case(x);
}

bool JunitReporter::render(const Result& result, std::string& out) const {
  if (!renders_before_turn(result, spill_threshold_)) return false;
  write_case(result, out, nullptr);
  return true;
}

void JunitReporter::add_rendered(const Result& result, std::string_view bytes) {
  count_case(result);
  hold_case(bytes);
}

// Each line is the case add would write: the first of a suite through add,
// whose case then serves as the pattern of the suite's next lines, only the
// line number changing. The cases go on a block at a time.
void JunitReporter::add_passing_lines(const PassingLines& lines) {
  constexpr std::size_t kBlock = std::size_t{1} << 16;
  std::string& block = case_;
  block.clear();
  for (std::uint64_t k = 0; k < lines.count; ++k) {
    const std::uint64_t line = lines.first_line + k;
    char digits[24];
    const auto digits_end = std::to_chars(digits, digits + sizeof digits, line).ptr;
    const std::string_view number(digits, static_cast<std::size_t>(digits_end - digits));
    if (suite_open_ && suite_.name == lines.file && line_file_ == lines.file) {
      ++suite_.tests;
      block.append(line_prefix_).append(number).append(line_suffix_);
      if (block.size() >= kBlock) {
        hold_case(block);
        block.clear();
      }
      continue;
    }
    if (!block.empty()) hold_case(block);
    add(passing_line_result(lines.file, line));  // opens the file's suite; leaves the case in case_
    // The name comes first and ends in :LINE and its closing quote: a quote in an escaped name is &quot;.
    const std::string end = ':' + std::string(number) + '"';
    const std::size_t at = block.find(end);
    if (at != std::string::npos) {
      line_file_.assign(lines.file);
      line_prefix_.assign(block, 0, at + 1);
      line_suffix_.assign(block, at + 1 + number.size());
    }
    block.clear();
  }
  if (!block.empty()) hold_case(block);
  block.clear();
}

// A suite's cases wait for its counts: in memory up to the threshold, then
// in a temporary file of their own, spliced in when the suite closes.
void JunitReporter::hold_case(std::string_view xml) {
  // Spilled before a case that reaches the threshold is added, so a case of a
  // 15 MiB pointer goes to the file without a copy in memory first.
  if (!cases_spill_ && !spill_unavailable_ && suite_.cases.size() + xml.size() >= spill_threshold_) {
    cases_spill_.reset(std::tmpfile());
    if (cases_spill_) {
      write_spill(suite_.cases);
      std::string().swap(suite_.cases);
    } else {
      spill_unavailable_ = true;  // keep them in memory then
    }
  }
  if (cases_spill_) {
    write_spill(xml);
    return;
  }
  suite_.cases += xml;
}

void JunitReporter::write_spill(std::string_view xml) {
  if (!spill_failed_ && std::fwrite(xml.data(), 1, xml.size(), cases_spill_.get()) != xml.size()) spill_failed_ = true;
}

// Hands the whole of a spill file, from its start, to `sink` a block at a time.
void JunitReporter::splice(std::FILE* file, const std::function<void(std::string_view)>& sink) {
  if (std::fflush(file) != 0) spill_failed_ = true;
  std::rewind(file);
  std::array<char, 65536> buffer{};
  while (!spill_failed_) {
    const std::size_t read = std::fread(buffer.data(), 1, buffer.size(), file);
    sink(std::string_view(buffer.data(), read));
    if (read < buffer.size()) {
      if (std::ferror(file) != 0) spill_failed_ = true;
      break;
    }
  }
}

void JunitReporter::close_suite() {
  if (!suite_open_) return;
  std::string head = "  <testsuite name=\"";
  append_xml(head, suite_.name);
  head += fmt::format("\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"0\">\n", suite_.tests,
                      suite_.failures, suite_.errors);
  keep(head);
  keep(suite_.cases);
  if (cases_spill_ && parts_.size() + 2 <= kMostParts) {
    // The cases' file follows what was kept so far as a part of its own: spliced once, at the end,
    // instead of copied into the file of finished suites first.
    end_part();
    parts_.push_back(Part{std::move(cases_spill_), {}});
  } else if (cases_spill_) {
    splice(cases_spill_.get(), [this](std::string_view bytes) { keep(bytes); });
    cases_spill_.reset();
  }
  keep("  </testsuite>\n");
  suite_ = Suite{};
  suite_open_ = false;
}

void JunitReporter::keep(std::string_view text) {
  const auto spill = [this](std::string_view bytes) {
    if (!spill_failed_ && std::fwrite(bytes.data(), 1, bytes.size(), spill_.get()) != bytes.size()) {
      spill_failed_ = true;
    }
  };
  if (spill_) {
    spill(text);
    return;
  }
  finished_ += text;
  if (finished_.size() < spill_threshold_ || spill_unavailable_) return;
  spill_.reset(std::tmpfile());
  if (!spill_) {
    spill_unavailable_ = true;  // keep them in memory then
    return;
  }
  spill(finished_);
  std::string().swap(finished_);
}

// What was kept so far becomes the next part: the file of finished suites, or their bytes.
void JunitReporter::end_part() {
  if (spill_) {
    parts_.push_back(Part{std::move(spill_), {}});
  } else if (!finished_.empty()) {
    parts_.push_back(Part{nullptr, std::exchange(finished_, std::string())});
  }
}

void JunitReporter::end(const RunInfo&, const Summary& summary) {
  close_suite();
  // An interrupted run ends with one more test, in error, that says so: a
  // test reporter must not show the part that was checked as a whole run.
  const std::size_t interrupted = summary.interrupted ? 1 : 0;
  if (interrupted != 0) {
    keep(
        fmt::format("  <testsuite name=\"conform\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n"
                    "    <testcase name=\"interrupted\" classname=\"conform\" time=\"0\">\n"
                    "      <error message=\"the run was interrupted after {0}; this report is incomplete\" "
                    "type=\"interrupted\">the run was interrupted after {0}</error>\n"
                    "    </testcase>\n"
                    "  </testsuite>\n",
                    counted(summary.inputs, "input")));
  }
  out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out_ << fmt::format("<testsuites name=\"conform\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                      summary.inputs + interrupted, summary.failed, summary.errors + interrupted, summary.seconds);
  const auto write = [this](std::string_view bytes) {
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  };
  end_part();
  for (Part& part : parts_) {
    if (part.file) {
      splice(part.file.get(), write);
    } else {
      write(part.bytes);
    }
  }
  parts_.clear();
  out_ << finished_;
  std::string().swap(finished_);
  out_ << "</testsuites>\n";
  // The report would be incomplete: let the caller see a failed write.
  if (spill_failed_) out_.setstate(std::ios::badbit);
  out_.flush();
}

}  // namespace conform::report
