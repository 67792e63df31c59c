#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "conform/gate.hpp"
#include "conform/input_format.hpp"
#include "conform/limits.hpp"
#include "conform/reporter.hpp"
#include "conform/run_observer.hpp"
#include "conform/schema.hpp"
#include "conform/stop.hpp"
#include "conform/summary.hpp"
#include "conform/value_mask.hpp"

namespace conform {

// What `conform validate` and `conform test` share.
struct RunOptions {
  std::vector<std::string> paths;  // files and folders; validate also takes "-", standard input
  // An embedded schema's name or a schema file (a file wins); empty: the
  // default schema (validate) or the one each corpus is named after (test).
  std::string schema;
  SchemaOptions schema_options;
  Limits limits;  // its stop and max_findings come from `stop` and `gate`
  Gate gate;
  ValueMask values;  // validate: how skipped-call lists show path segments that look personal
  StopToken stop;    // asked to stop, the run ends after the work under way and says it was interrupted
  RunObserver* observer = nullptr;
};

// --route PATH=SCHEMA: the requests of a route checked against another schema.
struct RouteOverride {
  std::string path;
  std::string schema;  // a schema file or an embedded name
};

struct ValidateOptions : RunOptions {
  std::optional<InputFormat> input_format;  // every input read as this, whatever its bytes say
  bool stdin_ndjson = false;                // standard input is NDJSON (else told from its bytes)
  // What "-" reads instead of the process's standard input (a caller's stream).
  std::istream* standard_input = nullptr;
  unsigned jobs = 1;              // files (and pieces of NDJSON files) checked in parallel
  bool join = false;              // the captures named (a folder's in name order) are one capture
  bool strict_responses = false;  // unknown properties in responses are errors, not warnings
  std::vector<RouteOverride> routes;
  std::vector<std::string> disabled_rules;  // flow rule ids turned off ("F4")
  // The reporter shows nothing of a body but its status in the summary (a text report with
  // summary_only, --quiet): bodies and lines are then judged for their status alone and only
  // counted (no add); inputs that are no body (an unreadable file, a capture) still reach `add`.
  bool verdicts_only = false;
};

struct TestOptions : RunOptions {};

// What `conform validate PATH...` does: every body, NDJSON line and capture
// the paths name is checked (captures call by call against the contracts,
// with their flow rules) and each result, after the gate, goes to `reporter`
// in report order (paths sorted, folders walked in name order, lines in file
// order), whatever the number of jobs; then end, with the summary returned.
// Memory stays bounded for inputs of any size. Throws conform::Error before
// `begin` for what makes the run impossible (an unusable schema, a route or
// rule no contract has); an input that cannot be read is an error result.
Summary validate(const ValidateOptions& options, Reporter& reporter);

// What `conform test PATH...` does: fixture corpora (valid/ and invalid/
// with their NAME.expect.json), folders of corpora, single fixtures or
// sidecars, or files of the official JSON-Schema-Test-Suite, each checked
// against what it declares; results reach `reporter` once all are checked.
Summary test(const TestOptions& options, Reporter& reporter);

}  // namespace conform
