#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace conform {

// Thrown only for input the harness cannot use at all (an unusable schema, a
// bad argument), never for a body that fails validation. Carries where the
// problem is so that the one place that catches it can say so.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, std::string file = {}, std::uint64_t line = 0, std::uint64_t column = 0);

  const std::string& file() const noexcept { return file_; }
  std::uint64_t line() const noexcept { return line_; }
  std::uint64_t column() const noexcept { return column_; }

  // "file:line:column: message", leaving out the parts that are unknown.
  std::string describe() const;

 private:
  std::string file_;
  std::uint64_t line_;
  std::uint64_t column_;
};

}  // namespace conform
