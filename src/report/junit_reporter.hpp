#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "conform/report_format.hpp"

namespace conform::report {

// JUnit XML as Jenkins, GitLab and GitHub test reporters read it: one
// <testsuite> per input file (consecutive results with the same Result::file),
// one <testcase> per input, a <failure> listing every finding of a failing
// input and an <error> for an input that could not be checked.
//
// XML wants the counts up front, so nothing is written before end(). The
// cases of the suite being filled, and the finished suites, are each kept in
// memory up to `spill_threshold` bytes and beyond that in an anonymous
// temporary file (the open suite's cases are spliced in after its counts when
// it closes), so memory stays flat however many files, and however many
// inputs in one file, are checked. If no temporary file can be made they stay in memory; if writing it
// fails the output stream is put in a failed state.
class JunitReporter final : public Reporter {
 public:
  static constexpr std::size_t kDefaultSpillThreshold = std::size_t{1} << 20;

  JunitReporter(std::ostream& out, const ReportOptions& options, std::size_t spill_threshold = kDefaultSpillThreshold);
  ~JunitReporter() override;
  void begin(const RunInfo& run) override;
  void add(const Result& result) override;
  void add_passing_lines(const PassingLines& lines) override;
  bool render(const Result& result, std::string& out) const override;
  void add_rendered(const Result& result, std::string_view bytes) override;
  void end(const RunInfo& run, const Summary& summary) override;

 private:
  struct Suite {
    std::string name;
    std::size_t tests = 0;
    std::size_t failures = 0;
    std::size_t errors = 0;
    std::string cases;  // the <testcase> elements, already serialised
  };
  struct FileCloser {
    void operator()(std::FILE* file) const noexcept { std::fclose(file); }
  };

  void count_case(const Result& result);
  void write_case(const Result& result, std::string& x, JunitReporter* holding) const;
  void close_suite();
  void hold_case(std::string_view xml);
  void write_spill(std::string_view xml);
  void splice(std::FILE* file, const std::function<void(std::string_view)>& sink);
  void keep(std::string_view xml);

  std::ostream& out_;
  ReportOptions options_;
  std::size_t spill_threshold_;
  bool suite_open_ = false;
  Suite suite_;
  // The finished suites, in order: `parts_`, then `spill_`, then `finished_`. A part is a
  // suite's own file of cases (never copied again) or what was kept before it. Few, so that
  // memory and open files stay bounded: past that, the cases are copied into `spill_`.
  struct Part {
    std::unique_ptr<std::FILE, FileCloser> file;
    std::string bytes;  // when there is no file: at most the threshold
  };
  static constexpr std::size_t kMostParts = 8;
  void end_part();
  std::vector<Part> parts_;
  std::string finished_;  // finished suites not yet moved to spill_
  std::unique_ptr<std::FILE, FileCloser> spill_;
  std::unique_ptr<std::FILE, FileCloser> cases_spill_;  // the open suite's cases, past the threshold
  std::string case_;                                    // the case being written
  // A passing line's case in the suite of `line_file_` as add writes it, split at its line number.
  std::string line_file_;
  std::string line_prefix_;
  std::string line_suffix_;
  bool spill_unavailable_ = false;
  bool spill_failed_ = false;
};

}  // namespace conform::report
