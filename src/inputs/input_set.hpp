#pragma once

#include <sys/types.h>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "conform/limits.hpp"
#include "conform/result.hpp"
#include "conform/schema.hpp"
#include "inputs/sniffer.hpp"

namespace conform::inputs {

// How a file holds bodies: one body, one body per line, or a capture of
// exchanges (a HAR, or NDJSON with one exchange per line).
enum class BodyLayout { single, ndjson, har, ndjson_capture };

// One file (or stdin) that holds bodies.
struct InputFile {
  std::string path;  // as the user will see it; "-" is standard input
  BodyLayout layout = BodyLayout::single;
};

// What a set of command-line paths turned into: the files to read, and a
// result with status error for every path that could not be used, so that
// nothing the user named goes unaccounted for.
struct InputSet {
  std::vector<InputFile> files;
  std::vector<Result> unusable;
  std::size_t ignored = 0;
};

struct DiscoveryOptions {
  BodyLayout stdin_layout = BodyLayout::single;
  // --input-format: every input is read so, whatever its bytes say.
  std::optional<Layout> input_format = std::nullopt;
};

// One input named or found: a file to read, or a path that cannot be used
// (with the error result that stands for it).
struct WalkItem {
  std::string path;
  BodyLayout layout = BodyLayout::single;
  std::optional<Result> unusable;
  bool named = false;  // named on the command line, not found in a folder
};

// Yields the inputs that command-line paths name, one at a time, in report
// order: the paths sorted, each directory's entries sorted by name and
// walked depth first. Files are taken as named, whatever their extension;
// directories are walked for *.json, *.ndjson, *.jsonl and *.har in any
// case, and their .gz and .zst variants, without following links to
// directories (no loops); the other files are counted (ignored()). Only the directories being
// walked are held in memory, so a million files cost no more than one folder.
class InputWalker {
 public:
  InputWalker(std::vector<std::string> paths, const DiscoveryOptions& options = {});
  ~InputWalker();
  InputWalker(const InputWalker&) = delete;
  InputWalker& operator=(const InputWalker&) = delete;
  std::optional<WalkItem> next();
  // Files found in folders and not taken (no known extension).
  std::size_t ignored() const noexcept { return ignored_; }

 private:
  // A folder being walked. Its path is the first `length` bytes of
  // current_: no path is held per level, so deep nesting costs no more than
  // its names.
  struct Level {
    std::size_t parent_length;
    std::size_t length;
    // Names with the type the directory listing gave (no system call per
    // entry): regular files and directories need no further look.
    std::vector<std::pair<std::string, std::filesystem::file_type>> names;
    std::size_t next;
    dev_t device;  // of the folder, to come back to it through ".." and know it is the same
    ino_t inode;
  };
  // Enters the folder `name` of the deepest level (or, with no level, the root `shown`).
  std::optional<WalkItem> enter(const std::string& shown, const std::string& name);
  // Back to the folder of the deepest level, once its child is done.
  void reopen_deepest();
  // Where a name of the deepest folder is: through its descriptor, or its whole path when it has none.
  int at_fd() const noexcept;
  // Whether a named path is also reached through another named directory.
  bool inside_directory_root(const std::string& path) const;

  std::vector<std::string> roots_;
  std::size_t next_root_ = 0;
  DiscoveryOptions options_;
  std::vector<Level> levels_;
  // The deepest folder, opened: names in it are opened relative to it, so a
  // level costs the same at any depth. The folders above are closed (a tree
  // deeper than the descriptor limit is walked all the same).
  int fd_ = -1;
  std::string current_;
  std::set<std::pair<dev_t, ino_t>> folders_;  // the named folders, by device and inode
  std::size_t ignored_ = 0;
};

// Every input at once, in the walker's order; for tests and small runs.
InputSet discover(const std::vector<std::string>& paths, const DiscoveryOptions& options = {});

// What the name says (case insensitive, past .gz or .zst); the bytes decide
// the rest (see sniffer.hpp).
BodyLayout layout_for(std::string_view path) noexcept;
BodyLayout body_layout(Layout layout) noexcept;

// One body and where it came from. A body longer than the limit is not
// held: `bytes` is then its first limit + 1 bytes and `length` says more.
struct Body {
  std::string source;      // "a.json" or "logs/x.ndjson:17"
  std::uint64_t line = 1;  // line of the file where the body starts
  std::string_view bytes;
  std::uint64_t length = 0;  // bytes in the whole body (NDJSON: the line without its end)
  bool length_known = true;  // false when a stream was cut off at the limit
};

// A line of NDJSON bodies as a result: a body checked against `schema`, or a
// line that is no body (a log line, a cut line, an exchange) reported as
// what it is, never judged against the schema. `first_line`: the file's first.
Result ndjson_line_result(std::string_view text, std::uint64_t length, bool length_known, bool first_line,
                          const Schema& schema, const std::string& source, const Limits& limits);
// The status of ndjson_line_result's result once the gate has seen it (warnings fail it when
// `warnings_fail`), without building the result: for runs that report only counts.
Status ndjson_line_verdict(std::string_view text, std::uint64_t length, const Schema& schema, const Limits& limits,
                           bool warnings_fail);

// Reads `file` and calls `visit` for each body in it, in file order. Returns
// an error message, empty on success; bodies already visited stay visited.
// Standard input, a pipe or a device is read as a stream, a piece at a time:
// memory stays within one body of at most `limits.max_bytes`.
// `file.layout` single is one body; any other, one body per line (blank lines
// hold none). A compressed source whose body or line decodes past the limit
// is read no further (a compression bomb): the error says so.
std::string read_bodies(const InputFile& file, const Limits& limits, const std::function<void(const Body&)>& visit);
std::string read_bodies(io::ByteSource& source, const std::string& path, BodyLayout layout, const Limits& limits,
                        const std::function<void(const Body&)>& visit);

}  // namespace conform::inputs
