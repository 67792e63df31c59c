#pragma once

#include <array>
#include <ostream>
#include <streambuf>

#include "conform/report_format.hpp"

namespace conform::report {

// The streaming report: one line per result, in report order, each written
// and flushed as the result comes, so that conform is a filter (kcat ... |
// conform ... --format ndjson - | ...). Each line is {"result": ...} with
// the capture's "flows" and "skipped" on the capture's own line, the same
// objects as the JSON report; schemas/conform-result-line.schema.json. No
// header or summary line: the exit code carries the verdict.
class NdjsonReporter final : public Reporter {
 public:
  NdjsonReporter(std::ostream& out, const ReportOptions& options);
  void begin(const RunInfo& run) override;
  void add(const Result& result) override;
  void end(const RunInfo& run, const Summary& summary) override;

 private:
  // Passes the JSON writer's output on without its line breaks and
  // indentation: in JSON text every raw line break is layout (a string
  // spells its own as \n), so what is left is the same JSON on one line.
  class OneLine : public std::streambuf {
   public:
    explicit OneLine(std::ostream& out) : out_(out) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }

   protected:
    int_type overflow(int_type c) override;
    int sync() override;

   private:
    // Passes the bytes gathered so far on, without the layout.
    void pass_on();

    std::ostream& out_;
    bool indenting_ = false;           // after a line break, until the first byte that is not a space
    std::array<char, 4096> buffer_{};  // the writer puts bytes one at a time: gathered here, not a call each
  };

  std::ostream& out_;
  ReportOptions options_;
  OneLine one_line_;
  std::ostream line_;
};

}  // namespace conform::report
