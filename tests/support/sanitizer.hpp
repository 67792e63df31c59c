#pragma once

namespace conform::testing {

// Built with ASan or TSan (the whole tree is, conform's executable included):
// shadow memory makes RSS say nothing of conform's own, and every step is
// several times slower, so tests check memory only without them and scale
// their counts down under them.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

}  // namespace conform::testing
