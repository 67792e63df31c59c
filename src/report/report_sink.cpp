#include "conform/report_sink.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "conform/error.hpp"
#include "io/fd_output.hpp"
#include "io/temporary_files.hpp"

namespace conform {
namespace fs = std::filesystem;

namespace {

bool use_color(ColorChoice color, bool to_terminal) {
  if (color == ColorChoice::always) return true;
  if (color == ColorChoice::never || !to_terminal) return false;
  // https://no-color.org: any non-empty NO_COLOR turns colour off.
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return isatty(STDOUT_FILENO) == 1;
}

// A device or pipe is written in place; so is anything under /dev or /proc
// (/dev/stdout may lead to a regular file, but it is the shell's, not ours).
bool written_in_place(const std::string& target) {
  const std::string normal = fs::path(target).lexically_normal().string();
  if (normal.rfind("/dev/", 0) == 0 || normal.rfind("/proc/", 0) == 0) return true;
  std::error_code error;
  const auto status = fs::status(target, error);
  return !error && fs::exists(status) && !fs::is_regular_file(status);
}

// The file a report replaces: through a link, the file it points at, so that
// the link stays a link.
std::string replaced_file(const std::string& target) {
  std::error_code error;
  if (!fs::is_symlink(fs::symlink_status(target, error))) return target;
  const fs::path real = fs::weakly_canonical(target, error);
  return error ? target : real.string();
}

// Where a report goes: "" for standard output.
std::string destination(const ReportTarget& target) { return target.path == "-" ? std::string() : target.path; }

// A path as one thing on the file system: its device and inode when it
// exists, else its absolute, normalised spelling.
std::string identity(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0) return fmt::format("inode {}:{}", status.st_dev, status.st_ino);
  std::error_code error;
  const fs::path absolute = fs::weakly_canonical(fs::absolute(path, error), error);
  return "path " + absolute.lexically_normal().string();
}

bool is_input_name(const fs::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".json" || extension == ".ndjson" || extension == ".jsonl" || extension == ".har";
}

}  // namespace

void check_report_targets(const std::vector<ReportTarget>& targets, const std::vector<std::string>& inputs) {
  std::vector<std::pair<std::string, std::string>> seen;  // identity, target
  for (const ReportTarget& report : targets) {
    const std::string target = destination(report);
    const std::string_view name = to_string(report.format);
    if (target.empty()) continue;
    const std::string id = identity(target);
    for (const auto& [other_id, other] : seen) {
      if (other_id == id)
        throw Error(fmt::format("two reports would be written to one file ({} and {})", other, target));
    }
    seen.emplace_back(id, target);
    std::error_code error;
    const fs::path where = fs::weakly_canonical(fs::absolute(target, error), error);
    for (const std::string& input : inputs) {
      if (input == "-") continue;
      if (identity(input) == id) {
        throw Error(fmt::format("the {} report would replace the input {}; write it elsewhere", name, input), target);
      }
      // A report in a folder that is walked would be read as an input next time (or replace one now).
      if (fs::is_directory(input, error) && is_input_name(where)) {
        const fs::path folder = fs::weakly_canonical(fs::absolute(input, error), error);
        const auto [folder_end, where_end] = std::mismatch(folder.begin(), folder.end(), where.begin(), where.end());
        if (folder_end == folder.end()) {
          throw Error(
              fmt::format("the {} report would be among the inputs found in {}; write it elsewhere", name, input),
              target);
        }
      }
    }
  }
}

struct ReportSink::Output {
  std::string target;     // empty: standard output
  std::string temporary;  // renamed to `replaced` on commit; empty when written in place
  std::string replaced;   // the target, or the file a link there points at
  std::unique_ptr<io::FdOutput> file;
  std::unique_ptr<Reporter> reporter;

  void drop_temporary() {
    if (temporary.empty()) return;
    io::forget_temporary(temporary.c_str());
    ::unlink(temporary.c_str());
    temporary.clear();
  }
};

ReportSink::ReportSink(ReportSinkOptions options, StopSource stop)
    : options_(std::move(options)), stop_(std::move(stop)) {}

void ReportSink::open() {
  bool stdout_taken = false;
  // New report files get the mode a plain create would give them.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  for (const ReportTarget& report : options_.targets) {
    const std::string target = destination(report);
    if (target.empty()) {
      if (stdout_taken) {
        throw Error("only one report can go to standard output; give the others a path (--format junit=conform.xml)");
      }
      stdout_taken = true;
    }
    auto output = std::make_unique<Output>();
    output->target = target;
    if (target.empty()) {
      output->file = std::make_unique<io::FdOutput>(STDOUT_FILENO, false);
    } else if (written_in_place(target)) {
      const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
      if (fd < 0) throw Error(fmt::format("cannot write the report: {}", std::strerror(errno)), target);
      output->file = std::make_unique<io::FdOutput>(fd, true);
    } else {
      // A random name beside the target, created exclusively: two runs, even
      // in separate PID namespaces, never share a temporary file.
      output->replaced = replaced_file(target);
      std::string pattern = output->replaced + ".tmp-XXXXXX";
      const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
      if (fd < 0) throw Error(fmt::format("cannot write the report: {}", std::strerror(errno)), target);
      output->temporary = std::move(pattern);
      io::remember_temporary(output->temporary.c_str());
      output->file = std::make_unique<io::FdOutput>(fd, true);
      ::fchmod(fd, 0666 & ~mask);
    }
    ReportOptions report_options = options_.report;
    report_options.color = report.format == ReportFormat::text && use_color(options_.color, target.empty());
    output->reporter = make_reporter(report.format, output->file->stream(), report_options);
    outputs_.push_back(std::move(output));
  }
}

void ReportSink::begin(const RunInfo& run) {
  open();
  for (auto& output : outputs_) output->reporter->begin(run);
}

void ReportSink::add(const Result& result) {
  for (auto& output : outputs_) output->reporter->add(result);
  // A reader that went away (conform ... | head, a FIFO): nothing more can be shown.
  if (!gone_ && (gone_ = reader_gone())) stop_.request_stop();
}

// Each report's part: whether it rendered the result, the length of its bytes, the bytes.
bool ReportSink::render(const Result& result, std::string& out) const {
  for (const auto& output : outputs_) {
    const std::size_t head = out.size();
    out.append(1 + sizeof(std::uint64_t), '\0');
    const bool rendered = output->reporter->render(result, out);
    const std::uint64_t length = out.size() - head - 1 - sizeof length;
    out[head] = rendered ? '\1' : '\0';
    std::memcpy(out.data() + head + 1, &length, sizeof length);
  }
  return true;
}

void ReportSink::add_rendered(const Result& result, std::string_view bytes) {
  for (auto& output : outputs_) {
    std::uint64_t length = 0;
    std::memcpy(&length, bytes.data() + 1, sizeof length);
    const bool rendered = bytes[0] == '\1';
    const std::string_view part = bytes.substr(1 + sizeof length, static_cast<std::size_t>(length));
    bytes.remove_prefix(1 + sizeof length + part.size());
    if (rendered) {
      output->reporter->add_rendered(result, part);
    } else {
      output->reporter->add(result);
    }
  }
  if (!gone_ && (gone_ = reader_gone())) stop_.request_stop();
}

void ReportSink::add_passing_lines(const PassingLines& lines) {
  for (auto& output : outputs_) output->reporter->add_passing_lines(lines);
  if (!gone_ && (gone_ = reader_gone())) stop_.request_stop();
}

void ReportSink::end(const RunInfo& run, const Summary& summary) {
  // Standard output closed early: the run ends quietly, as if SIGPIPE had ended it.
  if (gone_ && *gone_ == "standard output") return;
  for (auto& output : outputs_) output->reporter->end(run, summary);
}

void ReportSink::commit() {
  // Every report is whole before any replaces its file: all are written or none.
  for (auto& output : outputs_) {
    const std::string where = output->target.empty() ? std::string("standard output") : output->target;
    if (!output->file->finish()) {
      const int error = output->file->error();
      throw Error(fmt::format("cannot write the report ({})", error != 0 ? std::strerror(error) : "disk full?"), where);
    }
  }
  for (auto& output : outputs_) {
    if (output->temporary.empty()) continue;
    std::error_code error;
    fs::rename(output->temporary, output->replaced, error);
    if (error) throw Error(fmt::format("cannot write the report: {}", error.message()), output->target);
    io::forget_temporary(output->temporary.c_str());
    output->temporary.clear();
  }
}

std::optional<std::string> ReportSink::reader_gone() {
  // Asking the kernel costs a system call per output: every few results is prompt enough.
  const bool ask = ++checks_ % 64 == 0;
  for (auto& output : outputs_) {
    if (output->file->error() == EPIPE || (ask && output->file->reader_gone())) {
      return output->target.empty() ? std::string("standard output") : output->target;
    }
  }
  return std::nullopt;
}

bool ReportSink::abandon_files() {
  bool any = false;
  for (auto& output : outputs_) {
    if (output->target.empty()) {
      output->file->finish();
      continue;
    }
    any = true;
    output->file->finish();
    output->drop_temporary();
  }
  return any;
}

ReportSink::~ReportSink() {
  for (auto& output : outputs_) output->drop_temporary();
}

}  // namespace conform
