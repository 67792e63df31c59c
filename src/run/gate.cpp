#include "conform/gate.hpp"

namespace conform {

void Gate::apply(Result& result) const {
  if (!allow_unchecked_captures && result.checked_calls) {  // a capture's own result: its hint is built only then
    fail_if_no_call_checked(result,
                            "pass --allow-unchecked-captures if a capture with no call of the contracts is expected");
  }
  if (result.status == Status::pass && fail_on_warnings && !result.findings.empty()) result.status = Status::fail;
  if (max_findings != 0 && result.findings.size() > max_findings) {
    result.omitted_findings += result.findings.size() - max_findings;
    result.findings.truncate(max_findings);
  }
}

}  // namespace conform
