// Builds the hostile corpus: every kind of input `conform validate` must
// survive, and a manifest of the result each one must get.
//
//   conform_hostile_corpus OUT_DIR [small|full]
//
// writes OUT_DIR/corpus/... and OUT_DIR/manifest.tsv, one line per input that
// conform must report when it is run from OUT_DIR on "corpus":
//
//   status<TAB>file<TAB>source<TAB>why
//
// status is pass, fail or error; source is the name conform gives the input
// ("corpus/a.json", "corpus/x.ndjson:3", "corpus/s.har#/log/entries/0/...")
// and file the file it comes from; why, when not empty, is the keyword of one
// of its findings (fail) or a part of its error message (error). Names are
// raw bytes, as the file system holds them (some are not UTF-8). Files conform
// ignores, blank NDJSON lines and links to folders are in the corpus but not
// in the manifest.
//
// "full" adds what takes disk and time: a million empty files in 1,000 folders
// instead of 2,000, and a 1 GiB NDJSON line instead of a 20 MB one. Large
// lines are sparse files (a hole costs no disk). Everything is deterministic.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {
namespace fs = std::filesystem;

// The seed body: every property present and valid.
constexpr std::string_view kSeed =
    R"({"clientRequestId": "71010d88-d0e7-4a24-9297-d1be6fefde81", "correlationId": "713189b8-5555-4b08-83ba-75d08780aebd", "phoneNumber": "2001004011"})";
constexpr std::string_view kInvalid = R"({"phoneNumber": 2001004011})";  // a number where a string belongs

[[noreturn]] void die(const std::string& what) { throw std::runtime_error(what + ": " + std::strerror(errno)); }

std::string repeat(std::string_view text, std::size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

// `text` as UTF-16 or UTF-32 (ASCII text only), little or big endian.
std::string widen(std::string_view text, std::size_t width, bool big_endian) {
  std::string out;
  for (const char c : text) {
    std::string unit(width, '\0');
    unit[big_endian ? width - 1 : 0] = c;
    out += unit;
  }
  return out;
}

class Corpus {
 public:
  explicit Corpus(const fs::path& out) : out_(out) {
    fs::create_directories(out_ / "corpus");
    manifest_.open(out_ / "manifest.tsv", std::ios::binary);
    if (!manifest_) die("cannot write " + (out_ / "manifest.tsv").string());
  }

  // A file conform reads as one body.
  void body(const std::string& relative, std::string_view bytes, std::string_view status, std::string_view why = {}) {
    write(relative, bytes);
    expect(status, relative, relative, why);
  }

  // A file that is in the corpus but is no input of its own (ignored, or
  // its inputs are listed by the caller).
  void write(const std::string& relative, std::string_view bytes) {
    const int fd = open_new(relative);
    for (std::size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0) die("cannot write " + relative);
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }

  struct Line {
    std::string text;         // with its line end, if it has one
    std::string_view status;  // empty: a blank line, no input
    std::string_view why = {};
  };

  // An NDJSON file: each line with a status is an input "file:N".
  void ndjson(const std::string& relative, const std::vector<Line>& lines) {
    std::string bytes;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      bytes += lines[i].text;
      if (!lines[i].status.empty()) {
        expect(lines[i].status, relative, relative + ":" + std::to_string(i + 1), lines[i].why);
      }
    }
    write(relative, bytes);
  }

  // A file of `size` bytes: `head`, then a hole of zero bytes, then `tail`.
  // The hole is sparse: it costs no disk, however large.
  void sparse(const std::string& relative, std::string_view head, std::uint64_t size, std::string_view tail) {
    write(relative, head);
    const int fd = ::open(path(relative).c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) die("cannot open " + relative);
    if (::ftruncate(fd, static_cast<off_t>(size - tail.size())) != 0) die("cannot truncate " + relative);
    if (!tail.empty() && ::pwrite(fd, tail.data(), tail.size(), static_cast<off_t>(size - tail.size())) !=
                             static_cast<ssize_t>(tail.size())) {
      die("cannot write " + relative);
    }
    ::close(fd);
  }

  // A large body written a piece at a time: `head`, `size` bytes of `fill`, `tail`.
  void large(const std::string& relative, std::string_view head, std::uint64_t size, char fill, std::string_view tail) {
    const int fd = open_new(relative);
    const std::string piece(std::size_t{1} << 20, fill);
    auto put = [&](std::string_view bytes) {
      if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) {
        die("cannot write " + relative);
      }
    };
    put(head);
    for (std::uint64_t left = size; left > 0;) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, piece.size()));
      put(std::string_view(piece).substr(0, n));
      left -= n;
    }
    put(tail);
    ::close(fd);
  }

  void directory(const std::string& relative, mode_t mode = 0755) {
    fs::create_directories(path(relative));
    if (::chmod(path(relative).c_str(), mode) != 0) die("cannot chmod " + relative);
  }

  void symlink(const std::string& target, const std::string& relative) {
    if (::symlink(target.c_str(), path(relative).c_str()) != 0) die("cannot link " + relative);
  }

  void fifo(const std::string& relative) {
    if (::mkfifo(path(relative).c_str(), 0644) != 0) die("cannot make the FIFO " + relative);
  }

  void chmod(const std::string& relative, mode_t mode) {
    if (::chmod(path(relative).c_str(), mode) != 0) die("cannot chmod " + relative);
  }

  // An input that conform must report as `status`; `file` and `source` are
  // relative to corpus/. `why`, if given, is the keyword of one of its
  // findings (fail) or a part of its error message (error).
  void expect(std::string_view status, const std::string& file, const std::string& source, std::string_view why = {}) {
    manifest_ << status << '\t' << "corpus/" << file << '\t' << "corpus/" << source << '\t' << why << '\n';
    ++counts_[status == "pass" ? 0 : status == "fail" ? 1 : 2];
  }

  void finish() {
    manifest_.close();
    if (!manifest_) die("cannot write the manifest");
  }

  const std::size_t* counts() const { return counts_; }

 private:
  std::string path(const std::string& relative) const { return (out_ / "corpus" / relative).string(); }

  int open_new(const std::string& relative) {
    const fs::path full = out_ / "corpus" / relative;
    if (full.parent_path() != last_folder_) {  // one look per folder, not per file: a million files
      fs::create_directories(full.parent_path());
      last_folder_ = full.parent_path();
    }
    const int fd = ::open(full.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) die("cannot create " + relative);
    if (::fchmod(fd, 0644) != 0) die("cannot chmod " + relative);  // readable by anyone, whatever the umask
    return fd;
  }

  fs::path out_;
  fs::path last_folder_;
  std::ofstream manifest_;
  std::size_t counts_[3] = {0, 0, 0};
};

// Well-formed bodies that conform, and bodies that break the schema.
void bodies(Corpus& c) {
  c.body("bodies/seed.json", kSeed, "pass");
  c.body("bodies/seed-trailing-newline.json", std::string(kSeed) + "\n", "pass");
  c.body("bodies/seed-pretty.json",
         "{\r\n  \"clientRequestId\": \"71010d88-d0e7-4a24-9297-d1be6fefde81\",\r\n"
         "  \"phoneNumber\": \"2001004011\"\r\n}\r\n",
         "pass");
  c.body("bodies/empty-object.json", "{}", "pass");
  c.body("bodies/escaped-digits.json", R"({"phoneNumber": "\u0032\u00300\u0031004011"})", "pass");

  c.body("bodies/invalid-type.json", kInvalid, "fail", "type");
  c.body("bodies/invalid-pattern.json", R"({"phoneNumber": "200-100-4011"})", "fail", "pattern");
  c.body("bodies/invalid-misspelled.json", R"({"correlationID": "713189b8-5555-4b08-83ba-75d08780aebd"})", "fail",
         "additionalProperties");
  c.body("bodies/invalid-root-array.json", "[]", "fail", "type");
  c.body("bodies/invalid-root-string.json", R"("2001004011")", "fail", "type");
  c.body("bodies/invalid-duplicate-key.json", R"({"phoneNumber": "1", "phone\u004eumber": "2"})", "fail",
         "duplicateKey");
  c.body("bodies/invalid-trailing-comma.json", R"({"phoneNumber": "2001004011",})", "fail", "syntax");
  c.body("bodies/invalid-comment.json", R"({/* no */ "phoneNumber": "2001004011"})", "fail", "syntax");
  c.body("bodies/invalid-single-quotes.json", "{'phoneNumber': '2001004011'}", "fail", "syntax");
  c.body("bodies/invalid-nan.json", R"({"phoneNumber": NaN})", "fail", "syntax");
  c.body("bodies/invalid-two-values.json", "{}{}", "fail", "syntax");
  c.body("bodies/invalid-control-character.json", "{\"phoneNumber\": \"2001\t004011\"}", "fail", "syntax");

  c.body("bodies/empty.json", "", "fail", "syntax");
  c.body("bodies/whitespace-only.json", " \t\r\n \n", "fail", "syntax");
  c.body("bodies/nul-only.json", std::string_view("\0", 1), "fail", "syntax");
  c.body("bodies/nul-in-string.json", std::string_view("{\"phoneNumber\": \"2001\0004011\"}", 29), "fail", "syntax");
  c.body("bodies/nul-after-body.json", std::string_view("{}\0", 3), "fail", "syntax");
  // A syntax finding, or an encoding one: 00 7B reads as UTF-16BE.
  c.body("bodies/nul-before-body.json", std::string_view("\0{}", 3), "fail");

  // Nesting far past --max-depth: the reader must neither recurse nor build it.
  constexpr std::size_t kDeep = 100'000;
  c.body("bodies/deep-arrays.json", repeat("[", kDeep) + repeat("]", kDeep), "fail", "limit");
  c.body("bodies/deep-objects.json", repeat(R"({"a":)", kDeep) + "1" + repeat("}", kDeep), "fail", "limit");
  c.body("bodies/deep-unclosed.json", repeat("[", kDeep), "fail", "limit");

  // A 100 MiB string value: past --max-bytes, reported from its size, never read.
  c.large("bodies/string-100mib.json", R"({"phoneNumber": ")", std::uint64_t{100} << 20, '7', R"("})");
  c.expect("fail", "bodies/string-100mib.json", "bodies/string-100mib.json", "limit");
}

// Every class of ill-formed UTF-8, and text in other encodings.
void encodings(Corpus& c) {
  const auto in_string = [](std::string_view bad) { return "{\"phoneNumber\": \"20" + std::string(bad) + "01\"}"; };
  struct Case {
    std::string name;
    std::string bytes;
  };
  std::vector<Case> cases = {
      {"lone-continuation-80", "\x80"},
      {"lone-continuation-bf", "\xbf"},
      {"continuations-only", "\x80\x81\x82\x83"},
      {"overlong-2-c0-af", "\xc0\xaf"},
      {"overlong-2-c1-bf", "\xc1\xbf"},
      {"overlong-2-nul", "\xc0\x80"},
      {"overlong-3-e0-80-af", "\xe0\x80\xaf"},
      {"overlong-3-e0-9f-bf", "\xe0\x9f\xbf"},
      {"overlong-4-f0-80-80-af", "\xf0\x80\x80\xaf"},
      {"overlong-4-f0-8f-bf-bf", "\xf0\x8f\xbf\xbf"},
      {"beyond-10ffff-f4-90", "\xf4\x90\x80\x80"},
      {"beyond-10ffff-f4-bf", "\xf4\xbf\xbf\xbf"},
      {"truncated-2-mid-string", "\xc3"},
      {"truncated-3-mid-string", "\xe2\x82"},
      {"truncated-4-mid-string", "\xf0\x9f\x98"},
      {"truncated-then-quote", "\xf0\x9f\"\x98"},
  };
  // Encoded surrogates: ED A0 80 (U+D800) to ED BF BF (U+DFFF), every second byte.
  for (unsigned second = 0xa0; second <= 0xbf; ++second) {
    char name[32];
    std::snprintf(name, sizeof name, "surrogate-ed-%02x-80", second);
    cases.push_back({name, std::string{'\xed', static_cast<char>(second), '\x80'}});
  }
  cases.push_back({"surrogate-ed-bf-bf", "\xed\xbf\xbf"});
  // Bytes that never appear in UTF-8: F5 to FF, each with continuation bytes after it.
  for (unsigned byte = 0xf5; byte <= 0xff; ++byte) {
    char name[32];
    std::snprintf(name, sizeof name, "byte-%02x", byte);
    cases.push_back({name, std::string{static_cast<char>(byte), '\x80', '\x80', '\x80'}});
  }
  for (const Case& item : cases) {
    c.body("encodings/utf8-" + item.name + ".json", in_string(item.bytes), "fail", "encoding");
  }
  c.body("encodings/utf8-bad-byte-in-key.json", "{\"phone\xffNumber\": \"2001004011\"}", "fail", "encoding");
  c.body("encodings/escaped-lone-surrogate.json", R"({"phoneNumber": "\ud800"})", "fail", "encoding");
  // Sequences cut off by the end of the file.
  c.body("encodings/utf8-truncated-2-at-eof.json", "{\"phoneNumber\": \"20\xc3", "fail", "encoding");
  c.body("encodings/utf8-truncated-3-at-eof.json", "{\"phoneNumber\": \"20\xe2\x82", "fail", "encoding");
  c.body("encodings/utf8-truncated-4-at-eof.json", "{\"phoneNumber\": \"20\xf0\x9f\x98", "fail", "encoding");
  c.body("encodings/utf8-truncated-after-body.json", "{}\xe2\x82", "fail", "encoding");

  c.body("encodings/utf8-bom.json", "\xef\xbb\xbf" + std::string(kSeed), "fail", "encoding");
  for (const std::size_t width : {std::size_t{2}, std::size_t{4}}) {
    for (const bool big : {false, true}) {
      const std::string name = "utf" + std::to_string(width * 8) + (big ? "be" : "le");
      const std::string bom = widen("\xff", width, big).replace(big ? width - 2 : 0, 2, big ? "\xfe\xff" : "\xff\xfe");
      c.body("encodings/" + name + ".json", widen(kSeed, width, big), "fail", "encoding");
      c.body("encodings/" + name + "-bom.json", bom + widen(kSeed, width, big), "fail", "encoding");
    }
  }
}

// Numbers beyond a double and at the edges of the integer types.
void numbers(Corpus& c) {
  const std::vector<std::pair<std::string, std::string>> numbers = {
      {"beyond-double", "1e400"},
      {"beyond-double-negative", "-1e400"},
      {"beyond-double-long", "1" + std::string(400, '0')},
      {"beyond-uint64", "18446744073709551616"},
      {"uint64-max", "18446744073709551615"},
      {"below-int64", "-9223372036854775809"},
      {"int64-min", "-9223372036854775808"},
      {"underflow", "1e-400"},
  };
  for (const auto& [name, number] : numbers) {
    // Past a double's range is a limit; anything else is a number where the schema wants a string or an object.
    const std::string_view why = name.rfind("beyond-double", 0) == 0 ? "limit" : "type";
    c.body("numbers/" + name + ".json", "{\"phoneNumber\": " + number + "}", "fail", why);
    c.body("numbers/" + name + "-root.json", number, "fail", why);
  }
}

// NDJSON: lines of every kind, a file of blank lines, and one line far past --max-bytes.
void ndjson(Corpus& c, std::uint64_t long_line) {
  const std::string seed(kSeed);
  // Line by line: valid, invalid, malformed, blank, CRLF, NUL bytes, bad
  // UTF-8, a BOM, deep nesting, a huge number, two values, no final newline.
  const std::vector<Corpus::Line> mixed = {
      {seed + "\n", "pass"},
      {std::string(kInvalid) + "\n", "fail", "type"},
      {"{\"phoneNumber\": \n", "fail", "syntax"},
      {"\n", ""},  // blank lines hold no body
      {" \t \n", ""},
      {seed + "\r\n", "pass"},
      {std::string("{\"phoneNumber\": \"2001\0004011\"}\n", 30), "fail", "syntax"},
      {std::string("\0\n", 2), "fail", "syntax"},
      {"\r\n", ""},
      {"{}\r\n", "pass"},
      {"{\"phoneNumber\": \"20\xed\xa0\x80" /* a surrogate */ "01\"}\n", "fail", "encoding"},
      {"\xef\xbb\xbf{}\n", "fail", "encoding"},
      {repeat("[", 100'000) + "\n", "fail", "limit"},
      {"{\"phoneNumber\": 1e400}\r\n", "fail", "limit"},
      {"{} {}\n", "fail", "syntax"},
      {"{\"correlationId\": \"713189b8-5555-4b08-83ba-75d08780aebd\"}", "pass"},
  };
  c.ndjson("ndjson/mixed.ndjson", mixed);
  c.ndjson("ndjson/lines.jsonl", {{seed + "\n", "pass"}, {"[]\n", "fail"}, {"\n", ""}, {"{}\n", "pass"}});
  c.ndjson("ndjson/empty.ndjson", {});
  c.ndjson("ndjson/blank-lines-only.ndjson", {{"\n", ""}, {"\r\n", ""}, {"  \n", ""}});
  // One line of `long_line` bytes (a hole of zero bytes inside a string),
  // between ordinary lines; it straddles a thousand of the pieces the pipeline cuts.
  const std::string head = seed + "\n{\"phoneNumber\": \"";
  const std::string tail = "\"}\n" + seed + "\n" + std::string(kInvalid) + "\n";
  c.sparse("ndjson/long-line.ndjson", head, seed.size() + 1 + long_line + tail.size() - 2, tail);
  const std::vector<std::pair<std::string_view, std::string_view>> long_lines = {
      {"pass", ""}, {"fail", "limit"}, {"pass", ""}, {"fail", "type"}};
  for (std::size_t i = 0; i < long_lines.size(); ++i) {
    c.expect(long_lines[i].first, "ndjson/long-line.ndjson", "ndjson/long-line.ndjson:" + std::to_string(i + 1),
             long_lines[i].second);
  }
}

// A HAR capture of one /v3/mfa call whose bodies conform, then `entries_tail`.
std::string har(std::string_view entries_tail) {
  return std::string(R"({"log": {"version": "1.2", "creator": {"name": "hostile", "version": "1"}, "entries": [
  {"request": {"method": "POST", "url": "https://api.example/v3/mfa", "postData": {"mimeType": "application/json",
     "text": "{\"possessionType\":\"mobile\",\"phoneNumber\":\"2001004059\",\"clientRequestId\":\"7187c36b-f8e0-5174-8b2d-38d85fd587ff\"}"}},
   "response": {"status": 200, "content": {"mimeType": "application/json",
     "text": "{\"correlationId\":\"62aecdf6-e95e-5f2d-ae56-72fefc2572b0\",\"success\":\"true\"}"}}})") +
         std::string(entries_tail);
}

// A small HAR capture that conforms, a broken one, and a HAR under a .json name.
void captures(Corpus& c) {
  const std::string request = "#/log/entries/0/request/postData/text";
  const std::string response = "#/log/entries/0/response/content/text";
  const std::string good =
      har(",\n  {\"request\": {\"method\": \"GET\", \"url\": \"https://api.example/health\"}, \"response\": "
          "{\"status\": 200, \"content\": {\"text\": \"ok\"}}}\n]}}\n");
  for (const std::string name : {"ext/good.har", "ext/har-content.json"}) {
    c.write(name, good);
    c.expect("pass", name, name + request);
    c.expect("pass", name, name + response);
    c.expect("pass", name, name);
  }
  // Cut off after the first entry: its bodies are checked, the capture fails.
  c.write("ext/broken.har", har(",\n  {\"request\": {\"method\": \"POST\", \"url\": "));
  c.expect("pass", "ext/broken.har", "ext/broken.har" + request);
  c.expect("pass", "ext/broken.har", "ext/broken.har" + response);
  c.expect("fail", "ext/broken.har", "ext/broken.har", "syntax");
}

// Every extension conform reads, and files it passes over.
void extensions(Corpus& c) {
  c.body("ext/body.json", kSeed, "pass");
  c.ndjson("ext/lines.ndjson", {{std::string(kSeed) + "\n", "pass"}, {std::string(kInvalid) + "\n", "fail"}});
  c.ndjson("ext/lines.jsonl", {{std::string(kInvalid) + "\n", "fail"}, {std::string(kSeed) + "\n", "pass"}});
  captures(c);
  // The walk takes extensions in any case (.JSON), and counts these others as ignored.
  c.body("ext/body.JSON", "{not json at all\n", "fail", "syntax");
  for (const std::string name :
       {"ext/notes.txt", "ext/README", "ext/body.json.bak", "ext/.json~", "ext/data.json5", "ext/har"}) {
    c.write(name, "{not json at all\n");
  }
}

// The file system at its worst: loops, dangling links, FIFOs, devices, no permission.
void file_system(Corpus& c) {
  c.directory("fs/loop");
  c.body("fs/loop/seed.json", kSeed, "pass");
  c.symlink("..", "fs/loop/up");       // a link to a folder: not followed, so no loop
  c.symlink("..", "fs/loop/up.json");  // the same under a name conform reads
  c.symlink(".", "fs/loop/self.ndjson");
  c.symlink("self.json", "fs/self.json");  // a file link to itself
  c.expect("error", "fs/self.json", "fs/self.json", "Too many levels of symbolic links");
  c.symlink("ping.json", "fs/pong.json");  // two links in a ring
  c.symlink("pong.json", "fs/ping.json");
  c.expect("error", "fs/ping.json", "fs/ping.json", "Too many levels of symbolic links");
  c.expect("error", "fs/pong.json", "fs/pong.json", "Too many levels of symbolic links");
  c.symlink("nowhere.json", "fs/dangling.json");
  c.expect("error", "fs/dangling.json", "fs/dangling.json", "link points at nothing");
  c.symlink("nowhere/at/all.ndjson", "fs/dangling.ndjson");
  c.expect("error", "fs/dangling.ndjson", "fs/dangling.ndjson", "link points at nothing");
  c.symlink("nowhere", "fs/dangling-folder");  // no extension conform reads: passed over
  c.symlink("loop/seed.json", "fs/link-to-seed.json");
  c.expect("pass", "fs/link-to-seed.json", "fs/link-to-seed.json");
  c.fifo("fs/fifo.json");
  c.expect("error", "fs/fifo.json", "fs/fifo.json", "not a regular file");
  c.fifo("fs/fifo.ndjson");
  c.expect("error", "fs/fifo.ndjson", "fs/fifo.ndjson", "not a regular file");
  c.fifo("fs/fifo.har");
  c.expect("error", "fs/fifo.har", "fs/fifo.har", "not a regular file");
  c.symlink("/dev/zero", "fs/zero.json");
  c.expect("error", "fs/zero.json", "fs/zero.json", "not a regular file");
  c.symlink("/dev/zero", "fs/zero.ndjson");
  c.expect("error", "fs/zero.ndjson", "fs/zero.ndjson", "not a regular file");
  c.symlink("/dev/null", "fs/null.json");
  c.expect("error", "fs/null.json", "fs/null.json", "not a regular file");
  c.symlink("/dev/null", "fs/null.jsonl");
  c.expect("error", "fs/null.jsonl", "fs/null.jsonl", "not a regular file");
  // No permission (the test runs conform as an unprivileged user). The large
  // NDJSON file is more than one of the pieces the pipeline cuts files into.
  c.body("fs/unreadable.json", kSeed, "error", "Permission denied");
  c.chmod("fs/unreadable.json", 0);
  c.sparse("fs/unreadable-large.ndjson", std::string(kSeed) + "\n", std::uint64_t{3} << 20, "\n");
  c.expect("error", "fs/unreadable-large.ndjson", "fs/unreadable-large.ndjson", "Permission denied");
  c.chmod("fs/unreadable-large.ndjson", 0);
  c.write("fs/unreadable.har", har("]}}\n"));
  c.expect("error", "fs/unreadable.har", "fs/unreadable.har", "Permission denied");
  c.chmod("fs/unreadable.har", 0);
  c.write("fs/closed/inside.json", kSeed);  // never seen
  c.chmod("fs/closed", 0);
  c.expect("error", "fs/closed", "fs/closed", "cannot read the directory");
}

// File and folder names that are not UTF-8.
void names(Corpus& c) {
  c.body("names/\xff\xfe.json", kSeed, "pass");
  c.body("names/lone-\xc3.json", kInvalid, "fail", "type");
  c.body("names/folder-\xff/seed.json", kSeed, "pass");
  c.body("names/folder-\xff/invalid-\xe2\x82.json", kInvalid, "fail", "type");
  c.ndjson("names/lines-\xc0\xaf.ndjson",
           {{std::string(kSeed) + "\n", "pass"}, {std::string(kInvalid) + "\n", "fail"}});
}

// Empty files, each one input that fails (an empty body), in `folders` folders.
void empty_files(Corpus& c, std::size_t folders, std::size_t per_folder) {
  char folder[32];
  char file[64];
  for (std::size_t d = 0; d < folders; ++d) {
    std::snprintf(folder, sizeof folder, "empty/d%04zu", d);
    c.directory(folder);
    for (std::size_t f = 0; f < per_folder; ++f) {
      std::snprintf(file, sizeof file, "%s/f%04zu.json", folder, f);
      c.body(file, "", "fail", "syntax");
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3 ||
      (argc == 3 && std::string_view(argv[2]) != "small" && std::string_view(argv[2]) != "full")) {
    std::fprintf(stderr, "usage: %s OUT_DIR [small|full]\n", argv[0]);
    return 2;
  }
  const bool full = argc == 3 && std::string_view(argv[2]) == "full";
  const auto started = std::chrono::steady_clock::now();
  ::umask(022);
  try {
    Corpus c{fs::path(argv[1])};
    bodies(c);
    encodings(c);
    numbers(c);
    ndjson(c, full ? std::uint64_t{1} << 30 : std::uint64_t{20} * 1000 * 1000);
    extensions(c);
    file_system(c);
    names(c);
    if (full) {
      empty_files(c, 1000, 1000);
    } else {
      empty_files(c, 20, 100);
    }
    c.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("hostile corpus (%s): %zu inputs: %zu pass, %zu fail, %zu error; built in %.2f s\n",
                full ? "full" : "small", c.counts()[0] + c.counts()[1] + c.counts()[2], c.counts()[0], c.counts()[1],
                c.counts()[2], seconds);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "conform_hostile_corpus: %s\n", error.what());
    return 1;
  }
  return 0;
}
