#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <rapidjson/document.h>

#include "conform/error.hpp"
#include "conform/schema.hpp"
#include "engine/fast_path.hpp"
#include "engine/schema_loader.hpp"
#include "suite/suite_drafts.hpp"
#include "support/scratch_dir.hpp"

// The one-pass scanner (engine/fast_path) against the exact walk on every
// test of the official suite whose schema it compiles for: its findings are
// the exact walk's, and its verdict, when it gives one, is the exact walk's
// status. Also each test's body with an unknown member, one removed, and a
// value of another type, so that both ways are seen.

namespace conform {
namespace {
namespace fs = std::filesystem;

using conform::testing::kSuite;
using conform::testing::text_of;

std::string render(const FindingList& findings) {
  std::string text;
  for (const FindingView f : findings) {
    text += std::string(f.instance_location) + "|" + std::string(f.keyword) + "|" + std::string(f.schema_location) +
            "|" + std::string(f.message) + "|" + std::string(f.hint) + "|" + std::string(f.value.value_or("(none)")) +
            "|" + std::to_string(f.line) + ":" + std::to_string(f.column) + "\n";
  }
  return text;
}

struct Tally {
  std::size_t schemas = 0;
  std::size_t bodies = 0;
  std::size_t passes = 0;
  std::size_t fails = 0;
};

void compare(const engine::FastPath& plan, const Schema& exact, const std::string& body, Tally& tally,
             const std::string& context) {
  ++tally.bodies;
  const FindingList findings = exact.check(body);
  const Status status = exact.validate(body, "t").status;
  if (const auto explained = plan.check(body, Limits{})) {
    ASSERT_EQ(render(*explained), render(findings)) << context << "\nbody: " << body;
  }
  const std::optional<bool> verdict = plan.verdict(body, Limits{});
  if (!verdict) return;
  (*verdict ? tally.passes : tally.fails) += 1;
  ASSERT_EQ(status, *verdict ? Status::pass : Status::fail) << context << "\nbody: " << body;
}

TEST(FastPathSuite, AgreesWithTheExactWalkWhereItCompiles) {
  ASSERT_TRUE(fs::is_directory(kSuite / "tests")) << kSuite;
  Tally tally;
  for (const auto& [draft, dialect] : conform::testing::kSuiteDrafts) {
    for (const auto& entry : fs::recursive_directory_iterator(kSuite / "tests" / draft)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
      rapidjson::Document cases;
      const std::string text = conform::testing::read_file(entry.path());
      cases.Parse(text.data(), text.size());
      ASSERT_FALSE(cases.HasParseError()) << entry.path();
      for (const auto& one : cases.GetArray()) {
        // The suite has almost no flat closed object of its own: each test's
        // schema is also the one property of one, and its data that member.
        const std::string schema = text_of(one["schema"]);
        const std::string wrapped =
            R"({"type": "object", "additionalProperties": false, "required": ["a"], "properties": {"a": )" + schema +
            "}}";
        for (const std::string& tried : {schema, wrapped}) {
          SchemaOptions options = conform::testing::suite_options(dialect, false);
          engine::LoadedSchema loaded;
          std::optional<Schema> exact;
          try {
            engine::load_schema(tried, "test", options, loaded);
            options.fast_path = false;
            exact.emplace(Schema::from_text(tried, "test", options));
          } catch (const Error&) {
            continue;
          }
          const auto plan = engine::FastPath::compile(loaded.original, loaded.dialect, loaded.bundled);
          if (!plan) continue;
          ++tally.schemas;
          const std::string context = entry.path().string() + ": " + tried;
          for (const auto& test : one["tests"].GetArray()) {
            const std::string data = text_of(test["data"]);
            const std::string body = &tried == &schema ? data : R"({"a": )" + data + "}";
            compare(*plan, *exact, body, tally, context);
            rapidjson::Document edited;
            edited.Parse(body.data(), body.size());
            if (!edited.IsObject()) continue;
            edited.AddMember("x-unknown", 1, edited.GetAllocator());
            compare(*plan, *exact, text_of(edited), tally, context);
            edited.RemoveMember(edited.MemberBegin());
            compare(*plan, *exact, text_of(edited), tally, context);
            edited.MemberBegin()->value.SetArray();
            compare(*plan, *exact, text_of(edited), tally, context);
            compare(*plan, *exact, "{}", tally, context);
            if (HasFatalFailure()) return;
          }
        }
      }
    }
  }
  // The scalar schemas of the suite (types, patterns, enums of strings) compile; both verdicts are seen.
  EXPECT_GT(tally.schemas, 80U);
  EXPECT_GT(tally.passes, 100U) << tally.bodies;
  EXPECT_GT(tally.fails, 1000U) << tally.bodies << " bodies, " << tally.fails << " fails";
}

}  // namespace
}  // namespace conform
