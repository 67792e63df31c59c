#include "conform/result.hpp"

#include "conform/error.hpp"
#include "json/rapidjson_config.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace conform {

std::string_view to_string(Severity severity) noexcept { return severity == Severity::error ? "error" : "warning"; }

std::string_view to_string(Status status) noexcept {
  switch (status) {
    case Status::pass:
      return "pass";
    case Status::fail:
      return "fail";
    case Status::error:
      return "error";
  }
  return "error";
}

Result make_result(std::string source, std::vector<Finding> findings) {
  Result result;
  result.source = std::move(source);
  const bool any_error =
      std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::error; });
  result.status = any_error ? Status::fail : Status::pass;
  result.findings = std::move(findings);
  return result;
}

Result make_error_result(std::string source, std::string error_message) {
  Result result;
  result.source = std::move(source);
  result.status = Status::error;
  result.error_message = std::move(error_message);
  return result;
}

Error::Error(const std::string& message, std::string file, std::uint64_t line, std::uint64_t column)
    : std::runtime_error(message), file_(std::move(file)), line_(line), column_(column) {}

std::string Error::describe() const {
  if (file_.empty()) return what();
  if (line_ == 0) return fmt::format("{}: {}", file_, what());
  if (column_ == 0) return fmt::format("{}:{}: {}", file_, line_, what());
  return fmt::format("{}:{}:{}: {}", file_, line_, column_, what());
}

namespace detail {
void rapidjson_assertion_failed(const char* expression) {
  throw std::logic_error(fmt::format("internal error: RapidJSON assertion failed: {}", expression));
}
}  // namespace detail

}  // namespace conform
