#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"
#include "conform/fixture.hpp"
#include "conform/gate.hpp"
#include "conform/schema.hpp"
#include "suite/mutations.hpp"
#include "suite/realworld_corpus.hpp"
#include "suite/suite_drafts.hpp"
#include "support/scratch_dir.hpp"

// The differential test of Schema::verdict, the status of a body without its
// findings: it must be the status validate() gives, after a gate that fails
// warnings or not, on every body, or a run of counts would ship a verdict its
// report would not. Run with every fast path (the one pass, the verdict tree)
// and without any (valijson's walk without results decides every body), on
// every test of the official suite in every draft, with format asserted and
// not, on every fixture of the embedded schemas, on mutations of all of them,
// and (with CONFORM_REALWORLD_CORPUS, as bench/realworld/run.sh sets it) on
// the real-world corpus, its documents and their mutations.

namespace conform {
namespace {
namespace fs = std::filesystem;

using conform::testing::kSuite;
using conform::testing::mutations;
using conform::testing::text_of;

struct Tally {
  std::size_t compared = 0;
  std::size_t passes = 0;
  std::size_t fails = 0;
  std::size_t errors = 0;
  std::size_t warned = 0;  // bodies whose gate decides: pass with warnings, fail when they fail it
};

// validate()'s status, after the gate a run applies.
Status gated(const Schema& schema, const std::string& body, const Limits& limits, bool warnings_fail) {
  Result result = schema.validate(body, "body", limits);
  Gate gate;
  gate.fail_on_warnings = warnings_fail;
  gate.apply(result);
  return result.status;
}

void compare(const Schema& schema, const std::string& body, const Limits& limits, Tally& tally,
             const std::string& context) {
  const Status lenient = gated(schema, body, limits, false);
  const Status strict = gated(schema, body, limits, true);
  ASSERT_EQ(to_string(schema.verdict(body, limits, false)), to_string(lenient))
      << context << "\nbody: " << body << "\nmax_findings " << limits.max_findings;
  ASSERT_EQ(to_string(schema.verdict(body, limits, true)), to_string(strict))
      << context << " (warnings fail)\nbody: " << body << "\nmax_findings " << limits.max_findings;
  ++tally.compared;
  tally.passes += lenient == Status::pass ? 1 : 0;
  tally.fails += lenient == Status::fail ? 1 : 0;
  tally.errors += lenient == Status::error ? 1 : 0;
  tally.warned += lenient != strict ? 1 : 0;
}

// One schema loaded with every fast path and without any (both refuse, or both load).
struct Loaded {
  std::optional<Schema> fast;
  std::optional<Schema> exact;

  Loaded(const std::string& text, SchemaOptions options) {
    try {
      fast.emplace(Schema::from_text(text, "test", options));
      options.fast_path = false;
      exact.emplace(Schema::from_text(text, "test", options));
    } catch (const Error&) {
      fast.reset();
      exact.reset();
    }
  }
  bool loaded() const { return fast.has_value(); }

  void compare_all(const std::string& body, Tally& tally, const std::string& context) const {
    compare(*fast, body, Limits{}, tally, context);
    compare(*exact, body, Limits{}, tally, context);
    // Findings past the first are only counted: an error among them still fails the body.
    Limits one;
    one.max_findings = 1;
    compare(*fast, body, one, tally, context);
  }
};

TEST(SchemaVerdict, IsValidatesStatusOnTheSuiteAndItsMutations) {
  ASSERT_TRUE(fs::is_directory(kSuite / "tests")) << kSuite;
  std::mt19937 random(20261204);
  Tally tally;
  for (const auto& [draft, dialect] : conform::testing::kSuiteDrafts) {
    for (const auto& entry : fs::recursive_directory_iterator(kSuite / "tests" / draft)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
      rapidjson::Document cases;
      const std::string text = conform::testing::read_file(entry.path());
      cases.Parse(text.data(), text.size());
      ASSERT_FALSE(cases.HasParseError()) << entry.path();
      for (const auto& one : cases.GetArray()) {
        const std::string schema = text_of(one["schema"]);
        for (const bool asserted : {false, true}) {
          const Loaded loaded(schema, conform::testing::suite_options(dialect, asserted));
          if (!loaded.loaded()) continue;
          const std::string context =
              fmt::format("{}: {} (format asserted: {})", entry.path().string(), schema, asserted);
          for (const auto& test : one["tests"].GetArray()) {
            const std::string body = text_of(test["data"]);
            loaded.compare_all(body, tally, context);
            for (const std::string& mutant : mutations(body, 6, random)) loaded.compare_all(mutant, tally, context);
            if (HasFatalFailure()) return;
          }
        }
      }
    }
  }
  // Every kind of status is met, and the gate decides some bodies.
  EXPECT_GT(tally.passes, 30000U);
  EXPECT_GT(tally.fails, 30000U);
  EXPECT_GT(tally.errors, 10U);
  EXPECT_GT(tally.warned, 100U);
}

TEST(SchemaVerdict, IsValidatesStatusOnEveryFixtureAndItsMutations) {
  std::mt19937 random(20261205);
  Tally tally;
  for (const auto& embedded : embedded_schemas()) {
    const fs::path corpus = fs::path(CONFORM_SOURCE_DIR) / "fixtures" / std::string(embedded.name);
    if (!fs::is_directory(corpus)) continue;
    for (const bool asserted : {false, true}) {
      SchemaOptions options;
      options.format_assertion = asserted;
      const Loaded loaded(std::string(embedded.text), options);
      ASSERT_TRUE(loaded.loaded()) << embedded.name;
      for (const auto& path : find_fixtures(corpus)) {
        if (path.extension() != ".json") continue;
        const std::string body = conform::testing::read_file(path);
        loaded.compare_all(body, tally, path.string());
        for (const std::string& mutant : mutations(body, 40, random)) loaded.compare_all(mutant, tally, path.string());
        if (HasFatalFailure()) return;
      }
    }
  }
  EXPECT_GT(tally.passes, 1000U);
  EXPECT_GT(tally.fails, 1000U);
}

// The cases validate() treats on their own, each met on purpose.
TEST(SchemaVerdict, IsValidatesStatusInEachSpecialCase) {
  struct Case {
    const char* schema;
    const char* body;
    Status lenient;  // warnings do not fail
    Status strict;   // warnings fail
  };
  const Case cases[] = {
      // A warning of an unasserted format: the gate decides.
      {R"({"format": "date-time"})", R"("yesterday")", Status::pass, Status::fail},
      {R"({"properties": {"at": {"format": "date-time"}}})", R"({"at": "yesterday"})", Status::pass, Status::fail},
      // A passing anyOf drops its branches' warnings; a failing one keeps them beside its error.
      {R"({"anyOf": [{"format": "date-time"}, {"type": "string"}]})", R"("yesterday")", Status::pass, Status::pass},
      {R"({"anyOf": [{"format": "date-time", "type": "integer"}, {"type": "integer"}]})", R"("yesterday")",
       Status::fail, Status::fail},
      // Duplicate keys, and a body that is not JSON.
      {R"({})", R"({"a": 1, "a": 2})", Status::fail, Status::fail},
      {R"({})", R"({"a": )", Status::fail, Status::fail},
      // Draft 4's integer past 64 bits: the verdict depends on how it was written.
      {R"({"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer"})", "18446744073709551616",
       Status::error, Status::error},
      {R"({"$schema": "http://json-schema.org/draft-04/schema#", "type": ["integer", "number"]})",
       "18446744073709551616", Status::pass, Status::pass},
      // The schema false: valijson fails it without a word.
      {R"(false)", R"({})", Status::fail, Status::fail},
      {R"({"properties": {"a": false, "at": {"format": "date-time"}}})", R"({"a": 1, "at": "x"})", Status::fail,
       Status::fail},
  };
  for (const Case& one : cases) {
    const Loaded loaded(one.schema, {});
    ASSERT_TRUE(loaded.loaded()) << one.schema;
    for (const Schema* schema : {&*loaded.fast, &*loaded.exact}) {
      for (const std::size_t most : {0, 1}) {
        Limits limits;
        limits.max_findings = most;
        EXPECT_EQ(to_string(schema->verdict(one.body, limits, false)), to_string(one.lenient))
            << one.schema << " on " << one.body;
        EXPECT_EQ(to_string(schema->verdict(one.body, limits, true)), to_string(one.strict))
            << one.schema << " on " << one.body;
        EXPECT_EQ(to_string(gated(*schema, one.body, limits, false)), to_string(one.lenient))
            << one.schema << " on " << one.body;
        EXPECT_EQ(to_string(gated(*schema, one.body, limits, true)), to_string(one.strict))
            << one.schema << " on " << one.body;
      }
    }
  }
  // A stop request: the body is given up, an error.
  const Loaded loaded(R"({"properties": {"a": {"type": "integer"}}})", {});
  ASSERT_TRUE(loaded.loaded());
  std::atomic<bool> stop{true};
  Limits limits;
  limits.stop = &stop;
  for (const Schema* schema : {&*loaded.fast, &*loaded.exact}) {
    EXPECT_EQ(to_string(schema->verdict(R"({"a": 1})", limits)), "error");
    EXPECT_EQ(to_string(gated(*schema, R"({"a": 1})", limits, false)), "error");
  }
}

// bench/realworld/run.sh points CONFORM_REALWORLD_CORPUS at the corpus.json
// its install wrote: every schema of the corpus, the benchmark set among them,
// with its documents and their mutations.
TEST(SchemaVerdict, IsValidatesStatusOnTheRealWorldCorpus) {
  const char* corpus_path = std::getenv("CONFORM_REALWORLD_CORPUS");
  if (corpus_path == nullptr || *corpus_path == '\0') GTEST_SKIP() << "CONFORM_REALWORLD_CORPUS is not set";
  rapidjson::Document corpus;
  const std::string text = conform::testing::read_file(corpus_path);
  corpus.Parse(text.data(), text.size());
  ASSERT_TRUE(corpus.IsArray()) << corpus_path;
  std::mt19937 random(20261206);
  Tally tally;
  for (const auto& entry : corpus.GetArray()) {
    const std::string schema_path = entry["schema"].GetString();
    SchemaOptions options = conform::testing::corpus_options(entry);
    for (const bool asserted : {false, true}) {
      options.format_assertion = asserted;
      const Loaded loaded(conform::testing::read_file(schema_path), options);
      if (!loaded.loaded()) continue;
      for (const auto& document : entry["documents"].GetArray()) {
        const std::string body = conform::testing::read_file(document["path"].GetString());
        loaded.compare_all(body, tally, schema_path);
        for (const std::string& mutant : mutations(body, 8, random)) loaded.compare_all(mutant, tally, schema_path);
        if (HasFatalFailure()) return;
      }
    }
  }
  std::cout << fmt::format(
      "real-world corpus: verdict == validate's status on {} bodies ({} pass, {} fail, {} error, {} decided by the "
      "gate)\n",
      tally.compared, tally.passes, tally.fails, tally.errors, tally.warned);
  EXPECT_GT(tally.passes, 0U);
}

}  // namespace
}  // namespace conform
