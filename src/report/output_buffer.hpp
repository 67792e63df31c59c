#pragma once

#include <charconv>
#include <cstdint>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

#include "conform/result.hpp"

namespace conform::report {

// `number` in decimal, appended without a format string (a report writes a few per finding).
inline void append_decimal(std::string& out, std::uint64_t number) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out.append(digits, end);
}

// Whether a result is one a reporter renders before its turn (Reporter::render): an input's own
// result of a few findings, no piece longer than `long_text`. Bigger ones (a capture with its
// flows, a 15 MiB member name, a body of a million findings) go to add, which hands them on as it
// writes them instead of holding them whole.
inline bool renders_before_turn(const Result& result, std::size_t long_text) {
  constexpr std::size_t kMostFindings = 256;
  if (!result.flows.empty() || !result.skipped.empty() || result.findings.size() > kMostFindings) return false;
  const auto long_piece = [&](std::string_view text) { return text.size() > long_text; };
  if (long_piece(result.source) || long_piece(result.file) || long_piece(result.context) ||
      long_piece(result.error_message)) {
    return false;
  }
  for (const FindingView finding : result.findings) {
    if (long_piece(finding.instance_location) || long_piece(finding.message) || long_piece(finding.hint) ||
        long_piece(finding.schema_location) || (finding.value && long_piece(*finding.value)) ||
        !finding.related.empty()) {
      return false;
    }
  }
  return true;
}

// A std::string as a stream: a result rendered away from its report, by a writer of its own.
class StringBuffer final : public std::streambuf {
 public:
  explicit StringBuffer(std::string& out) : out_(out) {}

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) out_.push_back(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* text, std::streamsize count) override {
    out_.append(text, static_cast<std::size_t>(count));
    return count;
  }

 private:
  std::string& out_;
};

// A report's bytes gathered in one string and handed to its stream about 64 KiB
// at a time: one write per block instead of a stream call (and a format) per piece.
class OutputBuffer {
 public:
  static constexpr std::size_t kBlock = std::size_t{1} << 16;

  explicit OutputBuffer(std::ostream& out) : out_(out) { bytes_.reserve(kBlock + kBlock / 4); }
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;
  // What was written reaches the stream even when the report is not ended.
  ~OutputBuffer() {
    try {
      drain();
    } catch (...) {
    }
  }

  std::string& bytes() noexcept { return bytes_; }
  void drain_when_full() {
    if (bytes_.size() >= kBlock) drain();
  }
  void drain() {
    if (!bytes_.empty()) out_.write(bytes_.data(), static_cast<std::streamsize>(bytes_.size()));
    bytes_.clear();
  }
  // The stream itself, for a long text written as it is escaped (after what is held).
  std::ostream& stream() {
    drain();
    return out_;
  }

 private:
  std::ostream& out_;
  std::string bytes_;
};

}  // namespace conform::report
