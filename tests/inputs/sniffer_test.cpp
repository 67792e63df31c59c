#include "inputs/sniffer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/byte_source.hpp"

namespace {

using conform::inputs::classify_line;
using conform::inputs::Encoding;
using conform::inputs::Layout;
using conform::inputs::LineKind;
using conform::inputs::NameHint;
using conform::inputs::sniff_bytes;

const std::string kExchange =
    R"({"path": "/v3/mfa-status", "request": {"correlationId": "713189b8-5555-4b08-83ba-75d08780aebd"}, "status": 200})";
const std::string kBody = R"({"correlationId": "713189b8-5555-4b08-83ba-75d08780aebd"})";

Layout layout(const std::string& bytes, NameHint hint = NameHint::none) {
  return sniff_bytes(bytes, true, hint, std::nullopt).layout;
}

TEST(Sniffer, TellsTheLayoutFromTheBytesWhateverTheName) {
  EXPECT_EQ(layout(kBody), Layout::json);
  EXPECT_EQ(layout(kBody + "\n"), Layout::json);
  EXPECT_EQ(layout("{\n  \"a\": [\n    {\"b\": 1}\n  ]\n}\n"), Layout::json);  // printed over lines
  EXPECT_EQ(layout("[\n  \"a\",\n  \"b\"\n]"), Layout::json);
  EXPECT_EQ(layout(R"({"log": {"version": "1.2", "entries": []}})"), Layout::har);
  // A docker json-file log line is no HAR.
  EXPECT_EQ(layout("{\"log\": \"started\\n\", \"stream\": \"stdout\"}\n{\"log\": \"x\"}\n"), Layout::ndjson);
  for (std::size_t lines = 2; lines <= 64; lines *= 2) {
    std::string bodies;
    std::string exchanges;
    for (std::size_t i = 0; i < lines; ++i) bodies += kBody + "\n", exchanges += kExchange + "\n";
    EXPECT_EQ(layout(bodies), Layout::ndjson);
    EXPECT_EQ(layout(exchanges), Layout::exchanges);
    EXPECT_EQ(layout(exchanges, NameHint::lines), Layout::exchanges);
  }
  EXPECT_EQ(layout(kBody + "\n", NameHint::lines), Layout::ndjson);
  EXPECT_EQ(layout("{}", NameHint::har), Layout::har);
}

// What made a whole gateway log be judged as V3MFAStatusRequest bodies.
TEST(Sniffer, ExchangesAreFoundPastWhatTheFirstLineHolds) {
  const std::vector<std::string> firsts = {
      "2026-12-01T12:00:00Z INFO gateway listening on :8080",                  // a startup log line
      R"(ationId": "713189b8-5555-4b08-83ba-75d08780aebd"}, "status": 200})",  // a line cut by a rotation
      R"({"level": "info", "msg": "started"})",                                // a JSON log line
      "",                                                                      // blank
  };
  for (const NameHint hint : {NameHint::none, NameHint::lines}) {
    for (const std::string& first : firsts) {
      for (std::size_t lines = 1; lines <= 8; lines *= 2) {
        std::string log = first + "\n";
        for (std::size_t i = 0; i < lines; ++i) log += kExchange + "\n";
        EXPECT_EQ(layout(log, hint), Layout::exchanges) << log;
      }
    }
    // One exchange, no final newline; and a byte order mark first.
    EXPECT_EQ(layout(kExchange, NameHint::lines), Layout::exchanges);
    EXPECT_EQ(layout("\xEF\xBB\xBF" + kExchange + "\n" + kExchange + "\n", hint), Layout::exchanges);
  }
}

TEST(Sniffer, AFirstExchangeLongerThanTheHeadIsReadToItsEnd) {
  for (std::size_t padding = 64 * 1024; padding <= 512 * 1024; padding *= 2) {
    std::string big = kExchange;
    big.insert(1, "\"note\": \"" + std::string(padding, 'x') + "\", ");
    const std::string log = big + "\n" + kExchange + "\n";
    auto source = conform::io::ByteSource::from_memory(log);
    EXPECT_EQ(conform::inputs::sniff(*source, NameHint::none, std::nullopt, 4 * 1024 * 1024).layout, Layout::exchanges);
    // The sniff only peeked: every byte is still to be read.
    std::string all;
    for (std::string_view block = source->next(); !block.empty(); block = source->next()) all.append(block);
    EXPECT_EQ(all, log);
  }
}

TEST(Sniffer, InputFormatForcesTheLayout) {
  for (const Layout forced : {Layout::json, Layout::ndjson, Layout::exchanges, Layout::har}) {
    EXPECT_EQ(sniff_bytes(kExchange + "\n" + kExchange, true, NameHint::none, forced).layout, forced);
  }
  EXPECT_EQ(conform::parse_input_format("exchanges"), Layout::exchanges);
  EXPECT_EQ(conform::parse_input_format("xml"), std::nullopt);
}

TEST(Sniffer, EncodingFromTheByteOrderMarkOrTheZeroBytes) {
  const auto encoding = [](const std::string& bytes) { return conform::inputs::sniff_encoding(bytes); };
  EXPECT_EQ(encoding("{}").encoding, Encoding::utf8);
  EXPECT_EQ(encoding("\xEF\xBB\xBF{}").encoding, Encoding::utf8_bom);
  EXPECT_EQ(encoding("\xEF\xBB\xBF{}").bom, 3U);
  EXPECT_EQ(encoding(std::string("\xFF\xFE{\0", 4)).encoding, Encoding::utf16le);
  EXPECT_EQ(encoding(std::string("\xFE\xFF\0{", 4)).encoding, Encoding::utf16be);
  EXPECT_EQ(encoding(std::string("{\0}\0", 4)).encoding, Encoding::utf16le);
  EXPECT_EQ(encoding(std::string("\0{\0}", 4)).encoding, Encoding::utf16be);
  EXPECT_EQ(encoding(std::string("\xFF\xFE\0\0{\0\0\0", 8)).encoding, Encoding::utf32le);
  EXPECT_EQ(encoding(std::string("\0\0\xFE\xFF\0\0\0{", 8)).encoding, Encoding::utf32be);
  EXPECT_EQ(encoding(std::string("{\0\0\0", 4)).encoding, Encoding::utf32le);
  // The layout of a UTF-16 HAR is still told, so that its reader can say what it is.
  std::string wide;
  for (const char c : std::string(R"({"log": {"entries": []}})")) wide += c, wide += '\0';
  EXPECT_EQ(sniff_bytes("\xFF\xFE" + wide, true, NameHint::none, std::nullopt).layout, Layout::har);
}

TEST(Sniffer, EachLineIsClassifiedOnItsOwn) {
  EXPECT_EQ(classify_line(kExchange), LineKind::exchange);
  EXPECT_EQ(classify_line(kBody), LineKind::body);
  EXPECT_EQ(classify_line(R"({"request": 1})"), LineKind::body);  // names a request, but has no path
  EXPECT_EQ(classify_line("{\"a\": 1,}"), LineKind::body);        // malformed: a body that fails
  EXPECT_EQ(classify_line("[1, 2"), LineKind::body);
  EXPECT_EQ(classify_line("42"), LineKind::body);
  EXPECT_EQ(classify_line("\"text\""), LineKind::body);
  EXPECT_EQ(classify_line("  \t\r"), LineKind::blank);
  EXPECT_EQ(classify_line("2026-12-01 12:00:00 INFO started"), LineKind::neither);
  EXPECT_EQ(classify_line("ationId\": \"x\"}}"), LineKind::neither);
  EXPECT_EQ(classify_line(std::string("\0", 1)), LineKind::body);  // not text: a body that fails
  EXPECT_EQ(classify_line("\xEF\xBB\xBF{}"), LineKind::body);
  EXPECT_NE(conform::inputs::neither_reason("ationId\": \"x\"}}", true).find("cut off"), std::string::npos);
  EXPECT_NE(conform::inputs::neither_reason("INFO started", false).find("log line"), std::string::npos);
}

TEST(Sniffer, NameHintsIgnoreCaseAndCompression) {
  EXPECT_EQ(conform::inputs::name_hint("a.HAR"), NameHint::har);
  EXPECT_EQ(conform::inputs::name_hint("logs/a.ndjson.gz"), NameHint::lines);
  EXPECT_EQ(conform::inputs::name_hint("a.JSONL.ZST"), NameHint::lines);
  EXPECT_EQ(conform::inputs::name_hint("a.json.gz"), NameHint::none);
  EXPECT_EQ(conform::inputs::name_hint("a.ndjson.bak"), NameHint::none);
}

// The search for a body's name runs 16 bytes at a time: a name found at
// every offset (across and at the edges of those blocks), in lines whose
// lengths double, and never one cut short by the line's end or spelled otherwise.
TEST(Sniffer, ARequestOrResponseNameIsFoundAtEveryOffset) {
  using conform::inputs::names_a_request_or_response;
  for (const std::size_t length : {20U, 40U, 80U, 160U}) {
    for (const std::string name : {"\"request", "\"response"}) {  // prefixes: request_body, responseBody
      for (std::size_t at = 0; at + name.size() <= length; ++at) {
        std::string line(length, 'x');
        line.replace(at, name.size(), name);
        EXPECT_TRUE(names_a_request_or_response(line)) << name << " at " << at << " of " << length;
        // Cut one byte short by the end of the line, or one letter changed: no name.
        EXPECT_FALSE(names_a_request_or_response(std::string_view(line).substr(0, at + name.size() - 1)))
            << name << " cut, at " << at;
        line[at + name.size() - 1] = '_';
        EXPECT_FALSE(names_a_request_or_response(line)) << name << " misspelt at " << at << " of " << length;
        line[at] = 'x';  // no quote before it
        line[at + name.size() - 1] = name.back();
        EXPECT_FALSE(names_a_request_or_response(line)) << name << " unquoted at " << at << " of " << length;
      }
    }
  }
  // Many near misses ("re of other words) before the name, more of them than one block holds.
  for (const std::size_t misses : {4U, 8U, 16U}) {
    std::string line;
    for (std::size_t i = 0; i < misses; ++i) line += "\"reason\":1,";
    EXPECT_FALSE(names_a_request_or_response(line)) << misses;
    EXPECT_TRUE(names_a_request_or_response(line + "\"response\":{}")) << misses;
  }
}

}  // namespace
