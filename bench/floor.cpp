// The floors conform's throughput is held against (bench/compare.sh): read an
// NDJSON file and parse every line, with simdjson On-Demand (every member and
// value touched, so the lazy parser does the whole work) or a RapidJSON DOM,
// on JOBS threads, each taking the lines that start in one share of the file. Prints
// "well-formed malformed" like the other tools' counts.
//   conform_floor simdjson|rapidjson FILE [JOBS]
#include <simdjson.h>

#include <rapidjson/document.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct Counts {
  std::size_t good = 0;
  std::size_t bad = 0;
};

bool walk(simdjson::ondemand::value value);

bool walk_object(simdjson::ondemand::object object) {
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return false;
    if (!walk(field.value())) return false;
  }
  return true;
}

bool walk(simdjson::ondemand::value value) {
  simdjson::ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return false;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      return value.get_object().get(object) == simdjson::SUCCESS && walk_object(object);
    }
    case simdjson::ondemand::json_type::array:
      for (auto element : value.get_array()) {
        simdjson::ondemand::value item;
        if (element.get(item) != simdjson::SUCCESS || !walk(item)) return false;
      }
      return true;
    case simdjson::ondemand::json_type::string: {
      std::string_view text;
      return value.get_string().get(text) == simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::number: {
      double number;
      return value.get_double().get(number) == simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::boolean: {
      bool flag;
      return value.get_bool().get(flag) == simdjson::SUCCESS;
    }
    default:
      return value.is_null().value_unsafe();
  }
}

bool simdjson_line(simdjson::ondemand::parser& parser, std::string& line) {
  const std::size_t size = line.size();
  line.resize(size + simdjson::SIMDJSON_PADDING);
  simdjson::ondemand::document document;
  simdjson::ondemand::object object;
  return parser.iterate(line.data(), size, line.size()).get(document) == simdjson::SUCCESS &&
         document.get_object().get(object) == simdjson::SUCCESS && walk_object(object);
}

bool rapidjson_line(const std::string& line) {
  rapidjson::Document document;
  document.Parse(line.data(), line.size());
  return !document.HasParseError();
}

// The lines that start in [begin, end) of the file, read in 1 MiB chunks
// through pread (bounded memory, as conform reads).
Counts lines_in(int fd, off_t begin, off_t end, bool use_simdjson) {
  Counts counts;
  simdjson::ondemand::parser parser;
  std::vector<char> chunk(1 << 20);
  std::string line;
  bool skipping = false;
  if (begin > 0) {
    char before = 0;
    skipping = ::pread(fd, &before, 1, begin - 1) == 1 && before != '\n';  // a line begun in the previous share
  }
  off_t at = begin;
  bool done = false;
  while (!done) {
    const ssize_t got = ::pread(fd, chunk.data(), chunk.size(), at);
    if (got <= 0) break;
    const char* from = chunk.data();
    const char* const stop = chunk.data() + got;
    while (from < stop) {
      const char* newline = static_cast<const char*>(std::memchr(from, '\n', static_cast<std::size_t>(stop - from)));
      const char* piece_end = newline ? newline : stop;
      if (!skipping) line.append(from, piece_end);
      at += piece_end - from;
      from = piece_end;
      if (!newline) break;
      if (!skipping && !line.empty()) {
        ++((use_simdjson ? simdjson_line(parser, line) : rapidjson_line(line)) ? counts.good : counts.bad);
      }
      line.clear();
      skipping = false;
      ++from;
      if (++at >= end) {
        done = true;
        break;
      }
    }
  }
  if (!line.empty() && !skipping) {
    ++((use_simdjson ? simdjson_line(parser, line) : rapidjson_line(line)) ? counts.good : counts.bad);
  }
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: conform_floor simdjson|rapidjson FILE [JOBS]\n";
    return 2;
  }
  const std::string parser = argv[1];
  const int fd = ::open(argv[2], O_RDONLY);
  struct stat info {};
  if (fd < 0 || ::fstat(fd, &info) != 0) {
    std::perror(argv[2]);
    return 2;
  }
  const std::size_t jobs = argc > 3 ? std::stoul(argv[3]) : 1;
  const bool use_simdjson = parser == "simdjson";
  std::vector<Counts> counts(jobs);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < jobs; ++i) {
    const off_t begin = static_cast<off_t>(static_cast<std::size_t>(info.st_size) * i / jobs);
    const off_t end = static_cast<off_t>(static_cast<std::size_t>(info.st_size) * (i + 1) / jobs);
    threads.emplace_back(
        [&counts, fd, begin, end, use_simdjson, i] { counts[i] = lines_in(fd, begin, end, use_simdjson); });
  }
  for (auto& thread : threads) thread.join();
  Counts total;
  for (const Counts& share : counts) {
    total.good += share.good;
    total.bad += share.bad;
  }
  std::printf("%zu %zu\n", total.good, total.bad);
  return 0;
}
