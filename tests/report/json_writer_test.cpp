#include "report/json_writer.hpp"

#include <gtest/gtest.h>

#include <rapidjson/document.h>
#include "json/rapidjson_config.hpp"

#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace conform::report {
namespace {

// A JSON string written by JsonWriter, as its bytes in the report.
std::string literal_of(std::string_view text) {
  std::ostringstream out;
  {
    JsonWriter writer(out);
    writer.writer_.StartArray();
    writer.string(text);
    writer.writer_.EndArray();
    writer.stream_.Flush();
  }
  const std::string whole = out.str();  // "[\n  <literal>\n]"
  return whole.substr(4, whole.size() - 6);
}

// Each character that needs care, at the start, in the middle and at the end
// of runs of plain ASCII of doubling length: the runs copied whole must leave
// every escape where the character was.
TEST(JsonWriter, EscapesEveryCharacterThatNeedsItAroundRunsOfPlainAscii) {
  struct Case {
    std::string_view raw;
    std::string_view written;
  };
  const std::vector<Case> cases = {
      {"\"", "\\\""},
      {"\\", "\\\\"},
      {"\n", "\\n"},
      {"\t", "\\t"},
      {"\r", "\\u000d"},
      {"\x01", "\\u0001"},
      {"\x1b", "\\u001b"},
      {"\x7f", "\\u007f"},
      {"\xc2\x85", "\\u0085"},
      {"\xff", "\xEF\xBF\xBD"},
      {"\xc3\xa9", "\xc3\xa9"},
      {"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"},
      {"\xe2\x82", "\xEF\xBF\xBD"},
  };
  for (std::size_t length = 1; length <= 4096; length *= 2) {
    const std::string run(length, 'a');
    for (const Case& c : cases) {
      const std::string raw = std::string(c.raw) + run + std::string(c.raw) + run + std::string(c.raw);
      const std::string expected =
          "\"" + std::string(c.written) + run + std::string(c.written) + run + std::string(c.written) + "\"";
      EXPECT_EQ(literal_of(raw), expected) << length;
    }
  }
  EXPECT_EQ(literal_of(""), "\"\"");
  EXPECT_EQ(literal_of("plain"), "\"plain\"");
}

// Keys: ASCII as RapidJSON escapes it; anything else made valid UTF-8 first.
TEST(JsonWriter, KeysAreValidUtf8) {
  std::ostringstream out;
  {
    JsonWriter writer(out);
    writer.writer_.StartObject();
    writer.member("a\"b", "1");
    writer.member("x\xff", "2");
    writer.writer_.EndObject();
    writer.stream_.Flush();
  }
  EXPECT_EQ(out.str(), "{\n  \"a\\\"b\": \"1\",\n  \"x\xEF\xBF\xBD\": \"2\"\n}");
}

// The buffer in front of the stream: strings of doubling length on both sides
// of its size, many of them, come out whole and in order.
TEST(JsonWriter, OutputPastTheBufferComesOutWholeAndInOrder) {
  for (std::size_t length = 1024; length <= 4 * BufferedOutput::kSize; length *= 2) {
    for (const std::size_t count : {1U, 7U, 70U}) {
      std::ostringstream out;
      std::vector<std::string> written;
      {
        JsonWriter writer(out);
        writer.writer_.StartArray();
        for (std::size_t i = 0; i < count; ++i) {
          written.push_back(std::string(length + i, static_cast<char>('a' + i % 26)));
          writer.string(written.back());
          writer.stream_.append("");  // no bytes: nothing changes
        }
        writer.writer_.EndArray();
        writer.stream_.Flush();
      }
      rapidjson::Document read;
      read.Parse(out.str().data(), out.str().size());
      ASSERT_FALSE(read.HasParseError()) << length << " x " << count;
      ASSERT_EQ(read.Size(), count);
      for (std::size_t i = 0; i < count; ++i)
        EXPECT_EQ(read[static_cast<rapidjson::SizeType>(i)].GetString(), written[i]);
    }
  }
}

// Raw bytes appended between values, larger and smaller than what is left of the buffer.
TEST(JsonWriter, AppendedBytesKeepTheirPlace) {
  std::ostringstream out;
  std::string expected;
  {
    BufferedOutput stream(out);
    for (std::size_t length = 1; length <= 2 * BufferedOutput::kSize; length *= 3) {
      const std::string piece(length, static_cast<char>('a' + length % 26));
      stream.append(piece);
      stream.Put('|');
      expected += piece + "|";
    }
  }  // what is left is written when the stream goes
  EXPECT_EQ(out.str(), expected);
}

}  // namespace
}  // namespace conform::report
