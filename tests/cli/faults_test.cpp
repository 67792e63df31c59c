#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "support/scratch_dir.hpp"

// Faults on output and stops from outside: a CI gate must end with the right
// code, never leave a half-written report, and never hang.

namespace {
namespace fs = std::filesystem;

const std::string kPayloads = std::string(CONFORM_SOURCE_DIR) + "/examples/payloads";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class OutputFaults : public ::testing::Test {
 protected:
  // Runs a bash command line in which $CONFORM is the executable; returns its exit code.
  int shell(const std::string& line) {
    std::ofstream(scratch_.root() / "run.sh") << "CONFORM='" << CONFORM_EXECUTABLE << "'\n"
                                              << "cd '" << scratch_.root().string() << "'\n"
                                              << "{ " << line << " ; } > out.txt 2> err.txt\n";
    const int status = std::system(("bash '" + (scratch_.root() / "run.sh").string() + "'").c_str());
    out_ = read(scratch_.root() / "out.txt");
    err_ = read(scratch_.root() / "err.txt");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // An NDJSON file long enough that a run over it is still going when poked.
  fs::path long_ndjson(std::size_t lines) const {
    const fs::path path = scratch_.root() / "long.ndjson";
    std::ofstream out(path);
    for (std::size_t i = 0; i < lines; ++i) out << R"({"phoneNumber": "2001004011", "correlationID": 1})" << '\n';
    return path;
  }

  bool no_temporary_left() const {
    for (const auto& entry : fs::directory_iterator(scratch_.root())) {
      if (entry.path().filename().string().find(".tmp-") != std::string::npos) return false;
    }
    return true;
  }

  conform::testing::ScratchDir scratch_{"faults"};
  std::string out_;
  std::string err_;
};

TEST_F(OutputFaults, FullDiskIsAnErrorWithItsName) {
  EXPECT_EQ(shell("$CONFORM validate --format json=/dev/full " + kPayloads), 2) << err_;
  EXPECT_NE(err_.find("/dev/full: cannot write the report"), std::string::npos) << err_;
  EXPECT_EQ(shell("$CONFORM validate " + kPayloads + " > /dev/full"), 2) << err_;
  EXPECT_NE(err_.find("standard output: cannot write the report"), std::string::npos) << err_;
}

TEST_F(OutputFaults, UnwritablePathIsAnErrorAndLeavesNothing) {
  std::ofstream(scratch_.root() / "file.txt") << "x";
  EXPECT_EQ(shell("$CONFORM validate --format json=file.txt/report.json " + kPayloads), 2) << err_;
  EXPECT_NE(err_.find("file.txt/report.json: cannot write the report"), std::string::npos) << err_;
  EXPECT_TRUE(no_temporary_left());
}

// A write that fails halfway (here the file size limit, since tests run as
// root) leaves the report that was there before, and no temporary file.
TEST_F(OutputFaults, FailedWriteKeepsThePreviousReport) {
  std::ofstream(scratch_.root() / "report.json") << "previous";
  EXPECT_EQ(shell("trap '' XFSZ; ulimit -f 1; $CONFORM validate --format json=report.json " + kPayloads), 2) << err_;
  EXPECT_NE(err_.find("report.json: cannot write the report"), std::string::npos) << err_;
  EXPECT_EQ(read(scratch_.root() / "report.json"), "previous");
  EXPECT_TRUE(no_temporary_left());
}

// A device or a pipe is written in place, never replaced by a file.
TEST_F(OutputFaults, PipesAndDevicesAreWrittenInPlace) {
  ASSERT_EQ(::mkfifo((scratch_.root() / "pipe").c_str(), 0600), 0);
  // The reader gives up after a while, so that a conform that never opens the pipe fails the test, not hangs it.
  EXPECT_EQ(shell("timeout 60 cat pipe > from-pipe.json & $CONFORM validate --format json=pipe " + kPayloads +
                  "; status=$?; wait; exit $status"),
            1)
      << err_;
  EXPECT_TRUE(fs::is_fifo(scratch_.root() / "pipe"));
  EXPECT_NE(read(scratch_.root() / "from-pipe.json").find("\"summary\""), std::string::npos);
  // Standard output redirected to a file: /dev/stdout leads to a regular file, still never replaced.
  EXPECT_EQ(shell("$CONFORM validate --format json=/dev/stdout " + kPayloads), 1) << err_;
  EXPECT_NE(out_.find("\"summary\""), std::string::npos) << out_;
  EXPECT_TRUE(fs::is_symlink("/dev/stdout"));
  EXPECT_TRUE(no_temporary_left());
}

// Through a link, the file it points at gets the report; the link stays.
TEST_F(OutputFaults, ALinkToAReportStaysALink) {
  fs::create_directory(scratch_.root() / "reports");
  std::ofstream(scratch_.root() / "reports" / "latest.json") << "previous";
  fs::create_symlink("reports/latest.json", scratch_.root() / "report.json");
  EXPECT_EQ(shell("$CONFORM validate --format json=report.json " + kPayloads), 1) << err_;
  EXPECT_TRUE(fs::is_symlink(scratch_.root() / "report.json"));
  EXPECT_NE(read(scratch_.root() / "reports" / "latest.json").find("\"summary\""), std::string::npos);
}

TEST_F(OutputFaults, ClosedStandardOutputEndsQuietly) {
  long_ndjson(200000);
  EXPECT_EQ(
      shell("set -o pipefail; $CONFORM validate --format json=report.json --format text long.ndjson | head -c 10"),
      128 + SIGPIPE);
  EXPECT_EQ(err_, "");
  EXPECT_FALSE(fs::exists(scratch_.root() / "report.json"));
  EXPECT_TRUE(no_temporary_left());
}

// Ctrl-C ends the run after the work under way, with the summary of what
// was checked; report files are not written as if whole.
TEST_F(OutputFaults, InterruptStopsPromptlyWithASummary) {
  const fs::path input = long_ndjson(400000);
  const fs::path out = scratch_.root() / "out.txt";
  const fs::path err = scratch_.root() / "err.txt";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (!std::freopen(out.c_str(), "w", stdout) || !std::freopen(err.c_str(), "w", stderr)) ::_exit(99);
    const std::string report = (scratch_.root() / "report.json").string();
    ::execl(CONFORM_EXECUTABLE, CONFORM_EXECUTABLE, "validate", "--quiet", "--jobs", "2", "--format",
            ("json=" + report).c_str(), "--format", "text", input.c_str(), static_cast<char*>(nullptr));
    ::_exit(98);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  const auto sent = std::chrono::steady_clock::now();
  ::kill(child, SIGINT);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  const auto took = std::chrono::steady_clock::now() - sent;
  ASSERT_TRUE(WIFEXITED(status)) << "ended by a signal, not by the handler";
  const std::string output = read(out);
  if (output.rfind("PASS", 0) == 0 || output.rfind("FAIL", 0) == 0) {
    GTEST_SKIP() << "the run ended before the signal came: " << output;
  }
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGINT);
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_EQ(output.rfind("INTERRUPTED ", 0), 0U) << output;
  EXPECT_NE(read(err).find("interrupted after"), std::string::npos) << read(err);
  EXPECT_FALSE(fs::exists(scratch_.root() / "report.json"));
  EXPECT_TRUE(no_temporary_left());
}

}  // namespace
