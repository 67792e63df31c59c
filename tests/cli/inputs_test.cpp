// Inputs made the way tools make them (gzip, zstd, zcat, pipes, rotated and
// still-written logs), read through the one byte source, sniffer and line
// splitter: whatever the name, the pipe or the compression, the same verdicts.
#include <sys/wait.h>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "support/process.hpp"
#include "support/scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;
using conform::testing::read_file;

using conform::testing::Ran;

const std::string kFlows = std::string(CONFORM_SOURCE_DIR) + "/tests/cli/data/sdk-unify-flows.ndjson";
const std::string kHar = std::string(CONFORM_SOURCE_DIR) + "/fixtures/flows/valid/flow-mobile.har";
const std::string kBody = R"({"correlationId": "713189b8-5555-4b08-83ba-75d08780aebd"})";
const std::string kBadBody = R"({"correlationId": "713189b8-5555-4b08-83ba-75d08780aebd", "x": 1})";

class Inputs : public ::testing::Test {
 protected:
  conform::testing::ScratchDir scratch_{"cli-inputs"};

  // Runs a bash script in the scratch folder; $conform is the command.
  Ran run(const std::string& script) {
    return conform::testing::run_bash(scratch_.root(),
                                      "set -o pipefail\nconform='" + std::string(CONFORM_EXECUTABLE) + "'\n" + script);
  }
  std::string write(const std::string& relative, const std::string& content) {
    return scratch_.write(relative, content);
  }
  static rapidjson::Document json(const Ran& ran) {
    rapidjson::Document document;
    document.Parse(ran.out.c_str());
    EXPECT_TRUE(document.IsObject()) << ran.out << ran.err;
    return document;
  }
  static std::size_t count(const rapidjson::Document& report, const char* name) {
    return report["summary"][name].GetUint64();
  }
};

std::string flows() { return read_file(kFlows); }

// ---------------------------------------------------------------------------
// Compressed inputs, pipes and standard input

TEST_F(Inputs, GzipAndZstdAreReadWhateverTheNameInAFolderNamedAndPiped) {
  for (std::size_t bodies = 1; bodies <= 8; bodies *= 2) {
    SCOPED_TRACE(bodies);
    std::string text;
    for (std::size_t i = 0; i < bodies; ++i) text += (i + 1 == bodies ? kBadBody : kBody) + "\n";
    fs::remove_all(scratch_.root() / "logs");
    write("logs/x.ndjson", text);
    // Made by the tools themselves; one without the .gz name, found by its bytes when named.
    ASSERT_EQ(run("gzip -k logs/x.ndjson && zstd -q logs/x.ndjson && mv logs/x.ndjson plain.ndjson && "
                  "cp logs/x.ndjson.gz logs/Y.NDJSON.GZ && cp logs/x.ndjson.gz renamed.ndjson")
                  .exit_code,
              0);
    const std::string last = ":" + std::to_string(bodies) + ":";
    for (const std::string& command :
         {std::string("$conform validate --format json logs"),
          std::string("$conform validate --format json renamed.ndjson"),
          std::string("$conform validate --format json <(zcat logs/x.ndjson.gz)"),
          std::string("zcat logs/x.ndjson.gz | $conform validate --format json -"),
          std::string("cat logs/x.ndjson.zst | $conform validate --stdin-ndjson --format json -")}) {
      SCOPED_TRACE(command);
      const Ran ran = run(command);
      EXPECT_EQ(ran.exit_code, 1) << ran.err;
      const auto report = json(ran);
      const std::size_t files = command.ends_with(" logs") ? 3 : 1;
      EXPECT_EQ(count(report, "inputs"), bodies * files);
      EXPECT_EQ(count(report, "failed"), files);
      EXPECT_EQ(count(report, "errors"), 0U);
    }
    const Ran text_report = run("$conform validate logs/x.ndjson.gz");
    EXPECT_EQ(text_report.out.find("logs/x.ndjson.gz" + last), 0U) << text_report.out;
    EXPECT_NE(text_report.out.find(": error: /x additionalProperties"), std::string::npos) << text_report.out;
  }
}

TEST_F(Inputs, CapturesAreRecognisedOnPipesAndStandardInput) {
  write("flows.ndjson", flows());
  ASSERT_EQ(run("cp '" + kHar + "' session.har && gzip -k flows.ndjson session.har").exit_code, 0);
  const Ran named = run("$conform validate --format json flows.ndjson");
  ASSERT_EQ(named.exit_code, 0) << named.out;
  const std::size_t flow_count = json(named)["flows"].Size();
  ASSERT_GT(flow_count, 0U);
  for (const std::string& command :
       {std::string("$conform validate --format json <(zcat flows.ndjson.gz)"),
        std::string("$conform validate --format json flows.ndjson.gz"),
        std::string("zcat flows.ndjson.gz | $conform validate --format json -"),
        std::string("cat flows.ndjson | $conform validate --stdin-ndjson --format json -")}) {
    SCOPED_TRACE(command);
    const Ran ran = run(command);
    EXPECT_EQ(ran.exit_code, 0) << ran.out << ran.err;
    EXPECT_EQ(json(ran)["flows"].Size(), flow_count);
  }
  const Ran har = run("$conform validate --format json session.har");
  ASSERT_EQ(har.exit_code, 0) << har.out;
  const std::size_t har_flows = json(har)["flows"].Size();
  for (const std::string& command : {std::string("zcat session.har.gz | $conform validate --format json -"),
                                     std::string("$conform validate --format json <(cat session.har)"),
                                     std::string("$conform validate --format json session.har.gz")}) {
    SCOPED_TRACE(command);
    const Ran ran = run(command);
    EXPECT_EQ(ran.exit_code, 0) << ran.out << ran.err;
    EXPECT_EQ(json(ran)["flows"].Size(), har_flows);
  }
}

TEST_F(Inputs, ACompressionBombStopsAtTheLimitWithAClearError) {
  // 64 MiB of one body (and of one line) in a few dozen KiB, against a limit of 1 MiB.
  ASSERT_EQ(run("(printf '{\"a\": \"'; head -c 67108864 /dev/zero | tr '\\0' x) | gzip -c > bomb.json.gz && "
                "(printf '{}\\n{\"a\": \"'; head -c 67108864 /dev/zero | tr '\\0' x) | zstd -q -c > bomb.ndjson.zst")
                .exit_code,
            0);
  const Ran single = run("$conform validate --max-bytes 1048576 bomb.json.gz");
  EXPECT_EQ(single.exit_code, 1);
  EXPECT_NE(single.out.find("bomb.json.gz: error: gzip data decompresses to a body longer than --max-bytes (1048576 "
                            "bytes); reading stopped there (a compression bomb?)"),
            std::string::npos)
      << single.out;
  const Ran lines = run("$conform validate --max-bytes 1048576 bomb.ndjson.zst");
  EXPECT_EQ(lines.exit_code, 1) << lines.err;
  EXPECT_NE(lines.out.find("zstd data decompresses to a line longer than --max-bytes"), std::string::npos) << lines.out;
  EXPECT_NE(lines.out.find("3 inputs: 1 passed, 1 failed, 1 error"), std::string::npos) << lines.out;
}

TEST_F(Inputs, AGzipFileCutShortIsAnErrorAfterTheLinesItHeld) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += kBody + "\n";
  write("x.ndjson", text);
  ASSERT_EQ(run("gzip x.ndjson && head -c $(( $(stat -c %s x.ndjson.gz) / 2 )) x.ndjson.gz > cut.ndjson.gz").exit_code,
            0);
  const Ran ran = run("$conform validate --format json cut.ndjson.gz");
  EXPECT_EQ(ran.exit_code, 1) << ran.err;
  const auto report = json(ran);
  EXPECT_EQ(count(report, "errors"), 1U);
  EXPECT_GT(count(report, "passed"), 0U);
  EXPECT_NE(ran.out.find("cut short"), std::string::npos);
}

// ---------------------------------------------------------------------------
// Gateway logs as they are written: each line classified on its own

TEST_F(Inputs, ExchangeLogsAreCapturesWhateverTheirFirstLineHolds) {
  const std::string log = flows();
  const std::string last_line = log.substr(log.rfind('\n', log.size() - 2) + 1);
  std::string big_first = log;
  big_first.insert(1, "\"note\": \"" + std::string(100 * 1024, 'x') + "\", ");  // a first exchange over 64 KiB
  struct Shape {
    std::string name;
    std::string text;
    std::size_t skipped;  // more than the log itself
  };
  std::vector<Shape> shapes = {
      {"bom.ndjson", "\xEF\xBB\xBF" + log, 0},
      {"no-final-newline.ndjson", log.substr(0, log.size() - 1), 0},
      {"big-first.ndjson", big_first, 0},
      {"rotated.ndjson", last_line.substr(last_line.size() / 2) + log, 1},  // the tail of a line of the last file
  };
  for (std::size_t lines = 1; lines <= 8; lines *= 2) {  // startup log lines first
    std::string startup;
    for (std::size_t i = 0; i < lines; ++i)
      startup += "2026-12-01T12:00:0" + std::to_string(i % 10) + "Z INFO listening\n";
    shapes.push_back({"startup-" + std::to_string(lines) + ".ndjson", startup + log, lines});
  }
  const Ran plain = run("$conform validate --format json '" + kFlows + "'");
  const auto base = json(plain);
  for (const Shape& shape : shapes) {
    for (const std::string& how : {std::string("$conform validate --format json " + shape.name),
                                   std::string("gzip -c " + shape.name + " | $conform validate --format json -")}) {
      SCOPED_TRACE(how);
      write(shape.name, shape.text);
      const Ran ran = run(how);
      EXPECT_EQ(ran.exit_code, 0) << ran.out << ran.err;
      const auto report = json(ran);
      EXPECT_EQ(report["flows"].Size(), base["flows"].Size());
      EXPECT_EQ(count(report, "inputs"), count(base, "inputs"));
      EXPECT_EQ(count(report, "skipped"), count(base, "skipped") + shape.skipped);
    }
  }
  const Ran rotated = run("$conform validate --format json rotated.ndjson");
  EXPECT_NE(rotated.out.find("cut off before the file begins"), std::string::npos) << rotated.out;
}

TEST_F(Inputs, LinesThatAreNoBodyAreReportedAsWhatTheyAreNeverJudged) {
  for (std::size_t bodies = 1; bodies <= 8; bodies *= 2) {
    SCOPED_TRACE(bodies);
    std::string text = "ationId\": \"x\"}\n";  // cut by a rotation
    for (std::size_t i = 0; i < bodies; ++i) text += kBody + "\n" + "WARN upstream slow\n";
    write("bodies.ndjson", text);
    const Ran ran = run("$conform validate --format json bodies.ndjson");
    EXPECT_EQ(ran.exit_code, 0) << ran.out;
    const auto report = json(ran);
    EXPECT_EQ(count(report, "inputs"), 2 * bodies + 1);
    std::size_t not_a_body = 0;
    for (const auto& result : report["results"].GetArray()) {
      for (const auto& finding : result["findings"].GetArray()) {
        EXPECT_STREQ(finding["keyword"].GetString(), "notABody");
        EXPECT_STREQ(finding["severity"].GetString(), "warning");
        ++not_a_body;
      }
    }
    EXPECT_EQ(not_a_body, bodies + 1);
    // --fail-on warning: a log where bodies were expected fails.
    EXPECT_EQ(run("$conform validate --fail-on warning bodies.ndjson").exit_code, 1);
  }
  const Ran text = run("$conform validate bodies.ndjson");
  EXPECT_NE(text.out.find("bodies.ndjson:1:1: warning: (root) notABody: the first line is the end of a line cut off"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("bodies.ndjson:3:1: warning: (root) notABody: the line is not JSON (a log line?)"),
            std::string::npos)
      << text.out;
}

TEST_F(Inputs, InputFormatForcesWhatEveryInputIsReadAs) {
  write("two.json", kBody + "\n" + kBadBody + "\n");
  const Ran sniffed = run("$conform validate --format json two.json");
  EXPECT_EQ(count(json(sniffed), "inputs"), 2U);
  const Ran one = run("$conform validate --format json --input-format json two.json");
  EXPECT_EQ(count(json(one), "inputs"), 1U);  // one body: malformed
  const Ran as_exchanges = run("cat '" + kFlows + "' | $conform validate --format json --input-format exchanges -");
  EXPECT_EQ(as_exchanges.exit_code, 0) << as_exchanges.out;
  EXPECT_GT(json(as_exchanges)["flows"].Size(), 0U);
  const Ran as_bodies = run("$conform validate --format json --input-format ndjson '" + kFlows + "'");
  EXPECT_EQ(json(as_bodies)["flows"].Size(), 0U);
  EXPECT_EQ(run("$conform validate --input-format xml two.json").exit_code, 2);
}

// ---------------------------------------------------------------------------
// The folder walk

TEST_F(Inputs, TheWalkTakesAnyCaseAndCompressedVariantsAndCountsWhatItIgnores) {
  for (std::size_t ignored = 1; ignored <= 4; ignored *= 2) {
    SCOPED_TRACE(ignored);
    fs::remove_all(scratch_.root() / "in");
    write("in/A.JSON", kBody);
    write("in/b.Json", kBody);
    write("in/c.NDJSON", kBody + "\n" + kBody + "\n");
    ASSERT_EQ(run("cp '" + kHar + "' in/S.HAR && printf '%s' '" + kBody +
                  "' | gzip -c > in/d.json.GZ && printf '%s' '" + kBody + "' | zstd -q -c > in/e.jsonl.zst")
                  .exit_code,
              0);
    for (std::size_t i = 0; i < ignored; ++i) write("in/notes-" + std::to_string(i) + ".txt", "x");
    const Ran ran = run("$conform validate --format json in");
    const auto report = json(ran);
    ASSERT_TRUE(report["summary"].HasMember("ignoredFiles"));
    EXPECT_EQ(count(report, "ignoredFiles"), ignored);
    EXPECT_EQ(count(report, "errors"), 0U);
    // A, b, c (two lines), d, e and the HAR's results.
    std::size_t bodies = 0;
    for (const auto& result : report["results"].GetArray()) bodies += result.HasMember("flows") ? 0 : 1;
    EXPECT_GE(count(report, "inputs"), 6U);
    const Ran text = run("$conform validate in");
    const std::string said = ignored == 1 ? ", 1 file ignored" : ", " + std::to_string(ignored) + " files ignored";
    EXPECT_NE(text.out.find(said), std::string::npos) << text.out;
  }
}

}  // namespace
