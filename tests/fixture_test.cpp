#include "conform/fixture.hpp"

#include <gtest/gtest.h>

#include "support/scratch_dir.hpp"

#include <filesystem>
#include <fstream>

#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"

namespace conform {
namespace {
namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(CONFORM_SOURCE_DIR) / "fixtures" / "v3-mfa-status-request";

class TempCorpus : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(root_ / "valid");
    fs::create_directories(root_ / "invalid");
  }
  void write(const fs::path& relative, const std::string& text) { scratch_.write(relative.string(), text); }
  conform::testing::ScratchDir scratch_{"fixture"};
  const fs::path& root_ = scratch_.root();
  Schema schema_ = Schema::embedded(default_schema_name);
};

TEST(BundledCorpus, IsLargeAndBalanced) {
  const auto bodies = find_fixtures(kCorpus);
  std::size_t valid = 0, invalid = 0;
  for (const auto& body : bodies) (body.parent_path().filename() == "valid" ? valid : invalid)++;
  EXPECT_GE(valid + invalid, 60U);
  EXPECT_GE(valid, 10U);
  EXPECT_GE(invalid, 50U);
}

TEST_F(TempCorpus, BehavingFixturesPass) {
  write("valid/ok.json", R"({"phoneNumber": "2001004011"})");
  write("invalid/bad.json", R"({"phoneNumber": 1})");
  write("invalid/bad.expect.json", R"({"findings": [{"instanceLocation": "/phoneNumber", "keyword": "type",
      "schemaLocation": "urn:conform:prove:v3:common#/definitions/phoneNumber/type", "line": 1, "column": 17}]})");
  const auto bodies = find_fixtures(root_);
  ASSERT_EQ(bodies.size(), 2U);  // the sidecar is not a fixture
  for (const auto& body : bodies) {
    const Result result = check_fixture(schema_, load_fixture(body), body.string());
    EXPECT_EQ(result.status, Status::pass) << body << (result.findings.empty() ? "" : result.findings[0].message);
  }
}

TEST_F(TempCorpus, ValidBodyInTheInvalidFolderFails) {
  write("invalid/moved.json", R"({"phoneNumber": "2001004011"})");
  write("invalid/moved.expect.json", R"({"findings": [{"instanceLocation": "/phoneNumber", "keyword": "pattern"}]})");
  const Result result = check_fixture(schema_, load_fixture(root_ / "invalid/moved.json"), "moved");
  EXPECT_EQ(result.status, Status::fail);
  ASSERT_EQ(result.findings.size(), 1U);
  EXPECT_NE(result.findings[0].message.find("not produced"), std::string::npos);
}

TEST_F(TempCorpus, InvalidBodyInTheValidFolderFails) {
  write("valid/moved.json", R"({"phoneNumber": "200-100"})");
  const Result result = check_fixture(schema_, load_fixture(root_ / "valid/moved.json"), "moved");
  EXPECT_EQ(result.status, Status::fail);
  ASSERT_EQ(result.findings.size(), 1U);
  EXPECT_NE(result.findings[0].message.find("valid fixture fails"), std::string::npos);
}

TEST_F(TempCorpus, FailingForAnotherReasonFails) {
  write("invalid/other.json", R"({"phoneNumber": "200-100", "x": 1})");
  write("invalid/other.expect.json", R"({"findings": [{"instanceLocation": "/phoneNumber", "keyword": "pattern"}]})");
  const Result result = check_fixture(schema_, load_fixture(root_ / "invalid/other.json"), "other");
  EXPECT_EQ(result.status, Status::fail);
  ASSERT_EQ(result.findings.size(), 1U);
  EXPECT_EQ(result.findings[0].instance_location, "/x");
  EXPECT_NE(result.findings[0].message.find("not declared"), std::string::npos);
}

TEST_F(TempCorpus, WrongOptionalFieldFails) {
  write("invalid/where.json", R"({"phoneNumber": 1})");
  write("invalid/where.expect.json",
        R"({"findings": [{"instanceLocation": "/phoneNumber", "keyword": "type", "column": 3}]})");
  const Result result = check_fixture(schema_, load_fixture(root_ / "invalid/where.json"), "where");
  EXPECT_EQ(result.status, Status::fail);
  ASSERT_EQ(result.findings.size(), 1U);
  EXPECT_NE(result.findings[0].message.find("column declared 3 but is 17"), std::string::npos)
      << result.findings[0].message;
}

TEST_F(TempCorpus, MessageMustContainWhatTheSidecarSays) {
  Schema response = Schema::embedded("v3-mfa-response");
  write("invalid/missing.json", R"({"success": "true"})");
  write("invalid/missing.expect.json",
        R"({"findings": [{"instanceLocation": "", "keyword": "required", "message": "\"success\" is missing"}]})");
  const Result wrong = check_fixture(response, load_fixture(root_ / "invalid/missing.json"), "missing");
  EXPECT_EQ(wrong.status, Status::fail);
  ASSERT_EQ(wrong.findings.size(), 1U);
  EXPECT_NE(wrong.findings[0].message.find("message declared to contain"), std::string::npos)
      << wrong.findings[0].message;
  write(
      "invalid/missing.expect.json",
      R"({"findings": [{"instanceLocation": "", "keyword": "required", "message": "\"correlationId\" is missing"}]})");
  EXPECT_EQ(check_fixture(response, load_fixture(root_ / "invalid/missing.json"), "missing").status, Status::pass);
}

TEST_F(TempCorpus, SidecarLimitsApply) {
  write("invalid/big.json", R"({"phoneNumber": "2001004011"})");
  write("invalid/big.expect.json",
        R"({"limits": {"maxBytes": 10}, "findings": [{"instanceLocation": "", "keyword": "limit"}]})");
  EXPECT_EQ(check_fixture(schema_, load_fixture(root_ / "invalid/big.json"), "big").status, Status::pass);
}

TEST_F(TempCorpus, BrokenLayoutsAreErrors) {
  write("invalid/nosidecar.json", "{}");
  EXPECT_THROW(load_fixture(root_ / "invalid/nosidecar.json"), Error);
  write("invalid/empty.json", "{}");
  write("invalid/empty.expect.json", R"({"findings": []})");
  EXPECT_THROW(load_fixture(root_ / "invalid/empty.json"), Error);
  write("invalid/broken.json", "{}");
  write("invalid/broken.expect.json", R"({"findings": [)");
  EXPECT_THROW(load_fixture(root_ / "invalid/broken.json"), Error);
  write("valid/declared.json", "{}");
  write("valid/declared.expect.json", R"({"findings": [{"instanceLocation": "", "keyword": "type"}]})");
  EXPECT_THROW(load_fixture(root_ / "valid/declared.json"), Error);
  fs::create_directories(root_ / "other");
  write("other/x.json", "{}");
  EXPECT_THROW(load_fixture(root_ / "other/x.json"), Error);
}

}  // namespace
}  // namespace conform
