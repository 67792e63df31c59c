// The entry point of the fuzz targets when they are not built with libFuzzer
// (gcc, or the ASan and TSan builds): it runs LLVMFuzzerTestOneInput once on
// every file named, and on every file below every folder named, so that the
// corpora replay as ordinary tests and the targets never stop compiling.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

// Files in name order, so that a run is the same on every machine.
std::vector<fs::path> files_under(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool run_one(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return false;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Named before it runs: a crash is then easy to pin on its input.
  std::fprintf(stderr, "Running: %s (%zu bytes)\n", path.c_str(), bytes.size());
  // A fresh copy of exactly `size` bytes, so that ASan sees any read past the end.
  std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(data.data(), data.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t ran = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    // libFuzzer's flags (-runs=0, ...) are accepted and ignored, so one command line serves both builds.
    if (arg.starts_with("-")) continue;
    std::error_code error;
    if (fs::is_directory(arg, error)) {
      for (const fs::path& file : files_under(arg)) {
        ok = run_one(file) && ok;
        ++ran;
      }
    } else if (fs::is_regular_file(arg, error)) {
      ok = run_one(arg) && ok;
      ++ran;
    } else {
      // A corpus that is not there would otherwise pass without running anything.
      std::fprintf(stderr, "no such file or folder: %s\n", arg.c_str());
      ok = false;
    }
  }
  std::fprintf(stderr, "Replayed %zu inputs\n", ran);
  return ok && ran > 0 ? 0 : 1;
}
