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

std::string join(const std::string& directory, const fs::path& relative) {
  std::string joined = directory;
  if (!joined.empty() && joined.back() != '/') joined.push_back('/');
  return joined + relative.generic_string();
}

void add_entry(const fs::directory_entry& entry, const std::string& shown, InputSet& set) {
  std::error_code status_error;
  const auto status = fs::status(entry.path(), status_error);  // follows links to files
  if (status_error || status.type() == fs::file_type::not_found) {
    set.unusable.push_back(make_error_result(shown, "link points at nothing"));
  } else if (status.type() == fs::file_type::regular) {
    set.files.push_back({shown, layout_for(shown)});
  } else if (status.type() != fs::file_type::directory) {
    // FIFOs and devices would block or never end; they are named, not read.
    set.unusable.push_back(make_error_result(shown, "not a regular file; not read"));
  }
}

// One directory at a time, so that a directory that cannot be read becomes
// an error result and the walk goes on with the others.
void walk(const std::string& root, InputSet& set) {
  std::vector<fs::path> pending{fs::path(root)};
  while (!pending.empty()) {
    const fs::path directory = std::move(pending.back());
    pending.pop_back();
    const std::string shown_directory =
        directory == fs::path(root) ? root : join(root, directory.lexically_relative(root));
    std::error_code error;
    fs::directory_iterator it(directory, error);
    for (const fs::directory_iterator end; !error && it != end; it.increment(error)) {
      const fs::directory_entry& entry = *it;
      std::error_code type_error;
      // Links to directories are not followed, so a link loop cannot trap the walk.
      if (entry.is_directory(type_error) && !entry.is_symlink(type_error)) {
        pending.push_back(entry.path());
      } else if (has_body_extension(entry.path())) {
        add_entry(entry, join(root, entry.path().lexically_relative(root)), set);
      }
    }
    if (error) {
      set.unusable.push_back(
          make_error_result(shown_directory, fmt::format("cannot read the directory: {}", error.message())));
    }
  }
}

}  // namespace

BodyLayout layout_for(std::string_view path) noexcept {
  const auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends_with(".har")) return BodyLayout::har;
  return (ends_with(".ndjson") || ends_with(".jsonl")) ? BodyLayout::ndjson : BodyLayout::single;
}

BodyLayout detect_layout(const InputFile& file) {
  if (file.path == "-" || file.layout == BodyLayout::har || file.layout == BodyLayout::ndjson_capture) {
    return file.layout;
  }
  std::ifstream in(file.path, std::ios::binary);
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (file.layout == BodyLayout::single) return looks_like_har(head) ? BodyLayout::har : BodyLayout::single;
  std::string_view rest(head);
  while (!rest.empty()) {
    const auto newline = rest.find('\n');
    if (newline == std::string_view::npos) break;  // a first line longer than the head is a body, not an exchange
    std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    return looks_like_capture_line(line) ? BodyLayout::ndjson_capture : BodyLayout::ndjson;
  }
  return file.layout;
}

InputSet discover(const std::vector<std::string>& paths, const DiscoveryOptions& options) {
  InputSet set;
  for (const std::string& path : paths) {
    if (path == "-") {
      set.files.push_back({path, options.stdin_layout});
      continue;
    }
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      set.unusable.push_back(make_error_result(
          path, fmt::format("cannot open: {}", error ? error.message() : "no such file or directory")));
    } else if (fs::is_directory(status)) {
      walk(path, set);
    } else {
      set.files.push_back({path, layout_for(path)});
    }
  }
  std::sort(set.files.begin(), set.files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  set.files.erase(
      std::unique(set.files.begin(), set.files.end(), [](const auto& a, const auto& b) { return a.path == b.path; }),
      set.files.end());
  return set;
}

namespace {

std::string read_all(const InputFile& file, std::string& content) {
  if (file.path == "-") {
    content.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return std::cin.bad() ? "cannot read standard input" : "";
  }
  std::ifstream in(file.path, std::ios::binary);
  if (!in) return fmt::format("cannot open: {}", std::strerror(errno));
  content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return fmt::format("cannot read: {}", std::strerror(errno));
  return {};
}

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

}  // namespace

std::string read_bodies(const InputFile& file, const std::function<void(const Body&)>& visit) {
  std::string content;
  if (std::string error = read_all(file, content); !error.empty()) return error;
  if (file.layout == BodyLayout::single) {
    visit(Body{file.path, 1, content});
    return {};
  }
  // NDJSON: one body per line; blank lines (a trailing newline) hold none.
  std::string_view rest(content);
  std::uint32_t line = 0;
  while (!rest.empty()) {
    ++line;
    const auto newline = rest.find('\n');
    std::string_view text = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (is_blank(text)) continue;
    visit(Body{fmt::format("{}:{}", file.path, line), line, text});
  }
  return {};
}

}  // namespace conform::inputs
