#include "inputs/input_set.hpp"

#include "inputs/capture_reader.hpp"
#include "io/byte_source.hpp"
#include "io/line_splitter.hpp"
#include "json/strict_reader.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <system_error>

namespace conform::inputs {
namespace fs = std::filesystem;
namespace {

bool has_body_extension(std::string_view name) {
  const auto dot = name.find('.');
  if (dot == std::string_view::npos || dot == 0) return false;  // ".json" alone is a hidden name, not an extension
  if (name_hint(name) != NameHint::none) return true;
  // .json, .JSON, and their .gz and .zst variants.
  std::string lower(name.substr(name.rfind('.', name.size() - 1)));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == ".gz" || lower == ".zst") {
    const std::string_view stem = name.substr(0, name.size() - lower.size());
    const auto inner = stem.rfind('.');
    if (inner == std::string_view::npos || inner == 0) return false;
    lower.assign(stem.substr(inner));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower == ".json";
}

fs::file_type type_of(mode_t mode) {
  if (S_ISREG(mode)) return fs::file_type::regular;
  if (S_ISDIR(mode)) return fs::file_type::directory;
  if (S_ISLNK(mode)) return fs::file_type::symlink;
  if (S_ISFIFO(mode)) return fs::file_type::fifo;
  if (S_ISSOCK(mode)) return fs::file_type::socket;
  if (S_ISCHR(mode)) return fs::file_type::character;
  if (S_ISBLK(mode)) return fs::file_type::block;
  return fs::file_type::unknown;
}

// fs::symlink_status and fs::status of a name inside a folder's descriptor,
// with the same results and errors.
fs::file_type status_at(int folder, const char* name, bool follow, std::error_code& error) {
  struct stat info {};
  if (::fstatat(folder, name, &info, follow ? 0 : AT_SYMLINK_NOFOLLOW) != 0) {
    const int number = errno;
    error.assign(number, std::generic_category());
    if (number == ENOENT || number == ENOTDIR) return fs::file_type::not_found;
    return number == EOVERFLOW ? fs::file_type::unknown : fs::file_type::none;
  }
  error.clear();
  return type_of(info.st_mode);
}

}  // namespace

BodyLayout layout_for(std::string_view path) noexcept {
  switch (name_hint(path)) {
    case NameHint::har:
      return BodyLayout::har;
    case NameHint::lines:
      return BodyLayout::ndjson;
    default:
      return BodyLayout::single;
  }
}

BodyLayout body_layout(Layout layout) noexcept {
  switch (layout) {
    case Layout::har:
      return BodyLayout::har;
    case Layout::ndjson:
      return BodyLayout::ndjson;
    case Layout::exchanges:
      return BodyLayout::ndjson_capture;
    default:
      return BodyLayout::single;
  }
}

InputWalker::InputWalker(std::vector<std::string> paths, const DiscoveryOptions& options)
    : roots_(std::move(paths)), options_(options) {
  std::sort(roots_.begin(), roots_.end());
  roots_.erase(std::unique(roots_.begin(), roots_.end()), roots_.end());
  // Folders named twice under other spellings (ov, ./ov, $PWD/ov), or inside
  // another named folder (ov ov/sub), are walked once: by device and inode.
  std::vector<std::string> kept;
  for (const std::string& root : roots_) {
    struct stat info {};
    if (root != "-" && ::stat(root.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
      if (!folders_.insert({info.st_dev, info.st_ino}).second) continue;
    }
    kept.push_back(root);
  }
  roots_ = std::move(kept);
  std::vector<std::string> outermost;
  for (const std::string& root : roots_) {
    if (!inside_directory_root(root)) outermost.push_back(root);
  }
  roots_ = std::move(outermost);
}

InputWalker::~InputWalker() {
  if (fd_ >= 0) ::close(fd_);
}

int InputWalker::at_fd() const noexcept { return fd_ >= 0 ? fd_ : AT_FDCWD; }

std::optional<WalkItem> InputWalker::next() {
  while (true) {
    if (!levels_.empty()) {
      Level& level = levels_.back();
      if (level.next == level.names.size()) {
        current_.resize(level.parent_length);
        levels_.pop_back();
        reopen_deepest();
        continue;
      }
      const auto& [name, listed_type] = level.names[level.next++];
      // One path string for the whole walk: each level keeps only its length.
      current_.resize(level.length);
      if (!current_.empty() && current_.back() != '/') current_.push_back('/');
      current_ += name;
      const std::string& shown = current_;
      // Looked at through the folder's descriptor: no path is resolved from the root again.
      const char* at_name = fd_ >= 0 ? name.c_str() : shown.c_str();
      std::error_code error;
      const fs::file_type type =
          listed_type != fs::file_type::none ? listed_type : status_at(at_fd(), at_name, false, error);
      // Links to directories are not followed, so a link loop cannot trap the walk.
      if (!error && type == fs::file_type::directory) {
        if (auto unusable = enter(shown, name)) return unusable;
        continue;
      }
      if (!has_body_extension(name)) {
        if (type != fs::file_type::directory) ++ignored_;
        continue;
      }
      if (type == fs::file_type::regular) return WalkItem{shown, layout_for(shown), std::nullopt};
      const fs::file_type target = status_at(at_fd(), at_name, true, error);  // follows links to files
      if (target == fs::file_type::not_found) {
        return WalkItem{shown, layout_for(shown), make_error_result(shown, "link points at nothing")};
      }
      if (error) {  // a link loop, no permission to look, ...
        return WalkItem{shown, layout_for(shown),
                        make_error_result(shown, fmt::format("cannot open: {}", error.message()))};
      }
      if (target == fs::file_type::regular) return WalkItem{shown, layout_for(shown), std::nullopt};
      if (target == fs::file_type::directory) continue;
      // FIFOs and devices would block or never end; they are named, not read.
      return WalkItem{shown, layout_for(shown), make_error_result(shown, "not a regular file; not read")};
    }
    if (next_root_ == roots_.size()) return std::nullopt;
    const std::string& path = roots_[next_root_++];
    if (path == "-") return WalkItem{path, options_.stdin_layout, std::nullopt, true};
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      return WalkItem{path, layout_for(path),
                      make_error_result(
                          path, fmt::format("cannot open: {}", error ? error.message() : "no such file or directory"))};
    }
    if (fs::is_directory(status)) {
      current_ = path;
      if (auto unusable = enter(path, path)) return unusable;
      continue;
    }
    return WalkItem{path, layout_for(path), std::nullopt, true};
  }
}

// Whether the walk of another named folder reaches `path`: one of its parent
// folders (as the file system resolves them) is a named folder, and the walk
// would take the file (a body extension; it does not follow links). By
// device and inode, so every spelling of a folder counts.
bool InputWalker::inside_directory_root(const std::string& path) const {
  if (path == "-" || folders_.empty()) return false;
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(fs::absolute(path, error), error);
  if (error) return false;
  struct stat own {};
  if (::lstat(path.c_str(), &own) != 0) return false;
  if (S_ISLNK(own.st_mode)) return false;  // a link inside a folder is not followed by its walk
  if (!S_ISDIR(own.st_mode) && !has_body_extension(canonical.filename().string())) return false;
  for (fs::path parent = canonical.parent_path(); !parent.empty(); parent = parent.parent_path()) {
    struct stat info {};
    if (::stat(parent.c_str(), &info) == 0 && folders_.count({info.st_dev, info.st_ino}) != 0) return true;
    if (parent == parent.root_path()) break;
  }
  return false;
}

std::optional<WalkItem> InputWalker::enter(const std::string& shown, const std::string& name) {
  Level level{levels_.empty() ? 0 : current_.size(), current_.size(), {}, 0, 0, 0};
  if (levels_.empty()) level.parent_length = 0;
  auto unreadable = [&](int number) {
    return WalkItem{shown, BodyLayout::single,
                    make_error_result(shown, fmt::format("cannot read the directory: {}",
                                                         std::error_code(number, std::generic_category()).message()))};
  };
  // Relative to the folder above (a root by its path); never through a link.
  const int fd = levels_.empty() ? ::open(shown.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                                 : ::openat(at_fd(), fd_ >= 0 ? name.c_str() : shown.c_str(),
                                            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return unreadable(errno);
  struct stat info {};
  const int listing = ::fstat(fd, &info) == 0 ? ::dup(fd) : -1;
  DIR* folder = listing < 0 ? nullptr : ::fdopendir(listing);
  if (folder == nullptr) {
    const int number = errno;
    if (listing >= 0) ::close(listing);
    ::close(fd);
    return unreadable(number);
  }
  level.device = info.st_dev;
  level.inode = info.st_ino;
  errno = 0;
  for (const dirent* entry; (entry = ::readdir(folder)) != nullptr; errno = 0) {
    const std::string_view entry_name = entry->d_name;
    if (entry_name == "." || entry_name == "..") continue;
    // The type comes from the listing itself where the file system gives it;
    // a link is looked at again when it is visited.
    fs::file_type type = fs::file_type::none;
    if (entry->d_type == DT_LNK) {
      type = fs::file_type::symlink;
    } else if (entry->d_type == DT_DIR) {
      type = fs::file_type::directory;
    } else if (entry->d_type == DT_REG) {
      type = fs::file_type::regular;
    }
    level.names.emplace_back(entry_name, type);
  }
  const int number = errno;
  ::closedir(folder);
  if (number != 0) {
    ::close(fd);
    return unreadable(number);
  }
  std::sort(level.names.begin(), level.names.end());
  levels_.push_back(std::move(level));
  // The folder above is closed, and opened again through ".." when this one is done.
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  return std::nullopt;
}

void InputWalker::reopen_deepest() {
  const int child = fd_;
  fd_ = -1;
  if (!levels_.empty()) {
    const Level& level = levels_.back();
    // Up through ".." from the child, O(1) at any depth; by the whole path if
    // that is not the same folder any more (moved meanwhile).
    auto same = [&](int fd) {
      struct stat info {};
      return fd >= 0 && ::fstat(fd, &info) == 0 && info.st_dev == level.device && info.st_ino == level.inode;
    };
    int parent = child >= 0 ? ::openat(child, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (!same(parent)) {
      if (parent >= 0) ::close(parent);
      parent = ::open(std::string(current_, 0, level.length).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (!same(parent) && parent >= 0) {
        ::close(parent);
        parent = -1;
      }
    }
    fd_ = parent;
  }
  if (child >= 0) ::close(child);
}

InputSet discover(const std::vector<std::string>& paths, const DiscoveryOptions& options) {
  InputSet set;
  InputWalker walker(paths, options);
  while (auto item = walker.next()) {
    if (item->unusable) {
      set.unusable.push_back(std::move(*item->unusable));
    } else {
      set.files.push_back({std::move(item->path), item->layout});
    }
  }
  set.ignored = walker.ignored();
  return set;
}

namespace {

Finding not_a_body_finding(std::string message) {
  Finding finding;
  finding.keyword = "notABody";
  finding.severity = Severity::warning;
  finding.message = std::move(message);
  finding.line = 1;
  finding.column = 1;
  return finding;
}

}  // namespace

Result ndjson_line_result(std::string_view text, std::uint64_t length, bool length_known, bool first_line,
                          const Schema& schema, const std::string& source, const Limits& limits) {
  if (length > limits.max_bytes) return make_result(source, {json::size_limit_finding(length, limits, length_known)});
  switch (classify_line(text)) {
    case LineKind::neither:
      return make_result(source, {not_a_body_finding(neither_reason(text, first_line))});
    case LineKind::exchange:
      return make_result(source,
                         {not_a_body_finding("the line is an exchange (a path with a request or response), in a file "
                                             "whose first lines are bodies; not checked as a body (--input-format "
                                             "exchanges reads the file as a capture)")});
    default:
      return schema.validate(text, source, limits);
  }
}

Status ndjson_line_verdict(std::string_view text, std::uint64_t length, const Schema& schema, const Limits& limits,
                           bool warnings_fail) {
  if (length > limits.max_bytes) return Status::fail;  // the size-limit finding is an error
  switch (classify_line(text)) {
    case LineKind::neither:
    case LineKind::exchange:  // a notABody warning alone
      return warnings_fail ? Status::fail : Status::pass;
    default:
      return schema.verdict(text, limits, warnings_fail);
  }
}

std::string read_bodies(const InputFile& file, const Limits& limits, const std::function<void(const Body&)>& visit) {
  std::string error;
  const auto source = io::ByteSource::open(file.path, true, error);
  if (!source) return error;
  return read_bodies(*source, file.path, file.layout, limits, visit);
}

std::string read_bodies(io::ByteSource& source, const std::string& path, BodyLayout layout, const Limits& limits,
                        const std::function<void(const Body&)>& visit) {
  const std::uint64_t keep = limits.max_bytes + 1;  // what a body past the limit keeps: enough to say so
  const bool compressed = source.compression() != io::Compression::none;
  const auto bomb = [&](std::string_view what) {
    return fmt::format(
        "{} data decompresses to a {} longer than --max-bytes ({} bytes); reading stopped there (a "
        "compression bomb?)",
        io::to_string(source.compression()), what, limits.max_bytes);
  };
  if (layout == BodyLayout::single) {
    std::string body;
    std::uint64_t length = 0;
    for (std::string_view block = source.next(); !block.empty(); block = source.next()) {
      if (body.size() < keep) body.append(block.substr(0, static_cast<std::size_t>(keep - body.size())));
      length += block.size();
      // One body past the limit: a stream (a device, say) may never end, so stop here.
      if (length > limits.max_bytes) {
        if (compressed) return bomb("body");
        visit(Body{path, 1, body, length, false});
        return {};
      }
    }
    if (!source.error().empty()) return source.error();
    visit(Body{path, 1, body, length, true});
    return {};
  }
  // A byte order mark belongs to the file, not to its first body.
  std::uint64_t skip = 0;
  if (sniff_encoding(source.peek(4)).encoding == Encoding::utf8_bom) skip = 3;
  io::LineSplitter lines(keep);
  const auto take = [&](const io::Line& line) {
    if (!line.blank) {
      visit(Body{fmt::format("{}:{}", path, line.number), line.number, line.text, line.length, true});
    }
    return true;
  };
  for (std::string_view block = source.next(); !block.empty(); block = source.next()) {
    const auto dropped = static_cast<std::size_t>(std::min<std::uint64_t>(skip, block.size()));
    skip -= dropped;
    lines.feed(block.substr(dropped), take);
    if (compressed && lines.partial() > limits.max_bytes) {
      visit(Body{fmt::format("{}:{}", path, lines.lines() + 1), lines.lines() + 1, {}, lines.partial(), false});
      return bomb("line");
    }
  }
  if (!source.error().empty()) return source.error();
  lines.finish(take);
  return {};
}

}  // namespace conform::inputs
