#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "conform/error.hpp"
#include "conform/schema.hpp"
#include "suite/suite_drafts.hpp"
#include "support/scratch_dir.hpp"

// The verdict walk (engine/verdict_pass) only ever confirms a pass the exact
// walk gives: with it (fast_path on) or without it, every body gets the same
// findings. Shown on every test of the official suite, in every draft, with
// format asserted and not, and on oneOf/anyOf schemas of doubling width.

namespace conform {
namespace {
namespace fs = std::filesystem;

using conform::testing::kSuite;
using conform::testing::text_of;

std::string render(const FindingList& findings) {
  std::string text;
  for (const auto& f : findings) {
    text += fmt::format("{}|{}|{}|{}|{}|{}|{}:{}\n", f.instance_location, f.keyword, f.schema_location, f.message,
                        f.hint, static_cast<int>(f.severity), f.line, f.column);
  }
  return text;
}

struct Pair {
  std::optional<Schema> with;
  std::optional<Schema> without;
};

// Both loads refuse, or both load.
Pair load_both(const std::string& text, SchemaOptions options) {
  Pair pair;
  std::string refused_with;
  std::string refused_without;
  try {
    pair.with = Schema::from_text(text, "test", options);
  } catch (const Error& error) {
    refused_with = error.what();
  }
  options.fast_path = false;
  try {
    pair.without = Schema::from_text(text, "test", options);
  } catch (const Error& error) {
    refused_without = error.what();
  }
  EXPECT_EQ(refused_with, refused_without) << text;
  return pair;
}

TEST(VerdictPass, SuiteFindingsAreTheSameWithAndWithout) {
  ASSERT_TRUE(fs::is_directory(kSuite / "tests")) << kSuite;
  std::size_t compared = 0;
  std::size_t passing = 0;
  for (const auto& [draft, dialect] : conform::testing::kSuiteDrafts) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(kSuite / "tests" / draft)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    }
    for (const fs::path& file : files) {
      rapidjson::Document cases;
      const std::string text = conform::testing::read_file(file);
      cases.Parse(text.data(), text.size());
      ASSERT_FALSE(cases.HasParseError()) << file;
      for (const auto& one : cases.GetArray()) {
        const std::string schema = text_of(one["schema"]);
        for (const bool asserted : {false, true}) {
          const Pair pair = load_both(schema, conform::testing::suite_options(dialect, asserted));
          if (!pair.with || !pair.without) continue;
          for (const auto& test : one["tests"].GetArray()) {
            const std::string body = text_of(test["data"]);
            const std::string with = render(pair.with->check(body));
            ASSERT_EQ(with, render(pair.without->check(body))) << file << ": " << schema << " on " << body;
            passing += with.empty() ? 1 : 0;
            ++compared;
          }
        }
      }
    }
  }
  EXPECT_GT(compared, 10000U);
  EXPECT_GT(passing, 4000U);
}

// A oneOf or anyOf over N object shapes told apart by a const "kind", each
// with a format, and a format outside them (whose annotations are kept): bodies of every shape, of none, of two, with a
// bad format; N doubles from 1 to 64.
TEST(VerdictPass, WideBranchesGiveTheSameFindingsWithAndWithout) {
  std::size_t compared = 0;
  for (const char* applicator : {"oneOf", "anyOf"}) {
    for (const char* dialect : {"http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#",
                                "https://json-schema.org/draft/2020-12/schema"}) {
      for (int width = 1; width <= 64; width *= 2) {
        std::string branches;
        for (int i = 0; i < width; ++i) {
          branches += fmt::format(
              R"({}{{"type": "object", "required": ["kind", "at"], "additionalProperties": false,
                "properties": {{"kind": {{"enum": ["k{}"]}}, "at": {{"type": "string", "format": "date-time"}},
                "n": {{"type": "integer", "maximum": {}}}, "m": {{"not": {{"type": "integer"}}}}, "tags": {{"type": "array", "items": {{"type": "string"}}}}}}}})",
              i == 0 ? "" : ",", i, i);
        }
        const std::string schema = fmt::format(R"({{"$schema": "{}", "properties": {{"at": {{"format": "date-time"}}}},
                "{}": [{}, {{"type": "object", "required": ["any{}"]}}]}})",
                                               dialect, applicator, branches, width);
        for (const bool asserted : {false, true}) {
          SchemaOptions options;
          options.format_assertion = asserted;
          const Pair pair = load_both(schema, options);
          ASSERT_TRUE(pair.with && pair.without) << schema;
          std::vector<std::string> bodies = {"{}", "[]", "1", R"({"kind": "none", "at": "2024-01-01T00:00:00Z"})"};
          for (int i = 0; i < width; ++i) {
            bodies.push_back(fmt::format(R"({{"kind": "k{}", "at": "2024-01-01T00:00:00Z", "n": {}}})", i, i));
            bodies.push_back(fmt::format(R"({{"kind": "k{}", "at": "yesterday", "tags": ["a"]}})", i));
            bodies.push_back(fmt::format(R"({{"kind": "k{}", "at": "2024-01-01T00:00:00Z", "n": {}}})", i, i + 1));
            bodies.push_back(fmt::format(R"({{"kind": "k{}", "at": "2024-01-01T00:00:00Z", "extra": 1}})", i));
            bodies.push_back(
                fmt::format(R"({{"kind": "k{}", "at": "2024-01-01T00:00:00Z", "n": 1e400, "any{}": 1}})", i, width));
            // Past 64 bits: draft 4's "integer" depends on the spelling, which the exact walk judges both ways.
            bodies.push_back(
                fmt::format(R"({{"kind": "k{}", "at": "2024-01-01T00:00:00Z", "m": 18446744073709551616}})", i));
          }
          for (const std::string& body : bodies) {
            ASSERT_EQ(render(pair.with->check(body)), render(pair.without->check(body))) << schema << " on " << body;
            ++compared;
          }
        }
      }
    }
  }
  EXPECT_GT(compared, 4500U);
}

}  // namespace
}  // namespace conform
