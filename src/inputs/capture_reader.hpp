#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "conform/finding.hpp"
#include "inputs/exchange.hpp"

namespace conform::inputs {

// Why a capture could not be read as a whole: malformed JSON (a finding with
// its position) or a file that is not a capture at all (an error message).
struct CaptureProblem {
  std::vector<Finding> findings;
  std::string error;
  bool ok() const { return findings.empty() && error.empty(); }
};

// Streams a HAR 1.2 file entry by entry: only the fields routing needs are
// kept (method, URL, bodies, status), one entry at a time, so memory stays
// flat however large the capture. Headers and cookies are never stored.
CaptureProblem read_har(const std::string& path, const std::function<void(Exchange&)>& visit);

// One line of an NDJSON capture: {"path": "/v3/mfa", "request": {...},
// "status": 200, "response": {...}}. `line_begin` is the line's offset in the
// file, so that body positions can be placed in the file.
CaptureProblem read_capture_line(std::string_view line, const std::string& source, std::uint32_t line_number,
                                 std::uint64_t line_begin, Exchange& exchange);

// Whether a file's first bytes look like a HAR ({"log": ...}) or its first
// line like an NDJSON capture exchange.
bool looks_like_har(std::string_view head);
bool looks_like_capture_line(std::string_view line);

// Places a position inside a body at its position in the capture file,
// reading the file again only for bodies that have findings.
struct FilePosition {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};
FilePosition place_in_file(const std::string& path, const BodyText& body, std::uint32_t body_line,
                           std::uint32_t body_column);

}  // namespace conform::inputs
