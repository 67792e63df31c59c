#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

namespace conform::cli {

// A one-line progress display on standard error for long runs: files done,
// inputs checked, their rate and the time so far (inputs are discovered as the
// run goes, so there is no total to count down from). It shows only
// when asked for, or on a terminal outside CI (never in pipes or CI logs),
// and only once a run has lasted long enough to need it. On a terminal it is
// redrawn in place; elsewhere (--progress always into a file or a CI log) it
// is a plain line now and then and a last one at the end, with no carriage
// return or escape sequence.
class Progress {
 public:
  explicit Progress(const std::string& mode);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // A worker started on a file (or a piece of one): it is counted while it is read.
  void file_started() { started_since_done_.store(true, std::memory_order_relaxed); }
  void file_done() {
    files_.fetch_add(1, std::memory_order_relaxed);
    inputs_at_file_done_.store(inputs_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    started_since_done_.store(false, std::memory_order_relaxed);
  }
  void input_done() { inputs_.fetch_add(1, std::memory_order_relaxed); }

 private:
  void run();
  void draw(bool last);

  bool terminal_ = false;  // redrawn in place; else plain lines
  std::atomic<std::size_t> files_{0};
  std::atomic<std::size_t> inputs_{0};
  // The file under way: begun since the last file was done, or with inputs reported since.
  std::atomic<std::size_t> inputs_at_file_done_{0};
  std::atomic<bool> started_since_done_{false};
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  bool stopping_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace conform::cli
