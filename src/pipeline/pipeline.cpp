#include "pipeline/pipeline.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "inputs/capture_reader.hpp"
#include "json/strict_reader.hpp"

namespace conform::pipeline {
namespace {

using inputs::BodyLayout;

// An NDJSON file cut into pieces: opened once, so that every piece reads
// the same file through one descriptor (a file replaced meanwhile is never
// mixed with its successor), with its size when it was cut.
struct OpenFile {
  int fd = -1;
  std::uint64_t size = 0;
  std::atomic<bool> shrink_reported{false};
  OpenFile() = default;
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  ~OpenFile() {
    if (fd >= 0) ::close(fd);
  }
};

// A piece of work, numbered in report order: a whole file, a range of an
// NDJSON file, or a named path that could not be used.
struct Unit {
  std::string path;
  BodyLayout layout = BodyLayout::single;
  std::optional<Result> unusable;
  std::uint64_t begin = 0;  // NDJSON: the byte range whose lines this unit owns
  std::uint64_t end = 0;
  bool last_of_file = true;
  // A pipe or device named on the command line: read through once, as standard input is.
  bool stream = false;
  // Small single-body files that follow `path`, checked in the same unit:
  // one hand-over per batch instead of one per file.
  std::vector<std::string> more;
  std::shared_ptr<OpenFile> file;  // NDJSON: the descriptor all its pieces read
};

// A result, and for an NDJSON line its line number within the unit: the
// line number in the file is known only once the units before it are done.
struct Made {
  Result result;
  std::uint64_t unit_line = 0;
};

class FileCloser {
 public:
  explicit FileCloser(int fd) : fd_(fd) {}
  ~FileCloser() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileCloser(const FileCloser&) = delete;
  FileCloser& operator=(const FileCloser&) = delete;

 private:
  int fd_;
};

std::string system_error(std::string_view what) { return fmt::format("{}: {}", what, std::strerror(errno)); }

// Reads `size` bytes at `offset` (fewer at the end of the file).
bool read_at(int fd, std::uint64_t offset, std::size_t size, std::string& into) {
  into.resize(size);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, into.data() + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  into.resize(done);
  return true;
}

// Placed where it lies: a Result is large, and this runs for every body.
Result&& placed(Result&& result, const std::string& path) {
  result.file = path;
  return std::move(result);
}

// One body per file: read with one call into a buffer the thread keeps.
// Opens a file that was a regular one when it was listed. Never blocks: what
// turned into a FIFO since then is named, not read.
int open_regular(const std::string& path, struct stat& info, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = system_error("cannot open");
    return -1;
  }
  if (::fstat(fd, &info) != 0) {
    error = system_error("cannot read");
    ::close(fd);
    return -1;
  }
  if (!S_ISREG(info.st_mode)) {
    error = "not a regular file; not read";
    ::close(fd);
    return -1;
  }
  return fd;
}

// `emit` is the worker's own lambda, called directly: no std::function hop per body.
template <typename Emit>
void check_single(const std::string& path, const Schema& schema, const CaptureSchemas& capture_schemas,
                  const Limits& limits, const Emit& emit, bool& was_capture) {
  struct stat info {};
  std::string error;
  const int fd = open_regular(path, info, error);
  if (fd < 0) {
    emit({placed(make_error_result(path, error), path)});
    return;
  }
  FileCloser closer(fd);
  const auto size = static_cast<std::uint64_t>(info.st_size);
  thread_local std::string body;
  // A body past the limit is reported from its size, never read: it might be
  // gigabytes. Only its start is looked at, to tell a HAR capture (streamed,
  // whatever its size) from a body.
  constexpr std::size_t kHarSniff = 256;
  const std::size_t wanted = size > limits.max_bytes ? kHarSniff : static_cast<std::size_t>(size);
  if (!read_at(fd, 0, wanted, body)) {
    emit({placed(make_error_result(path, system_error("cannot read")), path)});
    return;
  }
  if (body.size() < wanted) {
    emit({placed(make_error_result(path, fmt::format("the file shrank while it was read: {} bytes, {} when opened",
                                                     body.size(), size)),
                 path)});
    return;
  }
  if (inputs::looks_like_har(std::string_view(body).substr(0, kHarSniff))) {
    was_capture = true;
    check_capture(path, CaptureFormat::har, capture_schemas, limits,
                  [&](Result&& result) { emit({std::move(result)}); });
    return;
  }
  if (size > limits.max_bytes) {
    emit({placed(make_result(path, {json::size_limit_finding(size, limits)}), path)});
    return;
  }
  emit({placed(schema.validate(body, path, limits), path)});
}

// The lines that start in [begin, end) of an NDJSON file, each one body. A
// line longer than the body limit is reported from its length and skipped
// without being held in memory.
bool stopped(const std::atomic<bool>* stop) { return stop != nullptr && stop->load(std::memory_order_relaxed); }

// `lines` counts the unit's lines as they are read, so that the count stands
// even when the unit ends early.
template <typename Emit>
void check_ndjson_range(const Unit& unit, const Schema& schema, const Limits& limits, const std::atomic<bool>* stop,
                        const Emit& emit, std::uint64_t& lines) {
  const int fd = unit.file->fd;
  // Lines missing because the file was cut short while it was read are an
  // error, never silently absent: said once per file, by the piece that sees it.
  auto shrank = [&](std::uint64_t now) {
    if (!unit.file->shrink_reported.exchange(true)) {
      emit({placed(make_error_result(unit.path, fmt::format("the file shrank while it was read: {} bytes, {} when "
                                                            "its reading began",
                                                            now, unit.file->size)),
                   unit.path)});
    }
  };
  constexpr std::size_t kBlock = std::size_t{256} * 1024;
  thread_local std::string block;
  thread_local std::string line;
  std::uint64_t block_offset = unit.begin;
  std::size_t at = 0;
  bool failed = false;
  auto fill = [&]() {
    block_offset += block.size();
    at = 0;
    if (!read_at(fd, block_offset, kBlock, block)) failed = true;
    return !failed && !block.empty();
  };
  block.clear();
  if (!read_at(fd, unit.begin, kBlock, block)) failed = true;

  // A line belongs to the unit it starts in: skip the tail of the one before.
  if (unit.begin > 0 && !failed) {
    std::string previous;
    read_at(fd, unit.begin - 1, 1, previous);
    if (previous != "\n") {
      while (true) {
        const void* newline = std::memchr(block.data() + at, '\n', block.size() - at);
        if (newline != nullptr) {
          at = static_cast<std::size_t>(static_cast<const char*>(newline) - block.data()) + 1;
          break;
        }
        // A line that runs past the whole unit started before it: the unit owns no line.
        if (block_offset + block.size() >= unit.end) return;
        if (!fill()) {
          if (!failed) shrank(block_offset);
          return;
        }
      }
    }
  }

  while (!failed && block_offset + at < unit.end && !stopped(stop)) {
    if (at == block.size() && !fill()) break;
    ++lines;
    // A line wholly inside the block is read where it lies; only one that
    // crosses blocks is put together in `line`.
    std::string_view text;
    std::uint64_t length = 0;
    const char* start = block.data() + at;
    if (const void* newline = std::memchr(start, '\n', block.size() - at); newline != nullptr) {
      length = static_cast<std::size_t>(static_cast<const char*>(newline) - start);
      text = std::string_view(start, std::min<std::uint64_t>(length, limits.max_bytes + 1));
      at += length + 1;
    } else {
      // A line that crosses blocks: its end is found first, so that a line
      // past the limit is measured and never held; one within it is read whole.
      const std::uint64_t line_start = block_offset + at;
      bool ended = false;
      while (!ended) {
        if (at == block.size() && !fill()) break;
        const char* piece = block.data() + at;
        const void* end_of_line = std::memchr(piece, '\n', block.size() - at);
        const std::size_t take = end_of_line != nullptr
                                     ? static_cast<std::size_t>(static_cast<const char*>(end_of_line) - piece)
                                     : block.size() - at;
        length += take;
        at += take;
        if (end_of_line != nullptr) {
          ++at;
          ended = true;
        }
      }
      if (!ended && block_offset + at < unit.end) break;  // cut short: reported below
      line.clear();
      if (length <= limits.max_bytes && !read_at(fd, line_start, static_cast<std::size_t>(length), line)) failed = true;
      if (!failed && length <= limits.max_bytes && line.size() < length) {
        shrank(line_start + line.size());
        break;
      }
      text = line;
    }
    if (!text.empty() && text.back() == '\r' && length <= limits.max_bytes) {
      text.remove_suffix(1);
      --length;
    }
    if (text.find_first_not_of(" \t\r") == std::string_view::npos && length <= limits.max_bytes) continue;
    Result result = length > limits.max_bytes ? make_result({}, {json::size_limit_finding(length, limits)})
                                              : schema.validate(text, {}, limits);
    emit({placed(std::move(result), unit.path), lines});
  }
  if (failed) {
    emit({placed(make_error_result(unit.path, system_error("cannot read")), unit.path)});
  } else if (!stopped(stop) && block_offset + at < unit.end) {
    shrank(block_offset + at);
  }
}

// Hands results over in unit order while workers finish units in any order.
// It keeps what it needs of each unit (its path, whether it ends a file) until
// the unit's turn comes: the worker has long moved on by then.
//
// Results are handed to the sink outside the lock that guards the order: a
// worker writing reports holds only `sink_mutex_`, so the others keep checking
// and queueing meanwhile. Order holds because the sink lock is always taken
// while the order lock is still held (hand over hand): whoever decided to
// publish first is first to publish.
class OrderedMerge {
 public:
  OrderedMerge(const std::function<void(Result&&)>& sink, const std::function<void()>& file_done)
      : sink_(sink), file_done_(file_done) {}

  void start(std::size_t index, const Unit& unit) {
    std::lock_guard lock(mutex_);
    units_[index] = Known{unit.path, unit.last_of_file, 1 + unit.more.size(), false, 0, {}};
  }

  // Blocks while `index` is too far ahead of the report: what runs ahead waits in memory.
  void wait_for_room(std::size_t index, std::size_t window) {
    std::unique_lock lock(mutex_);
    advanced_.wait(lock, [&] { return index < head_ + window; });
  }

  // Takes a batch of a unit's results: published now if the unit's turn has
  // come, kept until then otherwise, up to kMostWaiting results: past that
  // the worker waits for its turn, so that a capture of any size running
  // ahead holds a bounded number of results. (The unit whose turn it is never
  // waits, so the run always moves on.) Batches keep the lock rarely taken.
  void emit(std::size_t index, std::vector<Made>& batch) {
    std::unique_lock lock(mutex_);
    advanced_.wait(lock, [&] { return index == head_ || units_.at(index).waiting.size() < kMostWaiting; });
    Known& known = units_.at(index);
    if (index != head_) {
      std::move(batch.begin(), batch.end(), std::back_inserter(known.waiting));
      batch.clear();
      return;
    }
    // The unit stays known until its own worker calls done(), after this returns.
    const Placing placing{&known.path, file_lines_};
    std::unique_lock sink_lock(sink_mutex_);
    lock.unlock();
    for (Made& made : batch) publish(placing, std::move(made));
    batch.clear();
  }

  void done(std::size_t index, std::uint64_t lines) {
    std::unique_lock lock(mutex_);
    Known& finished = units_.at(index);
    finished.done = true;
    finished.lines = lines;
    // What falls due, in order: files ended, then the results that waited for their unit's turn.
    std::size_t files_ended = 0;
    std::vector<std::pair<std::string, std::uint64_t>> paths;  // of `due`, kept past the units' erasure
    std::vector<std::vector<Made>> due;
    std::vector<std::size_t> files_before;  // files_ended before due[i]
    while (true) {
      const auto head = units_.find(head_);
      if (head == units_.end() || !head->second.done) break;
      file_lines_ += head->second.lines;
      if (head->second.last_of_file) {
        file_lines_ = 0;
        files_ended += head->second.files;
      }
      units_.erase(head);
      ++head_;
      if (auto next = units_.find(head_); next != units_.end() && !next->second.waiting.empty()) {
        paths.emplace_back(next->second.path, file_lines_);
        due.push_back(std::exchange(next->second.waiting, {}));
        files_before.push_back(files_ended);
      }
    }
    std::unique_lock sink_lock(sink_mutex_);
    lock.unlock();
    advanced_.notify_all();
    std::size_t files_done = 0;
    for (std::size_t i = 0; i < due.size(); ++i) {
      for (; files_done < files_before[i]; ++files_done) file_done_();
      const Placing placing{&paths[i].first, paths[i].second};
      for (Made& made : due[i]) publish(placing, std::move(made));
    }
    for (; files_done < files_ended; ++files_done) file_done_();
  }

 private:
  struct Known {
    std::string path;
    bool last_of_file;
    std::size_t files;  // files the unit ends
    bool done;
    std::uint64_t lines;
    std::vector<Made> waiting;  // results made before the unit's turn
  };
  // What a result needs of its unit to be published: its file, and the lines of the file before the unit.
  struct Placing {
    const std::string* path;
    std::uint64_t file_lines;
  };
  static constexpr std::size_t kMostWaiting = 2048;

  void publish(const Placing& unit, Made&& made) {
    if (made.unit_line != 0) {
      // Lines of an NDJSON file count on from the units of the same file before this one.
      const std::uint64_t line = unit.file_lines + made.unit_line;
      // Built by hand: this runs for every line.
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, line).ptr;
      std::string& source = made.result.source;
      source.reserve(unit.path->size() + 1 + static_cast<std::size_t>(end - digits));
      source.assign(*unit.path).append(1, ':').append(digits, end);
      for (Finding& finding : made.result.findings) {
        if (finding.line != 0) finding.line += line - 1;
      }
    }
    sink_(std::move(made.result));
  }

  const std::function<void(Result&&)>& sink_;
  const std::function<void()>& file_done_;
  std::mutex mutex_;       // the order: units_, head_, file_lines_
  std::mutex sink_mutex_;  // one publisher at a time
  std::condition_variable advanced_;
  std::size_t head_ = 0;
  std::uint64_t file_lines_ = 0;
  std::unordered_map<std::size_t, Known> units_;
};

// Turns the walk into units on demand, cutting large NDJSON files in pieces.
class UnitSource {
 public:
  UnitSource(const std::vector<std::string>& paths, const Options& options)
      : walker_(paths, options.discovery),
        chunk_bytes_(std::max<std::size_t>(options.chunk_bytes, 4096)),
        stop_(options.stop) {}

  // The next unit and its number, or nullopt when the walk is over (or stopped).
  std::optional<std::pair<std::size_t, Unit>> next() {
    std::lock_guard lock(mutex_);
    if (stopped(stop_)) return std::nullopt;
    if (splitting_) {
      Unit unit = *splitting_;
      unit.begin = split_at_;
      unit.end = std::min(split_at_ + chunk_bytes_, split_end_);
      split_at_ = unit.end;
      unit.last_of_file = split_at_ == split_end_;
      if (unit.last_of_file) splitting_.reset();
      return std::make_pair(count_++, std::move(unit));
    }
    auto item = take();
    if (!item) return std::nullopt;
    Unit unit;
    unit.path = std::move(item->path);
    unit.layout = item->layout;
    unit.unusable = std::move(item->unusable);
    ++files_;
    if (!unit.unusable && item->named && unit.path != "-") {
      struct stat info {};
      unit.stream = ::stat(unit.path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode);
      if (unit.stream && unit.layout == BodyLayout::ndjson_capture) unit.layout = BodyLayout::ndjson;
    }
    if (!unit.unusable && !unit.stream && unit.layout == BodyLayout::ndjson && unit.path != "-") {
      // Opened once for the sniff and all the pieces. A file that cannot be
      // opened is one unit, reported once, not once per piece.
      struct stat info {};
      std::string error;
      auto file = std::make_shared<OpenFile>();
      file->fd = open_regular(unit.path, info, error);
      if (file->fd < 0) {
        unit.unusable = placed(make_error_result(unit.path, error), unit.path);
      } else {
        unit.layout = inputs::ndjson_layout(file->fd);
      }
      if (!unit.unusable && unit.layout == BodyLayout::ndjson) {
        const std::uint64_t size = static_cast<std::uint64_t>(info.st_size);
        file->size = size;
        unit.file = std::move(file);
        unit.begin = 0;
        unit.end = std::min<std::uint64_t>(size, chunk_bytes_);
        unit.last_of_file = unit.end >= size;
        if (!unit.last_of_file) {
          splitting_ = unit;
          split_at_ = unit.end;
          split_end_ = size;
        }
      }
    }
    if (!unit.unusable && !unit.stream && unit.layout == BodyLayout::single && unit.path != "-") {
      // Batch the plain files that follow, up to the first input of another kind.
      constexpr std::size_t kBatch = 32;
      while (unit.more.size() + 1 < kBatch) {
        auto following = take();
        if (!following) break;
        if (!following->unusable && following->layout == BodyLayout::single && following->path != "-") {
          unit.more.push_back(std::move(following->path));
          ++files_;
        } else {
          put_back_ = std::move(following);
          break;
        }
      }
    }
    return std::make_pair(count_++, std::move(unit));
  }

  std::size_t files() const { return files_; }

 private:
  inputs::InputWalker walker_;
  std::uint64_t chunk_bytes_;
  std::mutex mutex_;
  std::size_t count_ = 0;
  std::size_t files_ = 0;
  std::optional<Unit> splitting_;
  std::optional<inputs::WalkItem> put_back_;  // read ahead while batching, not yet a unit
  const std::atomic<bool>* stop_;

  std::optional<inputs::WalkItem> take() {
    if (put_back_) return std::exchange(put_back_, std::nullopt);
    return walker_.next();
  }
  std::uint64_t split_at_ = 0;
  std::uint64_t split_end_ = 0;
};

}  // namespace

Stats run(const std::vector<std::string>& paths, const Schema& schema, const CaptureSchemas& capture_schemas,
          const Options& options, const std::function<void(Result&&)>& sink, const std::function<void()>& file_done) {
  UnitSource source(paths, options);
  OrderedMerge merge(sink, file_done);
  std::atomic<std::size_t> captures{0};
  const std::size_t jobs = std::max<std::size_t>(options.jobs, 1);
  const std::size_t window = 4 * jobs;

  auto worker = [&] {
    while (auto next = source.next()) {
      const std::size_t index = next->first;
      const Unit unit = std::move(next->second);
      merge.start(index, unit);
      merge.wait_for_room(index, window);
      // Results go over in batches; a capture of any size still streams through.
      constexpr std::size_t kBatch = 512;
      std::vector<Made> batch;
      bool sink_threw = false;  // an exception from the reporters is not the input's: it goes on up
      auto emit = [&](Made&& made) {
        batch.push_back(std::move(made));
        if (batch.size() == kBatch) {
          sink_threw = true;
          merge.emit(index, batch);
          sink_threw = false;
        }
      };
      std::uint64_t lines = 0;
      bool was_capture = false;
      // Every unit of work runs inside this boundary: what it throws becomes an
      // error result for its input, never std::terminate.
      auto guarded = [&](const std::string& path, const auto& work) {
        try {
          if (options.before_file) options.before_file(path);
          work();
        } catch (const std::exception& error) {
          if (sink_threw) throw;
          emit({placed(make_error_result(path, fmt::format("internal error while checking it: {}", error.what())),
                       path)});
        } catch (...) {
          if (sink_threw) throw;
          emit({placed(make_error_result(path, "internal error while checking it"), path)});
        }
      };
      if (unit.unusable) {
        emit({*unit.unusable});
      } else if (unit.path == "-" || (unit.stream && unit.layout != BodyLayout::har)) {
        guarded(unit.path, [&] {
          const std::string error =
              inputs::read_bodies({unit.path, unit.layout}, options.limits, [&](const inputs::Body& body) {
                if (stopped(options.stop)) return;
                Result result =
                    placed(body.length > options.limits.max_bytes
                               ? make_result(body.source,
                                             {json::size_limit_finding(body.length, options.limits, body.length_known)})
                               : schema.validate(body.bytes, body.source, options.limits),
                           unit.path);
                for (Finding& finding : result.findings) {
                  if (finding.line != 0) finding.line += body.line - 1;
                }
                emit({std::move(result)});
                // A stream is a filter's input: each result goes out as it is made, not a batch later.
                sink_threw = true;
                merge.emit(index, batch);
                sink_threw = false;
              });
          if (!error.empty() && !stopped(options.stop)) emit({placed(make_error_result(unit.path, error), unit.path)});
        });
      } else if (unit.layout == BodyLayout::har || unit.layout == BodyLayout::ndjson_capture) {
        was_capture = true;
        const auto format = unit.layout == BodyLayout::har ? CaptureFormat::har : CaptureFormat::ndjson;
        guarded(unit.path, [&] {
          check_capture(unit.path, format, capture_schemas, options.limits,
                        [&](Result&& result) { emit({std::move(result)}); });
        });
      } else if (unit.layout == BodyLayout::ndjson) {
        guarded(unit.path, [&] { check_ndjson_range(unit, schema, options.limits, options.stop, emit, lines); });
      } else {
        guarded(unit.path,
                [&] { check_single(unit.path, schema, capture_schemas, options.limits, emit, was_capture); });
        for (const std::string& path : unit.more) {
          if (stopped(options.stop)) break;
          bool also_capture = false;
          guarded(path, [&] { check_single(path, schema, capture_schemas, options.limits, emit, also_capture); });
          if (also_capture) ++captures;
        }
      }
      if (was_capture) ++captures;
      merge.emit(index, batch);
      merge.done(index, lines);
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t j = 1; j < jobs; ++j) workers.emplace_back(worker);
  worker();
  for (auto& thread : workers) thread.join();
  return {captures.load(), source.files()};
}

}  // namespace conform::pipeline
