#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "conform/finding_list.hpp"
#include "conform/limits.hpp"
#include "inputs/exchange.hpp"

namespace conform::io {
class ByteSource;
}  // namespace conform::io

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
// Limits hold inside it too: a string past --max-bytes is measured, never
// held (a body that long comes with `too_long` set), and nesting past
// --max-depth stops the read with a limit finding.
CaptureProblem read_har(const std::string& path, const Limits& limits, const std::function<void(Exchange&)>& visit);
// The same through a source already open (the pipeline's, sniffed).
CaptureProblem read_har(io::ByteSource& source, const std::string& path, const Limits& limits,
                        const std::function<void(Exchange&)>& visit);

// One line of an NDJSON capture: {"path": "/v3/mfa", "request": {...},
// "status": 200, "response": {...}}. `line_number` is its line in the file.
CaptureProblem read_capture_line(std::string_view line, const std::string& source, std::uint64_t line_number,
                                 const Limits& limits, Exchange& exchange);

// The longest NDJSON capture line read: two bodies within --max-bytes and
// room for the other members. A longer line is measured, never held.
std::size_t capture_line_limit(const Limits& limits);

// Decodes a body marked base64, unless the encoded length says the decoded
// bytes would pass --max-bytes (then `too_long` is set and nothing is decoded).
void decode_base64(BodyText& body, const Limits& limits);

// Whether a file's first bytes look like a HAR ({"log": ...}) or its first
// line like an NDJSON capture exchange.
bool looks_like_har(std::string_view head);
bool looks_like_capture_line(std::string_view line);

// Places positions inside a body at their positions in the capture file,
// from what was read (the anchor and the raw spelling): the file is never
// read again. All of a body's findings are placed in one walk over it.
void place_findings(const BodyText& body, FindingList& findings);

struct FilePosition {
  std::uint64_t line = 0;
  std::uint64_t column = 0;
};
FilePosition place_in_file(const BodyText& body, std::uint64_t body_line, std::uint64_t body_column);

}  // namespace conform::inputs
