// Writes one input of a given shape and count, for the doubling benchmark
// (bench/doubling.sh) and the per-body shapes of the hostile corpus: the
// counts inside one input (members, findings, entries, lines, nesting) grow,
// not only its bytes. Usage: make_shapes SHAPE COUNT FOLDER
// FOLDER gets `input` (a file, or for `folders` a tree) with the extension
// the shape needs, and `schema.json` when the shape is checked against its
// own schema rather than the built-in one. `shapes` lists the shapes.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace {
namespace fs = std::filesystem;

constexpr std::string_view kId = "713189b8-5555-4b08-83ba-75d08780aebd";

// Writes through a buffer so that even 300 MB inputs take no memory.
class Out {
 public:
  explicit Out(const fs::path& path) : out_(path, std::ios::binary) {}
  Out& operator<<(std::string_view text) {
    out_.write(text.data(), static_cast<std::streamsize>(text.size()));
    return *this;
  }
  void repeat(char c, unsigned long long count) {
    const std::string block(64 * 1024, c);
    for (; count >= block.size(); count -= block.size()) *this << block;
    *this << std::string_view(block).substr(0, count);
  }
  bool ok() {
    out_.flush();
    return static_cast<bool>(out_);
  }

 private:
  std::ofstream out_;
};

void write_file(const fs::path& path, std::string_view text) { Out(path) << text; }

std::string har_entry(std::string_view url, std::string_view escaped_body) {
  return std::string(R"({"request":{"method":"POST","url":")") + std::string(url) +
         R"(","postData":{"mimeType":"application/json","text":")" + std::string(escaped_body) +
         R"("}},"response":{"status":200,"content":{"mimeType":"application/json"}}})";
}

// Base64 of `count` bytes of the JSON text {"a":"xxx...x"}, written as it is encoded.
void base64_json(Out& out, unsigned long long count) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string_view head = R"({"a":")";
  const unsigned long long total = count < head.size() + 2 ? head.size() + 2 : count;
  auto byte_at = [&](unsigned long long i) -> unsigned char {
    if (i < head.size()) return static_cast<unsigned char>(head[i]);
    if (i == total - 2) return '"';
    if (i == total - 1) return '}';
    return 'x';
  };
  std::string chunk;
  for (unsigned long long i = 0; i < total; i += 3) {
    const unsigned bits =
        (byte_at(i) << 16U) | (i + 1 < total ? byte_at(i + 1) << 8U : 0U) | (i + 2 < total ? byte_at(i + 2) : 0U);
    chunk += kAlphabet[(bits >> 18U) & 63U];
    chunk += kAlphabet[(bits >> 12U) & 63U];
    chunk += i + 1 < total ? kAlphabet[(bits >> 6U) & 63U] : '=';
    chunk += i + 2 < total ? kAlphabet[bits & 63U] : '=';
    if (chunk.size() >= 64 * 1024) {
      out << chunk;
      chunk.clear();
    }
  }
  out << chunk;
}

constexpr std::string_view kShapes =
    "members N           one object of N members (about 15 bytes each), passing\n"
    "duplicate-keys N    one object of N members all named \"a\": N-1 duplicateKey findings\n"
    "failing-items N     an array of N numbers where strings are required: N findings\n"
    "member-name N       a member name of N bytes, against the built-in schema\n"
    "pattern-name N      a member name of N bytes under patternProperties\n"
    "har-one-line N      a one-line HAR of N mfa-status entries, each failing\n"
    "har-non-mfa N       a HAR of N entries none of which is a V3 MFA call, one a line\n"
    "har-base64 N        a HAR entry whose response is N bytes of base64 JSON\n"
    "har-nested N        a .har of N bytes of nested arrays\n"
    "har-syntax-end N    a one-line HAR of about N bytes with a syntax error at its end\n"
    "ndjson-lines N      an NDJSON file of N passing bodies\n"
    "capture-line N      an NDJSON capture line whose request body is N bytes\n"
    "folders N           N nested folders with one body at the bottom\n"
    "flows N             an NDJSON capture of N passing V3 MFA calls, three a flow (open, status, bind)\n"
    "flows-single N      an NDJSON capture of N passing /v3/mfa calls, each a flow of its own\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "shapes") {
    std::fputs(kShapes.data(), stdout);
    return 0;
  }
  if (argc != 4) {
    std::fprintf(stderr, "usage: make_shapes SHAPE COUNT FOLDER | make_shapes shapes\n");
    return 2;
  }
  const std::string_view shape = argv[1];
  const unsigned long long n = std::strtoull(argv[2], nullptr, 10);
  const fs::path folder = argv[3];
  fs::create_directories(folder);
  char number[32];

  if (shape == "members" || shape == "duplicate-keys") {
    Out out(folder / "input.json");
    out << "{";
    for (unsigned long long i = 0; i < n; ++i) {
      if (shape == "members") {
        std::snprintf(number, sizeof number, "%s\"m%09llu\":0", i == 0 ? "" : ",", i);
        out << number;
      } else {
        out << (i == 0 ? "\"a\":0" : ",\"a\":0");
      }
    }
    out << "}";
    write_file(folder / "schema.json", R"({"type":"object"})");
    return out.ok() ? 0 : 1;
  }
  if (shape == "failing-items") {
    Out out(folder / "input.json");
    out << "[";
    for (unsigned long long i = 0; i < n; ++i) {
      std::snprintf(number, sizeof number, "%s%llu", i == 0 ? "" : ",", 1000000 + i % 1000000);
      out << number;
    }
    out << "]";
    write_file(folder / "schema.json", R"({"type":"array","items":{"type":"string"}})");
    return out.ok() ? 0 : 1;
  }
  if (shape == "member-name" || shape == "pattern-name") {
    Out out(folder / "input.json");
    out << "{\"";
    out.repeat('a', n);
    out << "\":0}";
    if (shape == "pattern-name") {
      write_file(folder / "schema.json", R"({"patternProperties":{"^[a-z]+$":{"type":"string"}}})");
    }
    return out.ok() ? 0 : 1;
  }
  if (shape == "har-one-line" || shape == "har-non-mfa" || shape == "har-syntax-end") {
    Out out(folder / "input.har");
    const bool one_line = shape != "har-non-mfa";
    const std::string mfa = har_entry("https://platform.uat.proveapis.com/v3/mfa-status", R"({\"correlationId\":1})");
    const std::string other = har_entry("https://shop.example.com/cart", R"({\"item\":1})");
    const std::string& entry = shape == "har-one-line" ? mfa : other;
    // har-syntax-end counts bytes: as many entries as fit.
    const unsigned long long entries = shape == "har-syntax-end" ? n / (entry.size() + 1) + 1 : n;
    out << R"({"log":{"version":"1.2","entries":[)" << (one_line ? "" : "\n");
    for (unsigned long long i = 0; i < entries; ++i) {
      if (i != 0) out << (one_line ? "," : ",\n");
      out << entry;
    }
    out << (shape == "har-syntax-end" ? "]}" : (one_line ? "]}}\n" : "\n]}}\n"));
    return out.ok() ? 0 : 1;
  }
  if (shape == "har-base64") {
    Out out(folder / "input.har");
    out << R"({"log":{"version":"1.2","entries":[{"request":{"method":"POST","url":")"
        << "https://platform.uat.proveapis.com/v3/mfa-status"
        << R"(","postData":{"mimeType":"application/json","text":"{\"correlationId\":\")" << kId
        << R"(\"}"}},"response":{"status":200,"content":{"mimeType":"application/json","encoding":"base64","text":")";
    base64_json(out, n);
    out << "\"}}}]}}\n";
    return out.ok() ? 0 : 1;
  }
  if (shape == "har-nested") {
    Out out(folder / "input.har");
    out.repeat('[', n / 2);
    out.repeat(']', n / 2);
    return out.ok() ? 0 : 1;
  }
  if (shape == "ndjson-lines") {
    Out out(folder / "input.ndjson");
    const std::string line = std::string(R"({"correlationId":")") + std::string(kId) + "\"}\n";
    for (unsigned long long i = 0; i < n; ++i) out << line;
    return out.ok() ? 0 : 1;
  }
  if (shape == "capture-line") {
    Out out(folder / "input.ndjson");
    out << R"({"method":"POST","path":"/v3/mfa-status","status":200,"request":{"correlationId":")" << kId
        << R"(","note":")";
    out.repeat('x', n);
    out << "\"}}\n";
    return out.ok() ? 0 : 1;
  }
  if (shape == "flows" || shape == "flows-single") {
    // Each flow's calls follow one another, as an SDK makes them; every flow id is its own.
    const unsigned long long per_flow = shape == "flows" ? 3 : 1;
    Out out(folder / "input.ndjson");
    char id[64];
    for (unsigned long long i = 0; i < n; ++i) {
      std::snprintf(id, sizeof id, "0c2f5d1e-7a41-4b8e-9d3c-%012llx", i / per_flow);
      if (i % per_flow == 0) {
        out << R"({"path": "/v3/mfa", "request": {"possessionType": "none"}, "status": 200, "response": {"correlationId": ")"
            << id << R"(", "success": "true"}})"
            << "\n";
      } else {
        out << (i % 3 == 1 ? R"({"path": "/v3/mfa-status", "request": {"correlationId": ")"
                           : R"({"path": "/v3/mfa-bind", "request": {"phoneNumber": "2001004021", "correlationId": ")")
            << id << R"("}, "status": 200, "response": {"phoneNumber": "2001004021", "success": "true"}})"
            << "\n";
      }
    }
    return out.ok() ? 0 : 1;
  }
  if (shape == "folders") {
    // One level at a time from the one above: the whole path may pass PATH_MAX.
    fs::create_directory(folder / "input");
    fs::current_path(folder / "input");
    for (unsigned long long i = 0; i < n; ++i) {
      fs::create_directory("d");
      fs::current_path("d");
    }
    write_file("body.json", std::string(R"({"correlationId":")") + std::string(kId) + "\"}");
    return 0;
  }
  std::fprintf(stderr, "make_shapes: unknown shape \"%.*s\"; the shapes are:\n%s", static_cast<int>(shape.size()),
               shape.data(), kShapes.data());
  return 2;
}
