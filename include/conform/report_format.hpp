#pragma once

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "conform/reporter.hpp"
#include "conform/value_mask.hpp"

namespace conform {

enum class ReportFormat { text, json, junit, sarif, github, ndjson };

// "text", "json", "junit", "sarif", "github", "ndjson", as --format names them.
std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept;
std::string_view to_string(ReportFormat format) noexcept;

struct ReportOptions {
  ValueMask values;           // how personal values are shown
  bool color = false;         // ANSI colour (text only)
  bool summary_only = false;  // text only: just the summary line (--quiet)
  // github only: at most this many annotations (0: no limit); GitHub shows 10
  // error and 10 warning annotations per step and 50 per job, and drops the rest.
  std::size_t max_annotations = 10;
  // github only: a file to append a Markdown summary of the run to ($GITHUB_STEP_SUMMARY); empty: none.
  std::string step_summary;
};

// The reporter that writes `format` to `out`. Values are masked by all of
// them in one shared way, ReportOptions::values.
std::unique_ptr<Reporter> make_reporter(ReportFormat format, std::ostream& out, const ReportOptions& options);

}  // namespace conform
