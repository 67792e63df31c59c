#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "conform/finding.hpp"

namespace conform {

enum class Status { pass, fail, error };

std::string_view to_string(Status status) noexcept;

// The verdict on one input body. `error` means the body could not be checked
// at all (unreadable file, ...); `error_message` then says why.
struct Result {
  std::string source;  // "dir/a.json", "logs/x.ndjson:17", "-"
  std::string file;    // the file the body came from: "logs/x.ndjson"; lines and columns are the file's
  Status status = Status::pass;
  std::vector<Finding> findings;
  std::string error_message;
};

// Builds a pass/fail result from the findings of a check.
Result make_result(std::string source, std::vector<Finding> findings);
Result make_error_result(std::string source, std::string error_message);

}  // namespace conform
