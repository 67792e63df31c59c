#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace conform::json {

// SipHash-1-3 of `text` under a key drawn once per process. The hash tables
// that take names and pointers from a body use it: with a fixed, known hash
// (std::hash), a body could be built of names that all collide and make them
// quadratic again.
std::size_t keyed_hash(std::string_view text) noexcept;

// SipHash with `compression` and `finalization` rounds under the key (k0, k1);
// keyed_hash is siphash(1, 3, ...). Exposed for the reference vectors.
std::uint64_t siphash(int compression, int finalization, std::uint64_t k0, std::uint64_t k1,
                      std::string_view text) noexcept;

struct KeyedHash {
  std::size_t operator()(std::string_view text) const noexcept { return keyed_hash(text); }
};

}  // namespace conform::json
