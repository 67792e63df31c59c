#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "json/rapidjson_config.hpp"
#include "report/sarif_reporter.hpp"
#include "support/report_run.hpp"

// SARIF that code scanning takes as it is: help for every rule, and every
// artifact location relative to a uriBaseId the run defines.

namespace conform {
namespace {
namespace fs = std::filesystem;

rapidjson::Document sarif_of(const std::vector<Result>& results) {
  const std::string text = conform::testing::report_of<report::SarifReporter>({}, results);
  rapidjson::Document log;
  log.Parse(text.data(), text.size());
  EXPECT_FALSE(log.HasParseError()) << text;
  return log;
}

Result failing(const std::string& file, const std::string& keyword, const std::string& rule = "") {
  Finding finding;
  finding.keyword = keyword;
  finding.rule = rule;
  finding.instance_location = rule.empty() ? "/x" : "/log/entries/1";
  finding.message = "does not hold";
  finding.line = 2;
  finding.column = 1;
  if (!rule.empty()) finding.related = {"/log/entries/0", "/log/entries/1"};
  Result result = make_result(file, {finding});
  result.file = file;
  return result;
}

TEST(SarifReporter, EveryRuleHasHelpTextAndMarkdown) {
  const std::vector<std::string> keywords = {"required",   "pattern",  "type",  "enum",
                                             "a`b*[c](d)", "x-custom", "const", "minLength"};
  for (const std::size_t count : {std::size_t{1}, std::size_t{2}, std::size_t{4}, std::size_t{8}}) {
    std::vector<Result> results;
    for (std::size_t i = 0; i < count; ++i) results.push_back(failing("a.json", keywords[i]));
    results.push_back(failing("c.har", "flow", "F3"));
    results.push_back(failing("c.har", "flow", "F1"));
    const rapidjson::Document log = sarif_of(results);
    const auto& rules = log["runs"][0]["tool"]["driver"]["rules"];
    ASSERT_EQ(rules.Size(), count + 2);
    for (const auto& rule : rules.GetArray()) {
      ASSERT_TRUE(rule.HasMember("help")) << rule["id"].GetString();
      const std::string text = rule["help"]["text"].GetString();
      const std::string markdown = rule["help"]["markdown"].GetString();
      EXPECT_GT(text.size(), std::string(rule["shortDescription"]["text"].GetString()).size());
      EXPECT_FALSE(markdown.empty());
      EXPECT_EQ(markdown.find('\r'), std::string::npos);
    }
    // A keyword from a schema is text in the Markdown, not markup.
    if (count >= 5) {
      const std::string markdown = rules[4]["help"]["markdown"].GetString();
      EXPECT_NE(markdown.find("a\\`b\\*\\[c\\]\\(d\\)"), std::string::npos) << markdown;
    }
    // A flow rule's help names the option that turns it off.
    EXPECT_NE(std::string(rules[static_cast<rapidjson::SizeType>(count)]["help"]["text"].GetString())
                  .find("--disable-rule F3"),
              std::string::npos);
    EXPECT_FALSE(log["runs"][0]["tool"]["driver"].HasMember("informationUri"));
  }
}

TEST(SarifReporter, EveryArtifactLocationIsNormalAndRelativeToADefinedBase) {
  const fs::path here = fs::current_path();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a.json", "a.json"},
      {"./payloads/./b.json", "payloads/b.json"},
      {"payloads/x/../c.json", "payloads/c.json"},
      {"payloads//d.json", "payloads/d.json"},
      {(here / "payloads" / "e.json").string(), "payloads/e.json"},
      {(here / "payloads" / ".." / "f.json").string(), "f.json"},
  };
  std::vector<Result> results;
  for (const auto& [path, uri] : cases) results.push_back(failing(path, "type"));
  results.push_back(failing("/elsewhere/g h.json", "type"));
  results.push_back(failing("../outside.json", "type"));
  results.push_back(failing("captures/./c.har", "flow", "F1"));
  const rapidjson::Document log = sarif_of(results);
  const auto& run = log["runs"][0];
  ASSERT_TRUE(run.HasMember("originalUriBaseIds"));
  const auto& bases = run["originalUriBaseIds"];
  std::string root = "file://" + here.generic_string();
  if (root.back() != '/') root += '/';
  EXPECT_EQ(std::string(bases["%SRCROOT%"]["uri"].GetString()), root);

  std::vector<std::pair<std::string, std::string>> seen;  // uri, base
  for (const auto& result : run["results"].GetArray()) {
    std::vector<const rapidjson::Value*> locations;
    for (const auto& location : result["locations"].GetArray()) locations.push_back(&location);
    if (result.HasMember("relatedLocations")) {
      for (const auto& location : result["relatedLocations"].GetArray()) locations.push_back(&location);
    }
    for (const rapidjson::Value* location : locations) {
      const auto& artifact = (*location)["physicalLocation"]["artifactLocation"];
      ASSERT_TRUE(artifact.HasMember("uriBaseId")) << artifact["uri"].GetString();
      const std::string base = artifact["uriBaseId"].GetString();
      ASSERT_TRUE(bases.HasMember(base.c_str())) << base;
      const std::string base_uri = bases[base.c_str()]["uri"].GetString();
      EXPECT_EQ(base_uri.back(), '/');
      const std::string uri = artifact["uri"].GetString();
      // Relative, normal, downward: no scheme, no leading slash, no . or .. segment.
      EXPECT_EQ(uri.find(':'), std::string::npos) << uri;
      EXPECT_NE(uri.front(), '/') << uri;
      EXPECT_EQ(("/" + uri + "/").find("/./"), std::string::npos) << uri;
      EXPECT_EQ(("/" + uri + "/").find("/../"), std::string::npos) << uri;
      EXPECT_EQ(uri.find("//"), std::string::npos) << uri;
      seen.emplace_back(uri, base);
    }
  }
  ASSERT_EQ(seen.size(), cases.size() + 2 + 3);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(seen[i], (std::pair<std::string, std::string>{cases[i].second, "%SRCROOT%"})) << cases[i].first;
  }
  EXPECT_EQ(seen[cases.size()], (std::pair<std::string, std::string>{"elsewhere/g%20h.json", "FILESYSTEM_ROOT"}));
  const std::string outside = (here.parent_path() / "outside.json").relative_path().generic_string();
  EXPECT_EQ(seen[cases.size() + 1].first, outside);
  EXPECT_EQ(seen[cases.size() + 1].second, "FILESYSTEM_ROOT");
  EXPECT_EQ(seen[cases.size() + 2].first, "captures/c.har");
  EXPECT_STREQ(bases["FILESYSTEM_ROOT"]["uri"].GetString(), "file:///");
}

}  // namespace
}  // namespace conform
