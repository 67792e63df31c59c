#pragma once

// The one way conform includes valijson: exceptions on (without them a bad
// schema aborts the process) and our own cheap RAPIDJSON_ASSERT first.
#include "json/rapidjson_config.hpp"

#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif

// valijson's rapidjson adapter installs its own slow RAPIDJSON_ASSERT, and
// warns if one exists, whenever VALIJSON_USE_EXCEPTIONS is set. Its exception
// helpers are included first with the macro on; the adapter is then included
// with it off, so it keeps ours.
#include <valijson/exceptions.hpp>
#undef VALIJSON_USE_EXCEPTIONS
#include <valijson/adapters/rapidjson_adapter.hpp>
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>
