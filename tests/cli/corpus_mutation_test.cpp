#include <gtest/gtest.h>

#include <sys/wait.h>
#include "support/scratch_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

// `conform test` must notice a corpus that no longer says what it means: a
// fixture moved to the wrong folder, or an expectation edited.

namespace {
namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(CONFORM_SOURCE_DIR) / "fixtures" / "v3-mfa-status-request";

class MutatedCorpus : public ::testing::Test {
 protected:
  void SetUp() override { fs::copy(kCorpus, copy_, fs::copy_options::recursive); }

  int run_test(std::string& output) const {
    const fs::path out = scratch_.root() / "out.txt";
    const std::string command = std::string("'") + CONFORM_EXECUTABLE + "' test --color never '" + copy_.string() +
                                "' > '" + out.string() + "' 2>&1";
    const int status = std::system(command.c_str());
    std::ifstream in(out);
    std::ostringstream text;
    text << in.rdbuf();
    output = text.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  conform::testing::ScratchDir scratch_{"mutation"};
  fs::path copy_ = scratch_.root() / "v3-mfa-status-request";
};

TEST_F(MutatedCorpus, UntouchedCopyPasses) {
  std::string output;
  EXPECT_EQ(run_test(output), 0) << output;
}

TEST_F(MutatedCorpus, ValidFixtureMovedToInvalidIsNamed) {
  const auto valid = fs::directory_iterator(copy_ / "valid")->path();
  fs::rename(valid, copy_ / "invalid" / valid.filename());
  std::string output;
  EXPECT_EQ(run_test(output), 1) << output;
  EXPECT_NE(output.find(valid.filename().string()), std::string::npos) << output;
  EXPECT_NE(output.find("needs " + valid.stem().string() + ".expect.json"), std::string::npos) << output;
}

TEST_F(MutatedCorpus, InvalidFixtureMovedToValidIsNamed) {
  const fs::path body = copy_ / "invalid" / "phone-number-dashes.json";
  ASSERT_TRUE(fs::exists(body)) << "the corpus lost the fixture this test moves";
  fs::rename(body, copy_ / "valid" / body.filename());
  fs::remove(copy_ / "invalid" / "phone-number-dashes.expect.json");
  std::string output;
  EXPECT_EQ(run_test(output), 1) << output;
  EXPECT_NE(output.find("valid/phone-number-dashes.json"), std::string::npos) << output;
  EXPECT_NE(output.find("valid fixture fails"), std::string::npos) << output;
}

TEST_F(MutatedCorpus, EditedExpectationIsNamed) {
  const fs::path sidecar = copy_ / "invalid" / "phone-number-dashes.expect.json";
  std::ifstream in(sidecar);
  std::ostringstream text;
  text << in.rdbuf();
  std::string edited = text.str();
  const auto at = edited.find("\"pattern\"");
  ASSERT_NE(at, std::string::npos) << edited;
  edited.replace(at, 9, "\"type\"");
  in.close();
  std::ofstream(sidecar, std::ios::trunc) << edited;
  std::string output;
  EXPECT_EQ(run_test(output), 1) << output;
  EXPECT_NE(output.find("invalid/phone-number-dashes.json"), std::string::npos) << output;
  EXPECT_NE(output.find("declared in phone-number-dashes.expect.json but not produced"), std::string::npos) << output;
}

}  // namespace
