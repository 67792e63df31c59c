#pragma once

#include <filesystem>
#include <vector>

#include "conform/result.hpp"
#include "conform/schema.hpp"

namespace conform {

// Files of the official JSON-Schema-Test-Suite: a JSON array of cases, each
// {description, schema, tests: [{description, data, valid}]}.

// Whether `file` is one (it is read and its shape checked).
bool is_test_suite_file(const std::filesystem::path& file);

// The suite files under `path` (a file, or a folder walked recursively),
// sorted; files of another shape are not listed.
std::vector<std::filesystem::path> find_test_suite_files(const std::filesystem::path& path);

// Runs every test of a suite file: one result per test, whose source is
// "FILE#/CASE/tests/TEST" and which carries both descriptions. It passes
// when conform's verdict is the expected one; it fails on a wrong verdict
// (the findings say which); it is an error when the case's schema was
// refused (error_message says why). A file that cannot be read is one error.
std::vector<Result> run_test_suite_file(const std::filesystem::path& file, const SchemaOptions& options);

}  // namespace conform
