#include <gtest/gtest.h>

#include <sys/wait.h>
#include "support/scratch_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

// HAR files carry Authorization headers, cookies and tokens. conform never
// reads them into a report, in any format, even when values are asked for.

namespace {
namespace fs = std::filesystem;

std::string run_conform(const std::string& arguments) {
  const conform::testing::ScratchDir scratch("secrets");
  const fs::path out = scratch.root() / "out.txt";
  const std::string command = std::string("cd '") + CONFORM_SOURCE_DIR + "' && '" + CONFORM_EXECUTABLE + "' " +
                              arguments + " > '" + out.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  EXPECT_TRUE(WIFEXITED(status)) << command;
  std::ifstream in(out);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Secrets, NeverPrintedInAnyFormat) {
  const std::string capture = "fixtures/flows/valid/real-tool-export.har";
  const std::string secrets[] = {"q7Zr2Lw9FICTIONALxVb3Np0TkM8sYd", "FICTIONAL-7f3a9c1e5b2d48a0b6e4",
                                 "FICTIONAL-c5R1x9QpZt", "FICTIONAL-edge-93b1d7"};
  // The capture must really hold them, or this test proves nothing.
  std::ifstream in(std::string(CONFORM_SOURCE_DIR) + "/" + capture);
  std::ostringstream text;
  text << in.rdbuf();
  for (const auto& secret : secrets) ASSERT_NE(text.str().find(secret), std::string::npos) << secret;

  for (const char* format : {"text", "json"}) {
    for (const char* values : {"", "--show-values"}) {
      const std::string output =
          run_conform(std::string("validate --color never --format ") + format + " " + values + " " + capture);
      ASSERT_FALSE(output.empty());
      for (const auto& secret : secrets) {
        EXPECT_EQ(output.find(secret), std::string::npos) << format << " " << values << " prints " << secret;
      }
    }
  }
}

}  // namespace
