#include "inputs/input_set.hpp"

#include "inputs/capture_reader.hpp"

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
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;  // ".json" alone is a hidden name, not an extension
  const std::string_view extension = name.substr(dot);
  return extension == ".json" || extension == ".ndjson" || extension == ".jsonl" || extension == ".har";
}

}  // namespace

BodyLayout layout_for(std::string_view path) noexcept {
  const auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends_with(".har")) return BodyLayout::har;
  return (ends_with(".ndjson") || ends_with(".jsonl")) ? BodyLayout::ndjson : BodyLayout::single;
}

BodyLayout ndjson_layout(int fd) {
  std::string head(64 * 1024, '\0');
  std::size_t done = 0;
  while (done < head.size()) {
    const ssize_t n = ::pread(fd, head.data() + done, head.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  head.resize(done);
  std::string_view rest(head);
  while (!rest.empty()) {
    const auto newline = rest.find('\n');
    if (newline == std::string_view::npos) break;  // a first line longer than the head is a body, not an exchange
    std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    return looks_like_capture_line(line) ? BodyLayout::ndjson_capture : BodyLayout::ndjson;
  }
  return BodyLayout::ndjson;
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

std::optional<WalkItem> InputWalker::next() {
  while (true) {
    if (!levels_.empty()) {
      Level& level = levels_.back();
      if (level.next == level.names.size()) {
        current_.resize(level.parent_length);
        levels_.pop_back();
        continue;
      }
      const auto& [name, listed_type] = level.names[level.next++];
      // One path string for the whole walk: each level keeps only its length.
      current_.resize(level.length);
      if (!current_.empty() && current_.back() != '/') current_.push_back('/');
      current_ += name;
      const std::string& shown = current_;
      std::error_code error;
      const fs::file_type type =
          listed_type != fs::file_type::none ? listed_type : fs::symlink_status(shown, error).type();
      // Links to directories are not followed, so a link loop cannot trap the walk.
      if (!error && type == fs::file_type::directory) {
        if (auto unusable = enter(shown)) return unusable;
        continue;
      }
      if (!has_body_extension(name)) continue;
      if (type == fs::file_type::regular) return WalkItem{shown, layout_for(shown), std::nullopt};
      const auto status = fs::status(shown, error);  // follows links to files
      if (status.type() == fs::file_type::not_found) {
        return WalkItem{shown, layout_for(shown), make_error_result(shown, "link points at nothing")};
      }
      if (error) {  // a link loop, no permission to look, ...
        return WalkItem{shown, layout_for(shown),
                        make_error_result(shown, fmt::format("cannot open: {}", error.message()))};
      }
      if (status.type() == fs::file_type::regular) return WalkItem{shown, layout_for(shown), std::nullopt};
      if (status.type() == fs::file_type::directory) continue;
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
      if (auto unusable = enter(path)) return unusable;
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

std::optional<WalkItem> InputWalker::enter(const std::string& shown) {
  Level level{levels_.empty() ? 0 : current_.size(), current_.size(), {}, 0};
  if (levels_.empty()) level.parent_length = 0;
  std::error_code error;
  fs::directory_iterator it(shown, error);
  for (const fs::directory_iterator end; !error && it != end; it.increment(error)) {
    // The type comes from the listing itself where the file system gives it;
    // a link is looked at again when it is visited.
    std::error_code type_error;
    fs::file_type type = fs::file_type::none;
    if (it->is_symlink(type_error)) {
      type = fs::file_type::symlink;
    } else if (it->is_directory(type_error)) {
      type = fs::file_type::directory;
    } else if (it->is_regular_file(type_error)) {
      type = fs::file_type::regular;
    }
    level.names.emplace_back(it->path().filename().string(), type_error ? fs::file_type::none : type);
  }
  if (error) {
    return WalkItem{shown, BodyLayout::single,
                    make_error_result(shown, fmt::format("cannot read the directory: {}", error.message()))};
  }
  std::sort(level.names.begin(), level.names.end());
  levels_.push_back(std::move(level));
  return std::nullopt;
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
  return set;
}

namespace {

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

}  // namespace

std::string read_bodies(const InputFile& file, const Limits& limits, const std::function<void(const Body&)>& visit) {
  std::ifstream named;
  if (file.path != "-") {
    named.open(file.path, std::ios::binary);
    if (!named) return fmt::format("cannot open: {}", std::strerror(errno));
  }
  std::istream& in = file.path == "-" ? std::cin : named;
  const std::size_t keep = limits.max_bytes + 1;  // what a body past the limit keeps: enough to say so
  std::string body;
  std::uint64_t length = 0;
  std::uint64_t line = 1;
  const bool ndjson = file.layout != BodyLayout::single;
  auto finish_line = [&] {
    std::string_view text(body);
    if (!text.empty() && text.back() == '\r' && length <= limits.max_bytes) {
      text.remove_suffix(1);
      --length;
    }
    // NDJSON: blank lines (a trailing newline) hold no body.
    if (length > limits.max_bytes || !is_blank(text)) {
      visit(Body{fmt::format("{}:{}", file.path, line), line, text, length, true});
    }
    body.clear();
    length = 0;
    ++line;
  };
  std::string piece(64 * 1024, '\0');
  // Standard input is read as bytes arrive, not 64 KiB at a time: a line
  // piped in is checked (and its result written) before the next one comes.
  bool stdin_bad = false;
  auto read_piece = [&]() -> std::size_t {
    if (file.path != "-") {
      in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
      return static_cast<std::size_t>(in.gcount());
    }
    ssize_t n;
    do {
      n = ::read(STDIN_FILENO, piece.data(), piece.size());
    } while (n < 0 && errno == EINTR);
    stdin_bad = n < 0;
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  };
  for (bool more = true; more;) {
    const std::size_t got = read_piece();
    more = file.path == "-" ? got > 0 : static_cast<bool>(in);
    std::string_view rest(piece.data(), got);
    while (!rest.empty()) {
      const auto newline = ndjson ? rest.find('\n') : std::string_view::npos;
      const std::string_view part = rest.substr(0, newline);
      if (body.size() < keep) body.append(part.substr(0, keep - body.size()));
      length += part.size();
      rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
      if (newline != std::string_view::npos) finish_line();
    }
    // One body past the limit: a stream (a device, say) may never end, so stop here.
    if (!ndjson && length > limits.max_bytes) {
      visit(Body{file.path, 1, body, length, false});
      return {};
    }
  }
  if (in.bad() || stdin_bad)
    return file.path == "-" ? "cannot read standard input" : fmt::format("cannot read: {}", std::strerror(errno));
  if (!ndjson) {
    visit(Body{file.path, 1, body, length, true});
  } else if (length > 0 || !body.empty()) {
    finish_line();
  }
  return {};
}

}  // namespace conform::inputs
