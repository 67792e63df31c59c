// NDJSON splitting: the input, as a file of lines, goes through the pipeline
// in chunks of the smallest size it takes, so that chunk edges fall inside
// lines, on newlines, between a CR and its LF. Every non-blank line must give
// exactly one result, in line order, and the same results as one whole read.

#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "conform/embedded_schema.hpp"
#include "fuzz_support.hpp"
#include "inputs/input_set.hpp"
#include "inputs/sniffer.hpp"
#include "io/byte_source.hpp"
#include "pipeline/pipeline.hpp"

namespace {

using namespace conform;

// The pipeline never cuts finer than this (UnitSource): edges sit at its multiples.
constexpr std::size_t kSmallestChunk = 4096;
// Small, so that lines past the body limit are cheap to make.
constexpr Limits kLimits{300, 16};

// Where a chunk edge falls is decided by a first line of filler whose length
// comes from the input's bytes: every small input meets an edge somewhere.
// The seeds stay intact, since no byte of the input is spent on it. The
// inputs in regressions/fuzz_ndjson were made for this filler: change it and
// their chunk edges move.
std::string with_filler(std::string_view input) {
  std::uint32_t hash = 2166136261U;  // FNV-1a
  for (const char c : input) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619U;
  // One input in eight is taken as it is, so that a first line of its own is seen too.
  if (hash % 8 == 0) return std::string(input);
  const std::size_t length = (hash >> 3) % kSmallestChunk;
  std::string text;
  if (length >= 3) text = "{}" + std::string(length - 3, ' ');
  text += std::string(length == 0 ? 0 : 1, '\n');
  return text + std::string(input);
}

// Line numbers of the lines that hold a body, as the spec of the pipeline
// says: lines end at LF; a line of only spaces, tabs and CRs is blank unless
// it is longer than the body limit (then it is reported from its length).
std::vector<std::uint32_t> body_lines(std::string_view text) {
  std::vector<std::uint32_t> lines;
  std::uint32_t number = 0;
  while (!text.empty()) {
    ++number;
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.size() > kLimits.max_bytes || line.find_first_not_of(" \t\r") != std::string_view::npos) {
      lines.push_back(number);
    }
  }
  return lines;
}

std::vector<Result> run(const std::string& path, std::size_t chunk_bytes) {
  static const Schema schema = Schema::embedded(default_schema_name);
  static const CaptureSchemas captures;
  pipeline::Options options;
  options.jobs = 1;
  options.chunk_bytes = chunk_bytes;
  options.limits = kLimits;
  std::vector<Result> results;
  pipeline::run({path}, schema, captures, options, [&](Result&& result) { results.push_back(std::move(result)); });
  return results;
}

std::string render(const std::vector<Result>& results) {
  std::string text;
  for (const Result& result : results) {
    text += result.source + " " + result.file + " " + std::string(to_string(result.status)) + " " +
            result.error_message + "\n" + fuzz::render(result.findings.to_vector());
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::ScratchDir scratch;
  const std::string text = with_filler(fuzz::as_text(data, size));
  const std::string path = scratch.write("input.ndjson", text);

  const std::vector<Result> chunked = run(path, 64);
  const std::vector<Result> whole = run(path, std::size_t{1} << 30);
  CONFORM_FUZZ_CHECK(render(chunked) == render(whole), "chunked:\n" + render(chunked) + "whole:\n" + render(whole));
  for (const Result& result : chunked) {
    fuzz::check_result(result);
    CONFORM_FUZZ_CHECK(result.file == path, result.file);
  }

  // Exchanges make the file a capture: another target's business.
  const inputs::Sniffed sniffed = inputs::sniff_bytes(text, true, inputs::NameHint::lines, std::nullopt);
  if (sniffed.layout != inputs::Layout::ndjson || sniffed.encoding.bom != 0 ||
      inputs::is_wide(sniffed.encoding.encoding) ||
      io::ByteSource::from_memory(text)->compression() != io::Compression::none) {
    return 0;
  }
  const std::vector<std::uint32_t> lines = body_lines(text);
  CONFORM_FUZZ_CHECK(chunked.size() == lines.size(),
                     std::to_string(chunked.size()) + " results for " + std::to_string(lines.size()) + " lines");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string source = path + ":" + std::to_string(lines[i]);
    CONFORM_FUZZ_CHECK(chunked[i].source == source, chunked[i].source + " where " + source + " was due");
    // A body is one line, so every position in it is on that line.
    for (const Finding& finding : chunked[i].findings.to_vector()) {
      CONFORM_FUZZ_CHECK(finding.line == 0 || finding.line == lines[i], source + ": " + fuzz::describe(finding));
    }
  }
  return 0;
}
