#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
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
using conform::testing::text_of;

// Bodies one structural edit away from `seed`: a member removed, a value
// swapped for one of another type or at a number's edge, an array item
// doubled, a member added; `count` of them, the same on every run.
std::vector<std::string> mutations(const std::string& seed, std::size_t count, std::mt19937& random) {
  rapidjson::Document original;
  // A body past the reader's limits (a hostile fixture nested 100,000 deep) is
  // never judged, and RapidJSON's recursive parse and writer would overflow the stack.
  if (!json::read_strict(seed, Limits{}, original).empty()) return {};
  static const char* const kReplacements[] = {"null",
                                              "true",
                                              "false",
                                              "0",
                                              "-1",
                                              "1.5",
                                              "1.0",
                                              "\"\"",
                                              "\"x\"",
                                              "\"2024-01-01T00:00:00Z\"",
                                              "[]",
                                              "{}",
                                              "[1, 1]",
                                              "1e300",
                                              "18446744073709551616",
                                              "9007199254740993",
                                              "\"a\\u00e9\"",
                                              "{\"x-mutant\": 1}"};
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < count; ++i) {
    rapidjson::Document body;
    body.CopyFrom(original, body.GetAllocator());
    // A random walk down to one value.
    rapidjson::Value* at = &body;
    rapidjson::Value* parent = nullptr;
    rapidjson::SizeType index = 0;
    while ((at->IsObject() && at->MemberCount() != 0) || (at->IsArray() && !at->Empty())) {
      if (random() % 3 == 0) break;
      parent = at;
      if (at->IsObject()) {
        index = static_cast<rapidjson::SizeType>(random() % at->MemberCount());
        at = &(at->MemberBegin() + index)->value;
      } else {
        index = static_cast<rapidjson::SizeType>(random() % at->Size());
        at = &(*at)[index];
      }
    }
    auto& allocator = body.GetAllocator();
    switch (random() % 4) {
      case 0:  // remove it
        if (parent != nullptr && parent->IsObject()) {
          parent->EraseMember(parent->MemberBegin() + index);
        } else if (parent != nullptr) {
          parent->Erase(parent->Begin() + index);
        }
        break;
      case 1:  // double an item, or add a member
        if (at->IsArray() && !at->Empty()) {
          rapidjson::Value copy((*at)[0], allocator);
          at->PushBack(copy, allocator);
        } else if (at->IsObject()) {
          at->AddMember("x-mutant", rapidjson::Value(1), allocator);
        }
        break;
      default: {
        rapidjson::Document replacement(&allocator);
        const char* text = kReplacements[random() % std::size(kReplacements)];
        replacement.Parse(text, std::strlen(text));  // with a length: no SIMD read past a literal (ASan)
        at->CopyFrom(replacement, allocator);
        break;
      }
    }
    bodies.push_back(text_of(body));
  }
  return bodies;
}

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
          const Pair pair(schema, conform::testing::suite_options(dialect, asserted));
          if (!pair.loaded()) continue;
          for (const auto& test : one["tests"].GetArray()) {
            const std::string body = text_of(test["data"]);
            const std::string context = fmt::format("{}: {}", entry.path().string(), schema);
            pair.compare(body, tally, context);
            for (const std::string& mutant : mutations(body, 6, random)) pair.compare(mutant, tally, context);
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
    SchemaOptions options;
    const std::string_view dialect = entry["dialect"].GetString();
    options.default_dialect = dialect == "draft-04"   ? Dialect::draft4
                              : dialect == "draft-06" ? Dialect::draft6
                              : dialect == "2019-09"  ? Dialect::draft2019_09
                              : dialect == "2020-12"  ? Dialect::draft2020_12
                                                      : Dialect::draft7;
    for (const auto& map : entry["maps"].GetArray()) {
      std::string folder = map[1].GetString();
      while (!folder.empty() && folder.back() == '/') folder.pop_back();
      options.uri_map.emplace_back(map[0].GetString(), folder);
    }
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
