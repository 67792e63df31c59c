#include "report/ndjson_reporter.hpp"

#include "report/json_reporter.hpp"
#include "report/json_writer.hpp"

namespace conform::report {

void NdjsonReporter::OneLine::pass_on() {
  const char* text = pbase();
  const std::ptrdiff_t count = pptr() - pbase();
  std::ptrdiff_t run = 0;  // bytes passed on as they are, written in one go
  for (std::ptrdiff_t i = 0; i < count; ++i) {
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
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

NdjsonReporter::OneLine::int_type NdjsonReporter::OneLine::overflow(int_type c) {
  pass_on();
  if (!traits_type::eq_int_type(c, traits_type::eof())) sputc(traits_type::to_char_type(c));
  return traits_type::not_eof(c);
}

// Passes on only: the reporter flushes once the line is ended, one write a line.
int NdjsonReporter::OneLine::sync() {
  pass_on();
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
