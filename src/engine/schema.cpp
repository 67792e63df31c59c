#include "conform/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"
#include "engine/fast_path.hpp"
#include "engine/finding_builder.hpp"
#include "engine/schema_loader.hpp"
#include "engine/stop_check.hpp"
#include "engine/verdict_pass.hpp"
#include "engine/verdict_tree.hpp"
#include "json/strict_reader.hpp"

namespace conform {

class Schema::Impl {
 public:
  engine::LoadedSchema loaded;
  std::optional<engine::FastPath> fast;
  bool verdict_first = false;                 // engine::confirms_pass before the exact walk
  std::unique_ptr<engine::VerdictTree> tree;  // confirms passes before both
};

Schema::Schema(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Schema::~Schema() = default;
Schema::Schema(Schema&&) noexcept = default;
Schema& Schema::operator=(Schema&&) noexcept = default;

Schema Schema::from_text(std::string_view text, std::string origin, const SchemaOptions& options) {
  auto impl = std::make_shared<Impl>();
  engine::load_schema(text, origin, options, impl->loaded);
  if (options.fast_path) {
    impl->fast = engine::FastPath::compile(impl->loaded.original, impl->loaded.dialect, impl->loaded.bundled);
  }
  impl->verdict_first = options.fast_path && engine::discards_branches(impl->loaded.original);
  if (options.fast_path) impl->tree = engine::VerdictTree::compile(impl->loaded);
  return Schema(std::move(impl));
}

Schema Schema::from_file(const std::filesystem::path& path, const SchemaOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open the schema file", path.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error("cannot read the schema file", path.string());
  return from_text(text.str(), path.string(), options);
}

Schema Schema::embedded(std::string_view name, const SchemaOptions& options) {
  const EmbeddedSchema* schema = find_embedded_schema(name);
  if (schema == nullptr) {
    throw Error(fmt::format("no embedded schema is named \"{}\"{}", name, embedded_schema_hint(name)));
  }
  return from_text(schema->text, fmt::format("embedded:{}", schema->name), options);
}

const std::string& Schema::id() const noexcept { return impl_->loaded.id; }
Dialect Schema::dialect() const noexcept { return impl_->loaded.dialect; }

namespace {

bool any_error(const FindingList& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const FindingView& finding) { return finding.severity == Severity::error; });
}

// The status validate() gives these findings of check(), after a gate that fails warnings when warnings_fail.
Status status_of(const FindingList& findings, const OmittedFindings& omitted, bool warnings_fail) {
  if (findings.size() == 1 && (findings.front().keyword == json::kInterruptedKeyword ||
                               findings.front().keyword == engine::kUndecidedKeyword)) {
    return Status::error;
  }
  if (any_error(findings) || omitted.any_error) return Status::fail;
  return warnings_fail && !findings.empty() ? Status::fail : Status::pass;
}

}  // namespace

FindingList Schema::check(std::string_view body, const Limits& limits, OmittedFindings* omitted) const {
  if (omitted != nullptr) *omitted = {};
  if (impl_->fast) {
    if (auto findings = impl_->fast->check(body, limits)) return std::move(*findings);
  }
  // A body's document usually fits in a buffer on the stack; RapidJSON's
  // default pool would take 64 KiB from the heap for every body.
  char first_chunk[8192];
  rapidjson::MemoryPoolAllocator<> pool(first_chunk, sizeof first_chunk);
  rapidjson::Document document(&pool);
  json::OffsetIndex offsets;
  std::size_t duplicates_omitted = 0;
  if (auto findings =
          json::read_strict(body, limits, document, &offsets, &duplicates_omitted, json::Strings::view_body);
      !findings.empty()) {
    if (omitted != nullptr) *omitted = {duplicates_omitted, duplicates_omitted != 0};  // duplicate keys are errors
    return findings;
  }
  if (limits.stop_requested()) return {json::interrupted_finding()};

  // A body the tree fails skips the confirming walk too: only the exact walk can say why.
  const engine::Verdict verdict = impl_->tree ? impl_->tree->judge(document) : engine::Verdict::unknown;
  if (verdict == engine::Verdict::pass) return {};
  try {
    const engine::StopCheck stop_check(limits.stop);
    if (impl_->verdict_first && verdict == engine::Verdict::unknown &&
        engine::confirms_pass(*impl_->loaded.root, document)) {
      return {};
    }
  } catch (const engine::StopRequested&) {
    return {json::interrupted_finding()};
  }

  // valijson's Validator caches standard-library regex objects as it runs, so each call
  // gets its own; the compiled schema itself is only read.
  valijson::Validator validator;
  valijson::ValidationResults results;
  engine::FindingBuilder builder(document, limits, body.size());
  bool valid = false;
  engine::SpellingLost& lost = engine::SpellingLost::current();
  lost = {};
  try {
    const engine::StopCheck stop_check(limits.stop);
    const engine::ErrorDrain drain(results, builder);
    valid = validator.validate(*impl_->loaded.root, valijson::adapters::RapidJsonAdapter(document), &results);
  } catch (const engine::StopRequested&) {
    return {json::interrupted_finding()};
  }
  if (lost.met) {
    lost = {false, true};
    const bool as_integers =
        validator.validate(*impl_->loaded.root, valijson::adapters::RapidJsonAdapter(document), nullptr);
    lost = {};
    if (as_integers != valid) {
      Finding finding;
      finding.keyword = std::string(engine::kUndecidedKeyword);
      finding.message =
          "draft 4 counts as integers the numbers written without a fraction or exponent; this body's verdict "
          "depends on how a number past 64 bits was written, which conform does not keep, so it does not judge it";
      finding.line = 1;
      finding.column = 1;
      return {std::move(finding)};
    }
  }
  if (valid && results.numErrors() == 0 && builder.errors_taken() == 0) return {};
  if (!builder.take(results)) return {json::interrupted_finding()};
  OmittedFindings left_out;
  FindingList findings = builder.finish(body, offsets, &left_out);
  if (omitted != nullptr) *omitted = left_out;
  findings.rewrite_schema_locations([&](std::string_view location) {
    return engine::display_location(engine::display_pointer(location), impl_->loaded.bundled);
  });
  if (!valid && !left_out.any_error && !any_error(findings)) {
    // Some valijson keywords (propertyNames) fail without saying why, beside
    // at most warnings; the verdict still stands (verdict() relies on it).
    Finding finding;
    finding.keyword = "schema";
    finding.schema_location = "#";
    finding.message = "body does not conform to the schema (the engine gave no detail)";
    finding.line = 1;
    finding.column = 1;
    findings.push_back(std::move(finding));
  }
  return findings;
}

Result Schema::validate(std::string_view body, std::string source, const Limits& limits) const {
  OmittedFindings omitted;
  FindingList findings = check(body, limits, &omitted);
  if (status_of(findings, omitted, false) == Status::error) {
    return make_error_result(std::move(source), std::string(findings.front().message));
  }
  Result result = make_result(std::move(source), std::move(findings));
  result.omitted_findings = omitted.count;
  if (omitted.any_error) result.status = Status::fail;  // an error left out still fails the body
  return result;
}

Status Schema::verdict(std::string_view body, const Limits& limits, bool warnings_fail) const {
  if (impl_->fast) {
    // The one-pass scanner's sure pass or sure fail; the rest is the walk's.
    if (const std::optional<bool> passes = impl_->fast->verdict(body, limits)) {
      return *passes ? Status::pass : Status::fail;
    }
  }
  char first_chunk[8192];
  rapidjson::MemoryPoolAllocator<> pool(first_chunk, sizeof first_chunk);
  rapidjson::Document document(&pool);
  std::size_t duplicates_omitted = 0;
  if (auto findings = json::read_strict(body, limits, document, nullptr, &duplicates_omitted, json::Strings::view_body);
      !findings.empty()) {
    const bool interrupted = findings.size() == 1 && findings.front().keyword == json::kInterruptedKeyword;
    return interrupted ? Status::error : Status::fail;  // well-formedness findings are errors
  }
  if (limits.stop_requested()) return Status::error;
  if (impl_->tree && impl_->tree->judge(document) == engine::Verdict::pass) return Status::pass;

  // valijson's walk without results: each subschema stops at its first
  // failure, and no message is built. It gives the exact walk's verdict.
  engine::AnnotationMet& annotation = engine::AnnotationMet::current();
  engine::SpellingLost& lost = engine::SpellingLost::current();
  annotation = {};
  lost = {};
  valijson::Validator validator;
  bool valid = false;
  bool annotated = false;
  bool undecided = false;
  try {
    const engine::StopCheck stop_check(limits.stop);
    valid = validator.validate(*impl_->loaded.root, valijson::adapters::RapidJsonAdapter(document), nullptr);
    annotated = annotation.met;
    if (lost.met) {
      // As check() does: a verdict that depends on how a number past 64 bits was written is not given.
      lost = {false, true};
      const bool as_integers =
          validator.validate(*impl_->loaded.root, valijson::adapters::RapidJsonAdapter(document), nullptr);
      undecided = as_integers != valid;
    }
  } catch (const engine::StopRequested&) {
    annotation = {};
    lost = {};
    return Status::error;
  }
  annotation = {};
  lost = {};
  if (undecided) return Status::error;
  if (!valid) return Status::fail;  // check() has an error finding then
  // A passing body's only findings are warnings of unasserted formats, and
  // only where the walk met one; whether it stays (an anyOf drops a branch's) only the exact walk says.
  if (!warnings_fail || !annotated) return Status::pass;
  OmittedFindings omitted;
  const FindingList findings = check(body, limits, &omitted);
  return status_of(findings, omitted, warnings_fail);
}

}  // namespace conform
