#include "conform/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "conform/escape.hpp"
#include "conform/plural.hpp"

namespace conform {
namespace {

constexpr auto kFirstDraw = std::chrono::milliseconds(500);  // short runs never see a progress line
constexpr auto kRedraw = std::chrono::milliseconds(200);
constexpr auto kPlainRedraw = std::chrono::seconds(5);  // a line every few seconds in a log, not a flood

bool wanted(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  // CI systems set CI; their logs are no place for carriage returns.
  const char* ci = std::getenv("CI");
  if (ci != nullptr && *ci != '\0') return false;
  return isatty(STDERR_FILENO) == 1;
}

}  // namespace

Progress::Progress(std::string mode) : mode_(std::move(mode)), terminal_(isatty(STDERR_FILENO) == 1) {}

void Progress::checking_started() {
  if (thread_.joinable() || !wanted(mode_)) return;
  started_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { run(); });
}

Progress::~Progress() { checking_done(); }

void Progress::checking_done() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Progress::run() {
  std::unique_lock lock(mutex_);
  // A short run on a terminal never sees the line; a log asked for one gets its last line however short the run.
  if (wake_.wait_for(lock, kFirstDraw, [this] { return stopping_; }) && terminal_) return;
  while (!stopping_) {
    draw(false);
    wake_.wait_for(lock, terminal_ ? kRedraw : kPlainRedraw, [this] { return stopping_; });
  }
  draw(true);
}

void Progress::draw(bool last) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const std::size_t inputs = inputs_.load(std::memory_order_relaxed);
  const bool busy = started_since_done_.load(std::memory_order_relaxed) ||
                    inputs > inputs_at_file_done_.load(std::memory_order_relaxed);
  const std::size_t files = files_.load(std::memory_order_relaxed) + (busy ? 1 : 0);
  const std::string line = escaped_for_line(
      fmt::format("conform: {}, {} ({:.0f}/s), {:.1f} s", counted(files, "file"), counted(inputs, "input"),
                  seconds > 0 ? static_cast<double>(inputs) / seconds : 0.0, seconds));
  if (terminal_) {
    // \r and "erase to end of line" redraw in place; the last draw clears the line for the report.
    std::fprintf(stderr, last ? "\r\x1b[K" : "\r%s\x1b[K", line.c_str());
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

}  // namespace conform
