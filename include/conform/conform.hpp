#pragma once

// Everything of conform's public API in one include. Every header of
// include/conform/ is listed here (the package test checks it).
#include "conform/capture.hpp"
#include "conform/contract.hpp"
#include "conform/did_you_mean.hpp"
#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"
#include "conform/finding.hpp"
#include "conform/fixture.hpp"
#include "conform/flow.hpp"
#include "conform/limits.hpp"
#include "conform/reporter.hpp"
#include "conform/result.hpp"
#include "conform/schema.hpp"
#include "conform/skipped_list.hpp"
#include "conform/status.hpp"
#include "conform/test_suite.hpp"
#include "conform/value_mask.hpp"
#include "conform/version.hpp"
