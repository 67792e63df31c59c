#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>
#include <thread>

namespace conform::testing {

// Waits until process `pid` has installed a handler for `signal` (its
// SigCgt mask in /proc says so), at most `limit`: a signal sent before that
// would end it by the default action, which a slow start (a sanitizer build
// on a loaded machine) makes likely with a fixed sleep.
inline bool wait_until_handled(pid_t pid, int signal, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("SigCgt:", 0) != 0) continue;
      const std::uint64_t caught = std::stoull(line.substr(7), nullptr, 16);
      if ((caught >> (signal - 1) & 1U) != 0) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

}  // namespace conform::testing
