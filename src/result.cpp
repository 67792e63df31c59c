#include "conform/result.hpp"

#include "conform/error.hpp"
#include "conform/plural.hpp"
#include "json/rapidjson_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

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

Result make_result(std::string source, FindingList findings) {
  Result result;
  result.source = std::move(source);
  const bool any_error =
      std::any_of(findings.begin(), findings.end(), [](const FindingView& f) { return f.severity == Severity::error; });
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
  // The reasons, most frequent first, a few of them: why the calls were not checked. The list may
  // hold millions of calls, each with its own path, so only the first kTracked reasons are told apart.
  constexpr std::size_t kTracked = 64;
  std::vector<std::pair<std::string, std::size_t>> reasons;
  std::unordered_map<std::string, std::size_t> index;
  std::size_t untracked = 0;
  for (const SkippedEntry& skipped : capture.skipped) {
    if (const auto found = index.find(skipped.reason); found != index.end()) {
      ++reasons[found->second].second;
    } else if (reasons.size() < kTracked) {
      index.emplace(skipped.reason, reasons.size());
      reasons.emplace_back(skipped.reason, 1);
    } else {
      ++untracked;
    }
  }
  std::stable_sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  constexpr std::size_t kShown = 3;
  std::string why;
  for (std::size_t i = 0; i < reasons.size() && i < kShown; ++i) {
    why += fmt::format("{}{} ({})", i == 0 ? "" : "; ", reasons[i].first, reasons[i].second);
  }
  if (reasons.size() > kShown || untracked != 0) {
    std::size_t others = untracked;
    for (std::size_t i = kShown; i < reasons.size(); ++i) others += reasons[i].second;
    why += fmt::format("; {} for other reasons", counted(others, "call"));
  }
  Finding finding;
  finding.keyword = "unchecked";
  finding.message = capture.skipped.empty() ? std::string("no recorded call was checked: the capture holds no call")
                                            : fmt::format("no recorded call was checked: {} skipped: {}",
                                                          counted(capture.skipped.size(), "call"), why);
  finding.hint = std::move(hint);
  capture.findings.push_back(std::move(finding));
  capture.status = Status::fail;
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
