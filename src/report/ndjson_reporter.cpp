#include "report/ndjson_reporter.hpp"

#include "report/json_reporter.hpp"
#include "report/json_writer.hpp"

namespace conform::report {

NdjsonReporter::OneLine::int_type NdjsonReporter::OneLine::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  const char byte = traits_type::to_char_type(c);
  if (byte == '\n') {
    indenting_ = true;
  } else if (!(indenting_ && byte == ' ')) {
    indenting_ = false;
    out_.put(byte);
  }
  return c;
}

std::streamsize NdjsonReporter::OneLine::xsputn(const char* text, std::streamsize count) {
  std::streamsize run = 0;  // bytes passed on as they are, written in one go
  for (std::streamsize i = 0; i < count; ++i) {
    const char byte = text[i];
    if (byte == '\n' || (indenting_ && byte == ' ')) {
      out_.write(text + i - run, run);
      run = 0;
      indenting_ = true;
      continue;
    }
    indenting_ = false;
    ++run;
  }
  out_.write(text + count - run, run);
  return count;
}

int NdjsonReporter::OneLine::sync() {
  out_.flush();
  return out_ ? 0 : -1;
}

NdjsonReporter::NdjsonReporter(std::ostream& out, const ReportOptions& options)
    : out_(out), options_(options), one_line_(out), line_(&one_line_) {}

void NdjsonReporter::begin(const RunInfo&) {}

void NdjsonReporter::add(const Result& result) {
  JsonWriter w(line_);  // one writer a line: each line is a JSON text of its own
  w.writer_.StartObject();
  w.key("result");
  write_result(w, result, options_);
  if (!result.flows.empty()) {
    w.key("flows");
    w.writer_.StartArray();
    for (const Flow& flow : result.flows) write_flow(w, result.source, flow, options_);
    w.writer_.EndArray();
  }
  if (!result.skipped.empty()) {
    w.key("skipped");
    w.writer_.StartArray();
    for (const SkippedEntry& skipped : result.skipped) write_skipped(w, skipped);
    w.writer_.EndArray();
  }
  w.writer_.EndObject();
  w.stream_.Flush();
  // Out now, not when a buffer fills: the reader of a pipe sees each input's line as it is done.
  out_.put('\n');
  out_.flush();
}

void NdjsonReporter::end(const RunInfo&, const Summary&) { out_.flush(); }

}  // namespace conform::report
