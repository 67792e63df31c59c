#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "json/rapidjson_config.hpp"
#include "support/process.hpp"
#include "support/scratch_dir.hpp"

// The command line as a user meets it: numbers checked alike for every
// numeric option, a folder given as a schema, the GitHub job summary and the
// progress line in a log.

namespace {
namespace fs = std::filesystem;

using conform::testing::read_file;

using conform::testing::Ran;

class CommandLine : public ::testing::Test {
 protected:
  // Runs conform with `args` (sh words) and `environment` ("NAME=value ...") in the source directory.
  Ran conform(const std::string& args, const std::string& environment = "") {
    return conform::testing::run_bash(scratch_.root(), "cd '" + std::string(CONFORM_SOURCE_DIR) +
                                                           "' && env -u GITHUB_STEP_SUMMARY " + environment + " '" +
                                                           CONFORM_EXECUTABLE + "' " + args + " < /dev/null");
  }

  conform::testing::ScratchDir scratch_{"command-line"};
};

TEST_F(CommandLine, EveryNumericOptionRefusesSignsFractionsAndOverflowAlike) {
  const std::vector<std::string> options = {"--max-findings", "--max-annotations", "--max-bytes", "--max-depth",
                                            "--jobs"};
  const std::vector<std::string> bad = {
      "-1", "-0", "+3", "1.5", "3x", "0x10", "''", "18446744073709551616", "99999999999999999999999"};
  for (const std::string& option : options) {
    for (const std::string& value : bad) {
      const Ran run = conform("validate " + option + " " + value + " examples/payloads");
      EXPECT_EQ(run.exit_code, 2) << option << " " << value << "\n" << run.out << run.err;
      EXPECT_NE(run.err.find(option + ": expected a whole number from "), std::string::npos)
          << option << " " << value << "\n"
          << run.err;
    }
    if (option == "--jobs") continue;
    // `test` shares the options and their check.
    const Ran run = conform("test " + option + " -1 fixtures/v3-mfa-status-request");
    EXPECT_EQ(run.exit_code, 2) << option;
    EXPECT_NE(run.err.find(option + ": expected a whole number from "), std::string::npos) << run.err;
  }
  // Values within range are taken.
  for (const std::string args : {"--max-findings 0", "--max-annotations 0", "--max-bytes 1048576", "--max-depth 64",
                                 "--jobs 2", "--max-findings 1152921504606846976"}) {
    const Ran run = conform(std::string("validate ") + args + " examples/payloads");
    EXPECT_EQ(run.exit_code, 1) << args << "\n" << run.err;
  }
}

TEST_F(CommandLine, ASchemaThatIsAFolderIsSaidToBeOne) {
  for (const std::string command : {"validate", "test"}) {
    const Ran run = conform(command + " --schema fixtures examples/payloads/status-request-seed.json");
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_NE(run.err.find("the schema \"fixtures\" is a directory"), std::string::npos) << run.err;
  }
}

TEST_F(CommandLine, GithubReportAppendsTheJobSummaryWhenGitHubNamesAFile) {
  const std::string summary = scratch_.write("summary.md", "earlier\n");
  const std::string environment = "GITHUB_STEP_SUMMARY='" + summary + "'";
  // Another report alone writes no job summary.
  EXPECT_EQ(conform("validate examples/payloads", environment).exit_code, 1);
  EXPECT_EQ(read_file(summary), "earlier\n");
  const Ran run = conform("validate --format github examples/payloads fixtures/flows", environment);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const std::string text = read_file(summary);
  EXPECT_EQ(text.rfind("earlier\n## conform validate: FAIL\n", 0), 0U) << text;
  EXPECT_NE(text.find("### Failing inputs"), std::string::npos) << text;
  EXPECT_NE(text.find("| examples\\/payloads\\/requests\\.ndjson\\:5 | 1 |"), std::string::npos) << text;
  EXPECT_NE(text.find("### Broken flow rules"), std::string::npos) << text;
  EXPECT_NE(text.find("| F3 |"), std::string::npos) << text;
  // The annotations stay within the default budget of 10, then one notice.
  std::size_t annotations = 0;
  for (std::size_t at = 0; (at = run.out.find("\n::", at)) != std::string::npos; ++at) ++annotations;
  annotations += run.out.rfind("::", 0) == 0 ? 1 : 0;
  EXPECT_EQ(annotations, 11U) << run.out;
  EXPECT_NE(run.out.find("::notice title=conform annotations::"), std::string::npos) << run.out;
}

TEST_F(CommandLine, ProgressIntoALogIsPlainLines) {
  for (const std::string paths :
       {"examples/payloads/status-request-seed.json", "examples/payloads", "examples/payloads fixtures/flows"}) {
    const Ran run = conform("validate --progress always " + paths);
    EXPECT_EQ(run.err.find('\r'), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find('\x1b'), std::string::npos) << run.err;
    ASSERT_EQ(run.err.rfind("conform: ", 0), 0U) << run.err;
    EXPECT_EQ(run.err.back(), '\n');
  }
  // The last line counts every file and input, a single one in the singular.
  EXPECT_EQ(conform("validate --progress always examples/payloads/status-request-seed.json")
                .err.rfind("conform: 1 file, 1 input (", 0),
            0U);
  EXPECT_TRUE(conform("validate examples/payloads").err.empty());
}

TEST_F(CommandLine, ProgressCountsTheFileBeingRead) {
  // One input file still being read when the first line is drawn (after half a second): it counts.
  const std::string script = scratch_.write(
      "slow.sh", "(printf '{\"a\": 1}\\n'; sleep 2; printf '{\"a\": 2}\\n') | '" + std::string(CONFORM_EXECUTABLE) +
                     "' validate --progress always --stdin-ndjson - > /dev/null 2> '" + scratch_.path("slow.err") +
                     "'");
  ASSERT_NE(std::system(("sh '" + script + "'").c_str()), -1);
  const std::string err = read_file(scratch_.path("slow.err"));
  ASSERT_EQ(err.rfind("conform: 1 file, ", 0), 0U) << err;
  EXPECT_NE(err.find("\nconform: 1 file, 2 inputs ("), std::string::npos) << err;
}

// The JSON report's count of inputs, or SIZE_MAX when it has none.
std::size_t inputs_of(const std::string& report) {
  rapidjson::Document parsed;
  parsed.Parse(report.data(), report.size());
  if (parsed.HasParseError() || !parsed.IsObject() || !parsed.HasMember("summary")) return SIZE_MAX;
  return parsed["summary"]["inputs"].GetUint64();
}

TEST_F(CommandLine, TestOnAFolderOfCorporaRunsEachOfThem) {
  // This repository's fixtures/: every corpus, each against the schema it is named after.
  std::size_t sum = 0;
  std::size_t corpora = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(CONFORM_SOURCE_DIR) / "fixtures")) {
    if (!entry.is_directory()) continue;
    const Ran one = conform("test --format json fixtures/" + entry.path().filename().string());
    EXPECT_EQ(one.exit_code, 0) << entry.path() << one.err;
    sum += inputs_of(one.out);
    ++corpora;
  }
  ASSERT_GE(corpora, 2U);
  for (const std::string parent : {"fixtures", "fixtures/", "./fixtures"}) {
    const Ran all = conform("test --format json " + parent);
    EXPECT_EQ(all.exit_code, 0) << all.err;
    EXPECT_EQ(inputs_of(all.out), sum) << parent;
  }

  // 1, 2 and 4 copies of one corpus side by side: each runs, and a broken one fails the whole.
  const fs::path corpus = fs::path(CONFORM_SOURCE_DIR) / "fixtures" / "v3-mfa-status-request";
  const std::size_t one = inputs_of(conform("test --format json '" + corpus.string() + "'").out);
  ASSERT_GT(one, 0U);
  for (const std::size_t copies : {std::size_t{1}, std::size_t{2}, std::size_t{4}}) {
    const fs::path parent = scratch_.root() / ("parent-" + std::to_string(copies));
    for (std::size_t i = 0; i < copies; ++i) {
      // Named after the schema, so each copy is checked against it.
      fs::create_directories(parent / std::to_string(i));
      fs::copy(corpus, parent / std::to_string(i) / "v3-mfa-status-request", fs::copy_options::recursive);
    }
    // One level down only: the copies sit in folders of their own, so the parent's children are not corpora.
    const Ran nested = conform("test --format json '" + parent.string() + "'");
    EXPECT_EQ(nested.exit_code, 1) << nested.out;
    for (std::size_t i = 0; i < copies; ++i) {
      const Ran run = conform("test --format json '" + (parent / std::to_string(i)).string() + "'");
      EXPECT_EQ(run.exit_code, 0) << run.err;
      EXPECT_EQ(inputs_of(run.out), one);
    }
    const fs::path flat = scratch_.root() / ("flat-" + std::to_string(copies));
    fs::create_directories(flat);
    for (std::size_t i = 0; i < copies; ++i) {
      fs::copy(corpus, flat / ("c" + std::to_string(i)), fs::copy_options::recursive);
    }
    const Ran run = conform("test --format json --schema v3-mfa-status-request '" + flat.string() + "'");
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(inputs_of(run.out), copies * one);
    scratch_.write("flat-" + std::to_string(copies) + "/c0/valid/broken.json", "{\"x\":");
    EXPECT_EQ(conform("test --schema v3-mfa-status-request '" + flat.string() + "'").exit_code, 1);
  }
}

}  // namespace
