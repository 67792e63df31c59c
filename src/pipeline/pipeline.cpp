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

#include "capture/capture_source.hpp"
#include "inputs/capture_reader.hpp"
#include "inputs/sniffer.hpp"
#include "io/byte_source.hpp"
#include "io/line_splitter.hpp"
#include "json/strict_reader.hpp"

namespace conform::pipeline {
namespace {

using inputs::BodyLayout;

// A file opened (and sniffed) before its unit runs: an NDJSON file cut into
// pieces is opened once, so that every piece reads the same file through one
// descriptor (a file replaced meanwhile is never mixed with its successor),
// with its size when it was cut.
struct OpenFile {
  std::unique_ptr<io::ByteSource> source;
  std::uint64_t size = 0;
  std::uint64_t start = 0;  // where the first line starts: past a byte order mark
  std::atomic<bool> shrink_reported{false};
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
  // Standard input, or a pipe or device named on the command line: read through once.
  bool stream = false;
  // A compressed file (in `file`): decoded from its start to its end, once.
  bool sequential = false;
  // Small single-body files that follow `path`, checked in the same unit:
  // one hand-over per batch instead of one per file.
  std::vector<std::string> more;
  std::shared_ptr<OpenFile> file;  // NDJSON: the descriptor all its pieces read
};

// A result, and for an NDJSON line its line number within the unit: the
// line number in the file is known only once the units before it are done.
// `passes` > 0: instead of a result, that many bodies that passed with
// nothing to say, on consecutive lines from `unit_line`; their results are
// built only as they are handed over. A waiting unit then holds a count, not
// a result per body, so a worker running ahead is rarely held back.
// `verdicts` (a run that reports only counts): instead of a result, bodies counted by status.
struct Made {
  Result result;
  std::uint64_t unit_line = 0;
  std::uint64_t passes = 0;
  Verdicts verdicts{};
  // What Options::prepare made of the result (its reports' bytes), before its turn to be published.
  std::string bytes = {};
  bool prepared = false;
};

// Where a unit's checkers put what they make: each result and run of passing
// lines as it comes, and (a run that reports only counts) the bodies' statuses,
// kept as counts and handed on in their place before the next result: a body
// costs an increment, not a Made through a std::function.
class UnitOutput {
 public:
  explicit UnitOutput(const std::function<void(Made&&)>& emit) : emit_(emit) {}
  void operator()(Made&& made) {
    flush();
    emit_(std::move(made));
  }
  void count(Status status) {
    tally_.count(status);
    // Handed on now and then, so that a long piece (or a stream) moves the progress line on.
    if (tally_.inputs == kMostCounted) flush();
  }
  void flush() {
    if (tally_.inputs == 0) return;
    Made made;
    made.verdicts = std::exchange(tally_, {});
    emit_(std::move(made));
  }

 private:
  static constexpr std::uint64_t kMostCounted = 8192;
  const std::function<void(Made&&)>& emit_;
  Verdicts tally_;
};

// A result that says nothing but "pass": no findings, no capture, nothing else to report.
bool bare_pass(const Result& result) {
  return result.status == Status::pass && result.findings.empty() && result.omitted_findings == 0 &&
         result.error_message.empty() && result.context.empty() && result.flows.empty() && result.skipped.empty() &&
         !result.checked_calls && result.suite_case.empty() && result.suite_test.empty();
}

// Placed where it lies: a Result is large, and this runs for every body.
Result&& placed(Result&& result, const std::string& path) {
  result.file = path;
  return std::move(result);
}

bool stopped(const std::atomic<bool>* stop) { return stop != nullptr && stop->load(std::memory_order_relaxed); }

// What a checker needs besides the input itself.
struct Checking {
  const Schema& schema;
  const CaptureSchemas& capture_schemas;
  const Limits& limits;
  const inputs::DiscoveryOptions& discovery;
  const std::atomic<bool>* stop;
  bool verdicts_only;  // bodies are counted by status (UnitOutput::count), not made into results
  bool warnings_fail;
};

std::string not_utf8(inputs::Encoding encoding) {
  return fmt::format("the file is {}: NDJSON must be UTF-8 (iconv -f {} -t UTF-8 converts it)",
                     inputs::to_string(encoding), inputs::to_string(encoding));
}

// A source read from its start to its end, once: standard input, a pipe, a
// compressed file. Sniffed from its first bytes, then read as what it holds.
void check_sequential(const std::string& path, io::ByteSource& source, inputs::NameHint hint, const Checking& with,
                      UnitOutput& emit, bool& was_capture) {
  const inputs::Sniffed sniffed =
      inputs::sniff(source, hint, with.discovery.input_format, inputs::capture_line_limit(with.limits));
  const BodyLayout layout = inputs::body_layout(sniffed.layout);
  if (layout == BodyLayout::har || layout == BodyLayout::ndjson_capture) {
    was_capture = true;
    check_capture(path, source, layout == BodyLayout::har ? CaptureFormat::har : CaptureFormat::ndjson,
                  with.capture_schemas, with.limits, [&](Result&& result) { emit({std::move(result)}); });
    return;
  }
  if (layout == BodyLayout::ndjson && inputs::is_wide(sniffed.encoding.encoding)) {
    emit({placed(make_error_result(path, not_utf8(sniffed.encoding.encoding)), path)});
    return;
  }
  const std::string error = inputs::read_bodies(source, path, layout, with.limits, [&](const inputs::Body& body) {
    if (stopped(with.stop)) return;
    if (with.verdicts_only) {
      emit.count(
          layout == BodyLayout::single
              ? (body.length > with.limits.max_bytes ? Status::fail  // the size-limit finding is an error
                                                     : with.schema.verdict(body.bytes, with.limits, with.warnings_fail))
              : inputs::ndjson_line_verdict(body.bytes, body.length, with.schema, with.limits, with.warnings_fail));
      return;
    }
    Result result =
        layout == BodyLayout::single
            ? (body.length > with.limits.max_bytes
                   ? make_result(body.source, {json::size_limit_finding(body.length, with.limits, body.length_known)})
                   : with.schema.validate(body.bytes, body.source, with.limits))
            : inputs::ndjson_line_result(body.bytes, body.length, body.length_known, body.line == 1, with.schema,
                                         body.source, with.limits);
    result.findings.shift_lines(body.line - 1);
    emit({placed(std::move(result), path)});
  });
  if (!error.empty() && !stopped(with.stop)) emit({placed(make_error_result(path, error), path)});
}

void check_ndjson_lines(const std::string& path, const OpenFile& file, std::uint64_t begin, std::uint64_t end,
                        const Checking& with, UnitOutput& emit, std::uint64_t& lines, bool own_lines);

// A regular file found or named: opened through the byte source, its bytes
// read with one call into a buffer the thread keeps, sniffed, and checked as
// what they hold. Never blocks: what turned into a FIFO since it was listed is
// named, not read.
void check_file(const std::string& path, const Checking& with, UnitOutput& emit, bool& was_capture) {
  std::string error;
  auto source = io::ByteSource::open(path, false, error);
  if (!source) {
    emit({placed(make_error_result(path, error), path)});
    return;
  }
  const inputs::NameHint hint = inputs::name_hint(path);
  if (!source->seekable()) {  // compressed: decoded as it is read, once
    check_sequential(path, *source, hint, with, emit, was_capture);
    return;
  }
  const std::uint64_t size = source->size();
  thread_local std::string body;
  // A body past the limit is reported from its size, never read: it might be
  // gigabytes. Only its start is looked at, to tell a capture or NDJSON
  // (streamed, whatever their size) from a body.
  constexpr std::size_t kSniff = std::size_t{64} * 1024;
  const std::size_t wanted = size > with.limits.max_bytes ? kSniff : static_cast<std::size_t>(size);
  if (!source->read_at(0, wanted, body)) {
    emit({placed(make_error_result(path, fmt::format("cannot read: {}", std::strerror(errno))), path)});
    return;
  }
  if (body.size() < std::min<std::uint64_t>(wanted, size)) {
    emit({placed(make_error_result(path, fmt::format("the file shrank while it was read: {} bytes, {} when opened",
                                                     body.size(), size)),
                 path)});
    return;
  }
  const inputs::Sniffed sniffed = inputs::sniff_bytes(body, body.size() >= size, hint, with.discovery.input_format);
  const BodyLayout layout = inputs::body_layout(sniffed.layout);
  if (layout == BodyLayout::har || layout == BodyLayout::ndjson_capture) {
    was_capture = true;
    check_capture(path, *source, layout == BodyLayout::har ? CaptureFormat::har : CaptureFormat::ndjson,
                  with.capture_schemas, with.limits, [&](Result&& result) { emit({std::move(result)}); });
    return;
  }
  if (layout == BodyLayout::ndjson) {
    if (inputs::is_wide(sniffed.encoding.encoding)) {
      emit({placed(make_error_result(path, not_utf8(sniffed.encoding.encoding)), path)});
      return;
    }
    OpenFile file;
    file.size = size;
    file.start = sniffed.encoding.bom;
    file.source = std::move(source);
    std::uint64_t lines = 0;
    check_ndjson_lines(path, file, file.start, size, with, emit, lines, true);
    return;
  }
  if (with.verdicts_only) {
    // The size-limit finding is an error: the body fails.
    emit.count(size > with.limits.max_bytes ? Status::fail
                                            : with.schema.verdict(body, with.limits, with.warnings_fail));
    return;
  }
  if (size > with.limits.max_bytes) {
    emit({placed(make_result(path, {json::size_limit_finding(size, with.limits)}), path)});
    return;
  }
  emit({placed(with.schema.validate(body, path, with.limits), path)});
}

// The lines that start in [begin, end) of an NDJSON file, each one body (or
// a line reported as what it is), split by the one line splitter. A line
// longer than the body limit is measured and never held. `lines` counts the
// lines as they are read, so that the count stands even when the range ends
// early. `own_lines`: the range is the whole file, and results name their
// own line; else the merge names them, once the ranges before are counted.
void check_ndjson_lines(const std::string& path, const OpenFile& file, std::uint64_t begin, std::uint64_t end,
                        const Checking& with, UnitOutput& emit, std::uint64_t& lines, bool own_lines) {
  const io::ByteSource& source = *file.source;
  // Lines missing because the file was cut short while it was read are an
  // error, never silently absent: said once per file, by the piece that sees it.
  auto shrank = [&](std::uint64_t now) {
    if (!const_cast<OpenFile&>(file).shrink_reported.exchange(true)) {
      emit({placed(make_error_result(path, fmt::format("the file shrank while it was read: {} bytes, {} when "
                                                       "its reading began",
                                                       now, file.size)),
                   path)});
    }
  };
  constexpr std::size_t kBlock = std::size_t{256} * 1024;
  thread_local std::string block;
  // A line belongs to the range it starts in: the tail of the one before is skipped.
  bool skip_first = false;
  if (begin > file.start) {
    std::string previous;
    if (!source.read_at(begin - 1, 1, previous)) {
      emit({placed(make_error_result(path, fmt::format("cannot read: {}", std::strerror(errno))), path)});
      return;
    }
    skip_first = previous != "\n";
  }
  // Lines that cross blocks are read again where they lie, only when within
  // the limit: a longer one is measured and never held.
  io::LineSplitter splitter(with.limits.max_bytes + 1, begin, false);
  thread_local std::string crossing;
  bool done = false;
  const auto take = [&](const io::Line& line) {
    if (skip_first) {
      skip_first = false;
      return true;
    }
    if (line.offset >= end || stopped(with.stop)) {
      done = true;
      return false;
    }
    ++lines;
    std::string_view text = line.text;
    std::uint64_t length = line.length;
    if (!line.held && length <= with.limits.max_bytes + 1) {
      if (!source.read_at(line.offset, static_cast<std::size_t>(length), crossing) || crossing.size() < length) {
        shrank(line.offset + crossing.size());
        done = true;
        return false;
      }
      text = crossing;
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1), --length;
      if (text.find_first_not_of(" \t\r") == std::string_view::npos) return true;
    } else if (line.blank) {
      return true;
    }
    if (with.verdicts_only) {
      emit.count(inputs::ndjson_line_verdict(text, length, with.schema, with.limits, with.warnings_fail));
      return true;
    }
    const std::string source_name = own_lines ? fmt::format("{}:{}", path, lines) : std::string();
    Result result = inputs::ndjson_line_result(text, length, true, line.offset == file.start, with.schema, source_name,
                                               with.limits);
    if (!own_lines && bare_pass(result)) {
      emit({Result{}, lines, 1});
      return true;
    }
    if (own_lines) result.findings.shift_lines(lines - 1);
    emit({placed(std::move(result), path), own_lines ? 0 : lines});
    return true;
  };
  std::uint64_t at = begin;
  while (!done) {
    if (!source.read_at(at, kBlock, block)) {
      emit({placed(make_error_result(path, fmt::format("cannot read: {}", std::strerror(errno))), path)});
      return;
    }
    at += block.size();
    if (!splitter.feed(block, take) || done) return;
    // Still in the line the range began inside, and past the range: no line starts in it. Each piece
    // of one long line would otherwise read on to that line's end (quadratic in the line's length).
    if (skip_first && at >= end) return;
    if (block.size() < kBlock) break;  // the end of the file
  }
  if (at < file.size && (at < end || splitter.in_line())) {
    shrank(at);
    return;
  }
  if (splitter.in_line() && !skip_first) splitter.finish(take);
}

// Hands results over in unit order while workers finish units in any order.
// It keeps what it needs of each unit (its path, whether it ends a file) until
// the unit's turn comes: the worker has long moved on by then.
//
// Results are handed to the sink outside the lock that guards the order: a
// worker publishing holds only its turn, so the others keep checking and
// queueing meanwhile. Order holds because a turn (a ticket) is always taken
// while the order lock is still held: whoever decided to publish first is
// first to publish. Between taking its turn and its turn coming, a publisher
// places its results and prepares them (Options::prepare: a report's bytes),
// in parallel with the publisher before it; only the hand-over is one at a time.
class OrderedMerge {
 public:
  OrderedMerge(const std::function<void(Result&&)>& sink, const std::function<void(const PassingLines&)>& passing_lines,
               const std::function<void(const Verdicts&)>& verdicts, const std::function<void()>& file_done,
               const Options& options)
      : sink_(sink),
        passing_lines_(passing_lines),
        verdicts_(verdicts),
        file_done_(file_done),
        prepare_(options.prepare),
        prepared_sink_(options.prepared_sink) {}

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
    Turn turn(*this);
    lock.unlock();
    for (Made& made : batch) ready(placing, made);
    turn.wait();
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
    if (due.empty() && files_ended == 0) {
      // Nothing falls due (a unit ahead of the report ended): no wait for the publisher.
      lock.unlock();
      advanced_.notify_all();
      return;
    }
    Turn turn(*this);
    lock.unlock();
    advanced_.notify_all();
    for (std::size_t i = 0; i < due.size(); ++i) {
      const Placing placing{&paths[i].first, paths[i].second};
      for (Made& made : due[i]) ready(placing, made);
    }
    turn.wait();
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

  // A publisher's place in the order: taken under `mutex_`, its turn comes once every turn
  // taken before it has ended. It ends when it goes out of scope, even by an exception
  // (after waiting for it to come: the turns after it keep their order).
  class Turn {
   public:
    explicit Turn(OrderedMerge& merge) : merge_(merge), ticket_(merge.next_turn_++) {}
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    ~Turn() {
      wait();
      {
        std::lock_guard lock(merge_.turn_mutex_);
        ++merge_.serving_;
      }
      merge_.turn_ended_.notify_all();
    }
    void wait() {
      if (waited_) return;
      std::unique_lock lock(merge_.turn_mutex_);
      merge_.turn_ended_.wait(lock, [&] { return merge_.serving_ == ticket_; });
      waited_ = true;
    }

   private:
    OrderedMerge& merge_;
    std::uint64_t ticket_;
    bool waited_ = false;
  };

  // Before its turn: the result's source and lines placed in its file, then prepared.
  void ready(const Placing& unit, Made& made) {
    if (made.passes != 0 || made.verdicts.inputs != 0) return;
    if (made.unit_line != 0) {
      // Lines of an NDJSON file count on from the units of the same file before this one.
      const std::uint64_t line = unit.file_lines + made.unit_line;
      // Built by hand: this runs for every line.
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, line).ptr;
      std::string& source = made.result.source;
      source.reserve(unit.path->size() + 1 + static_cast<std::size_t>(end - digits));
      source.assign(*unit.path).append(1, ':').append(digits, end);
      made.result.findings.shift_lines(line - 1);
    }
    if (prepare_) made.prepared = prepare_(made.result, made.bytes);
  }

  // In its turn, in report order.
  void publish(const Placing& unit, Made&& made) {
    if (made.verdicts.inputs != 0) {
      verdicts_(made.verdicts);
      return;
    }
    if (made.passes != 0) {
      publish_passes(unit, made.unit_line, made.passes);
      return;
    }
    if (prepare_) {
      prepared_sink_(std::move(made.result), made.prepared ? &made.bytes : nullptr);
      return;
    }
    sink_(std::move(made.result));
  }

  // Passing lines: as one run when the caller takes runs, else each as the result it stands for.
  void publish_passes(const Placing& unit, std::uint64_t first, std::uint64_t count) {
    const std::uint64_t line = unit.file_lines + first;
    if (passing_lines_) {
      passing_lines_(PassingLines{*unit.path, line, count});
      return;
    }
    for (std::uint64_t k = 0; k < count; ++k) sink_(passing_line_result(*unit.path, line + k));
  }

  const std::function<void(Result&&)>& sink_;
  const std::function<void(const PassingLines&)>& passing_lines_;
  const std::function<void(const Verdicts&)>& verdicts_;
  const std::function<void()>& file_done_;
  const std::function<bool(Result&, std::string&)>& prepare_;
  const std::function<void(Result&&, const std::string*)>& prepared_sink_;
  std::mutex mutex_;  // the order: units_, head_, file_lines_, next_turn_
  std::condition_variable advanced_;
  std::uint64_t next_turn_ = 0;
  std::mutex turn_mutex_;  // serving_: one publisher at a time
  std::condition_variable turn_ended_;
  std::uint64_t serving_ = 0;
  std::size_t head_ = 0;
  std::uint64_t file_lines_ = 0;
  std::unordered_map<std::size_t, Known> units_;
};

// Turns the walk into units on demand, cutting large NDJSON files in pieces.
class UnitSource {
 public:
  UnitSource(const std::vector<std::string>& paths, const Options& options)
      : walker_(paths, options.discovery),
        options_(options),
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
    }
    if (unit.path == "-") unit.stream = true;
    const auto forced = options_.discovery.input_format;
    const bool lines = unit.layout == BodyLayout::ndjson ||
                       (forced && (*forced == inputs::Layout::ndjson || *forced == inputs::Layout::exchanges));
    if (!unit.unusable && !unit.stream && lines) {
      // Opened once for the sniff and all the pieces. A file that cannot be
      // opened is one unit, reported once, not once per piece.
      std::string error;
      auto file = std::make_shared<OpenFile>();
      file->source = io::ByteSource::open(unit.path, false, error);
      if (!file->source) {
        unit.unusable = placed(make_error_result(unit.path, error), unit.path);
      } else if (!file->source->seekable()) {
        unit.file = std::move(file);  // compressed: read once, from start to end, by its worker
        unit.sequential = true;
      } else {
        const inputs::Sniffed sniffed = inputs::sniff(*file->source, inputs::name_hint(unit.path), forced,
                                                      inputs::capture_line_limit(options_.limits));
        unit.layout = inputs::body_layout(sniffed.layout);
        if (unit.layout == BodyLayout::ndjson && inputs::is_wide(sniffed.encoding.encoding)) {
          unit.unusable = placed(make_error_result(unit.path, not_utf8(sniffed.encoding.encoding)), unit.path);
        } else if (unit.layout == BodyLayout::ndjson) {
          const std::uint64_t size = file->source->size();
          file->size = size;
          file->start = sniffed.encoding.bom;
          unit.file = std::move(file);
          unit.begin = unit.file->start;
          unit.end = std::min<std::uint64_t>(size, unit.begin + chunk_bytes_);
          unit.last_of_file = unit.end >= size;
          if (!unit.last_of_file) {
            splitting_ = unit;
            split_at_ = unit.end;
            split_end_ = size;
          }
        } else {
          unit.file = std::move(file);  // a capture (or one body), read through the descriptor sniffed
        }
      }
    }
    if (!unit.unusable && !unit.stream && unit.layout == BodyLayout::single && unit.path != "-") {
      // Batch the plain files that follow, up to the first input of another kind.
      constexpr std::size_t kBatch = 32;
      while (unit.more.size() + 1 < kBatch) {
        auto following = take();
        if (!following) break;
        struct stat info {};
        const bool named_stream = following->named && following->path != "-" &&
                                  ::stat(following->path.c_str(), &info) == 0 && !S_ISREG(info.st_mode);
        if (!following->unusable && following->layout == BodyLayout::single && following->path != "-" &&
            !named_stream) {
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
  std::size_t ignored() const { return walker_.ignored(); }

 private:
  inputs::InputWalker walker_;
  const Options& options_;
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
  OrderedMerge merge(sink, options.passing_lines, options.verdicts, file_done, options);
  std::atomic<std::size_t> captures{0};
  const std::size_t jobs = std::max<std::size_t>(options.jobs, 1);
  const std::size_t window = 4 * jobs;
  const Checking with{schema,
                      capture_schemas,
                      options.limits,
                      options.discovery,
                      options.stop,
                      static_cast<bool>(options.verdicts),
                      options.warnings_fail};

  auto worker = [&] {
    while (auto next = source.next()) {
      const std::size_t index = next->first;
      const Unit unit = std::move(next->second);
      merge.start(index, unit);
      merge.wait_for_room(index, window);
      // Results go over in batches; a capture of any size still streams through.
      constexpr std::size_t kBatch = 512;
      std::vector<Made> batch;
      // A stream is a filter's input: each result goes out as it is made, not a batch later.
      const bool one_by_one = unit.stream;
      bool sink_threw = false;  // an exception from the reporters is not the input's: it goes on up
      const std::function<void(Made &&)> hand_over = [&](Made&& made) {
        // Passing lines that follow one another are one entry: a count.
        if (made.passes != 0 && !one_by_one && !batch.empty() && batch.back().passes != 0 &&
            batch.back().unit_line + batch.back().passes == made.unit_line) {
          batch.back().passes += made.passes;
          return;
        }
        batch.push_back(std::move(made));
        if (batch.size() == kBatch || one_by_one) {
          sink_threw = true;
          merge.emit(index, batch);
          sink_threw = false;
        }
      };
      UnitOutput emit(hand_over);
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
      } else if (unit.stream) {
        guarded(unit.path, [&] {
          std::string error;
          const auto stream = unit.path == "-" && options.standard_input != nullptr
                                  ? io::ByteSource::from_stream(*options.standard_input)
                                  : io::ByteSource::open(unit.path, true, error);
          if (!stream) {
            emit({placed(make_error_result(unit.path, error), unit.path)});
            return;
          }
          const inputs::NameHint hint = unit.path != "-" ? inputs::name_hint(unit.path)
                                        : options.discovery.stdin_layout == BodyLayout::single
                                            ? inputs::NameHint::none
                                            : inputs::NameHint::lines;
          check_sequential(unit.path, *stream, hint, with, emit, was_capture);
        });
      } else if (unit.sequential) {
        guarded(unit.path, [&] {
          check_sequential(unit.path, *unit.file->source, inputs::name_hint(unit.path), with, emit, was_capture);
        });
      } else if (unit.file && (unit.layout == BodyLayout::har || unit.layout == BodyLayout::ndjson_capture)) {
        was_capture = true;
        const auto format = unit.layout == BodyLayout::har ? CaptureFormat::har : CaptureFormat::ndjson;
        guarded(unit.path, [&] {
          check_capture(unit.path, *unit.file->source, format, capture_schemas, options.limits,
                        [&](Result&& result) { emit({std::move(result)}); });
        });
      } else if (unit.file && unit.layout == BodyLayout::ndjson) {
        guarded(unit.path,
                [&] { check_ndjson_lines(unit.path, *unit.file, unit.begin, unit.end, with, emit, lines, false); });
      } else {
        guarded(unit.path, [&] { check_file(unit.path, with, emit, was_capture); });
        for (const std::string& path : unit.more) {
          if (stopped(options.stop)) break;
          bool also_capture = false;
          guarded(path, [&] { check_file(path, with, emit, also_capture); });
          if (also_capture) ++captures;
        }
      }
      if (was_capture) ++captures;
      emit.flush();
      merge.emit(index, batch);
      merge.done(index, lines);
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t j = 1; j < jobs; ++j) workers.emplace_back(worker);
  worker();
  for (auto& thread : workers) thread.join();
  return {captures.load(), source.files(), source.ignored()};
}

}  // namespace conform::pipeline
