// The filter contract of --format ndjson (README "conform as a filter"):
// one line out per body in, in input order, each flushed as it is checked,
// memory flat on an unbounded standard input, and a slow reader only slows
// the run down.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "conform/schema.hpp"
#include "support/sanitizer.hpp"

namespace {

// conform validate --stdin-ndjson --format ndjson -, with both ends piped.
class Filter {
 public:
  Filter() {
    int in[2];
    int out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) std::abort();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], STDIN_FILENO);
      ::dup2(out[1], STDOUT_FILENO);
      ::execl(CONFORM_EXECUTABLE, CONFORM_EXECUTABLE, "validate", "--stdin-ndjson", "--format", "ndjson", "--jobs", "2",
              "-", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    write_ = in[1];
    read_ = out[0];
  }
  ~Filter() {
    close_input();
    if (read_ >= 0) ::close(read_);
    if (pid_ > 0) wait();
  }

  void write_line(const std::string& line) const {
    const std::string text = line + "\n";
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(write_, text.data() + done, text.size() - done);
      ASSERT_GT(n, 0);
      done += static_cast<std::size_t>(n);
    }
  }
  void close_input() {
    if (write_ >= 0) ::close(write_);
    write_ = -1;
  }
  // The next output line, or nullopt at the end or after `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    while (true) {
      if (const auto newline = pending_.find('\n'); newline != std::string::npos) {
        std::string line = pending_.substr(0, newline);
        pending_.erase(0, newline + 1);
        return line;
      }
      pollfd ready{read_, POLLIN, 0};
      if (::poll(&ready, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
      char buffer[65536];
      const ssize_t n = ::read(read_, buffer, sizeof buffer);
      if (n <= 0) return std::nullopt;
      pending_.append(buffer, static_cast<std::size_t>(n));
    }
  }
  // Resident memory of conform, in KiB.
  long rss_kib() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string word;
    while (status >> word) {
      if (word == "VmRSS:") {
        long kib = 0;
        status >> kib;
        return kib;
      }
    }
    return -1;
  }
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  int write_ = -1;
  int read_ = -1;
  std::string pending_;
};

// Body k passes or fails by its parity; its line says which it was.
std::string body(std::size_t k) {
  return k % 2 == 0 ? R"({"correlationId": "713189b8-5555-4b08-83ba-75d08780aebd"})"
                    : R"({"correlationId": 7, "n": )" + std::to_string(k) + "}";
}

void expect_line(const std::string& line, std::size_t k) {
  const std::string source = "\"source\": \"-:" + std::to_string(k) + "\"";
  EXPECT_NE(line.find(source), std::string::npos) << "line " << k << ": " << line;
  EXPECT_NE(line.find(k % 2 == 0 ? "\"status\": \"pass\"" : "\"status\": \"fail\""), std::string::npos) << line;
  static const conform::Schema line_schema = conform::Schema::embedded("conform-result-line");
  EXPECT_TRUE(line_schema.check(line).empty()) << line;
}

// Each input's line is out before the next input is written: flushed per
// input, never held for a buffer to fill. Doubling the count changes nothing.
TEST(NdjsonFilter, EachLineIsOutBeforeTheNextIsWritten) {
  ::signal(SIGPIPE, SIG_IGN);
  for (const std::size_t count : {50U, 100U}) {
    Filter filter;
    for (std::size_t k = 1; k <= count; ++k) {
      filter.write_line(body(k));
      const auto line = filter.read_line(std::chrono::seconds(20));
      ASSERT_TRUE(line.has_value()) << "no line for input " << k << " while input stays open";
      expect_line(*line, k);
    }
    filter.close_input();
    EXPECT_FALSE(filter.read_line().has_value());  // nothing more: no summary line
    EXPECT_EQ(filter.wait(), 1);                   // odd bodies fail
  }
}

// A generator writing for a while: conform's memory stays flat however much
// comes in, and every line comes out once, in order. A reader that sleeps
// at first blocks conform on a full pipe; nothing is lost or reordered.
TEST(NdjsonFilter, MemoryStaysFlatOnAnUnboundedInputAndASlowReaderLosesNothing) {
  ::signal(SIGPIPE, SIG_IGN);
  // About 20 MB in, 80 MB out; a quarter of it under a sanitizer, where the
  // full size took 7 minutes of ThreadSanitizer's CI step.
  constexpr std::size_t kLines = conform::testing::kSanitized ? 100000 : 400000;
  Filter filter;
  std::thread generator([&] {
    for (std::size_t k = 1; k <= kLines; ++k) filter.write_line(body(k));
    filter.close_input();
  });
  long first_rss = 0;
  long most_rss = 0;
  std::size_t k = 0;
  while (auto line = filter.read_line()) {
    ++k;
    if (k % 1000 == 0 || k < 5)
      expect_line(*line, k);
    else if (line->find("\"source\": \"-:" + std::to_string(k) + "\"") == std::string::npos) {
      ADD_FAILURE() << "line " << k << " out of order: " << *line;
      break;
    }
    if (k <= 2000) std::this_thread::sleep_for(std::chrono::microseconds(500));  // a slow reader at first
    if (k == 20000) first_rss = filter.rss_kib();
    if (k > 20000 && k % 10000 == 0) most_rss = std::max(most_rss, filter.rss_kib());
  }
  generator.join();
  EXPECT_EQ(k, kLines);
  EXPECT_EQ(filter.wait(), 1);
  ASSERT_GT(first_rss, 0);
  // Holding the results, or the input, would cost far more than 16 MiB over the lines after the 20,000th.
  EXPECT_LT(most_rss - first_rss, 16 * 1024) << "RSS grew from " << first_rss << " KiB to " << most_rss << " KiB";
}

}  // namespace
