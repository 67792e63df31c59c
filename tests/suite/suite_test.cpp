#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <rapidjson/document.h>
#include "support/scratch_dir.hpp"

// The engine against the official JSON-Schema-Test-Suite (the upstream one
// under ../shared/suites, else Debian's package), through `conform test`, the command a user
// runs. Every test of the five drafts (required, optional/, optional/format/
// with format assertion) passes, or is refused and in the skip list below; no
// test gets a wrong verdict, and no entry of the list may pass.

namespace {
namespace fs = std::filesystem;

const fs::path kSuite = CONFORM_TEST_SUITE_DIR;

// The one skip list: no test may get a wrong verdict, and these, as
// "DRAFT/FILE#CASE / TEST" by their descriptions (which stay when the suite
// renumbers), are refused with a clear error, each for its reason. A listed
// one that passes or fails fails this test, and so does any other refusal.
const std::map<std::string, std::string> kSkips = {
    // Draft 4 counts as integers the numbers written without a fraction or
    // exponent; past 64 bits the body's number is a double, which no longer
    // says how it was written: the body is not judged.
    {"draft4/optional/bignum.json#integer / a bignum is an integer", "a bignum's spelling is not kept"},
    {"draft4/optional/bignum.json#integer / a negative bignum is an integer", "a bignum's spelling is not kept"},
    // A draft-7 schema referring to a 2019-09 document: conform reads a
    // referenced document in the referring schema's dialect only.
    {"draft7/optional/cross-draft.json#refs to future drafts are processed as future drafts / missing bar is invalid",
     "refers to a 2019-09 document"},
    {"draft7/optional/cross-draft.json#refs to future drafts are processed as future drafts / present bar is valid",
     "refers to a 2019-09 document"},
    {"draft2019-09/optional/cross-draft.json#refs to future drafts are processed as future drafts / first item not "
     "a string is invalid",
     "refers to a 2020-12 document"},
    {"draft2019-09/optional/cross-draft.json#refs to future drafts are processed as future drafts / first item is a "
     "string is valid",
     "refers to a 2020-12 document"},
    {"draft2019-09/optional/cross-draft.json#refs to historic drafts are processed as historic drafts / missing bar is "
     "valid",
     "refers to a draft-07 document"},
    {"draft2020-12/optional/cross-draft.json#refs to historic drafts are processed as historic drafts / first item not "
     "a string is valid",
     "refers to a 2019-09 document"},
};

struct Group {
  const char* name;
  const char* folder;  // under tests/DRAFT
  bool format_assertion;
  bool required;
};

constexpr Group kGroups[] = {
    {"required", "", false, true},
    {"optional", "optional", true, false},  // drafts 4 and 6 keep their format tests here
    {"format", "optional/format", true, false},
};

// "draft7/optional/content.json#/0/tests/1" -> "draft7/optional"; "draft7/ref.json#/…" -> "draft7/".
std::string group_of(const std::string& entry) {
  const std::string file = entry.substr(0, entry.find('#'));
  const auto first = file.find('/');
  const auto last = file.rfind('/');
  return last == first ? file.substr(0, first + 1) : file.substr(0, last);
}

class TestSuite : public ::testing::TestWithParam<const char*> {
 protected:
  // Runs `conform test` on the group's files of this draft; returns the JSON report.
  rapidjson::Document run(const Group& group) {
    const std::string draft = GetParam();
    const fs::path folder = kSuite / "tests" / draft / group.folder;
    std::string files;
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json") files += " '" + entry.path().string() + "'";
    }
    const fs::path report = scratch_.root() / "report.json";
    const std::string command = std::string("'") + CONFORM_EXECUTABLE + "' test --dialect " + draft +
                                " --map-uri 'http://localhost:1234/=" + (kSuite / "remotes").string() + "'" +
                                (group.format_assertion ? " --format-assertion" : "") + " --format json='" +
                                report.string() + "'" + files + " > /dev/null 2>&1";
    const int status = std::system(command.c_str());
    EXPECT_TRUE(WIFEXITED(status)) << command;
    rapidjson::Document document;
    const std::string text = conform::testing::read_file(report);
    document.Parse(text.data(), text.size());  // by length: RapidJSON's SSE2 scan reads past a terminating NUL
    EXPECT_FALSE(document.HasParseError()) << command;
    return document;
  }

  conform::testing::ScratchDir scratch_{"suite"};
};

TEST_P(TestSuite, RequiredPassesAndOptionalPassesOrIsSkipped) {
  ASSERT_TRUE(fs::is_directory(kSuite / "tests")) << kSuite << " is missing: scripts/install-deps.sh installs it";
  const std::string draft = GetParam();
  if (!fs::is_directory(kSuite / "tests" / draft)) GTEST_SKIP() << draft << " is not in " << kSuite;
  for (const Group& group : kGroups) {
    if (!fs::is_directory(kSuite / "tests" / draft / group.folder))
      continue;  // drafts 4 and 6 have no optional/format/
    const rapidjson::Document report = run(group);
    ASSERT_TRUE(report.IsObject() && report.HasMember("results"));
    // Per file: passed, cases; and what did not pass.
    std::map<std::string, std::pair<int, int>> per_file;
    std::set<std::string> not_passed;
    std::set<std::string> ran;
    for (const auto& result : report["results"].GetArray()) {
      std::string source = result["source"].GetString();
      source = source.substr(source.find("/tests/" + draft + "/") + 7);  // "draft7/ref.json#/0/tests/1"
      const std::string file = source.substr(0, source.find('#'));
      const std::string key = file + "#" + result["case"].GetString() + " / " + result["test"].GetString();
      ran.insert(key);
      const bool passed = std::string(result["status"].GetString()) == "pass";
      per_file[file].second += 1;
      per_file[file].first += passed ? 1 : 0;
      if (!passed) {
        not_passed.insert(key);
        const bool skipped = kSkips.count(key) != 0;
        const bool refused = std::string(result["status"].GetString()) == "error";
        EXPECT_TRUE(skipped && refused) << source << " (" << result["case"].GetString() << " / "
                                        << result["test"].GetString() << ") " << result["status"].GetString()
                                        << (result.HasMember("error") ? result["error"].GetString() : "")
                                        << (result["findings"].Empty() ? ""
                                                                       : result["findings"][0]["message"].GetString());
      }
    }
    const auto& summary = report["summary"];
    std::cout << draft << " " << group.name << ": " << summary["passed"].GetInt() << " of " << summary["cases"].GetInt()
              << " pass, " << summary["failed"].GetInt() << " wrong verdicts, " << summary["refused"].GetInt()
              << " refused\n";
    for (const auto& [file, counts] : per_file) {
      std::cout << "  " << file << ": " << counts.first << "/" << counts.second << "\n";
    }
    for (const auto& [entry, reason] : kSkips) {
      if (group_of(entry) == draft + "/" + group.folder && ran.count(entry) != 0 && not_passed.count(entry) == 0) {
        ADD_FAILURE() << entry << " is in the skip list (" << reason << ") but passes";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Drafts, TestSuite,
                         ::testing::Values("draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"));

}  // namespace
