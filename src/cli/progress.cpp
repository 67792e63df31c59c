#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "conform/reporter.hpp"

namespace conform::cli {
namespace {

constexpr auto kFirstDraw = std::chrono::milliseconds(500);  // short runs never see a progress line
constexpr auto kRedraw = std::chrono::milliseconds(200);

bool wanted(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  // CI systems set CI; their logs are no place for carriage returns.
  const char* ci = std::getenv("CI");
  if (ci != nullptr && *ci != '\0') return false;
  return isatty(STDERR_FILENO) == 1;
}

}  // namespace

Progress::Progress(const std::string& mode) {
  if (wanted(mode)) thread_ = std::thread([this] { run(); });
}

Progress::~Progress() {
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
  if (wake_.wait_for(lock, kFirstDraw, [this] { return stopping_; })) return;
  while (!stopping_) {
    draw(false);
    wake_.wait_for(lock, kRedraw, [this] { return stopping_; });
  }
  draw(true);
}

void Progress::draw(bool last) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const std::size_t inputs = inputs_.load(std::memory_order_relaxed);
  const std::string line = escaped_for_line(
      fmt::format("conform: {} files, {} inputs ({:.0f}/s), {:.1f} s", files_.load(std::memory_order_relaxed), inputs,
                  seconds > 0 ? static_cast<double>(inputs) / seconds : 0.0, seconds));
  // \r and "erase to end of line" redraw in place; the last draw clears the line for the report.
  std::fprintf(stderr, last ? "\r\x1b[K" : "\r%s\x1b[K", line.c_str());
  std::fflush(stderr);
}

}  // namespace conform::cli
