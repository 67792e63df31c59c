#include "report/json_reporter.hpp"

#include <rapidjson/prettywriter.h>
#include "json/rapidjson_config.hpp"

#include <charconv>
#include <ostream>
#include <streambuf>

#include "conform/version.hpp"
#include "report/json_writer.hpp"
#include "report/output_buffer.hpp"

namespace conform::report {

class JsonReporter::Writer : public JsonWriter {
 public:
  using JsonWriter::JsonWriter;
};

void write_result(JsonWriter& w, const Result& result, const ReportOptions& options) {
  w.writer_.StartObject();
  w.member("source", result.source);
  if (!result.suite_test.empty()) {
    w.member("case", result.suite_case);
    w.member("test", result.suite_test);
  }
  w.member("status", to_string(result.status));
  if (result.status == Status::error) w.member("error", result.error_message);
  w.key("findings");
  w.writer_.StartArray();
  for (const FindingView finding : result.findings) {
    w.writer_.StartObject();
    w.member("severity", to_string(finding.severity));
    w.member("instanceLocation", finding.instance_location);
    w.member("keyword", finding.keyword);
    if (!finding.schema_location.empty()) w.member("schemaLocation", finding.schema_location);
    w.member("message", finding.message);
    if (finding.line != 0) {
      w.member("line", finding.line);
      w.member("column", finding.column);
    }
    if (!finding.hint.empty()) w.member("hint", finding.hint);
    if (!finding.rule.empty()) w.member("rule", finding.rule);
    if (!finding.related.empty()) {
      w.key("entries");
      w.writer_.StartArray();
      for (const auto& entry : finding.related) w.string(entry);
      w.writer_.EndArray();
    }
    // A masked value is of no use to a program; the value appears only when asked for.
    if (finding.value && options.values.shows(finding.instance_location)) w.member("value", *finding.value);
    w.writer_.EndObject();
  }
  w.writer_.EndArray();
  if (result.omitted_findings != 0) w.member("omittedFindings", result.omitted_findings);
  w.writer_.EndObject();
}

void write_flow(JsonWriter& w, std::string_view source, const Flow& flow, const ReportOptions& options) {
  w.writer_.StartObject();
  w.member("source", source);
  if (!flow.family.empty()) w.member("family", flow.family);
  // Masked like any other value (named by the report's own member); the JSON string carries it without quotes.
  constexpr std::string_view kFlowId = "correlationId";
  const std::string shown = options.values.displayed("\"" + flow.correlation_id + "\"", "/" + std::string(kFlowId));
  w.member(kFlowId, std::string_view(shown).substr(1, shown.size() - 2));
  w.member("possessionType", flow.possession_type);
  w.member("status", to_string(flow.status));
  w.key("rules");
  w.writer_.StartArray();
  for (const auto& rule : flow.rules) w.string(rule);
  w.writer_.EndArray();
  w.key("calls");
  w.writer_.StartArray();
  for (const FlowCall& call : flow.calls) {
    w.writer_.StartObject();
    w.member("entry", call.entry);
    w.member("path", call.path);
    w.key("status");
    w.writer_.Int(call.status);
    w.key("step");
    w.writer_.Bool(call.step);
    w.writer_.EndObject();
  }
  w.writer_.EndArray();
  w.writer_.EndObject();
}

void write_skipped(JsonWriter& w, const SkippedEntry& skipped) {
  w.writer_.StartObject();
  w.member("source", skipped.source);
  w.member("reason", skipped.reason);
  w.writer_.EndObject();
}

JsonReporter::JsonReporter(std::ostream& out, const ReportOptions& options)
    : writer_(std::make_unique<Writer>(out)), options_(options) {}
JsonReporter::~JsonReporter() = default;

void JsonReporter::begin(const RunInfo&) {
  auto& w = *writer_;
  w.writer_.StartObject();
  w.key("tool");
  w.writer_.StartObject();
  w.member("name", "conform");
  w.member("version", version);
  w.writer_.EndObject();
  // Results stream out as they come; what they were checked against and the
  // summary are known only after them.
  w.key("results");
  w.writer_.StartArray();
}

void JsonReporter::add(const Result& result) {
  write_result(*writer_, result, options_);
  keep_for_end(result);
}

void JsonReporter::keep_for_end(const Result& result) {
  any_result_ = true;
  if (!result.flows.empty()) flows_.emplace_back(result.source, result.flows);  // shares the flows, never copies them
  for (const SkippedEntry& skipped : result.skipped) skipped_.push_back(skipped);
}

namespace {

// A writer of one thread inside a results array that holds a value already: a
// result it writes is what the report's writer writes after its separator
// (the comma and the indentation, which it leaves out).
struct RenderingWriter {
  std::string bytes;
  StringBuffer buffer{bytes};
  std::ostream stream{&buffer};
  JsonWriter writer{stream};
  std::size_t separator = 0;

  RenderingWriter() {
    writer.writer_.StartObject();
    writer.key("results");
    writer.writer_.StartArray();
    writer.writer_.Null();
    writer.stream_.Flush();
    bytes.clear();
    writer.writer_.Null();
    writer.stream_.Flush();
    separator = bytes.size() - 4;  // ",\n    " before "null"
    bytes.clear();
  }
};

}  // namespace

bool JsonReporter::render(const Result& result, std::string& out) const {
  if (!renders_before_turn(result, BufferedOutput::kSize)) return false;
  thread_local std::unique_ptr<RenderingWriter> rendering;
  if (!rendering) rendering = std::make_unique<RenderingWriter>();
  try {
    write_result(rendering->writer, result, options_);
    rendering->writer.stream_.Flush();
  } catch (...) {
    rendering.reset();  // its state is unknown: a new one next time
    throw;
  }
  out.append(rendering->bytes, rendering->separator);
  rendering->bytes.clear();
  return true;
}

// The report's writer puts the separator (none before the first result); the bytes follow it.
void JsonReporter::add_rendered(const Result& result, std::string_view bytes) {
  writer_->writer_.RawValue("", 0, rapidjson::kObjectType);
  writer_->stream_.append(bytes);
  keep_for_end(result);
}

// Each line is what add would write: the first of a file through add, whose
// bytes then serve as the pattern of the file's next lines, only the line
// number changing (the tests compare both ways on runs of every length).
void JsonReporter::add_passing_lines(const PassingLines& lines) {
  auto& out = writer_->stream_;
  for (std::uint64_t k = 0; k < lines.count; ++k) {
    const std::uint64_t line = lines.first_line + k;
    char digits[24];
    const auto digits_end = std::to_chars(digits, digits + sizeof digits, line).ptr;
    const std::string_view number(digits, static_cast<std::size_t>(digits_end - digits));
    if (line_file_ == lines.file && !line_prefix_.empty()) {
      out.reserve(line_prefix_.size() + number.size() + line_suffix_.size());
      out.append(line_prefix_);
      out.append(number);
      out.append(line_suffix_);
      continue;
    }
    const bool follows = any_result_;
    const Result result = passing_line_result(lines.file, line);
    // Room for the whole result (escaped at most 6 bytes a byte): its bytes stay in the buffer to be read back.
    out.reserve(12 * result.source.size() + 256);
    const std::size_t mark = out.used();
    add(result);
    if (!follows) continue;  // the first result has no comma before it: no pattern for the others
    // The source comes first and ends in :LINE and its closing quote: a quote in an escaped file name has a backslash
    // before it.
    const std::string_view bytes = out.written_since(mark);
    const std::string end = ':' + std::string(number) + '"';
    const std::size_t at = bytes.find(end);
    if (at == std::string_view::npos) continue;
    line_file_.assign(lines.file);
    line_prefix_.assign(bytes.substr(0, at + 1));
    line_suffix_.assign(bytes.substr(at + 1 + number.size()));
  }
}

void JsonReporter::end(const RunInfo& run, const Summary& summary) {
  auto& w = *writer_;
  w.writer_.EndArray();
  w.key("flows");
  w.writer_.StartArray();
  for (const auto& [source, flows] : flows_) {
    for (const Flow& flow : flows) write_flow(w, source, flow, options_);
  }
  w.writer_.EndArray();
  w.key("skipped");
  w.writer_.StartArray();
  for (const SkippedEntry& skipped : skipped_) write_skipped(w, skipped);
  w.writer_.EndArray();
  w.member("schema", run.schema);
  w.key("summary");
  w.writer_.StartObject();
  w.counts(summary);
  w.writer_.EndObject();
  w.writer_.EndObject();
  w.stream_.Put('\n');
  w.stream_.Flush();
}

}  // namespace conform::report
