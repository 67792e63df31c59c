#pragma once

// Force-included (-include) into every translation unit of conform's own
// targets, so every RapidJSON header in them sees the same settings. RapidJSON's
// default assertion aborts the process; valijson's throwing replacement makes
// parsing several times slower because it formats a message on every check.
// This one is a single branch and throws only when an assertion really fails
// (RapidJSON asserts on misuse of a value, e.g. a GetString on a number).

#include <stdexcept>

namespace conform::detail {
[[noreturn]] void rapidjson_assertion_failed(const char* expression);
}  // namespace conform::detail

#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(expression) \
  (static_cast<bool>(expression) ? static_cast<void>(0) : ::conform::detail::rapidjson_assertion_failed(#expression))
#endif
// SSE2 is in every x86-64 CPU: RapidJSON skips whitespace with it.
#if defined(__SSE2__) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif
#ifndef RAPIDJSON_HAS_STDSTRING
#define RAPIDJSON_HAS_STDSTRING 1
#endif
