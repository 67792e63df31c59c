#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "conform/result.hpp"

namespace conform::inputs {

enum class BodyLayout { single, ndjson };

// One file (or stdin) that holds bodies.
struct InputFile {
  std::string path;  // as the user will see it; "-" is standard input
  BodyLayout layout = BodyLayout::single;
};

// What a set of command-line paths turned into: the files to read, and a
// result with status error for every path that could not be used, so that
// nothing the user named goes unaccounted for.
struct InputSet {
  std::vector<InputFile> files;
  std::vector<Result> unusable;
};

struct DiscoveryOptions {
  BodyLayout stdin_layout = BodyLayout::single;
};

// Files are taken as named, whatever their extension; directories are walked
// recursively for *.json, *.ndjson and *.jsonl, without following links to
// directories (no loops). The result is sorted by path.
InputSet discover(const std::vector<std::string>& paths, const DiscoveryOptions& options = {});

BodyLayout layout_for(std::string_view path) noexcept;

// One body and where it came from.
struct Body {
  std::string source;      // "a.json" or "logs/x.ndjson:17"
  std::uint32_t line = 1;  // line of the file where the body starts
  std::string_view bytes;
};

// Reads `file` and calls `visit` for each body in it, in file order. Returns
// an error message, empty on success; bodies already visited stay visited.
std::string read_bodies(const InputFile& file, const std::function<void(const Body&)>& visit);

}  // namespace conform::inputs
