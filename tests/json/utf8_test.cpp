#include "json/utf8.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace {

using namespace std::string_view_literals;
using conform::json::find_encoding_problem;

constexpr std::size_t kNoProblem = static_cast<std::size_t>(-1);

// The offset of the first problem, or kNoProblem.
std::size_t problem_offset(std::string_view bytes) {
  const auto problem = find_encoding_problem(bytes);
  if (!problem) return kNoProblem;
  EXPECT_FALSE(problem->reason.empty()) << "a problem needs a reason";
  return problem->offset;
}

// ---------------------------------------------------------------------------
// Valid text

TEST(FindEncodingProblem, ValidTextHasNone) {
  EXPECT_EQ(problem_offset(""), kNoProblem);
  EXPECT_EQ(problem_offset("x"), kNoProblem);
  EXPECT_EQ(problem_offset(R"({"a": [1, 2.5, true, null, "x"]})"), kNoProblem);
  EXPECT_EQ(problem_offset("\xC2\x80"), kNoProblem);          // U+0080, smallest 2-byte
  EXPECT_EQ(problem_offset("\xC3\xA9"), kNoProblem);          // é
  EXPECT_EQ(problem_offset("\xDF\xBF"), kNoProblem);          // U+07FF
  EXPECT_EQ(problem_offset("\xE0\xA0\x80"), kNoProblem);      // U+0800, smallest 3-byte
  EXPECT_EQ(problem_offset("\xE2\x82\xAC"), kNoProblem);      // €
  EXPECT_EQ(problem_offset("\xED\x9F\xBF"), kNoProblem);      // U+D7FF, just below the surrogates
  EXPECT_EQ(problem_offset("\xEE\x80\x80"), kNoProblem);      // U+E000, just above them
  EXPECT_EQ(problem_offset("\xEF\xBF\xBF"), kNoProblem);      // U+FFFF
  EXPECT_EQ(problem_offset("\xF0\x90\x80\x80"), kNoProblem);  // U+10000, smallest 4-byte
  EXPECT_EQ(problem_offset("\xF0\x9F\x98\x80"), kNoProblem);  // U+1F600
  EXPECT_EQ(problem_offset("\xF4\x8F\xBF\xBF"), kNoProblem);  // U+10FFFF, the last code point
  EXPECT_EQ(problem_offset("\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\""), kNoProblem);
}

TEST(FindEncodingProblem, ValidTextLongerThanTheEightByteFastPath) {
  // A multi-byte character right after an 8-byte ASCII run, at the start of
  // the next chunk.
  EXPECT_EQ(problem_offset("abcdefgh\xC3\xA9"), kNoProblem);
  EXPECT_EQ(problem_offset("abcdefgh\xF0\x9F\x98\x80"
                           "abcdefgh"),
            kNoProblem);
  // Characters that straddle chunk boundaries.
  EXPECT_EQ(problem_offset("abcdefg\xC3\xA9"
                           "abcdefghijklmnop"),
            kNoProblem);
  EXPECT_EQ(problem_offset("abcdef\xE2\x82\xAC"
                           "abcdefghijklmnop\xF0\x9F\x98\x80"),
            kNoProblem);

  std::string long_text;
  for (int i = 0; i < 200; ++i)
    long_text += "{\"k\": \"plain ascii text\", \"v\": \"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"}\n";
  EXPECT_EQ(problem_offset(long_text), kNoProblem);
  EXPECT_EQ(problem_offset(std::string(1000, 'a')), kNoProblem);
}

// ---------------------------------------------------------------------------
// Invalid UTF-8: the exact offset of the first bad byte

TEST(FindEncodingProblem, StrayContinuationByte) {
  EXPECT_EQ(problem_offset("ab\x80"), 2U);
  EXPECT_EQ(problem_offset("ab\xBF"
                           "cd"),
            2U);
  EXPECT_EQ(problem_offset("\xC3\xA9\x80"), 2U);  // one continuation too many after é
  EXPECT_EQ(problem_offset("\x80"
                           "abc"),
            0U);
}

TEST(FindEncodingProblem, OverlongTwoByteLeads) {
  EXPECT_EQ(problem_offset("ab\xC0\xAF"), 2U);  // overlong '/'
  EXPECT_EQ(problem_offset("ab\xC0\x80"), 2U);  // overlong NUL
  EXPECT_EQ(problem_offset("ab\xC1\xBF"), 2U);
}

TEST(FindEncodingProblem, OverlongThreeAndFourByteForms) {
  EXPECT_EQ(problem_offset("ab\xE0\x80\x80"), 2U);
  EXPECT_EQ(problem_offset("ab\xE0\x9F\xBF"), 2U);  // U+07FF in three bytes
  EXPECT_EQ(problem_offset("ab\xF0\x80\x80\x80"), 2U);
  EXPECT_EQ(problem_offset("ab\xF0\x8F\xBF\xBF"), 2U);  // U+FFFF in four bytes
}

TEST(FindEncodingProblem, EncodedSurrogates) {
  EXPECT_EQ(problem_offset("ab\xED\xA0\x80"), 2U);  // U+D800
  EXPECT_EQ(problem_offset("ab\xED\xBF\xBF"), 2U);  // U+DFFF
  EXPECT_EQ(problem_offset("ab\xED\xB0\x80"
                           "cd"),
            2U);
}

TEST(FindEncodingProblem, BeyondU10FFFF) {
  EXPECT_EQ(problem_offset("ab\xF4\x90\x80\x80"), 2U);
  EXPECT_EQ(problem_offset("ab\xF4\xBF\xBF\xBF"), 2U);
}

TEST(FindEncodingProblem, LeadBytesF5ToFFNeverAppear) {
  for (unsigned lead = 0xF5; lead <= 0xFF; ++lead) {
    std::string bytes = "ab";
    bytes.push_back(static_cast<char>(lead));
    bytes += "\x80\x80\x80";
    EXPECT_EQ(problem_offset(bytes), 2U) << "lead byte 0x" << std::hex << lead;
  }
}

TEST(FindEncodingProblem, TruncatedSequenceAtTheEnd) {
  EXPECT_EQ(problem_offset("ab\xC3"), 2U);
  EXPECT_EQ(problem_offset("ab\xE2\x82"), 2U);
  EXPECT_EQ(problem_offset("ab\xF0\x9F\x98"), 2U);
  EXPECT_EQ(problem_offset("abcdefghijklmnop\xE2"), 16U);  // after two fast-path chunks

  // The view ends mid-character even though the bytes after it would
  // complete the character: only the view counts.
  const std::string euro = "ab\xE2\x82\xAC";
  EXPECT_EQ(problem_offset(std::string_view(euro.data(), 4)), 2U);
  EXPECT_EQ(problem_offset(std::string_view(euro.data(), 3)), 2U);
  EXPECT_EQ(problem_offset(euro), kNoProblem);
}

TEST(FindEncodingProblem, TruncatedSequenceInTheMiddle) {
  EXPECT_EQ(problem_offset("ab\xC3"
                           "cd"),
            2U);
  EXPECT_EQ(problem_offset("ab\xE2\x82"
                           "cd"),
            2U);
  EXPECT_EQ(problem_offset("ab\xF0\x9F\x98"
                           "xyz"),
            2U);
  EXPECT_EQ(problem_offset("ab\xE0"
                           "x"),
            2U);  // restricted second-byte range, not a continuation
  EXPECT_EQ(problem_offset("ab\xC3\xC3\xA9"), 2U);
}

TEST(FindEncodingProblem, ProblemInsideAFastPathChunkOrAfterIt) {
  EXPECT_EQ(problem_offset("abc\x80"
                           "defghijklmnop"),
            3U);
  EXPECT_EQ(problem_offset("abcdefgh\x80"), 8U);
  EXPECT_EQ(problem_offset("abcdefgh\xC3\xA9"
                           "abcdefgh\xFF"),
            18U);
  std::string long_text(1000, 'a');
  long_text[777] = '\xC0';
  EXPECT_EQ(problem_offset(long_text), 777U);
}

// ---------------------------------------------------------------------------
// Wide encodings and byte order marks: reported at offset 0

TEST(FindEncodingProblem, Utf16WithAndWithoutByteOrderMark) {
  EXPECT_EQ(problem_offset("{\0\"\0a\0\"\0:\0 \0}\0"sv), 0U);  // UTF-16LE
  EXPECT_EQ(problem_offset("\0{\0\"\0a\0\"\0:\0 \0}"sv), 0U);  // UTF-16BE
  EXPECT_EQ(problem_offset("\xFF\xFE{\0}\0"sv), 0U);           // UTF-16LE with BOM
  EXPECT_EQ(problem_offset("\xFE\xFF\0{\0}"sv), 0U);           // UTF-16BE with BOM
  EXPECT_EQ(problem_offset("[\0"sv), 0U);                      // shortest UTF-16LE text
}

TEST(FindEncodingProblem, Utf32) {
  EXPECT_EQ(problem_offset("{\0\0\0}\0\0\0"sv), 0U);       // UTF-32LE
  EXPECT_EQ(problem_offset("\0\0\0{\0\0\0}"sv), 0U);       // UTF-32BE
  EXPECT_EQ(problem_offset("\xFF\xFE\0\0{\0\0\0"sv), 0U);  // UTF-32LE with BOM
}

TEST(FindEncodingProblem, Utf32BigEndianWithByteOrderMark) {
  // 00 00 FE FF: a UTF-32BE byte order mark, reported as such at offset 0.
  EXPECT_EQ(problem_offset("\0\0\xFE\xFF\0\0\0{"sv), 0U);
}

TEST(FindEncodingProblem, Utf8ByteOrderMark) {
  EXPECT_EQ(problem_offset("\xEF\xBB\xBF{}"), 0U);
  EXPECT_EQ(problem_offset("\xEF\xBB\xBF"), 0U);
  // A BOM later in the text is an ordinary U+FEFF.
  EXPECT_EQ(problem_offset("[\"\xEF\xBB\xBF\"]"), kNoProblem);
}

}  // namespace
