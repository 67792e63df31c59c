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

void fail_if_no_call_checked(Result& capture, std::string hint) {
  // A capture that already fails (it is not well-formed, say) needs no second reason.
  if (!capture.checked_calls || *capture.checked_calls != 0 || capture.status != Status::pass) return;
  // The reasons, most frequent first, a few of them: why the calls were not checked.
  std::vector<std::pair<std::string_view, std::size_t>> reasons;
  for (const SkippedEntry& skipped : capture.skipped) {
    const auto found = std::find_if(reasons.begin(), reasons.end(),
                                    [&](const auto& reason) { return reason.first == skipped.reason; });
    if (found == reasons.end()) {
      reasons.emplace_back(skipped.reason, 1);
    } else {
      ++found->second;
    }
  }
  std::stable_sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  constexpr std::size_t kShown = 3;
  std::string why;
  for (std::size_t i = 0; i < reasons.size() && i < kShown; ++i) {
    why += fmt::format("{}{} ({})", i == 0 ? "" : "; ", reasons[i].first, reasons[i].second);
  }
  if (reasons.size() > kShown) why += fmt::format("; {} other reasons", reasons.size() - kShown);
  Finding finding;
  finding.keyword = "unchecked";
  finding.message = capture.skipped.empty() ? std::string("no recorded call was checked: the capture holds no call")
                                            : fmt::format("no recorded call was checked: {} calls skipped: {}",
                                                          capture.skipped.size(), why);
  finding.hint = std::move(hint);
  capture.findings.push_back(std::move(finding));
  capture.status = Status::fail;
}

Error::Error(const std::string& message, std::string file, std::uint32_t line, std::uint32_t column)
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
