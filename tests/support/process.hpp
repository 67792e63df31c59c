#pragma once

#include <sys/types.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "support/scratch_dir.hpp"

namespace conform::testing {

// What a command run through bash left: its exit status and what it wrote.
struct Ran {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `script` with bash from `folder`, its standard output and error caught
// in files there (the script may cd elsewhere: the files stay in `folder`).
inline Ran run_bash(const std::filesystem::path& folder, const std::string& script) {
  std::ofstream(folder / "run.sh") << "cd '" << folder.string() << "'\n{ " << script << "\n} > out.txt 2> err.txt\n";
  const int status = std::system(("bash '" + (folder / "run.sh").string() + "'").c_str());
  Ran ran;
  ran.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  ran.out = read_file(folder / "out.txt");
  ran.err = read_file(folder / "err.txt");
  return ran;
}

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
