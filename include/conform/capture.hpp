#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conform/contract.hpp"
#include "conform/limits.hpp"
#include "conform/result.hpp"
#include "conform/schema.hpp"

namespace conform {

enum class CaptureFormat { har, ndjson };

// Captures are routed call by call by the contracts' Router (contract.hpp);
// the old name stays for code written against it.
using CaptureSchemas = Router;

// Checks a recorded capture: every body the router routes against its
// schema, and its contract's flow rules across its calls in recorded order. Returns one result per
// body ("capture.har#/log/entries/3/request/postData/text") and, last, one for
// the capture itself (source = path) that holds the flow findings, the flows
// and the entries it skipped. A capture that cannot be read is one result
// with status error (or fail, for malformed JSON).
std::vector<Result> check_capture(const std::string& path, CaptureFormat format, const Router& router,
                                  const Limits& limits = {});

// The same, handing each result to `emit` as soon as it is made, in order,
// so that memory stays flat for a capture of any size. A HAR that turns out
// not to be one emits its body results and then the error.
void check_capture(const std::string& path, CaptureFormat format, const Router& router, const Limits& limits,
                   const std::function<void(Result&&)>& emit);

// The same for a capture held in memory (`bytes`, which are not copied) or
// read from a stream (once, as standard input is), gzip and zstd decoded as
// from a file: `name` stands for the path in every result
// ("session.har#/log/entries/3/request/postData/text").
std::vector<Result> check_capture(const std::string& name, std::string_view bytes, CaptureFormat format,
                                  const Router& router, const Limits& limits = {});
void check_capture(const std::string& name, std::string_view bytes, CaptureFormat format, const Router& router,
                   const Limits& limits, const std::function<void(Result&&)>& emit);
std::vector<Result> check_capture(const std::string& name, std::istream& in, CaptureFormat format, const Router& router,
                                  const Limits& limits = {});
void check_capture(const std::string& name, std::istream& in, CaptureFormat format, const Router& router,
                   const Limits& limits, const std::function<void(Result&&)>& emit);

// Several files as one capture (--join: rotated logs, a folder's files in
// name order): flows run on across file boundaries. Each body result names
// its own file and line; each file gets its own capture result (its read
// problems, the flow findings on its calls, its skipped calls), the last one
// also the flows. A file that cannot be read is an error result; the others go on.
void check_joined_captures(const std::vector<std::pair<std::string, CaptureFormat>>& files, const Router& router,
                           const Limits& limits, const std::function<void(Result&&)>& emit);

}  // namespace conform
