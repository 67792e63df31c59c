#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <rapidjson/document.h>
#include "conform/finding.hpp"
#include "conform/limits.hpp"
#include "json/keyed_hash.hpp"
#include "json/rapidjson_config.hpp"

namespace conform::json {

class OffsetIndex;

// Reads `body` as strict RFC 8259 JSON into `document`. Returns the
// well-formedness findings (keywords limit, encoding, syntax, duplicateKey);
// empty means the body is well formed and `document` holds it. With
// `offsets`, it also notes where each value starts, for a small body.
// Past limits.max_findings duplicate keys are only counted, in `omitted`.
// A stop request (limits.stop) ends it with the interrupted finding.
// With Strings::view_body, the document's long strings without an escape are
// views of `body`, which must then outlive the document; a view ends at its
// length, not at a NUL, so its readers must go by GetStringLength().
enum class Strings { copy, view_body };
std::vector<Finding> read_strict(std::string_view body, const Limits& limits, rapidjson::Document& document,
                                 OffsetIndex* offsets = nullptr, std::size_t* omitted = nullptr,
                                 Strings strings = Strings::copy);

// The one finding of a check given up on a stop request: an error, so that
// the body never passes; Schema::validate makes it an `error` result.
inline constexpr std::string_view kInterruptedKeyword = "interrupted";
Finding interrupted_finding();

// A JSON number as RapidJSON stores it (Int, Uint, Int64, Uint64 or Double),
// converted from its text by us. The readers parse with
// kParseNumbersAsStringsFlag: RapidJSON 1.1's own conversion reads out of
// bounds, or fails an assertion, on some numbers (long runs of zeros,
// "128.748364678364848383648364836436364836e-336", "0.0000000001e-2147483639").
struct NumberValue {
  enum class Kind { int32, uint32, int64, uint64, real, too_big };
  Kind kind = Kind::real;
  std::int64_t signed_value = 0;     // int32, int64
  std::uint64_t unsigned_value = 0;  // uint32, uint64
  double real = 0;                   // real: the nearest double; a number below the smallest is 0
};
// `text` must be a JSON number, as the reader has checked.
NumberValue read_number(std::string_view text) noexcept;

// The finding for a body larger than limits.max_bytes; readers that see the
// size before the bytes report it without reading them.
// `size_known` is false for a stream cut off once it passed the limit.
Finding size_limit_finding(std::uint64_t size, const Limits& limits, bool size_known = true);

// Where each value (or, for `key_of`, each member name) starts in a
// well-formed body, by JSON Pointer. Used only to place findings, so it costs
// nothing on bodies that pass.
struct ValueOffsets {
  std::size_t value = 0;
  std::size_t key = 0;  // the member name's opening quote; the value's offset at the root or in arrays
};
class OffsetIndex {
 public:
  OffsetIndex() = default;
  // Parses the body again, noting only the wanted values. The index keeps
  // views of `wanted_pointers`' strings: they must outlive it.
  OffsetIndex(std::string_view body, const std::vector<std::string_view>& wanted_pointers);
  const ValueOffsets* find(std::string_view pointer) const;
  // Whether every value of the body is noted: read_strict notes them all
  // while it reads, up to kMostValues; past that, ask for the wanted ones.
  bool complete() const noexcept { return complete_; }

  static constexpr std::size_t kMostValues = 64;

 private:
  friend std::vector<Finding> read_strict(std::string_view, const Limits&, rapidjson::Document&, OffsetIndex*,
                                          std::size_t*, Strings);
  std::vector<std::pair<std::string, ValueOffsets>> entries_;
  std::unordered_map<std::string_view, ValueOffsets, KeyedHash> wanted_;  // for an index of wanted values
  bool complete_ = false;
};

}  // namespace conform::json
