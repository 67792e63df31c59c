// Writes deterministic benchmark corpora of V3MFAStatusRequest bodies: an
// NDJSON file, or a directory of one body per file. 90% of the bodies are
// valid, 7% break the schema and 3% are malformed JSON; a ground-truth file
// says which, so every tool's counts can be checked.
// Usage: make_corpus ndjson OUTPUT LINES [BODY_BYTES] [wellformed]
//        make_corpus files DIRECTORY COUNT [BODY_BYTES] [wellformed]
// "wellformed" turns the malformed 3% valid, for tools that stop at the first
// body they cannot parse.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

std::string uuid(unsigned long long n) {
  return fmt::format("{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}", static_cast<unsigned>(n * 2654435761ULL),
                     static_cast<unsigned>(n & 0xFFFFU), static_cast<unsigned>((n >> 4) & 0xFFFU),
                     static_cast<unsigned>((n >> 8) & 0xFFFU), (n * 11400714819323198485ULL) & 0xFFFFFFFFFFFFULL);
}

enum class Kind { valid, invalid, malformed };

bool well_formed_only = false;

Kind kind_of(unsigned long long n) {
  const unsigned slot = static_cast<unsigned>((n * 2654435761ULL) % 100);
  if (slot >= 97) return well_formed_only ? Kind::valid : Kind::malformed;
  return slot < 90 ? Kind::valid : Kind::invalid;
}

// About 141 bytes, like the seed example; `padding` lengthens clientRequestId.
std::string body(unsigned long long n, std::size_t padding) {
  const std::string client = uuid(n + 1000000000ULL) + std::string(padding, 'x');
  const std::string phone = fmt::format("20010040{:02}", n % 100);
  switch (kind_of(n)) {
    case Kind::valid:
      return fmt::format(R"({{"clientRequestId":"{}","correlationId":"{}","phoneNumber":"{}"}})", client, uuid(n),
                         phone);
    case Kind::invalid:
      // A misspelled key, a phone with dashes, or a correlationId that is no UUID.
      if (n % 3 == 0) {
        return fmt::format(R"({{"clientRequestId":"{}","correlationID":"{}","phoneNumber":"{}"}})", client, uuid(n),
                           phone);
      }
      if (n % 3 == 1) {
        return fmt::format(R"({{"clientRequestId":"{}","correlationId":"{}","phoneNumber":"200-100-{:04}"}})", client,
                           uuid(n), n % 10000);
      }
      return fmt::format(R"({{"clientRequestId":"{}","correlationId":"{}","phoneNumber":"{}"}})", client,
                         uuid(n).substr(0, 30), phone);
    case Kind::malformed:
      return fmt::format(R"({{"clientRequestId":"{}","correlationId":"{}","phoneNumber":"{}",}})", client, uuid(n),
                         phone);
  }
  return {};
}

int usage() {
  std::fprintf(stderr,
               "usage: make_corpus ndjson OUTPUT LINES [BODY_BYTES] [wellformed]\n"
               "       make_corpus files DIRECTORY COUNT [BODY_BYTES] [wellformed]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return usage();
  const std::string mode = argv[1];
  const std::string output = argv[2];
  const unsigned long long count = std::strtoull(argv[3], nullptr, 10);
  const std::size_t body_bytes = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 141;
  well_formed_only = argc > 5 && std::string(argv[5]) == "wellformed";
  const std::size_t padding = body_bytes > 141 ? body_bytes - 141 : 0;
  unsigned long long valid = 0, invalid = 0, malformed = 0;
  auto tally = [&](unsigned long long n) {
    switch (kind_of(n)) {
      case Kind::valid:
        ++valid;
        break;
      case Kind::invalid:
        ++invalid;
        break;
      case Kind::malformed:
        ++malformed;
        break;
    }
  };
  if (mode == "ndjson") {
    std::FILE* out = std::fopen(output.c_str(), "wb");
    if (out == nullptr) return 2;
    for (unsigned long long n = 0; n < count; ++n) {
      const std::string line = body(n, padding) + "\n";
      std::fwrite(line.data(), 1, line.size(), out);
      tally(n);
    }
    std::fclose(out);
  } else if (mode == "files") {
    // 1,000 files per folder, as capture tools tend to write them.
    for (unsigned long long n = 0; n < count; ++n) {
      const std::filesystem::path folder = std::filesystem::path(output) / fmt::format("{:04}", n / 1000);
      if (n % 1000 == 0) std::filesystem::create_directories(folder);
      const std::string path = (folder / fmt::format("body-{:07}.json", n)).string();
      std::FILE* out = std::fopen(path.c_str(), "wb");
      if (out == nullptr) return 2;
      const std::string text = body(n, padding);
      std::fwrite(text.data(), 1, text.size(), out);
      std::fclose(out);
      tally(n);
    }
  } else {
    return usage();
  }
  // Ground truth for the comparison script: conforming bodies vs the rest.
  std::printf("%llu valid %llu invalid %llu malformed\n", valid, invalid, malformed);
  return 0;
}
