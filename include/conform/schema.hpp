#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "conform/finding.hpp"
#include "conform/limits.hpp"
#include "conform/result.hpp"

namespace conform {

// In the order of the drafts: a later dialect compares greater.
enum class Dialect { draft4, draft6, draft7, draft2019_09, draft2020_12 };

struct SchemaOptions {
  // Draft used when the schema has no "$schema".
  Dialect default_dialect = Dialect::draft7;
  // "format" is an annotation unless asked for, as draft 7 allows.
  bool format_assertion = false;
  // Bodies of a simple schema's usual shape are first checked in one pass
  // that only ever confirms a pass; off, every body takes the general path
  // (the reports are the same either way; the tests compare them).
  bool fast_path = true;
  // References under a URI prefix are read from a local folder instead
  // ("http://localhost:1234/" -> "suite/remotes"); nothing is ever fetched.
  std::vector<std::pair<std::string, std::string>> uri_map;
};

// The findings of a body counted but not kept (Limits::max_findings).
struct OmittedFindings {
  std::size_t count = 0;
  bool any_error = false;  // whether one of them is an error: the body fails then
};

// A JSON Schema loaded and compiled once. Immutable after loading: `check`
// and `validate` may be called from many threads at once.
class Schema {
 public:
  // Throws conform::Error, with the location, when the schema is unusable.
  static Schema from_text(std::string_view text, std::string origin, const SchemaOptions& options = {});
  static Schema from_file(const std::filesystem::path& path, const SchemaOptions& options = {});
  // One of the schemas built into the library (see EmbeddedSchema).
  static Schema embedded(std::string_view name, const SchemaOptions& options = {});

  // "$id" when the schema has one, else the origin it was loaded from.
  const std::string& id() const noexcept;
  Dialect dialect() const noexcept;

  // All findings for one body: well-formedness first, then the schema. With
  // limits.max_findings, at most that many, and `omitted` counts the others.
  FindingList check(std::string_view body, const Limits& limits = {}, OmittedFindings* omitted = nullptr) const;
  Result validate(std::string_view body, std::string source, const Limits& limits = {}) const;
  // The status validate() gives body, without building its findings (warnings fail it when warnings_fail): for runs
  // that report only counts.
  Status verdict(std::string_view body, const Limits& limits, bool warnings_fail = false) const;

  ~Schema();
  Schema(Schema&&) noexcept;
  Schema& operator=(Schema&&) noexcept;
  Schema(const Schema&) = default;
  Schema& operator=(const Schema&) = default;

  class Impl;

 private:
  explicit Schema(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace conform
