// Recorded traffic: the input as a HAR file and as an NDJSON capture (one
// exchange a line). Whatever the bytes, a capture ends with one result for
// itself, every body result points into it, and every position is in the file.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "conform/capture.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace conform;

constexpr Limits kLimits{2048, 24};

// Bytes in each line of the file (lines end at LF), for bounding positions.
std::vector<std::size_t> line_lengths(std::string_view text) {
  std::vector<std::size_t> lengths;
  while (true) {
    const std::size_t end = text.find('\n');
    lengths.push_back(end == std::string_view::npos ? text.size() : end);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lengths;
}

void check(const std::string& path, CaptureFormat format, std::string_view text) {
  static const CaptureSchemas schemas;
  std::vector<Result> results;
  check_capture(path, format, schemas, kLimits, [&](Result&& result) { results.push_back(std::move(result)); });

  CONFORM_FUZZ_CHECK(!results.empty(), path);
  CONFORM_FUZZ_CHECK(results.back().source == path, results.back().source);
  const std::string body_prefix = path + (format == CaptureFormat::har ? "#" : ":");
  const std::vector<std::size_t> lengths = line_lengths(text);
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& result = results[i];
    fuzz::check_result(result);
    if (i + 1 < results.size()) {
      CONFORM_FUZZ_CHECK(result.source.starts_with(body_prefix), result.source);
    }
    for (const Finding& finding : result.findings.to_vector()) {
      fuzz::check_finding(finding);
      const std::string where = result.source + ": " + fuzz::describe(finding);
      CONFORM_FUZZ_CHECK(finding.line <= lengths.size(), where);
      // A column counts code points, never more than the line has bytes (plus one for its end).
      if (finding.line != 0) CONFORM_FUZZ_CHECK(finding.column <= lengths[finding.line - 1] + 1, where);
    }
    for (const Flow& flow : result.flows) {
      CONFORM_FUZZ_CHECK(!flow.calls.empty(), result.source);
      CONFORM_FUZZ_CHECK((flow.status == Status::fail) == !flow.rules.empty(), result.source);
    }
    for (const SkippedEntry& skipped : result.skipped) CONFORM_FUZZ_CHECK(!skipped.reason.empty(), skipped.source);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::ScratchDir scratch;
  const std::string_view text = fuzz::as_text(data, size);
  check(scratch.write("capture.har", text), CaptureFormat::har, text);
  check(scratch.write("capture.ndjson", text), CaptureFormat::ndjson, text);
  return 0;
}
