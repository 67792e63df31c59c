#pragma once

#include <atomic>
#include <string>
#include <string_view>

namespace conform::engine {

// valijson walks a body without asking anyone whether to go on; conform's own
// constraints, called for most values, ask for it. Schema::check installs the
// stop flag for the thread while valijson runs; a request throws StopRequested
// out of valijson, and Schema::check makes it the interrupted finding.
struct StopRequested {};

// A draft-4 "type" that met a number whose spelling decides it (an integral
// number past 64 bits, which may have been written as an integer or not):
// Schema::check judges such a body both ways, and refuses it where the two
// verdicts differ.
struct SpellingLost {
  bool met = false;
  bool as_integer = false;  // the second judgement takes such numbers as integers
  static SpellingLost& current() noexcept {
    thread_local SpellingLost state;
    return state;
  }
};
inline constexpr std::string_view kUndecidedKeyword = "undecided";

class StopCheck {
 public:
  explicit StopCheck(const std::atomic<bool>* stop) noexcept : previous_(current()) { current() = {stop, 0}; }
  ~StopCheck() { current() = previous_; }
  StopCheck(const StopCheck&) = delete;
  StopCheck& operator=(const StopCheck&) = delete;

  // Cheap: the flag is loaded once every 1024 calls.
  static void poll() {
    State& state = current();
    if (state.stop != nullptr && (++state.calls & 1023U) == 0 && state.stop->load(std::memory_order_relaxed)) {
      throw StopRequested{};
    }
  }

 private:
  struct State {
    const std::atomic<bool>* stop = nullptr;
    unsigned calls = 0;
  };
  static State& current() noexcept {
    thread_local State state;
    return state;
  }
  State previous_;
};

}  // namespace conform::engine
