#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"
#include "conform/fixture.hpp"
#include "conform/schema.hpp"
#include "engine/schema_loader.hpp"
#include "engine/verdict_tree.hpp"
#include "json/strict_reader.hpp"
#include "suite/mutations.hpp"
#include "suite/realworld_corpus.hpp"
#include "suite/suite_drafts.hpp"
#include "support/scratch_dir.hpp"

// The differential test of the verdict tree (engine/verdict_tree): its
// verdict on a body against the exact walk's findings (fast paths off). A
// `pass` the exact walk fails would ship a wrong verdict; a `fail` it passes
// would break oneOf and not. Either fails the build. Run on every test of
// the official suite in every draft, with format asserted and not, on every
// fixture of the embedded schemas, on mutations of all of them, and (with
// CONFORM_REALWORLD_CORPUS, as bench/realworld/run.sh sets it) on the
// real-world corpus and its documents.

namespace conform {
namespace {
namespace fs = std::filesystem;

using conform::testing::kSuite;
using conform::testing::mutations;
using conform::testing::text_of;

struct Tally {
  std::size_t passes = 0;  // confirmed by the tree
  std::size_t fails = 0;
  std::size_t unknown = 0;
  std::size_t exact_passes = 0;
};

// One schema loaded both ways: the tree over it, and the exact walk alone.
class Pair {
 public:
  Pair(const std::string& text, const SchemaOptions& options) {
    SchemaOptions exact_options = options;
    exact_options.fast_path = false;
    try {
      exact_.emplace(Schema::from_text(text, "test", exact_options));
      engine::load_schema(text, "test", options, loaded_);
    } catch (const Error&) {
      exact_.reset();
      return;
    }
    tree_ = engine::VerdictTree::compile(loaded_);
  }
  bool loaded() const { return exact_.has_value(); }

  // Asserts the tree's verdict against the exact walk's.
  void compare(const std::string& body, Tally& tally, const std::string& context) const {
    rapidjson::Document document;
    if (!json::read_strict(body, Limits{}, document).empty()) return;
    const FindingList findings = exact_->check(body);
    bool exact_fails = false;
    for (const FindingView finding : findings) exact_fails = exact_fails || finding.severity == Severity::error;
    tally.exact_passes += findings.empty() ? 1 : 0;
    const engine::Verdict verdict = tree_ ? tree_->judge(document) : engine::Verdict::unknown;
    switch (verdict) {
      case engine::Verdict::pass:
        ++tally.passes;
        ASSERT_TRUE(findings.empty()) << "the tree passes a body the exact walk has findings for: " << context
                                      << "\nbody: " << body << "\nfirst: " << findings.front().message;
        break;
      case engine::Verdict::fail:
        ++tally.fails;
        ASSERT_TRUE(exact_fails) << "the tree fails a body the exact walk passes: " << context << "\nbody: " << body;
        break;
      case engine::Verdict::unknown:
        ++tally.unknown;
        break;
    }
  }

 private:
  std::optional<Schema> exact_;
  engine::LoadedSchema loaded_;
  std::unique_ptr<engine::VerdictTree> tree_;
};

TEST(VerdictTree, AgreesWithTheExactWalkOnTheSuiteAndItsMutations) {
  ASSERT_TRUE(fs::is_directory(kSuite / "tests")) << kSuite;
  std::mt19937 random(20261201);
  Tally tally;
  Tally unevaluated;  // of unevaluatedProperties.json and unevaluatedItems.json
  for (const auto& [draft, dialect] : conform::testing::kSuiteDrafts) {
    for (const auto& entry : fs::recursive_directory_iterator(kSuite / "tests" / draft)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
      Tally& counted = entry.path().filename().string().rfind("unevaluated", 0) == 0 ? unevaluated : tally;
      rapidjson::Document cases;
      const std::string text = conform::testing::read_file(entry.path());
      cases.Parse(text.data(), text.size());
      ASSERT_FALSE(cases.HasParseError()) << entry.path();
      for (const auto& one : cases.GetArray()) {
        const std::string schema = text_of(one["schema"]);
        for (const bool asserted : {false, true}) {
          const Pair pair(schema, conform::testing::suite_options(dialect, asserted));
          if (!pair.loaded()) continue;
          for (const auto& test : one["tests"].GetArray()) {
            const std::string body = text_of(test["data"]);
            const std::string context = fmt::format("{}: {}", entry.path().string(), schema);
            pair.compare(body, counted, context);
            for (const std::string& mutant : mutations(body, 6, random)) pair.compare(mutant, counted, context);
            if (HasFatalFailure()) return;
          }
        }
      }
    }
  }
  // The tree decides most bodies itself, both ways.
  EXPECT_GT(tally.passes, 15000U) << tally.unknown;
  EXPECT_GT(tally.fails, 15000U) << tally.unknown;
  EXPECT_GT(tally.passes * 10, tally.exact_passes * 9);
  // unevaluatedProperties and unevaluatedItems too: what the subschemas beside
  // them evaluate (branches that pass, if/then/else, contains, nested ones) is followed.
  std::cout << fmt::format("unevaluated*: {} confirmed passes of {} exact ones, {} fails, {} left to the exact walk\n",
                           unevaluated.passes, unevaluated.exact_passes, unevaluated.fails, unevaluated.unknown);
  EXPECT_GT(unevaluated.passes * 10, unevaluated.exact_passes * 9);
  EXPECT_GT(unevaluated.fails, 500U) << unevaluated.unknown;
}

// unevaluatedProperties and unevaluatedItems beside every applicator whose
// annotations they read, in both dialects that have them: every body of a few
// members or items drawn from a small set, against the exact walk.
TEST(VerdictTree, AgreesWithTheExactWalkOnUnevaluatedKeywords) {
  const char* const properties[] = {
      R"({"properties": {"a": true}, "anyOf": [{"properties": {"b": true}}, {"properties": {"c": {"type": "integer"}}, "required": ["c"]}], "unevaluatedProperties": false})",
      R"({"oneOf": [{"properties": {"a": {"type": "integer"}}, "required": ["a"]}, {"properties": {"b": true}, "required": ["b"]}], "unevaluatedProperties": {"type": "string"}})",
      R"({"if": {"properties": {"a": {"const": 1}}, "required": ["a"]}, "then": {"properties": {"b": true}}, "else": {"properties": {"c": true}}, "unevaluatedProperties": false})",
      R"({"dependentSchemas": {"a": {"properties": {"b": true}}}, "properties": {"a": true}, "unevaluatedProperties": false})",
      R"({"dependencies": {"a": {"properties": {"b": true}}}, "properties": {"a": true}, "unevaluatedProperties": false})",
      R"({"allOf": [{"properties": {"a": true}, "unevaluatedProperties": {"type": "integer"}}], "properties": {"b": true}, "unevaluatedProperties": false})",
      R"({"$ref": "#/$defs/base", "$defs": {"base": {"properties": {"a": true}, "patternProperties": {"^x-": true}}}, "unevaluatedProperties": false})",
      R"({"patternProperties": {"^x-": {"type": "integer"}}, "anyOf": [{"additionalProperties": {"type": "integer"}}, true], "unevaluatedProperties": false})",
      R"({"properties": {"child": {"$ref": "#"}, "a": true}, "unevaluatedProperties": false})",
      R"({"not": {"properties": {"a": {"type": "string"}}}, "unevaluatedProperties": false})",
  };
  const char* const items[] = {
      R"({"prefixItems": [true], "anyOf": [{"prefixItems": [true, {"type": "integer"}]}, true], "unevaluatedItems": false})",
      R"({"contains": {"type": "string"}, "unevaluatedItems": {"type": "integer"}})",
      R"({"if": {"prefixItems": [{"const": 1}]}, "then": {"prefixItems": [true, true]}, "else": {"items": {"type": "string"}}, "unevaluatedItems": false})",
      R"({"allOf": [{"prefixItems": [true], "unevaluatedItems": {"type": "integer"}}], "unevaluatedItems": false})",
      R"({"items": [true], "oneOf": [{"items": [true, {"type": "integer"}]}, {"additionalItems": false}], "unevaluatedItems": false})",
  };
  const std::string names[] = {"a", "b", "c", "x-1", "child"};
  const std::string values[] = {"1", "\"s\"", "null", "[1]", "{\"a\": 1}", "{\"z\": 1}"};
  Tally tally;
  for (const char* dialect :
       {"https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2019-09/schema"}) {
    const bool modern = std::string_view(dialect).find("2020-12") != std::string_view::npos;
    std::vector<std::string> schemas;
    for (const char* one : properties) schemas.push_back(one);
    // prefixItems is 2020-12's, items as an array 2019-09's.
    for (const char* one : items) {
      const bool array_items = std::string_view(one).find("\"items\": [") != std::string_view::npos;
      if (array_items != modern) schemas.push_back(one);
    }
    for (std::string schema : schemas) {
      schema.insert(1, fmt::format(R"("$schema": "{}", )", dialect));
      const Pair pair(schema, {});
      ASSERT_TRUE(pair.loaded()) << schema;
      std::mt19937 random(20261207);
      for (int i = 0; i < 300; ++i) {
        std::string object = "{";
        std::string array = "[";
        const std::size_t count = random() % 4;
        for (std::size_t k = 0; k < count; ++k) {
          const std::string& value = values[random() % std::size(values)];
          object += fmt::format(R"({}"{}": {})", k == 0 ? "" : ", ", names[random() % std::size(names)], value);
          array += (k == 0 ? "" : ", ") + value;
        }
        pair.compare(object + "}", tally, schema);
        pair.compare(array + "]", tally, schema);
        if (HasFatalFailure()) return;
      }
    }
  }
  EXPECT_GT(tally.passes, 2000U) << tally.unknown;
  EXPECT_GT(tally.fails, 2000U) << tally.unknown;
  EXPECT_LT(tally.unknown, 100U);
}

TEST(VerdictTree, AgreesWithTheExactWalkOnEveryFixtureAndItsMutations) {
  std::mt19937 random(20261202);
  Tally tally;
  for (const auto& embedded : embedded_schemas()) {
    const fs::path corpus = fs::path(CONFORM_SOURCE_DIR) / "fixtures" / std::string(embedded.name);
    if (!fs::is_directory(corpus)) continue;
    for (const bool asserted : {false, true}) {
      SchemaOptions options;
      options.format_assertion = asserted;
      const Pair pair(std::string(embedded.text), options);
      ASSERT_TRUE(pair.loaded()) << embedded.name;
      for (const auto& path : find_fixtures(corpus)) {
        if (path.extension() != ".json") continue;
        const std::string body = conform::testing::read_file(path);
        pair.compare(body, tally, path.string());
        for (const std::string& mutant : mutations(body, 40, random)) pair.compare(mutant, tally, path.string());
        if (HasFatalFailure()) return;
      }
    }
  }
  EXPECT_GT(tally.passes, 1000U) << tally.unknown;
  EXPECT_GT(tally.fails, 1000U) << tally.unknown;
}

// A node is read when a body first reaches it, on whichever thread judges
// that body: threads judging one fresh tree at once (each in its own order)
// agree with a tree read on one thread. TSan checks the publishing too.
TEST(VerdictTree, ReadsEachNodeOnceWhileThreadsJudgeAtOnce) {
  std::mt19937 random(20261208);
  std::size_t judged = 0;
  for (const auto& embedded : embedded_schemas()) {
    const fs::path corpus = fs::path(CONFORM_SOURCE_DIR) / "fixtures" / std::string(embedded.name);
    if (!fs::is_directory(corpus)) continue;
    engine::LoadedSchema loaded;
    engine::load_schema(embedded.text, "test", {}, loaded);
    std::vector<rapidjson::Document> bodies;
    for (const auto& path : find_fixtures(corpus)) {
      if (path.extension() != ".json") continue;
      const std::string body = conform::testing::read_file(path);
      std::vector<std::string> texts = mutations(body, 10, random);
      texts.push_back(body);
      for (const std::string& text : texts) {
        rapidjson::Document document;
        if (json::read_strict(text, Limits{}, document).empty()) bodies.push_back(std::move(document));
      }
    }
    const auto reference = engine::VerdictTree::compile(loaded);
    if (!reference) continue;
    std::vector<engine::Verdict> expected;
    for (const auto& body : bodies) expected.push_back(reference->judge(body));
    const auto fresh = engine::VerdictTree::compile(loaded);
    constexpr int kThreads = 4;
    std::vector<std::vector<engine::Verdict>> seen(kThreads, std::vector<engine::Verdict>(bodies.size()));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (std::size_t k = 0; k < bodies.size(); ++k) {
          const std::size_t i = t % 2 == 0 ? k : bodies.size() - 1 - k;
          seen[t][i] = fresh->judge(bodies[i]);
        }
      });
    }
    for (auto& thread : threads) thread.join();
    for (int t = 0; t < kThreads; ++t) {
      for (std::size_t i = 0; i < bodies.size(); ++i) {
        ASSERT_EQ(static_cast<int>(seen[t][i]), static_cast<int>(expected[i])) << embedded.name << " body " << i;
      }
    }
    judged += bodies.size();
  }
  EXPECT_GT(judged, 500U);
}

// bench/realworld/run.sh points CONFORM_REALWORLD_CORPUS at the corpus.json
// its install wrote: every schema of the corpus, the benchmark set among them,
// with its documents and their mutations.
TEST(VerdictTree, AgreesWithTheExactWalkOnTheRealWorldCorpus) {
  const char* corpus_path = std::getenv("CONFORM_REALWORLD_CORPUS");
  if (corpus_path == nullptr || *corpus_path == '\0') GTEST_SKIP() << "CONFORM_REALWORLD_CORPUS is not set";
  rapidjson::Document corpus;
  const std::string text = conform::testing::read_file(corpus_path);
  corpus.Parse(text.data(), text.size());
  ASSERT_TRUE(corpus.IsArray()) << corpus_path;
  std::mt19937 random(20261203);
  Tally tally;
  for (const auto& entry : corpus.GetArray()) {
    const std::string schema_path = entry["schema"].GetString();
    SchemaOptions options = conform::testing::corpus_options(entry);
    for (const bool asserted : {false, true}) {
      options.format_assertion = asserted;
      const Pair pair(conform::testing::read_file(schema_path), options);
      if (!pair.loaded()) continue;
      for (const auto& document : entry["documents"].GetArray()) {
        const std::string body = conform::testing::read_file(document["path"].GetString());
        pair.compare(body, tally, schema_path);
        for (const std::string& mutant : mutations(body, 8, random)) pair.compare(mutant, tally, schema_path);
        if (HasFatalFailure()) return;
      }
    }
  }
  std::cout << fmt::format(
      "real-world corpus: {} confirmed passes, {} fails, {} left to the exact walk ({} exact passes)\n", tally.passes,
      tally.fails, tally.unknown, tally.exact_passes);
  EXPECT_GT(tally.passes, 0U);
}

}  // namespace
}  // namespace conform
