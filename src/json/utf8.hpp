#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace conform::json {

struct EncodingProblem {
  std::size_t offset;  // first offending byte
  std::string_view reason;
};

// The first reason `bytes` is not a UTF-8 JSON text: a byte that cannot
// appear in UTF-8 (overlong forms, surrogates, code points past U+10FFFF,
// truncated sequences), a byte order mark, or a UTF-16/UTF-32 text.
std::optional<EncodingProblem> find_encoding_problem(std::string_view bytes) noexcept;

}  // namespace conform::json
