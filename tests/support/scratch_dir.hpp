#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace conform::testing {

// The bytes of a file; empty when it cannot be read.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A fresh directory under the system temp directory, unique to this process
// and test (so parallel and concurrent test runs never share one), removed
// when the test ends.
class ScratchDir {
 public:
  explicit ScratchDir(std::string_view purpose) {
    static std::atomic<unsigned> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string test = info != nullptr ? info->name() : "none";
    std::replace(test.begin(), test.end(), '/', '_');  // parameterised tests are named "Case/3"
    root_ =
        std::filesystem::temp_directory_path() / ("conform-" + std::string(purpose) + "-" + std::to_string(::getpid()) +
                                                  "-" + std::to_string(counter++) + "-" + test);
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::string path(std::string_view relative) const { return (root_ / relative).string(); }

  // Writes `content` to `relative`, creating folders; returns the full path.
  std::string write(std::string_view relative, std::string_view content) const {
    const std::filesystem::path file = root_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    EXPECT_TRUE(out.good()) << file;
    return file.string();
  }

 private:
  std::filesystem::path root_;
};

}  // namespace conform::testing
