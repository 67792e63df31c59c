#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "conform/report_format.hpp"

namespace conform::report {

// SARIF 2.1.0, for code scanning (GitHub, Azure DevOps) and SARIF viewers:
// one run, one SARIF result per finding, one rule per keyword or flow rule
// met; an input that could not be checked is a tool execution notification
// (no file position can be claimed for it). Results stream out as they
// come; the tool and its rules (known only once every result was seen) follow
// them, which JSON allows since the members of an object have no order.
class SarifReporter final : public Reporter {
 public:
  SarifReporter(std::ostream& out, const ReportOptions& options);
  ~SarifReporter() override;
  void begin(const RunInfo& run) override;
  void add(const Result& result) override;
  // A passing line without findings writes nothing here.
  void add_passing_lines(const PassingLines&) override {}
  bool render(const Result& result, std::string& out) const override;
  void add_rendered(const Result& result, std::string_view bytes) override;
  void end(const RunInfo& run, const Summary& summary) override;

 private:
  struct Rule {
    std::string id;        // the keyword ("pattern") or the flow rule ("F3")
    std::string keyword;   // the finding's keyword; "flow" for a flow rule
    bool warning = false;  // the level of the first result that met it
  };
  std::size_t rule_index(std::string_view id, std::string_view keyword, bool warning);

  class Writer;
  struct Rendering;
  void write_findings(Writer& w, const Result& result, SarifReporter* indexing) const;
  void keep_for_end(const Result& result);
  std::unique_ptr<Writer> writer_;
  ReportOptions options_;
  std::vector<Rule> rules_;  // in first-seen order; ruleIndex points into it
  struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, std::size_t, ViewHash, std::equal_to<>> rule_indices_;
  std::size_t omitted_findings_ = 0;
  SkippedList skipped_;  // listed as notifications at the end; spilled to a file past a few
  struct InputError {
    std::string source;
    std::string message;
  };
  std::vector<InputError> input_errors_;  // notifications too
};

}  // namespace conform::report
