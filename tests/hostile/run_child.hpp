#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace conform::hostile {

constexpr uid_t kNobody = 65534;

struct Finished {
  bool timed_out = false;
  int status = 0;        // as waitpid gives it
  long max_rss_kib = 0;  // ru_maxrss of the child
  double seconds = 0;
};

// Runs `argv` from `directory`, with no standard input and standard output
// and error to files, and waits at most `limit`; past it the process is
// killed. As root the process runs as nobody, for whom a file of mode 000 is
// unreadable. It is forked, not spawned: the child's peak RSS then starts from
// this process's RSS at the fork (a spawned one would start from this
// process's peak), and nothing large is held here before conform has run.
Finished run(const std::vector<std::string>& argv, const std::filesystem::path& directory,
             const std::filesystem::path& out, const std::filesystem::path& err, bool as_nobody,
             std::chrono::seconds limit);

}  // namespace conform::hostile
