#pragma once

// What the fuzz targets share: a scratch folder for inputs that must be files,
// a check that fails loudly (abort, which libFuzzer reports as a crash), and
// the invariants every finding must keep.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "conform/finding.hpp"
#include "conform/result.hpp"

namespace conform::fuzz {

// Not assert(): the targets are built with NDEBUG too, and a broken
// invariant must stop every build.
[[noreturn]] inline void fail(const char* file, int line, const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s:%d: invariant broken: %s\n%s\n", file, line, what, detail.c_str());
  std::fflush(stderr);
  std::abort();
}

#define CONFORM_FUZZ_CHECK(condition, detail)                                        \
  do {                                                                               \
    if (!(condition)) ::conform::fuzz::fail(__FILE__, __LINE__, #condition, detail); \
  } while (false)

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A folder of this process's own under the temp directory, removed at exit;
// two fuzzers running side by side never share a file.
class ScratchDir {
 public:
  ScratchDir() : root_(std::filesystem::temp_directory_path() / ("conform-fuzz-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(root_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `content` to `name` in the folder, replacing what was there.
  std::string write(std::string_view name, std::string_view content) const {
    const std::string path = (root_ / name).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    CONFORM_FUZZ_CHECK(out.good(), path);
    return path;
  }

 private:
  std::filesystem::path root_;
};

// Our own UTF-8 check, independent of the one under test in src/json.
inline bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    std::uint32_t minimum = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2, code_point = byte & 0x1FU, minimum = 0x80;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3, code_point = byte & 0x0FU, minimum = 0x800;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4, code_point = byte & 0x07U, minimum = 0x10000;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3FU);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

inline std::string describe(const Finding& finding) {
  return std::string(to_string(finding.severity)) + " " + finding.instance_location + " " + finding.keyword + " " +
         finding.schema_location + " " + std::to_string(finding.line) + ":" + std::to_string(finding.column) + " " +
         finding.message + " | " + finding.hint + " | " + finding.value.value_or("(no value)");
}

// Every field of every finding, one a line: equal texts, equal findings.
inline std::string render(const std::vector<Finding>& findings) {
  std::string text;
  for (const Finding& finding : findings) text += describe(finding) + "\n";
  return text;
}

// What every finding of a body check must be: placed, named, explained.
inline void check_finding(const Finding& finding) {
  CONFORM_FUZZ_CHECK(!finding.keyword.empty(), describe(finding));
  CONFORM_FUZZ_CHECK(!finding.message.empty(), describe(finding));
  CONFORM_FUZZ_CHECK(finding.instance_location.empty() || finding.instance_location.front() == '/', describe(finding));
  CONFORM_FUZZ_CHECK((finding.line == 0) == (finding.column == 0), describe(finding));
  // A value is JSON text: never empty (an infinity once came out as nothing).
  CONFORM_FUZZ_CHECK(!finding.value || !finding.value->empty(), describe(finding));
}

// A result is failed exactly when one of its findings is an error.
inline void check_result(const Result& result) {
  if (result.status == Status::error) {
    CONFORM_FUZZ_CHECK(!result.error_message.empty(), result.source);
    return;
  }
  bool any_error = false;
  for (const FindingView finding : result.findings) any_error = any_error || finding.severity == Severity::error;
  CONFORM_FUZZ_CHECK(any_error == (result.status == Status::fail), result.source);
}

}  // namespace conform::fuzz
