#pragma once

#include <atomic>
#include <memory>

namespace conform {

class StopToken;

// Asks a run to stop. Copies share one request, so a run can be stopped
// from another thread, or from a signal handler: request_stop is a single
// lock-free store, safe to call there (std::stop_source's is not promised to be).
class StopSource {
 public:
  StopSource() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
  void request_stop() const noexcept { flag_->store(true, std::memory_order_relaxed); }
  bool stop_requested() const noexcept { return flag_->load(std::memory_order_relaxed); }
  StopToken token() const noexcept;

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

// What a run looks at to know whether it was asked to stop. A default token is never stopped.
class StopToken {
 public:
  StopToken() = default;
  bool stop_requested() const noexcept { return flag_ != nullptr && flag_->load(std::memory_order_relaxed); }
  // The flag the engine polls (Limits::stop); nullptr for a token that is never stopped.
  const std::atomic<bool>* flag() const noexcept { return flag_.get(); }

 private:
  friend class StopSource;
  explicit StopToken(std::shared_ptr<const std::atomic<bool>> flag) : flag_(std::move(flag)) {}
  std::shared_ptr<const std::atomic<bool>> flag_;
};

inline StopToken StopSource::token() const noexcept { return StopToken(flag_); }

}  // namespace conform
