// Per-instance time of Schema::verdict (what a run that reports only counts
// asks) and of Schema::validate, in process, over the lines of an NDJSON
// file, and the schema's load time: the in-process figures bench/realworld/
// timing.js sets beside ajv's (VERDICT_TIMING=path). CPU time of this thread,
// medians of RUNS passes over all lines.
//   conform_verdict_timing SCHEMA LINES.ndjson [RUNS] [--format-assertion] [--dialect D] [--map-uri PREFIX=DIR]...
// Prints one line: load_ms verdict_us validate_us passes fails errors
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "conform/error.hpp"
#include "conform/schema.hpp"

namespace {

double thread_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: conform_verdict_timing SCHEMA LINES.ndjson [RUNS] [--format-assertion] [--dialect D] "
                 "[--map-uri PREFIX=DIR]...\n";
    return 2;
  }
  conform::SchemaOptions options;
  int runs = 5;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--dialect" && i + 1 < argc) {
      const std::string dialect = argv[++i];
      options.default_dialect = dialect == "draft4"    ? conform::Dialect::draft4
                                : dialect == "draft6"  ? conform::Dialect::draft6
                                : dialect == "2019-09" ? conform::Dialect::draft2019_09
                                : dialect == "2020-12" ? conform::Dialect::draft2020_12
                                                       : conform::Dialect::draft7;
    } else if (arg == "--format-assertion") {
      options.format_assertion = true;
    } else if (arg == "--map-uri" && i + 1 < argc) {
      const std::string map = argv[++i];
      const auto equals = map.find('=');
      options.uri_map.emplace_back(map.substr(0, equals), map.substr(equals + 1));
    } else {
      runs = std::max(1, std::stoi(arg));
    }
  }
  std::vector<std::string> lines;
  {
    std::ifstream in(argv[2], std::ios::binary);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) lines.push_back(std::move(line));
    }
  }
  if (lines.empty()) {
    std::cerr << "no lines in " << argv[2] << "\n";
    return 2;
  }
  try {
    std::vector<double> loads;
    std::optional<conform::Schema> schema;
    for (int r = 0; r < runs; ++r) {
      const double start = thread_seconds();
      schema.emplace(conform::Schema::from_file(argv[1], options));
      loads.push_back(thread_seconds() - start);
    }
    const conform::Limits limits;
    std::size_t counts[3] = {0, 0, 0};
    for (const std::string& line : lines) ++counts[static_cast<int>(schema->verdict(line, limits))];
    std::vector<double> verdicts;
    std::vector<double> validates;
    for (int r = 0; r < runs; ++r) {
      double start = thread_seconds();
      for (const std::string& line : lines) schema->verdict(line, limits);
      verdicts.push_back((thread_seconds() - start) / static_cast<double>(lines.size()));
      start = thread_seconds();
      for (const std::string& line : lines) schema->validate(line, "line", limits);
      validates.push_back((thread_seconds() - start) / static_cast<double>(lines.size()));
    }
    fmt::print("{:.2f} {:.2f} {:.2f} {} {} {}\n", median(loads) * 1e3, median(verdicts) * 1e6, median(validates) * 1e6,
               counts[0], counts[1], counts[2]);
  } catch (const conform::Error& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
  return 0;
}
