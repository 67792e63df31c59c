#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace conform::engine {

// An anchored pattern made only of ASCII characters and classes, each
// repeated a counted number of times: "^[A-Za-z0-9+]+$", the UUID pattern.
// Such a pattern matches in one pass over the bytes, with no regex engine.
//
// compile() accepts only patterns whose one-pass answer is exactly the
// regex's: a run of variable length must be followed by the end or by a
// fixed run of characters it cannot take, so greed never needs to give back.
class SimplePattern {
 public:
  static std::optional<SimplePattern> compile(std::string_view pattern);

  bool matches(std::string_view text) const noexcept;

 private:
  struct Run {
    std::bitset<128> allowed;       // ASCII only: a byte past 0x7F never matches
    std::array<bool, 256> takes{};  // `allowed` by byte, for the scan
    std::size_t min = 1;
    std::size_t max = 1;  // kUnbounded: no upper bound
  };
  static constexpr std::size_t kUnbounded = static_cast<std::size_t>(-1);

  std::vector<Run> runs_;
};

}  // namespace conform::engine
