#include "inputs/input_set.hpp"

#include "inputs/capture_reader.hpp"

#include <fmt/format.h>

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

bool has_body_extension(const fs::path& path) {
  const std::string extension = path.extension().string();
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

BodyLayout ndjson_layout(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
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
}

std::optional<WalkItem> InputWalker::next() {
  while (true) {
    if (!levels_.empty()) {
      Level& level = levels_.back();
      if (level.next == level.names.size()) {
        levels_.pop_back();
        continue;
      }
      const auto& [name, listed_type] = level.names[level.next++];
      const fs::path path = level.directory / name;
      std::string shown = level.shown;
      if (!shown.empty() && shown.back() != '/') shown.push_back('/');
      shown += name;
      std::error_code error;
      const fs::file_type type =
          listed_type != fs::file_type::none ? listed_type : fs::symlink_status(path, error).type();
      // Links to directories are not followed, so a link loop cannot trap the walk.
      if (!error && type == fs::file_type::directory) {
        if (auto unusable = enter(path, shown)) return unusable;
        continue;
      }
      if (!has_body_extension(path)) continue;
      if (type == fs::file_type::regular) return WalkItem{shown, layout_for(shown), std::nullopt};
      const auto status = fs::status(path, error);  // follows links to files
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
      if (auto unusable = enter(path, path)) return unusable;
      continue;
    }
    if (inside_directory_root(path)) continue;  // the walk of that directory names it already
    return WalkItem{path, layout_for(path), std::nullopt, true};
  }
}

bool InputWalker::inside_directory_root(const std::string& path) const {
  for (const std::string& root : roots_) {
    if (root.size() >= path.size() || path.compare(0, root.size(), root) != 0) continue;
    if (root.back() != '/' && path[root.size()] != '/') continue;
    std::error_code error;
    if (fs::is_directory(root, error)) return true;
  }
  return false;
}

std::optional<WalkItem> InputWalker::enter(const fs::path& directory, const std::string& shown) {
  Level level{directory, shown, {}, 0};
  std::error_code error;
  fs::directory_iterator it(directory, error);
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
  while (in) {
    in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
    std::string_view rest(piece.data(), static_cast<std::size_t>(in.gcount()));
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
  if (in.bad())
    return file.path == "-" ? "cannot read standard input" : fmt::format("cannot read: {}", std::strerror(errno));
  if (!ndjson) {
    visit(Body{file.path, 1, body, length, true});
  } else if (length > 0 || !body.empty()) {
    finish_line();
  }
  return {};
}

}  // namespace conform::inputs
