#pragma once

#include <rapidjson/prettywriter.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "conform/report_format.hpp"

namespace conform::report {

// RapidJSON's output stream for the JSON-based reports: a 64 KiB buffer in
// front of the std::ostream. The writer puts one character at a time, and an
// ostream's put (with its sentry) per character cost more than checking the body.
class BufferedOutput {
 public:
  using Ch = char;
  static constexpr std::size_t kSize = std::size_t{1} << 16;

  explicit BufferedOutput(std::ostream& out) : out_(out), buffer_(std::make_unique<char[]>(kSize)) {}
  BufferedOutput(const BufferedOutput&) = delete;
  BufferedOutput& operator=(const BufferedOutput&) = delete;
  // What a report wrote reaches its stream even when it is not ended (an exception on the way out).
  ~BufferedOutput() {
    try {
      drain();
    } catch (...) {
    }
  }

  void Put(char c) {
    if (used_ == capacity_) drain();
    buffer_[used_++] = c;
  }
  // Room for `count` more bytes, which then go in with put_unchecked (RapidJSON's PutReserve and PutUnsafe).
  // A value larger than the buffer (a long string) grows it to that value's size.
  void reserve(std::size_t count) {
    if (count <= capacity_ - used_) return;
    drain();
    if (count > capacity_) {
      buffer_ = std::make_unique<char[]>(count);
      capacity_ = count;
    }
  }
  void put_unchecked(char c) { buffer_[used_++] = c; }
  // `count` copies of `c` (the indentation before a value).
  void fill(char c, std::size_t count) {
    reserve(count);
    std::memset(buffer_.get() + used_, c, count);
    used_ += count;
  }
  void append(std::string_view bytes) {
    if (bytes.size() > capacity_ - used_) {
      drain();
      if (bytes.size() >= capacity_) {
        out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return;
      }
    }
    std::memcpy(buffer_.get() + used_, bytes.data(), bytes.size());
    used_ += bytes.size();
  }
  void Flush() {
    drain();
    out_.flush();
  }
  // The bytes put since `used()` was `mark`, when nothing was drained meanwhile (a reserve beforehand
  // ensures it); empty otherwise.
  std::size_t used() const noexcept { return used_; }
  std::string_view written_since(std::size_t mark) const noexcept {
    return mark <= used_ ? std::string_view(buffer_.get() + mark, used_ - mark) : std::string_view();
  }

 private:
  void drain() {
    if (used_ != 0) out_.write(buffer_.get(), static_cast<std::streamsize>(used_));
    used_ = 0;
  }

  std::ostream& out_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = kSize;
  std::size_t used_ = 0;
};

// Found by RapidJSON's writer (argument-dependent lookup): one check per value, not per character.
inline void PutReserve(BufferedOutput& stream, std::size_t count) { stream.reserve(count); }
inline void PutUnsafe(BufferedOutput& stream, char c) { stream.put_unchecked(c); }
inline void PutN(BufferedOutput& stream, char c, std::size_t count) { stream.fill(c, count); }

// Pretty-printed JSON for the JSON and SARIF reports. Strings go through
// json::with_replacement_characters: JSON must be UTF-8, whatever a file name
// or a body held.
class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : stream_(out), writer_(stream_) { writer_.SetIndent(' ', 2); }

  void string(std::string_view text);
  // One JSON string of the pieces, in turn (each a whole UTF-8 text).
  void string(std::initializer_list<std::string_view> pieces);
  void key(std::string_view text);
  void member(std::string_view name, std::string_view value) {
    key(name);
    string(value);
  }
  void member(std::string_view name, std::uint64_t value) {
    key(name);
    writer_.Uint64(value);
  }

  // The run's counts, written the same way by every JSON-based report so that
  // they always agree: inputs, passed, failed, errors, skipped.
  void counts(const Summary& summary);

  BufferedOutput stream_;
  rapidjson::PrettyWriter<BufferedOutput> writer_;

 private:
  void escape_into_stream(std::string_view text);
};

}  // namespace conform::report
