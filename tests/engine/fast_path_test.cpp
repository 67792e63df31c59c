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
#include "engine/keyword_table.hpp"
#include "engine/schema_bundle.hpp"
#include "json/strict_reader.hpp"
#include "support/scratch_dir.hpp"

// The fast path may only ever confirm a pass the general path would give:
// with it or without it, every report is the same. Shown on every fixture of
// every corpus and on a random corpus of mutated bodies.

namespace conform::engine {
namespace {
namespace fs = std::filesystem;

std::string render(const FindingList& findings) {
  std::string text;
  for (const auto& f : findings.to_vector()) {
    text += std::string(to_string(f.severity)) + "|" + f.instance_location + "|" + f.keyword + "|" + f.schema_location +
            "|" + f.message + "|" + f.hint + "|" + f.value.value_or("(none)") + "|" + std::to_string(f.line) + ":" +
            std::to_string(f.column) + "\n";
  }
  return text;
}

std::optional<FastPath> fast_path_of(std::string_view name) {
  rapidjson::Document document;
  const EmbeddedSchema* embedded = find_embedded_schema(name);
  EXPECT_NE(embedded, nullptr);
  EXPECT_TRUE(json::read_strict(embedded->text, Limits{}, document).empty());
  const auto id = document.FindMember("$id");
  const auto bundled = bundle_references(document, id == document.MemberEnd() ? std::string() : id->value.GetString());
  return FastPath::compile(document, Dialect::draft7, bundled);
}

// Whether the one pass explained this failing body itself.
bool explained(const FastPath& plan, std::string_view body, const Limits& limits = {}) {
  const auto findings = plan.check(body, limits);
  return findings.has_value() && !findings->empty();
}

// FastPath::verdict against the general path's status on the same body (a
// Schema with the fast path off) and against check(): a pass only where the
// general path passes and check() has no finding; a failure only where the
// general path fails; and never "not sure" where check() explains. Counts
// the sure failures.
std::size_t expect_verdict(const FastPath& plan, const Schema& general, std::string_view body,
                           const Limits& limits = {}) {
  const std::optional<bool> verdict = plan.verdict(body, limits);
  const std::optional<FindingList> explained_findings = plan.check(body, limits);
  if (explained_findings) {
    EXPECT_EQ(verdict, std::optional<bool>(explained_findings->empty())) << body;
  }
  if (plan.accepts(body, limits)) {
    EXPECT_EQ(verdict, std::optional<bool>(true)) << body;
  }
  if (!verdict) return 0;
  const Status status = general.validate(body, "t", limits).status;
  EXPECT_EQ(status, *verdict ? Status::pass : Status::fail) << body;
  if (*verdict) {
    EXPECT_TRUE(explained_findings.has_value() && explained_findings->empty()) << body;
  }
  return *verdict ? 0 : 1;
}

// Bodies near the valid ones: bytes flipped, dropped and doubled, keys
// re-cased, values re-typed, escapes, NULs and BOMs.
std::vector<std::string> mutations(const std::vector<std::string>& seeds, std::size_t count) {
  std::mt19937 random(20261127);
  const std::vector<std::string> splices = {"\\u0000",
                                            "\\u00e9",
                                            "\\u20AC",
                                            "\\/",
                                            "\\\"",
                                            "\\n",
                                            "\\ud83d\\ude00",
                                            "\\u004",
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

std::optional<FastPath> fast_path_of_text(const std::string& text, Dialect dialect) {
  rapidjson::Document document;
  EXPECT_TRUE(json::read_strict(text, Limits{}, document).empty()) << text;
  BundleOptions options;
  options.dialect = dialect;
  bundle_references(document, "", options);
  return FastPath::compile(document, dialect);
}

// A flat body schema with `root` and `field` (members, without braces) added
// at its root and in its one property's schema.
std::string flat_schema(const std::string& root, const std::string& field) {
  return R"({"type": "object", "additionalProperties": false, "required": ["a"], "properties": {"a": {"type": "string")" +
         std::string(field.empty() ? "" : ", ") + field + "}}" + (root.empty() ? "" : ", ") + root + "}";
}

// The keyword table alone says what the fast path may take: each annotation
// it lists for a dialect is taken at the root and in a field there, and
// refused in the drafts that do not have it; keywords it does not list are
// the general path's.
TEST(FastPath, TakesWhatTheKeywordTableLets) {
  const Dialect dialects[] = {Dialect::draft4, Dialect::draft6, Dialect::draft7, Dialect::draft2019_09,
                              Dialect::draft2020_12};
  std::size_t taken = 0;
  for (const Dialect dialect : dialects) {
    ASSERT_TRUE(fast_path_of_text(flat_schema("", ""), dialect).has_value());
    for (const Keyword& keyword : kKeywords) {
      if (keyword.fast_path != FastPathUse::annotation) continue;
      const std::string member = "\"" + std::string(keyword.name) + "\": [\"x\"]";
      const bool has = keyword_in(keyword.name, dialect).has_value();
      EXPECT_EQ(fast_path_of_text(flat_schema(member, ""), dialect).has_value(), has) << keyword.name;
      EXPECT_EQ(fast_path_of_text(flat_schema("", member), dialect).has_value(), has) << keyword.name;
      taken += has ? 1 : 0;
    }
    const bool defs = keyword_in("$defs", dialect).has_value();
    EXPECT_EQ(fast_path_of_text(flat_schema(R"("$defs": {"s": {"type": "string"}})", ""), dialect).has_value(), defs);
    for (const char* general : {R"("minProperties": 1)", R"("x-unknown": 1)", R"("allOf": [{}])"}) {
      EXPECT_FALSE(fast_path_of_text(flat_schema(general, ""), dialect).has_value()) << general;
    }
    for (const char* general : {R"("maxLength": 3)", R"("const": "x")", R"("format": "email")"}) {
      EXPECT_FALSE(fast_path_of_text(flat_schema("", general), dialect).has_value()) << general;
    }
  }
  EXPECT_GE(taken, 20U);  // 5 annotations in 2020-12, fewer before
}

// What the table newly lets through (a root "default", "$defs", the later
// drafts' annotations) gives the same reports with the fast path and without.
TEST(FastPath, TableAdmissionsReportTheSame) {
  struct Case {
    const char* schema;
    Dialect dialect;
  };
  const Case cases[] = {
      {R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "additionalProperties": false,
          "default": {}, "$comment": "c", "$defs": {"id": {"type": "string", "pattern": "^[a-z]+$"}},
          "required": ["id"], "properties": {"id": {"$ref": "#/$defs/id"}, "n": {"type": "integer", "examples": [1]}}})",
       Dialect::draft2020_12},
      {R"({"$schema": "https://json-schema.org/draft/2019-09/schema", "type": "object", "additionalProperties": false,
          "title": "t", "properties": {"id": {"type": "string", "enum": ["ab", "cd"], "default": "ab"},
          "b": {"type": "boolean", "$comment": "c"}}})",
       Dialect::draft2019_09},
  };
  const std::vector<std::string> seeds = {R"({"id": "ab", "n": 1, "b": true})", R"({"id": "cd"})",
                                          R"({"id": "zz", "n": 12})", R"({"n": 3})"};
  std::size_t compared = 0;
  std::size_t taken = 0;
  std::size_t surely_failed = 0;
  for (const Case& c : cases) {
    const auto plan = fast_path_of_text(c.schema, c.dialect);
    ASSERT_TRUE(plan.has_value()) << c.schema;
    SchemaOptions general_only;
    general_only.fast_path = false;
    const Schema fast = Schema::from_text(c.schema, "t");
    const Schema general = Schema::from_text(c.schema, "t", general_only);
    for (const auto& body : mutations(seeds, 4000)) {
      ASSERT_EQ(render(fast.check(body)), render(general.check(body))) << c.schema << ": " << body;
      ++compared;
      taken += plan->accepts(body, Limits{}) ? 1 : 0;
      surely_failed += expect_verdict(*plan, general, body);
    }
  }
  EXPECT_EQ(compared, 8000U);
  EXPECT_GT(taken, 20U);  // the fast path decides some of them itself
  EXPECT_GT(surely_failed, 100U);
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
    const std::string text = conform::testing::read_file(body);
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

// Escapes in names and values: the fast path decodes the printable ones and
// leaves controls and surrogates to the general path; either way the report
// is the general path's. Each escape at the start, middle and end of every
// string of the valid fixtures, one string at a time and all at once. Most
// of those bodies fail (a name or a pattern's string changed), and the one
// pass explains many of those itself, escaped names and values included.
TEST(FastPath, EscapedStringsAreDecodedOrLeftToTheGeneralPath) {
  struct Escape {
    std::string_view text;
    bool decoded;  // whether the fast path reads it itself
  };
  const std::vector<Escape> escapes = {
      {"\\u0041", true},
      {"\\u00e9", true},
      {"\\u20AC", true},
      {"\\/", true},
      {"\\\"", true},
      {"\\\\", true},
      {"\\n", false},
      {"\\t", false},
      {"\\u0000", false},
      {"\\u001F", false},
      {"\\ud83d\\ude00", false},
      {"\\udc00", false},
  };
  const auto fast = fast_path_of("v3-mfa-status-request");
  ASSERT_TRUE(fast.has_value());
  SchemaOptions general_only;
  general_only.fast_path = false;
  const Schema with = Schema::embedded("v3-mfa-status-request");
  const Schema general = Schema::embedded("v3-mfa-status-request", general_only);
  const fs::path corpus = fs::path(CONFORM_SOURCE_DIR) / "fixtures" / "v3-mfa-status-request";
  std::size_t compared = 0;
  std::size_t taken = 0;
  std::size_t explained_count = 0;
  std::size_t surely_failed = 0;
  for (const auto& path : find_fixtures(corpus)) {
    const Fixture fixture = load_fixture(path);
    const std::string seed = conform::testing::read_file(path);
    if (!fixture.expect_valid || seed.find('\\') != std::string::npos) continue;
    // The opening quote of every string (names and values).
    std::vector<std::size_t> quotes;
    for (std::size_t at = 0, n = 0; (at = seed.find('"', at)) != std::string::npos; ++at, ++n) {
      if (n % 2 == 0) quotes.push_back(at);
    }
    if (quotes.empty()) continue;
    for (const Escape& escape : escapes) {
      for (const int place : {0, 1, 2}) {
        std::vector<std::string> bodies;
        std::string all = seed;
        for (std::size_t q = quotes.size(); q-- > 0;) {
          const std::size_t close = seed.find('"', quotes[q] + 1);
          const std::size_t at = place == 0 ? quotes[q] + 1 : place == 1 ? (quotes[q] + 1 + close) / 2 : close;
          std::string one = seed;
          one.insert(at, escape.text);
          all.insert(at, escape.text);
          bodies.push_back(std::move(one));
        }
        bodies.push_back(std::move(all));
        for (const std::string& body : bodies) {
          ASSERT_EQ(render(with.check(body, fixture.limits)), render(general.check(body, fixture.limits))) << body;
          const bool accepts = fast->accepts(body, fixture.limits);
          if (!escape.decoded) {
            EXPECT_FALSE(accepts) << body;
            EXPECT_FALSE(fast->check(body, fixture.limits).has_value()) << body;
          }
          explained_count += explained(*fast, body, fixture.limits) ? 1 : 0;
          surely_failed += expect_verdict(*fast, general, body, fixture.limits);
          // A body that passes with a decoded escape is the fast path's own.
          if (escape.decoded && general.check(body, fixture.limits).empty()) {
            EXPECT_TRUE(accepts) << body;
            ++taken;
          }
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 2000U);
  EXPECT_GT(taken, 100U);
  EXPECT_GT(explained_count, 500U);
  EXPECT_GE(surely_failed, explained_count);  // at least those explained
}

TEST(FastPath, ReportsAreTheSameWithAndWithout) {
  std::size_t compared = 0;
  std::size_t explained_fixtures = 0;
  std::size_t explained_mutations = 0;
  std::size_t failed_fixtures = 0;
  std::size_t failed_mutations = 0;
  for (const auto& embedded : embedded_schemas()) {
    const fs::path corpus = fs::path(CONFORM_SOURCE_DIR) / "fixtures" / std::string(embedded.name);
    if (!fs::is_directory(corpus)) continue;
    SchemaOptions general_only;
    general_only.fast_path = false;
    const Schema fast = Schema::embedded(embedded.name);
    const Schema general = Schema::embedded(embedded.name, general_only);
    const auto plan = fast_path_of(embedded.name);
    std::vector<std::string> seeds;
    for (const auto& body : find_fixtures(corpus)) {
      const Fixture fixture = load_fixture(body);
      const std::string text = conform::testing::read_file(body);
      EXPECT_EQ(render(fast.check(text, fixture.limits)), render(general.check(text, fixture.limits))) << body;
      ++compared;
      explained_fixtures += plan && explained(*plan, text, fixture.limits) ? 1 : 0;
      if (plan) failed_fixtures += expect_verdict(*plan, general, text, fixture.limits);
      if (fixture.expect_valid) seeds.push_back(text);
    }
    for (const auto& body : mutations(seeds, 4000)) {
      ASSERT_EQ(render(fast.check(body)), render(general.check(body))) << embedded.name << ": " << body;
      ++compared;
      explained_mutations += plan && explained(*plan, body) ? 1 : 0;
      if (plan) failed_mutations += expect_verdict(*plan, general, body);
    }
  }
  EXPECT_GT(compared, 30000U);
  // The one pass explains some failures itself, so the comparison covers it.
  EXPECT_GT(explained_fixtures, 5U);
  EXPECT_GT(explained_mutations, 500U);
  // Its verdict is sure of more than it explains (types, enums, duplicates, past the limits of explaining).
  EXPECT_GT(failed_fixtures, explained_fixtures);
  EXPECT_GT(failed_mutations, explained_mutations);
}

// The failures the one pass explains, counted up: 1, 2, 4 and 8 unknown
// members, refused strings and missing members in one body, with spaces and
// newlines around, escaped names and values, long values (cut in the
// preview), past a --max-findings limit; each the general path's report.
TEST(FastPath, ExplainedFailuresAreTheGeneralPaths) {
  const std::string schema =
      R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "additionalProperties": false,
          "$defs": {"id": {"type": "string", "pattern": "^[a-z]+$"}},
          "required": ["z", "id", "b"],
          "properties": {"id": {"$ref": "#/$defs/id"}, "n": {"type": "integer"}, "b": {"type": "boolean"},
                         "z": {"pattern": "^[0-9]{2}$"}, "e": {"type": "string", "enum": ["ab", "a-"], "pattern": "b"}}})";
  const auto plan = fast_path_of_text(schema, Dialect::draft2020_12);
  ASSERT_TRUE(plan.has_value());
  SchemaOptions general_only;
  general_only.fast_path = false;
  const Schema fast = Schema::from_text(schema, "t");
  const Schema general = Schema::from_text(schema, "t", general_only);
  const std::vector<std::string> unknown_values = {"1",
                                                   "-2.50",
                                                   "true",
                                                   "null",
                                                   "\"x\"",
                                                   "\"\\u00e9\\/\"",
                                                   "0.1",
                                                   "\"" + std::string(300, 'q') + "\"",
                                                   "\"" + std::string(254, 'r') + "\u00e9\""};
  std::size_t compared = 0;
  std::size_t explained_count = 0;
  std::size_t surely_failed = 0;
  for (const std::size_t unknown : {0U, 1U, 2U, 4U, 8U}) {
    for (const bool refused : {false, true}) {
      for (const bool present : {false, true}) {
        for (const std::string_view space : {"", " ", "\n  "}) {
          std::string body = std::string(space) + "{";
          const auto add = [&](const std::string& member) {
            if (body.back() != '{') body += ",";
            body += std::string(space) + member;
          };
          if (present) add(R"("b": false)");
          for (std::size_t i = 0; i < unknown; ++i) {
            add("\"" + std::string(i % 2 == 0 ? "Id" : "i\\u0064x") + std::to_string(i) +
                "\": " + unknown_values[i % unknown_values.size()]);
          }
          add(refused ? R"("id": "A-b")" : R"("id": "ab")");
          if (present) add(refused ? R"("z": "1\u00e9", "e": "a-")" : R"("z": "12", "e": "ab")");
          body += std::string(space) + "}" + std::string(space);
          for (const std::size_t most : {0U, 1U, 3U, 100U}) {
            Limits limits;
            limits.max_findings = most;
            OmittedFindings fast_omitted, general_omitted;
            ASSERT_EQ(render(fast.check(body, limits, &fast_omitted)),
                      render(general.check(body, limits, &general_omitted)))
                << body;
            EXPECT_EQ(fast_omitted.count, general_omitted.count) << body;
            explained_count += explained(*plan, body, limits) ? 1 : 0;
            surely_failed += expect_verdict(*plan, general, body, limits);
            ++compared;
          }
        }
      }
    }
  }
  EXPECT_EQ(compared, 240U);
  EXPECT_GT(explained_count, 120U);
  // Every body but the passing ones surely fails, past --max-findings too.
  EXPECT_GT(surely_failed, explained_count);
}

// What only the verdict is sure of: a value of the wrong type, a string
// outside its enum, a member named twice, an unknown member past the limits
// of explaining; and where it stays unsure. Each against the general path.
TEST(FastPath, VerdictIsSureOfWhatFailsWhateverFollows) {
  const auto plan = fast_path_of("v3-mfa-status-request");
  ASSERT_TRUE(plan.has_value());
  SchemaOptions general_only;
  general_only.fast_path = false;
  const Schema general = Schema::embedded("v3-mfa-status-request", general_only);
  const std::string id = R"("clientRequestId": "71010d88-d0e7-4a24-9297-d1be6fefde81")";
  const std::string correlation = R"("correlationId": "713189b8-5555-4b08-83ba-75d08780aebd")";
  const std::string phone = R"("phoneNumber": "2001004011")";
  const std::vector<std::string> sure = {
      "{" + id + ", " + correlation + R"(, "phoneNumber": 2001004011})",
      "{" + id + ", " + correlation + R"(, "phoneNumber": null})",
      "{" + id + ", " + correlation + R"(, "phoneNumber": ["2001004011"]})",
      "{" + id + ", " + correlation + R"(, "phoneNumber": {"a": 1e400}})",
      "{" + id + ", " + correlation + ", " + phone + ", " + phone + "}",
      "{" + id + ", " + correlation + ", " + phone + R"(, "phoneNumber": "1"})",
      "{" + id + ", " + correlation + ", " + phone + R"(, "x": 1e400})",
      "{" + id + ", " + correlation + ", " + phone + R"(, "x": 1, "x": 2})",
      "{" + id + ", " + correlation + ", " + phone + R"(, ")" + std::string(5000, 'n') + R"(": 1})",
      // Cut short after the failure: the strict reader's finding then.
      "{" + id + R"(, "correlationId": true, "phoneNumber": )",
      "{" + id + R"(, "unknown": )",
  };
  for (const std::string& body : sure) {
    EXPECT_EQ(plan->verdict(body, Limits{}), std::optional<bool>(false)) << body;
    EXPECT_EQ(general.validate(body, "t", Limits{}).status, Status::fail) << body;
    expect_verdict(*plan, general, body);
  }
  // Limits with no finding explained: the verdict is still sure.
  Limits one;
  one.max_findings = 1;
  const std::string two_unknown = "{" + id + ", " + correlation + ", " + phone + R"(, "x": 1, "y": 2})";
  EXPECT_FALSE(plan->check(two_unknown, one).has_value());
  EXPECT_EQ(plan->verdict(two_unknown, one), std::optional<bool>(false));
  EXPECT_EQ(expect_verdict(*plan, general, two_unknown, one), 1U);
  // Not sure: what the scanner does not read, before any failure.
  const std::vector<std::string> unsure = {
      "{" + id + ", " + correlation + R"(, "phoneNumber": "2001004011
"})",
      "ï»¿{" + id + ", " + correlation + ", " + phone + "}",
      "{" + id + ", " + correlation + ", " + phone + "} x",
      "[" + id + "]",
  };
  for (const std::string& body : unsure) {
    EXPECT_EQ(plan->verdict(body, Limits{}), std::nullopt) << body;
    expect_verdict(*plan, general, body);
  }
  EXPECT_EQ(plan->verdict("{" + id + ", " + correlation + ", " + phone + "}", Limits{}), std::optional<bool>(true));
}

}  // namespace
}  // namespace conform::engine
