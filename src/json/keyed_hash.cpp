#include "json/keyed_hash.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <random>

namespace conform::json {
namespace {

std::array<std::uint64_t, 2> process_key() {
  std::random_device device;
  std::array<std::uint64_t, 2> key{};
  for (std::uint64_t& word : key) word = (std::uint64_t{device()} << 32U) ^ device();
  return key;
}

struct State {
  std::uint64_t v0, v1, v2, v3;
  void round() noexcept {
    v0 += v1;
    v1 = std::rotl(v1, 13) ^ v0;
    v0 = std::rotl(v0, 32);
    v2 += v3;
    v3 = std::rotl(v3, 16) ^ v2;
    v0 += v3;
    v3 = std::rotl(v3, 21) ^ v0;
    v2 += v1;
    v1 = std::rotl(v1, 17) ^ v2;
    v2 = std::rotl(v2, 32);
  }
};

std::uint64_t little_endian(const char* bytes, std::size_t count) noexcept {
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < count; ++i) word |= std::uint64_t{static_cast<unsigned char>(bytes[i])} << (8U * i);
  return word;
}

}  // namespace

std::uint64_t siphash(int compression, int finalization, std::uint64_t k0, std::uint64_t k1,
                      std::string_view text) noexcept {
  State state{k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL, k0 ^ 0x6c7967656e657261ULL,
              k1 ^ 0x7465646279746573ULL};
  auto absorb = [&](std::uint64_t word) {
    state.v3 ^= word;
    for (int i = 0; i < compression; ++i) state.round();
    state.v0 ^= word;
  };
  const std::size_t whole = text.size() / 8 * 8;
  for (std::size_t at = 0; at < whole; at += 8) absorb(little_endian(text.data() + at, 8));
  absorb(little_endian(text.data() + whole, text.size() - whole) | (std::uint64_t{text.size() & 0xFFU} << 56U));
  state.v2 ^= 0xFF;
  for (int i = 0; i < finalization; ++i) state.round();
  return state.v0 ^ state.v1 ^ state.v2 ^ state.v3;
}

std::size_t keyed_hash(std::string_view text) noexcept {
  static const std::array<std::uint64_t, 2> key = process_key();
  return static_cast<std::size_t>(siphash(1, 3, key[0], key[1], text));
}

}  // namespace conform::json
