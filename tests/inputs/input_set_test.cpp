#include "inputs/input_set.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "support/scratch_dir.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using conform::Status;
using conform::inputs::Body;
using conform::inputs::BodyLayout;
using conform::inputs::discover;
using conform::inputs::InputFile;
using conform::inputs::InputSet;
using conform::inputs::layout_for;
using conform::inputs::read_bodies;

// A fresh directory under the system temp directory, removed afterwards.
class InputSetTest : public ::testing::Test {
 protected:
  conform::testing::ScratchDir scratch_{"input-set"};
  const fs::path& root_ = scratch_.root();

  std::string path(std::string_view relative) const { return scratch_.path(relative); }
  std::string root() const { return root_.string(); }
  void write(std::string_view relative, std::string_view content) const { scratch_.write(relative, content); }

  // a.json, z.json, sub/b.ndjson, sub/c.jsonl, sub/deeper/d.json are bodies;
  // notes.txt and sub/deeper/readme.md are not; link.json links to a.json;
  // sub/loop links back to the root; gone.json dangles; pipe.json is a FIFO.
  void make_tree() const {
    write("z.json", "{}");  // created first, listed last
    write("a.json", R"({"a": 1})");
    write("notes.txt", "not a body");
    write("sub/b.ndjson", "{}\n{}\n");
    write("sub/c.jsonl", "[]\n");
    write("sub/deeper/d.json", "[1]");
    write("sub/deeper/readme.md", "# no");
    fs::create_symlink("a.json", root_ / "link.json");
    fs::create_directory_symlink("..", root_ / "sub" / "loop");
    fs::create_symlink("nowhere", root_ / "gone.json");
    ASSERT_EQ(::mkfifo((root_ / "pipe.json").c_str(), 0600), 0) << "mkfifo failed";
  }
};

// Runs `work`; if it blocks on the FIFO (it must never open it), fails the
// test and opens the FIFO's write end so that the blocked reader sees EOF
// and the test ends instead of hanging.
template <typename Work>
auto guard_against_fifo(const fs::path& fifo, Work work) {
  auto future = std::async(std::launch::async, work);
  if (future.wait_for(std::chrono::seconds(10)) == std::future_status::timeout) {
    ADD_FAILURE() << "blocked on " << fifo << ": the FIFO was opened";
    while (future.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout) {
      const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
      if (fd >= 0) ::close(fd);
    }
  }
  return future.get();
}

std::vector<std::string> file_paths(const InputSet& set) {
  std::vector<std::string> paths;
  for (const auto& file : set.files) paths.push_back(file.path);
  return paths;
}

std::vector<std::string> unusable_sources(const InputSet& set) {
  std::vector<std::string> sources;
  for (const auto& result : set.unusable) sources.push_back(result.source);
  std::sort(sources.begin(), sources.end());  // callers order these themselves
  return sources;
}

// ---------------------------------------------------------------------------
// discover

TEST_F(InputSetTest, WalksADirectoryTreeForBodyFilesSortedByPath) {
  make_tree();
  const InputSet set = guard_against_fifo(root_ / "pipe.json", [&] { return discover({root()}); });

  const std::vector<std::string> expected = {path("a.json"),      path("link.json"),         path("sub/b.ndjson"),
                                             path("sub/c.jsonl"), path("sub/deeper/d.json"), path("z.json")};
  EXPECT_EQ(file_paths(set), expected);
  ASSERT_EQ(set.files.size(), expected.size());
  EXPECT_EQ(set.files[0].layout, BodyLayout::single);
  EXPECT_EQ(set.files[2].layout, BodyLayout::ndjson);
  EXPECT_EQ(set.files[3].layout, BodyLayout::ndjson);
  EXPECT_EQ(set.files[4].layout, BodyLayout::single);
  EXPECT_TRUE(std::is_sorted(set.files.begin(), set.files.end(),
                             [](const InputFile& a, const InputFile& b) { return a.path < b.path; }));

  // The link back to the root is not followed: nothing is found through it.
  for (const auto& file : set.files) EXPECT_EQ(file.path.find("loop"), std::string::npos) << file.path;
}

// Deep nesting, at several depths (the walk opens each folder from the one
// above, and comes back up through ".."): at every level a.json, notes.txt,
// the next level d/, then e/f.json, which is only reached once the walk has
// come back from d/. Order, ignored files and paths are those of a shallow tree.
TEST_F(InputSetTest, WalksDeeplyNestedFoldersInOrderAndComesBackUp) {
  for (const std::size_t depth : {1U, 50U, 400U}) {
    SCOPED_TRACE(depth);
    const std::string top = "deep" + std::to_string(depth);
    std::string level = top;
    std::vector<std::string> levels;
    for (std::size_t i = 0; i <= depth; ++i, level += "/d") {
      levels.push_back(level);
      write(level + "/a.json", "{}");
      write(level + "/notes.txt", "not a body");
      write(level + "/e/f.json", "[]");
    }
    std::vector<std::string> expected;
    for (const std::string& at : levels) expected.push_back(path(at + "/a.json"));
    for (auto at = levels.rbegin(); at != levels.rend(); ++at) expected.push_back(path(*at + "/e/f.json"));
    const InputSet set = discover({path(top)});
    EXPECT_EQ(file_paths(set), expected);
    EXPECT_EQ(set.ignored, depth + 1);
    EXPECT_TRUE(set.unusable.empty());
  }
}

// A body whose whole path passes PATH_MAX (4,096 bytes), which the kernel
// refuses ("File name too long"): the byte source opens it a part at a time,
// and the path is reported in full. 24 folders of 200-byte names here (quick
// to make); InputShapes.DeeplyNestedFolders has 2,100 levels of d/.
TEST_F(InputSetTest, ABodyWhosePathPassesPathMaxIsRead) {
  constexpr int kLevels = 24;
  const std::string name(200, 'n');
  // Made a level at a time through descriptors: the whole path is too long to name at once.
  int fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  for (int i = 0; i <= kLevels && fd >= 0; ++i) {
    const char* folder = i == 0 ? "deep" : name.c_str();
    ASSERT_EQ(::mkdirat(fd, folder, 0755), 0) << i;
    const int next = ::openat(fd, folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ::close(fd);
    fd = next;
  }
  ASSERT_GE(fd, 0);
  const int file = ::openat(fd, "a.json", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_EQ(::write(file, R"({"a": 1})", 8), 8);
  ::close(file);
  ::close(fd);
  std::string expected = path("deep");
  for (int i = 0; i < kLevels; ++i) expected += "/" + name;
  expected += "/a.json";
  ASSERT_GT(expected.size(), static_cast<std::size_t>(PATH_MAX));

  const InputSet set = discover({path("deep")});
  EXPECT_TRUE(set.unusable.empty());
  ASSERT_EQ(file_paths(set), std::vector<std::string>{expected});
  std::vector<std::string> bodies;
  const std::string error = read_bodies(set.files[0], conform::Limits{}, [&](const Body& body) {
    EXPECT_EQ(body.source, expected);
    bodies.emplace_back(body.bytes);
  });
  EXPECT_EQ(error, "");
  EXPECT_EQ(bodies, std::vector<std::string>{R"({"a": 1})"});
  // A relative path past PATH_MAX, too: from the scratch folder.
  const std::string relative = expected.substr(root().size() + 1);
  ASSERT_GT(relative.size(), static_cast<std::size_t>(PATH_MAX));
  const fs::path was = fs::current_path();
  fs::current_path(root_);
  bodies.clear();
  const std::string relative_error = read_bodies(InputFile{relative, BodyLayout::single}, conform::Limits{},
                                                 [&](const Body& body) { bodies.emplace_back(body.bytes); });
  fs::current_path(was);
  EXPECT_EQ(relative_error, "");
  EXPECT_EQ(bodies, std::vector<std::string>{R"({"a": 1})"});
}

TEST_F(InputSetTest, DanglingLinkAndFifoAreUnusableAndNeverOpened) {
  make_tree();
  const InputSet set = guard_against_fifo(root_ / "pipe.json", [&] { return discover({root()}); });

  const std::vector<std::string> expected = {path("gone.json"), path("pipe.json")};
  EXPECT_EQ(unusable_sources(set), expected);
  for (const auto& result : set.unusable) {
    EXPECT_EQ(result.status, Status::error) << result.source;
    EXPECT_FALSE(result.error_message.empty()) << result.source;
    EXPECT_TRUE(result.findings.empty()) << result.source;
  }
  for (const auto& file : set.files) {
    EXPECT_NE(file.path, path("gone.json"));
    EXPECT_NE(file.path, path("pipe.json"));
  }
}

TEST_F(InputSetTest, DirectoryNamedWithATrailingSlashGivesCleanPaths) {
  write("a.json", "{}");
  write("sub/b.json", "{}");
  const InputSet set = discover({root() + "/"});
  const std::vector<std::string> expected = {root() + "/a.json", root() + "/sub/b.json"};
  EXPECT_EQ(file_paths(set), expected);
  EXPECT_TRUE(set.unusable.empty());
}

TEST_F(InputSetTest, ExplicitlyNamedFilesAreTakenWhateverTheirExtension) {
  write("notes.txt", "{}");
  write("body", "{}");
  write("lines.jsonl", "{}\n");
  const InputSet set = discover({path("notes.txt"), path("body"), path("lines.jsonl")});
  ASSERT_EQ(set.files.size(), 3U);
  EXPECT_TRUE(set.unusable.empty());
  // Sorted by path whatever the order on the command line.
  EXPECT_EQ(set.files[0].path, path("body"));
  EXPECT_EQ(set.files[0].layout, BodyLayout::single);
  EXPECT_EQ(set.files[1].path, path("lines.jsonl"));
  EXPECT_EQ(set.files[1].layout, BodyLayout::ndjson);
  EXPECT_EQ(set.files[2].path, path("notes.txt"));
  EXPECT_EQ(set.files[2].layout, BodyLayout::single);
}

TEST_F(InputSetTest, SeveralArgumentsAreMergedSortedAndWithoutDuplicates) {
  write("sub/b.json", "{}");
  write("notes.txt", "{}");
  const InputSet set = discover({path("sub"), path("notes.txt"), path("sub/b.json"), path("sub")});
  const std::vector<std::string> expected = {path("notes.txt"), path("sub/b.json")};
  EXPECT_EQ(file_paths(set), expected);
}

TEST_F(InputSetTest, MissingPathIsUnusableWithThatPathAsSource) {
  write("a.json", "{}");
  const std::string missing = path("missing.json");
  const InputSet set = discover({missing, path("a.json")});
  ASSERT_EQ(set.unusable.size(), 1U);
  EXPECT_EQ(set.unusable[0].source, missing);
  EXPECT_EQ(set.unusable[0].status, Status::error);
  EXPECT_FALSE(set.unusable[0].error_message.empty());
  ASSERT_EQ(set.files.size(), 1U);
  EXPECT_EQ(set.files[0].path, path("a.json"));
}

TEST_F(InputSetTest, NamedDanglingLinkIsUnusable) {
  fs::create_symlink("nowhere", root_ / "gone.json");
  const InputSet set = discover({path("gone.json")});
  EXPECT_TRUE(set.files.empty());
  ASSERT_EQ(set.unusable.size(), 1U);
  EXPECT_EQ(set.unusable[0].source, path("gone.json"));
  EXPECT_EQ(set.unusable[0].status, Status::error);
}

// Root reads any directory, so as root the walk runs in a child process that
// has dropped to the unprivileged "nobody" (65534) and reports back a summary.
std::string discover_without_privileges(const std::string& root) {
  auto summary = [](const InputSet& set) {
    std::string text;
    for (const auto& file : set.files) text += "file " + file.path + "\n";
    for (const auto& result : set.unusable) {
      text += "unusable " + result.source + (result.error_message.empty() ? " (no message)" : "") + "\n";
    }
    return text;
  };
  if (::geteuid() != 0) return summary(discover({root}));
  int channel[2];
  if (::pipe(channel) != 0) return "pipe failed";
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(channel[0]);
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
    const std::string text = summary(discover({root}));
    const bool written = ::write(channel[1], text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::_exit(written ? 0 : 4);
  }
  ::close(channel[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(channel[0], buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<std::size_t>(n));
  ::close(channel[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "child failed";
  return text;
}

TEST_F(InputSetTest, UnreadableSubdirectoryIsUnusableAndTheWalkGoesOn) {
  // A directory the walk cannot enter becomes an error result, and the walk
  // goes on: nothing the user named goes unaccounted for.
  write("a.json", "{}");
  write("locked/b.json", "{}");
  write("z.json", "{}");
  fs::permissions(root_ / "locked", fs::perms::none);
  const std::string seen = discover_without_privileges(root());
  fs::permissions(root_ / "locked", fs::perms::owner_all);  // so that TearDown can remove it

  EXPECT_EQ(seen, "file " + path("a.json") + "\nfile " + path("z.json") + "\nunusable " + path("locked") + "\n");
}

TEST(Discover, StandardInputUsesTheRequestedLayout) {
  InputSet set = discover({"-"});
  ASSERT_EQ(set.files.size(), 1U);
  EXPECT_EQ(set.files[0].path, "-");
  EXPECT_EQ(set.files[0].layout, BodyLayout::single);

  set = discover({"-"}, conform::inputs::DiscoveryOptions{BodyLayout::ndjson});
  ASSERT_EQ(set.files.size(), 1U);
  EXPECT_EQ(set.files[0].layout, BodyLayout::ndjson);
  EXPECT_TRUE(set.unusable.empty());
}

TEST(LayoutFor, DependsOnTheExtension) {
  EXPECT_EQ(layout_for("a.json"), BodyLayout::single);
  EXPECT_EQ(layout_for("dir/b.ndjson"), BodyLayout::ndjson);
  EXPECT_EQ(layout_for("c.jsonl"), BodyLayout::ndjson);
  EXPECT_EQ(layout_for("notes.txt"), BodyLayout::single);
  EXPECT_EQ(layout_for("body"), BodyLayout::single);
  EXPECT_EQ(layout_for("-"), BodyLayout::single);
  EXPECT_EQ(layout_for("logs.ndjson/x.json"), BodyLayout::single);
  EXPECT_EQ(layout_for("x.jsonl.bak"), BodyLayout::single);
}

// ---------------------------------------------------------------------------
// read_bodies

struct SeenBody {
  std::string source;
  std::uint64_t line;
  std::string bytes;
  bool operator==(const SeenBody&) const = default;
};

std::ostream& operator<<(std::ostream& out, const SeenBody& body) {
  return out << "{" << body.source << ", line " << body.line << ", \"" << body.bytes << "\"}";
}

std::string read_all_bodies(const InputFile& file, std::vector<SeenBody>& seen) {
  // Body::bytes only lives during the call: copy it.
  return read_bodies(file, conform::Limits{}, [&](const Body& body) {
    seen.push_back({body.source, body.line, std::string(body.bytes)});
  });
}

TEST_F(InputSetTest, SingleLayoutGivesTheWholeFileAsOneBody) {
  const std::string content = "{\"a\": 1}\n{\"b\": 2}\n";
  write("two.json", content);
  std::vector<SeenBody> seen;
  EXPECT_EQ(read_all_bodies({path("two.json"), BodyLayout::single}, seen), "");
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].source, path("two.json"));
  EXPECT_EQ(seen[0].line, 1U);
  EXPECT_EQ(seen[0].bytes, content);
}

TEST_F(InputSetTest, SingleLayoutEmptyFileIsStillOneBody) {
  write("empty.json", "");
  std::vector<SeenBody> seen;
  EXPECT_EQ(read_all_bodies({path("empty.json"), BodyLayout::single}, seen), "");
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].source, path("empty.json"));
  EXPECT_EQ(seen[0].bytes, "");
}

TEST_F(InputSetTest, NdjsonGivesOneBodyPerNonBlankLineWithRealLineNumbers) {
  // 1 body, 2 empty, 3 spaces, 4 body with CRLF, 5 tab, 6 CRLF only, 7 body
  // without a final newline.
  write("x.ndjson", "{\"a\":1}\n\n   \n{\"b\":2}\r\n\t\n\r\n{\"c\":3}");
  const std::string file = path("x.ndjson");
  std::vector<SeenBody> seen;
  EXPECT_EQ(read_all_bodies({file, BodyLayout::ndjson}, seen), "");
  const std::vector<SeenBody> expected = {
      {file + ":1", 1, "{\"a\":1}"},
      {file + ":4", 4, "{\"b\":2}"},
      {file + ":7", 7, "{\"c\":3}"},
  };
  EXPECT_EQ(seen, expected);
}

TEST_F(InputSetTest, NdjsonKeepsSpacesInsideABodyLine) {
  write("y.jsonl", "  {\"a\": 1}  \r\n[]\n");
  const std::string file = path("y.jsonl");
  std::vector<SeenBody> seen;
  EXPECT_EQ(read_all_bodies({file, BodyLayout::ndjson}, seen), "");
  const std::vector<SeenBody> expected = {
      {file + ":1", 1, "  {\"a\": 1}  "},
      {file + ":2", 2, "[]"},
  };
  EXPECT_EQ(seen, expected);
}

TEST_F(InputSetTest, NdjsonEmptyOrBlankFileHasNoBodies) {
  write("empty.ndjson", "");
  write("blank.ndjson", "\n \n\r\n");
  std::vector<SeenBody> seen;
  EXPECT_EQ(read_all_bodies({path("empty.ndjson"), BodyLayout::ndjson}, seen), "");
  EXPECT_EQ(read_all_bodies({path("blank.ndjson"), BodyLayout::ndjson}, seen), "");
  EXPECT_TRUE(seen.empty());
}

TEST_F(InputSetTest, MissingFileGivesAnErrorMessageAndNoBody) {
  std::vector<SeenBody> seen;
  EXPECT_NE(read_all_bodies({path("missing.json"), BodyLayout::single}, seen), "");
  EXPECT_NE(read_all_bodies({path("missing.ndjson"), BodyLayout::ndjson}, seen), "");
  EXPECT_TRUE(seen.empty());
}

}  // namespace
