#include "hostile/run_child.hpp"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace conform::hostile {

Finished run(const std::vector<std::string>& argv, const std::filesystem::path& directory,
             const std::filesystem::path& out, const std::filesystem::path& err, bool as_nobody,
             std::chrono::seconds limit) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const auto started = std::chrono::steady_clock::now();
  const pid_t child = ::fork();
  if (child < 0) return {true, -1, 0, 0};
  if (child == 0) {
    // Only async-signal-safe calls from here to exec.
    const int in_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0 || ::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 ||
        ::dup2(err_fd, 2) < 0) {
      ::_exit(120);
    }
    if (::chdir(directory.c_str()) != 0) ::_exit(121);
    if (as_nobody && ::geteuid() == 0) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) {
        constexpr char kMessage[] = "cannot become nobody (uid 65534)\n";
        (void)!::write(2, kMessage, sizeof kMessage - 1);
        ::_exit(122);
      }
    }
    ::execv(args[0], args.data());
    ::_exit(123);
  }
  Finished finished;
  struct rusage usage {};
  const auto deadline = started + limit;
  while (true) {
    const pid_t done = ::wait4(child, &finished.status, WNOHANG, &usage);
    if (done == child) break;
    if (done < 0 && errno != EINTR) {
      finished.timed_out = true;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(child, SIGKILL);
      ::wait4(child, &finished.status, 0, &usage);
      finished.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  finished.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  finished.max_rss_kib = usage.ru_maxrss;
  return finished;
}

}  // namespace conform::hostile
