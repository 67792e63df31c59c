#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

#include "conform/run_observer.hpp"

namespace conform {

// A one-line progress display on standard error for long runs: files done,
// inputs checked, their rate and the time so far (inputs are discovered as the
// run goes, so there is no total to count down from). It shows only
// when asked for, or on a terminal outside CI (never in pipes or CI logs),
// and only once a run has lasted long enough to need it. On a terminal it is
// redrawn in place; elsewhere (--progress always into a file or a CI log) it
// is a plain line now and then and a last one at the end, with no carriage
// return or escape sequence. It draws from checking_started to checking_done.
class Progress : public RunObserver {
 public:
  // "auto", "always" or "never" (--progress).
  explicit Progress(std::string mode);
  ~Progress() override;
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void checking_started() override;
  // A worker started on a file (or a piece of one): it is counted while it is read.
  void file_started() override { started_since_done_.store(true, std::memory_order_relaxed); }
  void file_done() override {
    files_.fetch_add(1, std::memory_order_relaxed);
    inputs_at_file_done_.store(inputs_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    started_since_done_.store(false, std::memory_order_relaxed);
  }
  void input_done() override { inputs_.fetch_add(1, std::memory_order_relaxed); }
  // The line is cleared (or its last plain line written) before the summary.
  void checking_done() override;

 private:
  void run();
  void draw(bool last);

  std::string mode_;
  bool terminal_ = false;  // redrawn in place; else plain lines
  std::atomic<std::size_t> files_{0};
  std::atomic<std::size_t> inputs_{0};
  // The file under way: begun since the last file was done, or with inputs reported since.
  std::atomic<std::size_t> inputs_at_file_done_{0};
  std::atomic<bool> started_since_done_{false};
  std::chrono::steady_clock::time_point started_;
  bool stopping_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace conform
