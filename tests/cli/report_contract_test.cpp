#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/scratch_dir.hpp"

// The JSON report keeps its own contract: every JSON report the golden cases
// and the examples produce is valid against schemas/conform-report.schema.json,
// as conform itself judges it. (The hostile test does the same for its report.)

namespace {
namespace fs = std::filesystem;

const fs::path kSourceDir = CONFORM_SOURCE_DIR;

using conform::testing::read_file;

class ReportContract : public ::testing::Test {
 protected:
  // Runs conform from the source folder; returns its exit code.
  int conform(const std::string& args, const std::string& stdin_text = "") {
    std::ofstream(scratch_.root() / "stdin", std::ios::binary) << stdin_text;
    const std::string command = "cd '" + kSourceDir.string() + "' && '" + CONFORM_EXECUTABLE + "' " + args + " < '" +
                                (scratch_.root() / "stdin").string() + "' > '" + (scratch_.root() / "out").string() +
                                "' 2> '" + (scratch_.root() / "err").string() + "'";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Runs `args` with a JSON report to a file too; if one was written, checks it against the report schema.
  // Returns whether a report was written.
  bool check(const std::string& args, const std::string& stdin_text = "") {
    const fs::path report = scratch_.root() / "report.json";
    fs::remove(report);
    conform(args + " --format json='" + report.string() + "'", stdin_text);
    if (!fs::exists(report)) return false;  // a usage error: no report at all
    ++checked_;
    const int code = conform(
        "validate --progress never --max-bytes 1000000000 --schema "
        "schemas/conform-report.schema.json '" +
        report.string() + "'");
    EXPECT_EQ(code, 0) << "the JSON report of `conform " << args << "` breaks its schema:\n"
                       << read_file(scratch_.root() / "out") << read_file(scratch_.root() / "err");
    return true;
  }

  conform::testing::ScratchDir scratch_{"contract"};
  std::size_t checked_ = 0;
};

TEST_F(ReportContract, EveryGoldenCaseReportIsValid) {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kSourceDir / "tests" / "cli" / "cases")) {
    if (entry.path().extension() == ".case") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  std::size_t commands = 0;
  for (const fs::path& file : cases) {
    std::ifstream in(file);
    std::string line, args, stdin_text, exit_code;
    while (std::getline(in, line) && line.rfind("--- ", 0) != 0) {
      if (line.rfind("args: ", 0) == 0) args = line.substr(6);
      if (line.rfind("stdin: ", 0) == 0) stdin_text = line.substr(7) + "\n";
      if (line.rfind("exit: ", 0) == 0) exit_code = line.substr(6);
    }
    if (args.rfind("validate", 0) != 0 && args.rfind("test", 0) != 0) continue;
    ++commands;
    SCOPED_TRACE(file.filename().string());
    const bool written = check(args, stdin_text);
    // Only a usage error (exit 2) may end without a report.
    if (exit_code != "2") {
      EXPECT_TRUE(written) << "`conform " << args << "` wrote no JSON report";
    }
  }
  EXPECT_GE(commands, 25U);
  EXPECT_GE(checked_, 25U) << "most golden commands write a report";
}

TEST_F(ReportContract, EveryExampleReportIsValid) {
  for (const std::string& args :
       {std::string("validate examples/payloads"), std::string("validate examples/captures"),
        std::string("validate --show-values examples/payloads examples/captures"),
        std::string("validate --max-findings 1 examples"), std::string("test fixtures/v3-mfa-status-request"),
        std::string("test fixtures/flows"), std::string("validate --schema v3-mfa-request examples/payloads")}) {
    SCOPED_TRACE(args);
    check(args);
  }
  EXPECT_EQ(checked_, 7U);
}

}  // namespace
