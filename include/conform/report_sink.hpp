#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "conform/report_format.hpp"
#include "conform/reporter.hpp"
#include "conform/stop.hpp"

namespace conform {

// One report of a run and where it goes.
struct ReportTarget {
  ReportFormat format = ReportFormat::text;
  std::string path;  // empty or "-": standard output
};

// Colour in the text report on standard output: `automatic` when it is a
// terminal, NO_COLOR is unset and TERM is not "dumb".
enum class ColorChoice { automatic, always, never };

struct ReportSinkOptions {
  std::vector<ReportTarget> targets{ReportTarget{}};
  ReportOptions report;  // every report's; `color` is decided per target from `color`
  ColorChoice color = ColorChoice::automatic;
};

// Refuses, before anything is read, report destinations that would hurt the
// run: a report that would replace an input or be found among the inputs of
// a folder, and two reports to one file. Throws conform::Error.
void check_report_targets(const std::vector<ReportTarget>& targets, const std::vector<std::string>& inputs);

// Writes every requested report, each to its own destination, all fed the
// same calls. A regular file is written to a temporary file beside it and
// renamed into place once complete (a failed run never leaves half a
// report); standard output, a device or a pipe is written in place. The
// destinations are opened at begin, so that a run that fails before it
// reports (an unusable schema) leaves none. Throws conform::Error, naming
// the destination, when one cannot be written. When a report's reader goes
// away (a closed pipe or FIFO), it asks `stop` to stop the run; if that
// report is standard output, end writes nothing more. One run per sink.
class ReportSink final : public Reporter {
 public:
  explicit ReportSink(ReportSinkOptions options, StopSource stop = {});
  ~ReportSink() override;
  ReportSink(const ReportSink&) = delete;
  ReportSink& operator=(const ReportSink&) = delete;

  void begin(const RunInfo& run) override;
  void add(const Result& result) override;
  void add_passing_lines(const PassingLines& lines) override;
  // Every report's bytes for the result, each report's part told apart (see Reporter::render).
  bool render(const Result& result, std::string& out) const override;
  void add_rendered(const Result& result, std::string_view bytes) override;
  void end(const RunInfo& run, const Summary& summary) override;

  // Writes every report out; the files replace their targets only once all are whole.
  void commit();
  // The first report whose reader went away ("standard output" or its path), if any.
  const std::optional<std::string>& gone() const noexcept { return gone_; }
  // An interrupted run: what went to standard output stays; no report file
  // is written, so none is taken for a whole one. Returns whether any was due.
  bool abandon_files();

 private:
  struct Output;
  void open();
  std::optional<std::string> reader_gone();

  ReportSinkOptions options_;
  StopSource stop_;
  std::vector<std::unique_ptr<Output>> outputs_;
  std::optional<std::string> gone_;
  std::size_t checks_ = 0;
};

}  // namespace conform
