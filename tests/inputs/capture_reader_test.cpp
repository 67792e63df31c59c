#include "inputs/capture_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "support/scratch_dir.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using conform::inputs::BodyText;
using conform::inputs::CaptureProblem;
using conform::inputs::Exchange;
using conform::inputs::FilePosition;
using conform::inputs::looks_like_capture_line;
using conform::inputs::looks_like_har;
using conform::inputs::place_in_file;
using conform::inputs::read_capture_line;
using conform::inputs::read_har;
using conform::inputs::TextAnchor;

std::string repeat_text(std::string_view text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

// A fresh directory under the system temp directory, removed afterwards.
class CaptureReaderTest : public ::testing::Test {
 protected:
  conform::testing::ScratchDir scratch_{"capture-reader"};
  const fs::path& root_ = scratch_.root();

  std::string write(std::string_view name, std::string_view content) const { return scratch_.write(name, content); }

  static std::vector<Exchange> read_all(const std::string& path, CaptureProblem* problem = nullptr) {
    std::vector<Exchange> exchanges;
    CaptureProblem result =
        read_har(path, conform::Limits{}, [&](Exchange& exchange) { exchanges.push_back(exchange); });
    if (problem != nullptr) *problem = std::move(result);
    return exchanges;
  }

  static std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
};

// Four entries: a POST with headers and cookies, a GET on one line, a form
// POST with a base64 response, and a POST whose base64 response is broken.
const std::vector<std::string> kHar = {
    /* 1 */ R"({)",
    /* 2 */ R"(  "log": {)",
    /* 3 */ R"(    "version": "1.2",)",
    /* 4 */ R"(    "creator": {"name": "test", "version": "1"},)",
    /* 5 */ R"(    "entries": [)",
    /* 6 */ R"(      {)",
    /* 7 */ R"(        "startedDateTime": "2025-01-01T00:00:00Z",)",
    /* 8 */ R"(        "request": {)",
    /* 9 */ R"(          "method": "POST",)",
    /* 10 */ R"(          "url": "https://platform.uat.proveapis.com/v3/mfa",)",
    /* 11 */ R"(          "headers": [{"name": "Authorization", "value": "Bearer SECRET-HEADER-TOKEN"}],)",
    /* 12 */ R"(          "cookies": [{"name": "session", "value": "SECRET-COOKIE-VALUE"}],)",
    /* 13 */ R"(          "postData": {"mimeType": "application/json", "text": "{\"possessionType\": \"none\"}"})",
    /* 14 */ R"(        },)",
    /* 15 */ R"(        "response": {)",
    /* 16 */ R"(          "status": 200,)",
    /* 17 */ R"(          "headers": [{"name": "Set-Cookie", "value": "SECRET-SET-COOKIE"}],)",
    /* 18 */ R"(          "cookies": [{"name": "sid", "value": "SECRET-RESPONSE-COOKIE"}],)",
    /* 19 */ R"(          "content": {"mimeType": "application/json", "text": "{\"a\": \"caf\u00e9\\n\"}"})",
    /* 20 */ R"(        })",
    /* 21 */ R"(      },)",
    /* 22 */
    R"(      {"request": {"method": "GET", "url": "https://example.com/favicon.ico"}, "response": {"status": 404, "content": {"size": 0}}},)",
    /* 23 */ R"(      {)",
    /* 24 */
    R"(        "request": {"method": "POST", "url": "/v3/mfa-status", "postData": {"mimeType": "application/x-www-form-urlencoded", "params": [{"name": "correlationId", "value": "x"}]}},)",
    /* 25 */
    R"(        "response": {"status": 200, "content": {"mimeType": "application/json", "encoding": "base64", "text": "eyJhIjoxfQ=="}})",
    /* 26 */ R"(    }, {)",
    /* 27 */ R"(        "request": {"method": "POST", "url": "/v3/mfa-bind", "postData": {"text": "{}"}},)",
    /* 28 */ R"(        "response": {"status": 500, "content": {"encoding": "base64", "text": "not*base64"}})",
    /* 29 */ R"(      })",
    /* 30 */ R"(    ])",
    /* 31 */ R"(  })",
    /* 32 */ R"(})",
};

TEST_F(CaptureReaderTest, HarEntriesComeInFileOrderWithTheirFields) {
  const std::string path = write("a.har", join(kHar));
  CaptureProblem problem;
  const auto exchanges = read_all(path, &problem);
  EXPECT_TRUE(problem.ok()) << problem.error;
  ASSERT_EQ(exchanges.size(), 4U);

  EXPECT_EQ(exchanges[0].entry, "/log/entries/0");
  EXPECT_EQ(exchanges[0].method, "POST");
  EXPECT_EQ(exchanges[0].url, "https://platform.uat.proveapis.com/v3/mfa");
  EXPECT_EQ(exchanges[0].status, 200);
  ASSERT_TRUE(exchanges[0].request.has_value());
  EXPECT_EQ(exchanges[0].request->text, R"({"possessionType": "none"})");
  EXPECT_EQ(exchanges[0].request->source, path + "#/log/entries/0/request/postData/text");
  EXPECT_EQ(exchanges[0].request->anchor.kind, TextAnchor::Kind::json_string);
  EXPECT_EQ(exchanges[0].request->anchor.line, 13U);
  EXPECT_TRUE(exchanges[0].request->problem.empty());
  ASSERT_TRUE(exchanges[0].response.has_value());
  EXPECT_EQ(exchanges[0].response->text, "{\"a\": \"caf\xC3\xA9\\n\"}");  // \u00e9 decoded, \\n kept as \n text
  EXPECT_EQ(exchanges[0].response->source, path + "#/log/entries/0/response/content/text");
  EXPECT_EQ(exchanges[0].response->anchor.kind, TextAnchor::Kind::json_string);
  EXPECT_EQ(exchanges[0].response->anchor.line, 19U);

  EXPECT_EQ(exchanges[1].entry, "/log/entries/1");
  EXPECT_EQ(exchanges[1].method, "GET");
  EXPECT_EQ(exchanges[1].url, "https://example.com/favicon.ico");
  EXPECT_EQ(exchanges[1].status, 404);
  EXPECT_FALSE(exchanges[1].request.has_value());
  EXPECT_FALSE(exchanges[1].response.has_value());

  EXPECT_EQ(exchanges[2].entry, "/log/entries/2");
  EXPECT_EQ(exchanges[2].url, "/v3/mfa-status");
  EXPECT_EQ(exchanges[2].status, 200);
  EXPECT_FALSE(exchanges[2].request.has_value()) << "postData.params without text is no body";

  EXPECT_EQ(exchanges[3].entry, "/log/entries/3");
  EXPECT_EQ(exchanges[3].url, "/v3/mfa-bind");
  EXPECT_EQ(exchanges[3].status, 500);
  ASSERT_TRUE(exchanges[3].request.has_value());
  EXPECT_EQ(exchanges[3].request->text, "{}");
}

// The raw spelling of a string body is kept as it was read, for placing findings.
TEST_F(CaptureReaderTest, HarBodyKeepsTheEscapedTextAsTheFileHasIt) {
  const std::string path = write("a.har", join(kHar));
  const auto exchanges = read_all(path);
  ASSERT_EQ(exchanges.size(), 4U);
  ASSERT_TRUE(exchanges[0].request.has_value());
  EXPECT_EQ(exchanges[0].request->raw, R"({\"possessionType\": \"none\"})");
  // Line 13: 10 spaces, `"postData": {"mimeType": "application/json", "text": "` (54).
  EXPECT_EQ(exchanges[0].request->anchor.column, 64U);
  ASSERT_TRUE(exchanges[0].response.has_value());
  EXPECT_EQ(exchanges[0].response->raw, R"({\"a\": \"caf\u00e9\\n\"})");
}

TEST_F(CaptureReaderTest, HarEntryPositionIsItsOpeningBrace) {
  const std::string path = write("a.har", join(kHar));
  const auto exchanges = read_all(path);
  ASSERT_EQ(exchanges.size(), 4U);
  EXPECT_EQ(exchanges[0].line, 6U);
  EXPECT_EQ(exchanges[0].column, 7U);
  EXPECT_EQ(exchanges[1].line, 22U);
  EXPECT_EQ(exchanges[1].column, 7U);
  EXPECT_EQ(exchanges[2].line, 23U);
  EXPECT_EQ(exchanges[2].column, 7U);
  EXPECT_EQ(exchanges[3].line, 26U);
  EXPECT_EQ(exchanges[3].column, 8U);
}

TEST_F(CaptureReaderTest, Base64BodiesAreDecodedAndHaveNoTextAnchor) {
  const std::string path = write("a.har", join(kHar));
  const auto exchanges = read_all(path);
  ASSERT_EQ(exchanges.size(), 4U);
  ASSERT_TRUE(exchanges[2].response.has_value());
  EXPECT_EQ(exchanges[2].response->text, R"({"a":1})");
  EXPECT_TRUE(exchanges[2].response->problem.empty());
  EXPECT_EQ(exchanges[2].response->anchor.kind, TextAnchor::Kind::none);
  EXPECT_EQ(exchanges[2].response->source, path + "#/log/entries/2/response/content/text");

  ASSERT_TRUE(exchanges[3].response.has_value());
  EXPECT_FALSE(exchanges[3].response->problem.empty());
  EXPECT_NE(exchanges[3].response->problem.find("base64"), std::string::npos) << exchanges[3].response->problem;
  EXPECT_EQ(exchanges[3].response->anchor.kind, TextAnchor::Kind::none);
  // The request of the same entry, not base64, is untouched.
  ASSERT_TRUE(exchanges[3].request.has_value());
  EXPECT_TRUE(exchanges[3].request->problem.empty());
  EXPECT_EQ(exchanges[3].request->anchor.kind, TextAnchor::Kind::json_string);
}

TEST_F(CaptureReaderTest, HeadersAndCookiesAreNotKept) {
  const std::string path = write("a.har", join(kHar));
  const auto exchanges = read_all(path);
  ASSERT_EQ(exchanges.size(), 4U);
  ASSERT_NE(slurp(path).find("SECRET"), std::string::npos);  // they are in the file
  for (const Exchange& exchange : exchanges) {
    std::vector<std::string> fields = {exchange.entry, exchange.method, exchange.url};
    for (const auto* body : {&exchange.request, &exchange.response}) {
      if (body->has_value()) {
        fields.push_back((*body)->text);
        fields.push_back((*body)->source);
        fields.push_back((*body)->problem);
      }
    }
    for (const std::string& field : fields) {
      EXPECT_EQ(field.find("SECRET"), std::string::npos) << exchange.entry << ": " << field;
      EXPECT_EQ(field.find("Authorization"), std::string::npos) << exchange.entry << ": " << field;
    }
  }
}

TEST_F(CaptureReaderTest, JsonThatIsNotAHarIsAnError) {
  for (const std::string content : {R"([{"log": {"entries": []}}])", R"({"log": {"version": "1.2"}})",
                                    R"({"entries": [{"request": {}}]})", R"({"log": {"entries": {}}})", "42"}) {
    int visited = 0;
    const CaptureProblem problem = read_har(write("x.har", content), conform::Limits{}, [&](Exchange&) { ++visited; });
    EXPECT_TRUE(problem.findings.empty()) << content;
    EXPECT_EQ(problem.error.rfind("not a HAR 1.2 capture", 0), 0U) << content << " -> " << problem.error;
    EXPECT_EQ(visited, 0) << content;
  }
}

TEST_F(CaptureReaderTest, EmptyEntriesIsAHar) {
  int visited = 0;
  const CaptureProblem problem = read_har(write("x.har", R"({"log": {"version": "1.2", "entries": []}})"),
                                          conform::Limits{}, [&](Exchange&) { ++visited; });
  EXPECT_TRUE(problem.ok()) << problem.error;
  EXPECT_EQ(visited, 0);
}

TEST_F(CaptureReaderTest, MissingFileIsAnError) {
  const CaptureProblem problem = read_har((root_ / "missing.har").string(), conform::Limits{}, [](Exchange&) {});
  EXPECT_TRUE(problem.findings.empty());
  EXPECT_EQ(problem.error.rfind("cannot open", 0), 0U) << problem.error;
}

TEST_F(CaptureReaderTest, MalformedHarIsOneSyntaxFindingAtItsPosition) {
  const std::string path = write("bad.har", join({
                                                /* 1 */ R"({"log": {"entries": [)",
                                                /* 2 */ R"(  {"request": {"method": "POST", "url": "/v3/mfa"}},)",
                                                /* 3 */ R"(  {"comment": "café" "request": {}})",
                                                /* 4 */ R"(]}})",
                                            }));
  CaptureProblem problem;
  const auto exchanges = read_all(path, &problem);
  EXPECT_TRUE(problem.error.empty()) << problem.error;
  ASSERT_EQ(problem.findings.size(), 1U);
  EXPECT_EQ(problem.findings[0].keyword, "syntax");
  EXPECT_EQ(problem.findings[0].line, 3U);
  EXPECT_EQ(problem.findings[0].column, 22U);  // the '"' of "request", in code points (é is one)
  EXPECT_FALSE(problem.findings[0].message.empty());
  // The entry before the error was streamed already.
  ASSERT_EQ(exchanges.size(), 1U);
  EXPECT_EQ(exchanges[0].url, "/v3/mfa");
}

TEST_F(CaptureReaderTest, TruncatedHarIsASyntaxFindingOnItsLastLine) {
  const std::string path = write("cut.har", "{\"log\": {\"entries\": [\n  {\"request\": {\"method\": \"PO");
  CaptureProblem problem;
  read_all(path, &problem);
  ASSERT_EQ(problem.findings.size(), 1U);
  EXPECT_EQ(problem.findings[0].keyword, "syntax");
  EXPECT_EQ(problem.findings[0].line, 2U);
  EXPECT_GE(problem.findings[0].column, 15U);
  EXPECT_LE(problem.findings[0].column, 30U);
}

// ---- place_in_file -----------------------------------------------------------

// Line 4 holds a body stored as a JSON string with escapes. Its content
// starts at column 48: 6 spaces, `"postData": {` (13), `"comment": "café", `
// (19 code points), `"text": "` (9).
const std::vector<std::string> kEscapedHar = {
    /* 1 */ R"({"log": {"entries": [)",
    /* 2 */ R"(  {)",
    /* 3 */ R"(    "request": {"method": "POST", "url": "/v3/mfa",)",
    /* 4 */ R"(      "postData": {"comment": "café", "text": "{\"k\": \"\u00e9\ud83d\ude00Xü\",\n\"n\": 1}"}},)",
    /* 5 */ R"(    "response": {"status": 200, "content": {"encoding": "base64", "text": "eyJhIjoxfQ=="}})",
    /* 6 */ R"(  })",
    /* 7 */ R"(]}})",
};

TEST_F(CaptureReaderTest, PlaceInFileMapsDecodedPositionsToEscapedText) {
  const std::string path = write("escaped.har", join(kEscapedHar));
  const auto exchanges = read_all(path);
  ASSERT_EQ(exchanges.size(), 1U);
  ASSERT_TRUE(exchanges[0].request.has_value());
  const BodyText& body = *exchanges[0].request;
  // Decoded: line 1 `{"k": "é😀Xü",`, line 2 `"n": 1}`.
  ASSERT_EQ(body.text, "{\"k\": \"\xC3\xA9\xF0\x9F\x98\x80X\xC3\xBC\",\n\"n\": 1}");
  struct Case {
    std::uint64_t line, column, file_column;
  };
  // Raw text from column 48: { \" k \" : ␠ \" \u00e9 \ud83d\ude00 X ü \" , \n \" n \" : ␠ 1 }
  for (const Case& c : {Case{1, 1, 48}, Case{1, 2, 49}, Case{1, 3, 51}, Case{1, 4, 52}, Case{1, 7, 56}, Case{1, 8, 58},
                        Case{1, 9, 64}, Case{1, 10, 76}, Case{1, 11, 77}, Case{1, 12, 78}, Case{1, 13, 80},
                        Case{2, 1, 83}, Case{2, 2, 85}, Case{2, 6, 90}, Case{2, 7, 91}}) {
    const FilePosition placed = place_in_file(body, c.line, c.column);
    EXPECT_EQ(placed.line, 4U) << c.line << ":" << c.column;
    EXPECT_EQ(placed.column, c.file_column) << c.line << ":" << c.column;
  }
}

TEST_F(CaptureReaderTest, PlaceInFileOfABase64BodyIsItsOpeningQuote) {
  const std::string path = write("escaped.har", join(kEscapedHar));
  const auto exchanges = read_all(path);
  ASSERT_EQ(exchanges.size(), 1U);
  ASSERT_TRUE(exchanges[0].response.has_value());
  ASSERT_EQ(exchanges[0].response->text, R"({"a":1})");
  for (std::uint64_t column : {1U, 5U}) {
    const FilePosition placed = place_in_file(*exchanges[0].response, 1, column);
    EXPECT_EQ(placed.line, 5U);
    EXPECT_EQ(placed.column, 75U);  // the '"' before eyJh...
  }
}

TEST_F(CaptureReaderTest, PlaceInFileWithoutAnchorIsUnknown) {
  BodyText body;
  body.text = "{}";
  const FilePosition placed = place_in_file(body, 1, 1);
  EXPECT_EQ(placed.line, 0U);
  EXPECT_EQ(placed.column, 0U);
}

TEST_F(CaptureReaderTest, PositionsSurviveBlockBoundaries) {
  // The body's text starts a few bytes before the reader's 256 KiB block ends.
  const std::string head = R"({"log": {"comment": ")";
  const std::string middle =
      "\",\n\"entries\": [{\"request\": {\"method\": \"POST\", \"url\": \"/v3/mfa\", "
      "\"postData\": {\"text\": \"";
  const std::string tail = R"({\"k\":\n\"\u00e9x\"}"}}}]}})"
                           "\n";
  const std::size_t pad = 256 * 1024 - 3 - head.size() - middle.size();
  const std::string path = write("big.har", head + std::string(pad, 'p') + middle + tail);
  const auto exchanges = read_all(path);
  ASSERT_EQ(exchanges.size(), 1U);
  ASSERT_TRUE(exchanges[0].request.has_value());
  const BodyText& body = *exchanges[0].request;
  EXPECT_EQ(body.text, "{\"k\":\n\"\xC3\xA9x\"}");
  EXPECT_EQ(body.anchor.column, 83U);
  EXPECT_EQ(exchanges[0].line, 2U);
  EXPECT_EQ(exchanges[0].column, 13U);
  // Line 2: `"entries": [{"request": {"method": "POST", "url": "/v3/mfa", "postData": {"text": "` is 83 code
  // points, so the raw text starts at column 84: {\"k\":\n\"\u00e9x puts the x 17 further.
  const FilePosition x = place_in_file(body, 2, 3);  // the x after é
  EXPECT_EQ(x.line, 2U);
  EXPECT_EQ(x.column, 101U);
}

// ---- NDJSON capture lines ------------------------------------------------------

TEST_F(CaptureReaderTest, CaptureLineObjectBodiesAreVerbatimSlices) {
  const std::string line =
      R"({"path": "/v3/mfa",  "request": {"k": "é",  "n": [1, 2]}, "status": 200, "response": { }})";
  Exchange exchange;
  const CaptureProblem problem = read_capture_line(line, "x.ndjson:3", 3, conform::Limits{}, exchange);
  EXPECT_TRUE(problem.ok()) << problem.error;
  EXPECT_EQ(exchange.entry, "x.ndjson:3");
  EXPECT_EQ(exchange.line, 3U);
  EXPECT_EQ(exchange.column, 1U);
  EXPECT_EQ(exchange.method, "POST");
  EXPECT_EQ(exchange.url, "/v3/mfa");
  EXPECT_EQ(exchange.status, 200);
  ASSERT_TRUE(exchange.request.has_value());
  EXPECT_EQ(exchange.request->text, R"({"k": "é",  "n": [1, 2]})");
  EXPECT_EQ(exchange.request->source, "x.ndjson:3#/request");
  EXPECT_EQ(exchange.request->anchor.kind, TextAnchor::Kind::verbatim);
  EXPECT_EQ(exchange.request->anchor.column, 32U);  // code points before its '{'
  EXPECT_EQ(exchange.request->anchor.line, 3U);
  ASSERT_TRUE(exchange.response.has_value());
  EXPECT_EQ(exchange.response->text, "{ }");
  EXPECT_EQ(exchange.response->source, "x.ndjson:3#/response");
}

TEST_F(CaptureReaderTest, CaptureLineStringBodiesAreDecoded) {
  const std::string line = R"({"url": "https://h/v3/mfa-status", "method": "get", "request": "{\"a\": \"\u00e9\"}"})";
  Exchange exchange;
  const CaptureProblem problem = read_capture_line(line, "x.ndjson:1", 1, conform::Limits{}, exchange);
  EXPECT_TRUE(problem.ok()) << problem.error;
  EXPECT_EQ(exchange.url, "https://h/v3/mfa-status");
  EXPECT_EQ(exchange.method, "GET");  // loggers lower-case methods; routes are upper case
  EXPECT_EQ(exchange.status, 0);
  ASSERT_TRUE(exchange.request.has_value());
  EXPECT_EQ(exchange.request->text, "{\"a\": \"\xC3\xA9\"}");
  EXPECT_EQ(exchange.request->anchor.kind, TextAnchor::Kind::json_string);
  EXPECT_EQ(exchange.request->raw, R"({\"a\": \"\u00e9\"})");
  EXPECT_FALSE(exchange.response.has_value());
}

TEST_F(CaptureReaderTest, CaptureLineWithoutPathIsAnError) {
  Exchange exchange;
  const CaptureProblem problem =
      read_capture_line(R"({"request": {}, "status": 200})", "x.ndjson:2", 2, conform::Limits{}, exchange);
  EXPECT_TRUE(problem.findings.empty());
  EXPECT_NE(problem.error.find("\"path\""), std::string::npos) << problem.error;
}

TEST_F(CaptureReaderTest, CaptureLineThatIsNoObjectIsAnError) {
  Exchange exchange;
  const CaptureProblem problem = read_capture_line(R"(["/v3/mfa", {}])", "x.ndjson:2", 2, conform::Limits{}, exchange);
  EXPECT_TRUE(problem.findings.empty());
  EXPECT_FALSE(problem.error.empty());
}

TEST_F(CaptureReaderTest, MalformedCaptureLineGivesFindingsWithItsLineNumber) {
  Exchange exchange;
  const CaptureProblem problem =
      read_capture_line(R"({"path": "/v3/mfa", "request": {"a": }})", "x.ndjson:9", 9, conform::Limits{}, exchange);
  EXPECT_TRUE(problem.error.empty()) << problem.error;
  ASSERT_FALSE(problem.findings.empty());
  EXPECT_EQ(problem.findings[0].keyword, "syntax");
  for (const auto& finding : problem.findings) EXPECT_EQ(finding.line, 9U);
  EXPECT_EQ(problem.findings[0].column, 38U);  // the '}' where a value should be
}

TEST_F(CaptureReaderTest, PlaceInFileMapsVerbatimBodiesColumnByColumn) {
  const std::string first = R"({"path": "/v3/mfa", "request": {}})";
  const std::string third =
      R"({"path": "/v3/mfa", "note": "ü", "request": {"k": "é", "n": 1}, "status": 200, "response": "{\"s\": \"\u00e9t\u00e9\"}"})";
  const std::string path = write("c.ndjson", first + "\n\n" + third + "\n");
  Exchange exchange;
  const std::string source = path + ":3";
  ASSERT_TRUE(read_capture_line(third, source, 3, conform::Limits{}, exchange).ok());
  ASSERT_TRUE(exchange.request.has_value());
  EXPECT_EQ(exchange.request->text, R"({"k": "é", "n": 1})");
  // The body's '{' is at column 45 of line 3 (ü is one code point).
  for (std::uint64_t column = 1; column <= 18; ++column) {
    const FilePosition placed = place_in_file(*exchange.request, 1, column);
    EXPECT_EQ(placed.line, 3U);
    EXPECT_EQ(placed.column, 44U + column) << column;
  }
  // The response is a JSON string starting at column 93: {\"s\": \"\u00e9t\u00e9\"}
  ASSERT_TRUE(exchange.response.has_value());
  EXPECT_EQ(exchange.response->text, "{\"s\": \"\xC3\xA9t\xC3\xA9\"}");
  EXPECT_EQ(place_in_file(*exchange.response, 1, 1).column, 93U);
  EXPECT_EQ(place_in_file(*exchange.response, 1, 8).column, 103U);
  EXPECT_EQ(place_in_file(*exchange.response, 1, 9).column, 109U);
  EXPECT_EQ(place_in_file(*exchange.response, 1, 10).column, 110U);
  EXPECT_EQ(place_in_file(*exchange.response, 1, 12).column, 118U);
  EXPECT_EQ(place_in_file(*exchange.response, 1, 12).line, 3U);
}

// ---- format sniffing -------------------------------------------------------------

TEST(LooksLikeHar, RecognisesALogObject) {
  EXPECT_TRUE(looks_like_har(R"({"log": {"version": "1.2"}})"));
  EXPECT_TRUE(looks_like_har("\n  {\r\n\t\"log\":{"));
  EXPECT_TRUE(looks_like_har(R"({"log")"));                // a head may be cut anywhere
  EXPECT_TRUE(looks_like_har("\xEF\xBB\xBF{\"log\": {"));  // Windows tools write a byte order mark
}

TEST(LooksLikeHar, RejectsOtherJson) {
  EXPECT_FALSE(looks_like_har(""));
  EXPECT_FALSE(looks_like_har("   "));
  EXPECT_FALSE(looks_like_har(R"({"logs": {}})"));
  EXPECT_FALSE(looks_like_har(R"({"possessionType": "none"})"));
  EXPECT_FALSE(looks_like_har(R"([{"log": {}}])"));
  EXPECT_FALSE(looks_like_har(R"("log")"));
  EXPECT_FALSE(looks_like_har(R"({"lo)"));
}

TEST(LooksLikeCaptureLine, RecognisesExchanges) {
  EXPECT_TRUE(looks_like_capture_line(R"({"path": "/v3/mfa", "request": {"possessionType": "none"}})"));
  EXPECT_TRUE(looks_like_capture_line(R"({"path": "/v3/mfa", "status": 200, "response": "{}"})"));
}

// "url" stands for "path" in detection as in reading.
TEST(LooksLikeCaptureLine, RecognisesExchangesWithUrl) {
  EXPECT_TRUE(looks_like_capture_line(R"({"url": "https://h/v3/mfa", "request": {}})"));
}

TEST(LooksLikeCaptureLine, RejectsBodiesAndBrokenLines) {
  EXPECT_FALSE(looks_like_capture_line(R"({"possessionType": "none"})"));
  EXPECT_FALSE(looks_like_capture_line(R"({"path": "/v3/mfa"})"));                   // no body
  EXPECT_FALSE(looks_like_capture_line(R"({"request": {}, "response": {}})"));       // no path
  EXPECT_FALSE(looks_like_capture_line(R"({"path": 7, "request": {}})"));            // path not a string
  EXPECT_FALSE(looks_like_capture_line(R"([{"path": "/v3/mfa", "request": {}}])"));  // not an object
  EXPECT_FALSE(looks_like_capture_line(R"({"path": "/v3/mfa", "request": )"));       // malformed
  EXPECT_FALSE(looks_like_capture_line(""));
}

}  // namespace

namespace conform_inputs_limits {

using conform::Limits;

std::vector<Exchange> read_with(const std::string& path, const Limits& limits, CaptureProblem& problem) {
  std::vector<Exchange> exchanges;
  problem = read_har(path, limits, [&](Exchange& exchange) { exchanges.push_back(exchange); });
  return exchanges;
}

std::string entry(std::string_view text_member) {
  return std::string(R"({"request": {"method": "POST", "url": "/v3/mfa", "postData": {)") + std::string(text_member) +
         "}}}";
}

// Positions come from what was read: the file may be gone by the time a finding is placed.
TEST_F(CaptureReaderTest, PositionsNeedNotTheFileAgain) {
  const std::string path = write("gone.har", join(kEscapedHar));
  const auto exchanges = read_all(path);
  ASSERT_EQ(exchanges.size(), 1U);
  fs::remove(path);
  write("gone.har", "{}");  // another file in its place
  const FilePosition placed = place_in_file(*exchanges[0].request, 1, 10);
  EXPECT_EQ(placed.line, 4U);
  EXPECT_EQ(placed.column, 76U);
}

// A syntax error's column is counted while reading: a FIFO cannot be read twice.
TEST_F(CaptureReaderTest, SyntaxErrorColumnIsCountedWhileReading) {
  const std::string path = (root_ / "pipe.har").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const std::string content = R"({"log": {"comment": ")" + std::string(300'000, 'x') + "\u00e9\", \"entries\": [}";
  std::atomic<bool> done{false};
  std::thread writer([&] {
    {
      std::ofstream out(path, std::ios::binary);
      out << content;
    }
    // Were the reader to open the path again, it finds an empty pipe instead of hanging.
    for (int i = 0; i < 500 && !done; ++i) {
      const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd >= 0) ::close(fd);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  CaptureProblem problem;
  read_with(path, Limits{}, problem);
  done = true;
  writer.join();
  ASSERT_EQ(problem.findings.size(), 1U) << problem.error;
  EXPECT_EQ(problem.findings[0].keyword, "syntax");
  EXPECT_EQ(problem.findings[0].line, 1U);
  EXPECT_EQ(problem.findings[0].column, 300'000U + 38U);  // the '}' where a value belongs; é is one code point
}

// Strings past --max-bytes are measured as they are read, never held; base64
// bodies are measured by their decoded size, computed from the encoded length.
TEST_F(CaptureReaderTest, BodiesPastTheLimitAreMeasuredNotHeld) {
  const Limits limits{1000, 64};
  const std::string escaped = repeat_text("\\\"a", 400);      // 1200 raw, 800 decoded: within
  const std::string long_text = repeat_text("\\u00e9", 600);  // 1200 decoded bytes
  const std::string base64_long = std::string(1600, 'Q');     // 1200 decoded bytes
  const std::string base64_within = std::string(1332, 'Q');   // 999 decoded bytes
  const std::string content = "{\"log\": {\"entries\": [" + entry("\"text\": \"" + escaped + "\"") + ",\n" +
                              entry("\"text\": \"" + long_text + "\"") + ",\n" +
                              entry("\"text\": \"" + base64_long + "\", \"encoding\": \"base64\"") + ",\n" +
                              entry("\"encoding\": \"base64\", \"text\": \"" + base64_within + "\"") + "]}}";
  CaptureProblem problem;
  const auto exchanges = read_with(write("long.har", content), limits, problem);
  EXPECT_TRUE(problem.ok()) << problem.error;
  ASSERT_EQ(exchanges.size(), 4U);
  EXPECT_FALSE(exchanges[0].request->too_long);
  EXPECT_EQ(exchanges[0].request->text.size(), 800U);
  ASSERT_TRUE(exchanges[1].request->too_long);
  EXPECT_EQ(*exchanges[1].request->too_long, 1200U);
  EXPECT_TRUE(exchanges[1].request->text.empty());
  EXPECT_EQ(exchanges[1].request->anchor.line, 2U);
  ASSERT_TRUE(exchanges[2].request->too_long);
  EXPECT_EQ(*exchanges[2].request->too_long, 1200U);
  EXPECT_FALSE(exchanges[3].request->too_long);
  EXPECT_EQ(exchanges[3].request->text.size(), 999U);
}

// What follows the cut of a long string is still checked: a bad escape or
// bad UTF-8 there makes the capture ill-formed, at its place.
TEST_F(CaptureReaderTest, WhatFollowsTheCutIsStillChecked) {
  const Limits limits{100, 64};
  struct Case {
    std::string tail;
    std::string keyword;
  };
  for (const Case& c : {Case{"\\q", "syntax"}, Case{"\\u12G4", "syntax"}, Case{"\\ud800x", "syntax"},
                        Case{"\\ud800\\u0041", "syntax"}, Case{"\xC3(", "encoding"}, Case{"\xFF", "encoding"},
                        Case{std::string(1, '\t'), "syntax"}, Case{"\xE0\x80\x80", "encoding"}}) {
    const std::string content =
        "{\"log\": {\"entries\": [" + entry("\"text\": \"" + std::string(500, 'a') + c.tail + "b\"") + "]}}";
    CaptureProblem problem;
    read_with(write("cut.har", content), limits, problem);
    ASSERT_EQ(problem.findings.size(), 1U) << c.tail;
    EXPECT_EQ(problem.findings[0].keyword, c.keyword) << c.tail;
  }
  // And what is well-formed passes: escapes of every kind, multi-byte UTF-8.
  const std::string fine = std::string(500, 'a') + "\\n\\\"\\u00e9\\ud83d\\ude00\xC3\xA9\xF0\x9F\x98\x80";
  CaptureProblem problem;
  const auto exchanges = read_with(
      write("fine.har", "{\"log\": {\"entries\": [" + entry("\"text\": \"" + fine + "\"") + "]}}"), limits, problem);
  EXPECT_TRUE(problem.ok()) << (problem.findings.empty() ? problem.error : problem.findings[0].message);
  ASSERT_EQ(exchanges.size(), 1U);
  ASSERT_TRUE(exchanges[0].request->too_long);
  EXPECT_EQ(*exchanges[0].request->too_long, 500U + 2 + 2 + 4 + 2 + 4);
}

// --max-depth holds for captures: nesting past it is a limit finding, read no further.
TEST_F(CaptureReaderTest, NestingPastMaxDepthIsALimitFinding) {
  for (const std::size_t depth : {300U, 600U}) {
    const std::string content =
        "{\"log\": {\"entries\": [], \"x\": " + std::string(depth, '[') + std::string(depth, ']') + "}}";
    CaptureProblem problem;
    read_with(write("deep.har", content), Limits{1000, 256}, problem);
    ASSERT_EQ(problem.findings.size(), 1U) << problem.error;
    EXPECT_EQ(problem.findings[0].keyword, "limit");
    EXPECT_EQ(problem.findings[0].column, 29U + 255U);  // the bracket that opens level 257
  }
}

}  // namespace conform_inputs_limits
