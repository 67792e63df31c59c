#include <gtest/gtest.h>

#include <sys/wait.h>
#include "support/scratch_dir.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

// A golden case file (tests/cli/cases/NAME.case):
//
//   # why the case exists
//   args: validate --color never examples/payloads
//   exit: 1
//   stdin: {"phoneNumber": 1}          (optional, one line)
//   --- stdout                          (optional: checked exactly when present)
//   ...
//   --- stderr                          (optional)
//   ...
//
// conform runs in the source directory, so paths in args and output are
// relative to it. "(1.23 s)" in the output is compared as "(T s)", and a JUnit
// time="0.012" as time="T". A case
// file ends with a newline after each section, as conform's output does.

namespace {
namespace fs = std::filesystem;

const fs::path kSourceDir = CONFORM_SOURCE_DIR;
const fs::path kCases = kSourceDir / "tests" / "cli" / "cases";

struct GoldenCase {
  std::string args;
  int exit_code = 0;
  std::optional<std::string> stdin_text;
  std::optional<std::string> stdout_text;
  std::optional<std::string> stderr_text;
};

GoldenCase parse_case(const fs::path& file) {
  std::ifstream in(file);
  GoldenCase parsed;
  std::string line;
  std::optional<std::string>* section = nullptr;
  while (std::getline(in, line)) {
    if (line == "--- stdout") {
      parsed.stdout_text = "";
      section = &parsed.stdout_text;
    } else if (line == "--- stderr") {
      parsed.stderr_text = "";
      section = &parsed.stderr_text;
    } else if (section != nullptr) {
      **section += line + "\n";
    } else if (line.rfind("args: ", 0) == 0) {
      parsed.args = line.substr(6);
    } else if (line.rfind("exit: ", 0) == 0) {
      parsed.exit_code = std::stoi(line.substr(6));
    } else if (line.rfind("stdin: ", 0) == 0) {
      parsed.stdin_text = line.substr(7) + "\n";
    }
  }
  return parsed;
}

std::string normalised(const std::string& output) {
  static const std::regex seconds(R"(\(\d+\.\d+ s\))");
  static const std::regex junit_time(R"(time="[0-9.]+")");
  std::string text = std::regex_replace(std::regex_replace(output, seconds, "(T s)"), junit_time, "time=\"T\"");
  // The folder conform ran in, as SARIF's %SRCROOT% names it, differs from checkout to checkout.
  const std::string source_uri = "\"file://" + kSourceDir.lexically_normal().generic_string() + "/\"";
  for (std::size_t at = 0; (at = text.find(source_uri, at)) != std::string::npos;) {
    text.replace(at, source_uri.size(), "\"file://SOURCE_DIR/\"");
  }
  return text;
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (entry.path().extension() == ".case") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// CONFORM_UPDATE_GOLDEN=1 ctest -L cli rewrites every case with what conform
// printed; review the diff before committing it.
void rewrite_case(const fs::path& file, int exit_code, const std::string& out, const std::string& err) {
  std::ifstream in(file);
  std::string header, line;
  while (std::getline(in, line) && line != "--- stdout" && line != "--- stderr") {
    header += line.rfind("exit: ", 0) == 0 ? "exit: " + std::to_string(exit_code) + "\n" : line + "\n";
  }
  in.close();
  std::ofstream(file, std::ios::trunc) << header << "--- stdout\n" << out << "--- stderr\n" << err;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, Case) {
  const GoldenCase golden = parse_case(kCases / (GetParam() + ".case"));
  ASSERT_FALSE(golden.args.empty()) << "the case has no args: line";
  const conform::testing::ScratchDir scratch_dir("golden");
  const fs::path& scratch = scratch_dir.root();
  const fs::path input = scratch / "stdin";
  std::ofstream(input, std::ios::binary) << golden.stdin_text.value_or("");
  const std::string command = "cd '" + kSourceDir.string() + "' && NO_COLOR=1 '" + CONFORM_EXECUTABLE + "' " +
                              golden.args + " < '" + input.string() + "' > '" + (scratch / "out").string() + "' 2> '" +
                              (scratch / "err").string() + "'";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << command;
  const std::string out = normalised(conform::testing::read_file(scratch / "out"));
  const std::string err = normalised(conform::testing::read_file(scratch / "err"));
  EXPECT_EQ(WEXITSTATUS(status), golden.exit_code) << "stdout:\n" << out << "stderr:\n" << err;
  if (std::getenv("CONFORM_UPDATE_GOLDEN") != nullptr) {
    rewrite_case(kCases / (GetParam() + ".case"), WEXITSTATUS(status), out, err);
    GTEST_SKIP() << "rewrote the expected output";
  }
  if (golden.stdout_text) {
    EXPECT_EQ(out, *golden.stdout_text);
  }
  if (golden.stderr_text) {
    EXPECT_EQ(err, *golden.stderr_text);
  }
}

INSTANTIATE_TEST_SUITE_P(Cli, Golden, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
