#include "engine/fast_path.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "conform/embedded_schema.hpp"
#include "conform/fixture.hpp"
#include "conform/schema.hpp"
#include "engine/schema_bundle.hpp"
#include "json/strict_reader.hpp"

// The fast path may only ever confirm a pass the general path would give:
// with it or without it, every report is the same. Shown on every fixture of
// every corpus and on a random corpus of mutated bodies.

namespace conform::engine {
namespace {
namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string render(const std::vector<Finding>& findings) {
  std::string text;
  for (const auto& f : findings) {
    text += f.instance_location + "|" + f.keyword + "|" + f.schema_location + "|" + f.message + "|" + f.hint + "|" +
            std::to_string(f.line) + ":" + std::to_string(f.column) + "\n";
  }
  return text;
}

std::optional<FastPath> fast_path_of(std::string_view name) {
  rapidjson::Document document;
  const EmbeddedSchema* embedded = find_embedded_schema(name);
  EXPECT_NE(embedded, nullptr);
  EXPECT_TRUE(json::read_strict(embedded->text, Limits{}, document).empty());
  const auto id = document.FindMember("$id");
  bundle_references(document, id == document.MemberEnd() ? std::string() : id->value.GetString());
  return FastPath::compile(document);
}

// Bodies near the valid ones: bytes flipped, dropped and doubled, keys
// re-cased, values re-typed, escapes, NULs and BOMs.
std::vector<std::string> mutations(const std::vector<std::string>& seeds, std::size_t count) {
  std::mt19937 random(20261127);
  const std::vector<std::string> splices = {"\\u0000",
                                            "\\ud800",
                                            "\\u0041",
                                            "\"",
                                            "\\",
                                            "\x80",
                                            "\xC0\xAF",
                                            "\xEF\xBB\xBF",
                                            std::string(1, '\0'),
                                            " ",
                                            ",",
                                            "}",
                                            "{",
                                            "[1]",
                                            "1.0",
                                            "1e400",
                                            "null",
                                            "true",
                                            "\"x\"",
                                            "correlationID",
                                            "phonenumber",
                                            "-"};
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < count; ++i) {
    std::string body = seeds[random() % seeds.size()];
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !body.empty(); ++e) {
      const std::size_t at = random() % body.size();
      switch (random() % 4) {
        case 0:
          body[at] = static_cast<char>(random() % 256);
          break;
        case 1:
          body.erase(at, 1 + random() % 3);
          break;
        case 2:
          body.insert(at, splices[random() % splices.size()]);
          break;
        default:
          body.insert(at, body.substr(at, 1 + random() % 8));
          break;
      }
    }
    bodies.push_back(std::move(body));
  }
  return bodies;
}

TEST(FastPath, CompilesForTheFlatBodySchemasOnly) {
  EXPECT_TRUE(fast_path_of("v3-mfa-status-request").has_value());
  EXPECT_TRUE(fast_path_of("v3-mfa-bind-request").has_value());
  EXPECT_TRUE(fast_path_of("v3-mfa-response").has_value());
  // if/then rules and allOf are the general path's.
  EXPECT_FALSE(fast_path_of("v3-mfa-request").has_value());
  EXPECT_FALSE(fast_path_of("error-400").has_value());
}

TEST(FastPath, AcceptsTheValidFixturesAndNoInvalidOne) {
  const auto fast = fast_path_of("v3-mfa-status-request");
  ASSERT_TRUE(fast.has_value());
  const fs::path corpus = fs::path(CONFORM_SOURCE_DIR) / "fixtures" / "v3-mfa-status-request";
  std::size_t usual = 0;
  for (const auto& body : find_fixtures(corpus)) {
    const Fixture fixture = load_fixture(body);
    const std::string text = read(body);
    const bool accepts = fast->accepts(text, fixture.limits);
    if (!fixture.expect_valid) {
      EXPECT_FALSE(accepts) << body;
    } else if (text.find('\\') == std::string::npos) {
      // It should carry every usual body; only escapes go the long way.
      EXPECT_TRUE(accepts) << body;
      ++usual;
    }
  }
  EXPECT_GE(usual, 20U);
}

TEST(FastPath, ReportsAreTheSameWithAndWithout) {
  std::size_t compared = 0;
  for (const auto& embedded : embedded_schemas()) {
    const fs::path corpus = fs::path(CONFORM_SOURCE_DIR) / "fixtures" / std::string(embedded.name);
    if (!fs::is_directory(corpus)) continue;
    SchemaOptions general_only;
    general_only.fast_path = false;
    const Schema fast = Schema::embedded(embedded.name);
    const Schema general = Schema::embedded(embedded.name, general_only);
    std::vector<std::string> seeds;
    for (const auto& body : find_fixtures(corpus)) {
      const Fixture fixture = load_fixture(body);
      const std::string text = read(body);
      EXPECT_EQ(render(fast.check(text, fixture.limits)), render(general.check(text, fixture.limits))) << body;
      ++compared;
      if (fixture.expect_valid) seeds.push_back(text);
    }
    for (const auto& body : mutations(seeds, 4000)) {
      ASSERT_EQ(render(fast.check(body)), render(general.check(body))) << embedded.name << ": " << body;
      ++compared;
    }
  }
  EXPECT_GT(compared, 30000U);
}

}  // namespace
}  // namespace conform::engine
