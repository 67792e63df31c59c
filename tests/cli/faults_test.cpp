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
#include <utility>
#include <vector>

#include "support/process.hpp"
#include "support/scratch_dir.hpp"

// Faults on output and stops from outside: a CI gate must end with the right
// code, never leave a half-written report, and never hang.

namespace {
namespace fs = std::filesystem;

const std::string kPayloads = std::string(CONFORM_SOURCE_DIR) + "/examples/payloads";

class OutputFaults : public ::testing::Test {
 protected:
  // Runs a bash command line in which $CONFORM is the executable; returns its exit code.
  int shell(const std::string& line) {
    std::ofstream(scratch_.root() / "run.sh") << "CONFORM='" << CONFORM_EXECUTABLE << "'\n"
                                              << "cd '" << scratch_.root().string() << "'\n"
                                              << "{ " << line << " ; } > out.txt 2> err.txt\n";
    const int status = std::system(("bash '" + (scratch_.root() / "run.sh").string() + "'").c_str());
    out_ = conform::testing::read_file(scratch_.root() / "out.txt");
    err_ = conform::testing::read_file(scratch_.root() / "err.txt");
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
  EXPECT_EQ(conform::testing::read_file(scratch_.root() / "report.json"), "previous");
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
  EXPECT_NE(conform::testing::read_file(scratch_.root() / "from-pipe.json").find("\"summary\""), std::string::npos);
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
  EXPECT_NE(conform::testing::read_file(scratch_.root() / "reports" / "latest.json").find("\"summary\""),
            std::string::npos);
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
// was checked; report files are written, and say the run was interrupted.
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
  conform::testing::wait_until_handled(child, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto sent = std::chrono::steady_clock::now();
  ::kill(child, SIGINT);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  const auto took = std::chrono::steady_clock::now() - sent;
  ASSERT_TRUE(WIFEXITED(status)) << "ended by a signal, not by the handler";
  const std::string output = conform::testing::read_file(out);
  if (output.rfind("PASS", 0) == 0 || output.rfind("FAIL", 0) == 0) {
    GTEST_SKIP() << "the run ended before the signal came: " << output;
  }
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGINT);
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_EQ(output.rfind("INTERRUPTED ", 0), 0U) << output;
  EXPECT_NE(conform::testing::read_file(err).find("interrupted after"), std::string::npos)
      << conform::testing::read_file(err);
  EXPECT_NE(conform::testing::read_file(scratch_.root() / "report.json").find("\"interrupted\": true"),
            std::string::npos);
  EXPECT_TRUE(no_temporary_left());
}

// ---------------------------------------------------------------------------
// Outputs and inputs never hurt each other.

TEST_F(OutputFaults, AReportThatWouldReplaceOrJoinTheInputsIsRefusedBeforeReading) {
  const std::string log = R"({"correlationId": 1})"
                          "\n";
  fs::create_directory(scratch_.root() / "payloads");
  std::ofstream(scratch_.root() / "payloads" / "log.ndjson") << log;
  fs::create_hard_link(scratch_.root() / "payloads" / "log.ndjson", scratch_.root() / "hard-link.ndjson");
  for (const std::string& args : {std::string("-o payloads/log.ndjson payloads/log.ndjson"),
                                  std::string("--format json=payloads/log.ndjson payloads"),
                                  std::string("--format sarif=./payloads/../payloads/log.ndjson payloads/log.ndjson"),
                                  std::string("--format junit=hard-link.ndjson payloads/log.ndjson"),
                                  std::string("--format json=payloads/new-report.json payloads"),
                                  std::string("--format text --format json=payloads/sub/r.json payloads")}) {
    SCOPED_TRACE(args);
    EXPECT_EQ(shell("$CONFORM validate " + args), 2) << err_;
    EXPECT_EQ(out_, "");
    EXPECT_NE(err_.find("write it elsewhere"), std::string::npos) << err_;
    EXPECT_EQ(conform::testing::read_file(scratch_.root() / "payloads" / "log.ndjson"), log);
    EXPECT_FALSE(fs::exists(scratch_.root() / "payloads" / "new-report.json"));
  }
  // A report beside the folder, or one no walk would read, is fine.
  EXPECT_EQ(shell("$CONFORM validate --format json=report.json --format sarif=payloads/r.sarif payloads"), 1) << err_;
}

TEST_F(OutputFaults, TwoReportsToOneFileOrAnUnusedOutputAreRefused) {
  for (const std::string& args : {std::string("--format json=r.json --format sarif=r.json"),
                                  std::string("-o r.json --format json --format sarif=./r.json"),
                                  std::string("--format json=r.json --format junit=sub/../r.json")}) {
    SCOPED_TRACE(args);
    EXPECT_EQ(shell("mkdir -p sub; $CONFORM validate " + args + " " + kPayloads), 2) << err_;
    EXPECT_NE(err_.find("two reports would be written to one file"), std::string::npos) << err_;
    EXPECT_FALSE(fs::exists(scratch_.root() / "r.json"));
  }
  EXPECT_EQ(shell("$CONFORM validate -o r.txt --format json=r.json " + kPayloads), 2) << err_;
  EXPECT_NE(err_.find("-o r.txt names no report"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(scratch_.root() / "r.json"));
}

// Two containers sharing a workspace both run conform as PID 1: the temporary
// name must not be made of the PID. Here another run's temporary file, named
// after this process's PID, is there first; it must be left alone.
TEST_F(OutputFaults, TemporaryReportNamesDoNotCollideAcrossPidNamespaces) {
  const fs::path report = scratch_.root() / "report.json";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string others = report.string() + ".tmp-" + std::to_string(::getpid());
    std::ofstream(others) << "the other run's report";
    if (!std::freopen("/dev/null", "w", stdout)) ::_exit(99);
    ::execl(CONFORM_EXECUTABLE, CONFORM_EXECUTABLE, "validate", "--format", ("json=" + report.string()).c_str(),
            kPayloads.c_str(), static_cast<char*>(nullptr));
    ::_exit(98);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const fs::path others = report.string() + ".tmp-" + std::to_string(child);
  EXPECT_EQ(conform::testing::read_file(others), "the other run's report");
  EXPECT_NE(conform::testing::read_file(report).find("\"summary\""), std::string::npos);
  fs::remove(others);
  EXPECT_TRUE(no_temporary_left());
  // The report has the mode a plain create gives it, not mkstemp's 0600.
  EXPECT_EQ(fs::status(report).permissions() & fs::perms::others_read, fs::perms::others_read);
}

// Starts conform on a long input with standard output into a pipe that is
// not read yet, so that it blocks there; returns the pid and the pipe's read end.
std::pair<pid_t, int> start_blocked(const std::vector<std::string>& args) {
  int channel[2];
  if (::pipe(channel) != 0) return {-1, -1};
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(channel[0]);
    if (::dup2(channel[1], 1) < 0 || !std::freopen("/dev/null", "w", stderr)) ::_exit(99);
    std::vector<char*> argv{const_cast<char*>(CONFORM_EXECUTABLE)};
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    ::execv(CONFORM_EXECUTABLE, argv.data());
    ::_exit(98);
  }
  ::close(channel[1]);
  return {child, channel[0]};
}

// waitpid with a deadline, so that a run that does not stop fails the test
// instead of hanging it: on the deadline the child is killed.
bool wait_for(pid_t child, int& status, std::chrono::seconds deadline = std::chrono::seconds(60)) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (::waitpid(child, &status, WNOHANG) == child) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(child, SIGKILL);
  ::waitpid(child, &status, 0);
  return false;
}

std::string read_all(int fd) {
  std::string text;
  char buffer[65536];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return text;
}

// Ctrl-C while standard output is blocked (the reader is slow): the report on
// it still ends well-formed and says the run was interrupted; it is not cut
// where the interrupted write stopped.
TEST_F(OutputFaults, InterruptWhileStandardOutputIsBlockedEndsTheReportWell) {
  const fs::path input = long_ndjson(400000);
  const auto [child, out] = start_blocked({"validate", "--jobs", "1", "--format", "json", input.string()});
  ASSERT_GT(child, 0);
  conform::testing::wait_until_handled(child, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // the pipe (64 KiB) is full long before
  ::kill(child, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const std::string report = read_all(out);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGINT);
  EXPECT_GT(report.size(), 65536U);
  const std::string tail = report.substr(report.size() > 300 ? report.size() - 300 : 0);
  EXPECT_NE(tail.find("\"interrupted\": true"), std::string::npos) << tail;
  EXPECT_EQ(tail.substr(tail.size() - 2), "}\n") << tail;
}

// The second Ctrl-C ends conform at once, and still no temporary file stays.
TEST_F(OutputFaults, ASecondSignalLeavesNoTemporaryFile) {
#if defined(__SANITIZE_THREAD__)
  // ThreadSanitizer runs a signal's handler only once the thread leaves its
  // blocking call, and a run blocked on a full pipe never does.
  GTEST_SKIP() << "ThreadSanitizer defers signal handlers past a blocked write";
#endif
  const fs::path input = long_ndjson(400000);
  const auto [child, out] = start_blocked({"validate", "--jobs", "2", "--format", "text", "--format",
                                           "json=" + (scratch_.root() / "r.json").string(), input.string()});
  ASSERT_GT(child, 0);
  conform::testing::wait_until_handled(child, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_FALSE(no_temporary_left()) << "the report's temporary file is there while it runs";
  ::kill(child, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // blocked on standard output, it is still running
  ::kill(child, SIGINT);
  int status = 0;
  ASSERT_TRUE(wait_for(child, status)) << "a second signal did not end the run";
  ::close(out);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
  EXPECT_TRUE(no_temporary_left());
  EXPECT_FALSE(fs::exists(scratch_.root() / "r.json"));
}

// A report to a FIFO whose reader leaves stops the run promptly, as a closed
// standard output does; the other report files are then not written at all.
TEST_F(OutputFaults, AFifoWhoseReaderLeavesStopsTheRun) {
  long_ndjson(400000);
  ASSERT_EQ(::mkfifo((scratch_.root() / "pipe").c_str(), 0600), 0);
  EXPECT_EQ(shell("(head -c 10 pipe > /dev/null) & $CONFORM validate --jobs 2 --format text --format json=pipe "
                  "--format sarif=r.sarif long.ndjson; status=$?; wait; exit $status"),
            128 + SIGPIPE)
      << err_;
  EXPECT_NE(err_.find("the reader of pipe went away"), std::string::npos) << err_;
  const std::string last = out_.substr(out_.rfind('\n', out_.size() - 2) + 1);
  EXPECT_EQ(last.rfind("INTERRUPTED ", 0), 0U) << last;
  EXPECT_EQ(last.find("400000 inputs"), std::string::npos) << "the run went on to the end: " << last;
  EXPECT_FALSE(fs::exists(scratch_.root() / "r.sarif"));
  EXPECT_TRUE(no_temporary_left());
}

}  // namespace
