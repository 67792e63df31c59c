#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "conform/finding.hpp"
#include "conform/schema.hpp"
#include "engine/valijson.hpp"
#include "json/strict_reader.hpp"

namespace conform::engine {

// Turns valijson's results for one body into findings: exact JSON Pointers
// (resolved against the body itself, so a key "1" and an index 1 differ),
// the keyword and its place in the schema, a message that quotes no value,
// and line/column in the body. Wrapper errors that only repeat a nested
// failure ("failed to validate property x") are dropped. `offsets` places
// them when it is complete; otherwise the body is read again for that, once
// for all of them. With limits.max_findings, only that many (the first in the
// body) are kept and the others counted in `omitted`; a stop request ends it
// with the interrupted finding. `results` is consumed.
std::vector<Finding> build_findings(valijson::ValidationResults& results, const rapidjson::Value& instance,
                                    const rapidjson::Value& schema, Dialect dialect, std::string_view body,
                                    const json::OffsetIndex& offsets, const Limits& limits = {},
                                    OmittedFindings* omitted = nullptr);

// The message of a failing keyword LocatedConstraint evaluates, from its value.
std::string describe_located(std::string_view keyword, const rapidjson::Value& value);

}  // namespace conform::engine
