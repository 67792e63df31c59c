#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "conform/limits.hpp"
#include "conform/result.hpp"
#include "conform/schema.hpp"

namespace conform {

enum class CaptureFormat { har, ndjson };

// The V3 MFA family's schemas, loaded once, to which the calls of a capture
// are routed: each request body by its endpoint, each response body by its
// endpoint and status (200 body, or Error400 / Error403 / ErrorT for 500).
class CaptureSchemas {
 public:
  explicit CaptureSchemas(const SchemaOptions& options = {});

  // nullptr when the combination has no published body (e.g. a 401).
  const Schema* request(std::string_view endpoint_path) const;
  const Schema* response(std::string_view endpoint_path, int status) const;

 private:
  std::vector<std::pair<std::string, Schema>> schemas_;
  const Schema* find(std::string_view name) const;
};

// Checks a recorded capture: every routed body against its schema, and the
// flow rules F1-F6 across its calls in recorded order. Returns one result per
// body ("capture.har#/log/entries/3/request/postData/text") and, last, one for
// the capture itself (source = path) that holds the flow findings, the flows
// and the entries it skipped. A capture that cannot be read is one result
// with status error (or fail, for malformed JSON).
std::vector<Result> check_capture(const std::string& path, CaptureFormat format, const CaptureSchemas& schemas,
                                  const Limits& limits = {});

// The same, handing each result to `emit` as soon as it is made, in order,
// so that memory stays flat for a capture of any size. A HAR that turns out
// not to be one emits its body results and then the error.
void check_capture(const std::string& path, CaptureFormat format, const CaptureSchemas& schemas, const Limits& limits,
                   const std::function<void(Result&&)>& emit);

}  // namespace conform
