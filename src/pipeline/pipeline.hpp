#pragma once

#include <atomic>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "conform/capture.hpp"
#include "conform/limits.hpp"
#include "conform/reporter.hpp"
#include "conform/result.hpp"
#include "conform/schema.hpp"
#include "inputs/input_set.hpp"

namespace conform::pipeline {

// Bodies counted by status (Summary::count), for runs that report nothing else of them.
using Verdicts = Summary;

struct Options {
  std::size_t jobs = 1;
  Limits limits;
  inputs::DiscoveryOptions discovery;
  // NDJSON files are cut into pieces of about this size, checked in parallel.
  std::size_t chunk_bytes = std::size_t{1} << 20;
  // Set from outside (a signal, a closed output) to stop early: no new piece
  // of work starts, and pieces under way end at their next body.
  const std::atomic<bool>* stop = nullptr;
  // What "-" reads instead of the process's standard input (a library caller's stream).
  std::istream* standard_input = nullptr;
  // Called in the worker as each file's check starts, inside the unit's
  // exception boundary (what it throws becomes that file's error result);
  // for fault tests.
  std::function<void(const std::string& path)> before_file;
  // When set, runs of NDJSON lines that passed with nothing to say go here,
  // in their place in report order, instead of one result per line to the sink.
  std::function<void(const PassingLines& lines)> passing_lines;
  // When set, a run that reports only counts: every body (a file's, an NDJSON line's, a line that is
  // no body) is judged for its status alone (Schema::verdict) and counted here, in its place in report
  // order, instead of as a result; what is no body (an unreadable file, a capture) is still a result.
  std::function<void(const Verdicts& counts)> verdicts;
  bool warnings_fail = false;  // with `verdicts`: warnings fail a body, as the gate's fail_on_warnings does
  // When set (with `prepared_sink`), each result is prepared before its turn
  // to be published, on the thread that publishes it and in parallel with the
  // publisher before it: `prepare` may change it and write what the sink
  // needs of it into `bytes` (a report's), returning whether it did. Then, in
  // report order, `prepared_sink` gets the result and those bytes (null when
  // prepare returned false), in place of `sink`.
  std::function<bool(Result& result, std::string& bytes)> prepare;
  std::function<void(Result&& result, const std::string* bytes)> prepared_sink;
};

struct Stats {
  std::size_t captures = 0;  // inputs that were HAR or NDJSON captures
  std::size_t files = 0;     // everything the paths named, captures included
  std::size_t ignored = 0;   // files in the folders walked without a known extension
};

// Checks everything `paths` name and hands every result to `sink` in report
// order (paths sorted, folders walked in name order, lines in file order),
// one call at a time. Work fans out to `jobs` workers: whole files, and NDJSON
// files cut into chunks at line boundaries; results merge back in order, so
// the report is the same for any number of jobs. Memory stays bounded: inputs
// are discovered as they are needed, bodies are read one chunk at a time, and
// no worker runs more than a few units ahead of the report.
Stats run(
    const std::vector<std::string>& paths, const Schema& schema, const CaptureSchemas& capture_schemas,
    const Options& options, const std::function<void(Result&&)>& sink, const std::function<void()>& file_done = [] {});

}  // namespace conform::pipeline
