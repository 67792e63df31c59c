#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "conform/result.hpp"
#include "conform/summary.hpp"

namespace conform {

struct RunInfo {
  std::string schema;   // $id or path of the schema the bodies were checked against
  std::string command;  // "validate" or "test"
};

// Receives the results of a run. Every reporter is fed the same calls: begin,
// add once per result in report order, end (with the run as it turned out:
// what the inputs were checked against is known only once they were read).
// The formats conform writes are made by make_reporter (report_format.hpp);
// a caller's own reporter receives the results as data.
// A run of consecutive NDJSON lines that passed with nothing to say: lines
// first_line .. first_line + count - 1 of `file`. Each stands for the Result
// a line would be: source "FILE:LINE", file FILE, status pass, nothing else.
struct PassingLines {
  std::string_view file;
  std::uint64_t first_line = 0;
  std::uint64_t count = 0;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void begin(const RunInfo& run) = 0;
  virtual void add(const Result& result) = 0;
  virtual void end(const RunInfo& run, const Summary& summary) = 0;
  // Passing lines in report order, in place of one add per line (a log of a
  // million lines is mostly these). The default hands each line to add as
  // its Result; a reporter overrides it only to write the same report faster.
  virtual void add_passing_lines(const PassingLines& lines);

  // Results rendered before their turn, on the thread that publishes them and
  // in parallel with other threads, so that a report is not written on one
  // thread at a time. render appends to `out` the bytes add would write for
  // `result`, reading no state that add changes (only the options); it
  // returns false when it does not render this result (the default: the
  // result then goes to add). add_rendered, called in report order, does
  // what add does with those bytes in place of writing them again: the
  // reporter's own state (a separator, counts, what end lists) and the bytes.
  // The bytes a report ends with are the same either way (tests compare them).
  virtual bool render(const Result& result, std::string& out) const;
  virtual void add_rendered(const Result& result, std::string_view bytes);
};

// The Result that line `line` of a run of passing lines stands for.
Result passing_line_result(std::string_view file, std::uint64_t line);

}  // namespace conform
