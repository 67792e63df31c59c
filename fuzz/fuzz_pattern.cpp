// "pattern" matching: the one-pass SimplePattern must answer exactly as RE2,
// which decides whenever SimplePattern declines a pattern. The input is a
// pattern, a NUL byte, and texts to match separated by NUL bytes.

#include <re2/re2.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/simple_pattern.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = conform::fuzz::as_text(data, size);
  const std::size_t end = input.find('\0');
  const std::string pattern(input.substr(0, end));
  input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);

  const auto simple = conform::engine::SimplePattern::compile(pattern);
  if (!simple) return 0;
  // The options of engine::compile_pattern; its cache would keep every pattern tried.
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(std::int64_t{64} << 20);
  const RE2 regex(pattern, options);
  // Patterns RE2 refuses never reach SimplePattern: the loader refuses the schema first.
  if (!regex.ok()) return 0;

  std::vector<std::string_view> texts;
  while (true) {
    const std::size_t next = input.find('\0');
    texts.push_back(input.substr(0, next));
    if (next == std::string_view::npos) break;
    input.remove_prefix(next + 1);
  }
  for (const std::string_view text : texts) {
    // Bodies reach patterns as JSON strings, which are UTF-8.
    if (!conform::fuzz::is_utf8(text)) continue;
    const bool expected = RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), regex);
    CONFORM_FUZZ_CHECK(simple->matches(text) == expected, "/" + pattern + "/ on \"" + std::string(text) +
                                                              "\": RE2 says " + (expected ? "match" : "no match"));
  }
  return 0;
}
