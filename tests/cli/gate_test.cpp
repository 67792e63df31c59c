#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "json/utf8.hpp"
#include "support/process.hpp"
#include "support/sanitizer.hpp"
#include "support/scratch_dir.hpp"

// The gate never lies: nothing an input holds can forge a line of a report,
// a run that checked nothing is never green, and every report of an
// interrupted run says so.

namespace {
namespace fs = std::filesystem;

using conform::testing::read_file;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// The first raw control character (C0 but line feed, DEL, C1) or byte that is
// not UTF-8 in `text`, as "offset: what"; empty when there is none.
std::string raw_control(const std::string& text) {
  for (std::size_t at = 0; at < text.size();) {
    const auto decoded = conform::json::decode_utf8(text, at);
    const char32_t c = decoded.code_point;
    if (!decoded.valid) return std::to_string(at) + ": a byte that is not UTF-8";
    if ((c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F)) {
      return std::to_string(at) + ": control character " + std::to_string(static_cast<unsigned>(c));
    }
    at += decoded.length;
  }
  return {};
}

using conform::testing::Ran;

// A request id of the status request's form, different for every `i`.
std::string fmt_id(int i) {
  char id[64];
  std::snprintf(id, sizeof id, "71010d88-d0e7-4a24-9297-%012d", i);
  return id;
}

class Gate : public ::testing::Test {
 protected:
  // Runs conform with `args` (a bash word list, $'...' quoting allowed) in the scratch folder.
  Ran conform(const std::string& args) {
    return conform::testing::run_bash(scratch_.root(),
                                      "'" + std::string(CONFORM_EXECUTABLE) + "' " + args + " < /dev/null");
  }

  std::string write(const std::string& relative, const std::string& content) {
    return scratch_.write(relative, content);
  }

  // A HAR whose entries are `calls` (method, URL, request body or "", response status).
  static std::string har(const std::vector<std::tuple<std::string, std::string, std::string, int>>& calls) {
    std::string text = "{\"log\": {\"version\": \"1.2\", \"entries\": [\n";
    for (std::size_t i = 0; i < calls.size(); ++i) {
      const auto& [method, url, body, status] = calls[i];
      text += "{\"request\": {\"method\": \"" + method + "\", \"url\": \"" + url + "\"";
      if (!body.empty()) text += ", \"postData\": {\"mimeType\": \"application/json\", \"text\": " + body + "}";
      text += "}, \"response\": {\"status\": " + std::to_string(status) + ", \"content\": {}}}";
      text += i + 1 < calls.size() ? ",\n" : "\n";
    }
    return text + "]}}\n";
  }

  void make_hostile_corpus();

  conform::testing::ScratchDir scratch_{"gate"};
};

// ---------------------------------------------------------------------------
// 1. Nothing a body or a file name holds can forge output.

constexpr const char* kForgedCommand = "::error file=x::pwned";

void Gate::make_hostile_corpus() {
  // Keys that would end a line and start a workflow command, a fake summary, ESC
  // sequences that clear the screen and move the cursor, C1 CSI, DEL, a tab.
  write("hostile/keys.json",
        "{\"a\\n::error file=x::pwned\": 1,\n"
        " \"\\nPASS 9 inputs: 9 passed, 0 failed, 0 errors (0.00 s) against x\\n\": 2,\n"
        " \"\\u001b[2J\\u001b[1;1Hclear\": 3, \"csi\\u009b31m\": 4, \"del\\u007f\": 5, \"tab\\there\\r\": 6,\n"
        " \"phoneNumber\": \"\\u001b]0;title\\u0007\"}\n");
  write("hostile/x\n::error file=x::pwned\ny.json", "{\"correlationID\": 1}");
  write("hostile/\x1b[31mred\x1b[0m.json", "{\"correlationId\": \"\x1b[2K\"}");
  write("hostile/bytes-\xff\xfe\x9b.json", "{\"x\": 1}");
  write("hostile/log\r\nPASS 9 inputs.ndjson", "{\"a\\u0000b\": 1}\n{\"correlationId\": 7}\n");
  // A capture whose calls go nowhere conform checks, with hostile paths in the skip reasons.
  write("hostile/tab.har",
        "{\"log\": {\"entries\": [{\"request\": {\"method\": \"GET\", \"url\": "
        "\"https://h/\\u001b[2J\\n::error file=x::pwned\"}, \"response\": {\"status\": 200}}]}}");
}

TEST_F(Gate, HostileKeysAndFileNamesForgeNoLineInAnyFormat) {
  make_hostile_corpus();
  const std::string missing = "$'hostile/missing\\n::error file=x::pwned\\x1b[1A.json'";
  const Ran json = conform("validate --progress never --format json hostile " + missing);
  ASSERT_EQ(json.exit_code, 2) << json.err;  // a named path is missing
  rapidjson::Document report;
  report.Parse(json.out.data(), json.out.size());
  ASSERT_FALSE(report.HasParseError()) << json.out;
  std::size_t findings = 0, errors = 0, notes = 0, inputs = 0;
  bool forged_key_kept = false;
  for (const auto& result : report["results"].GetArray()) {
    ++inputs;
    findings += result["findings"].Size();
    errors += std::string(result["status"].GetString()) == "error" ? 1 : 0;
    for (const auto& finding : result["findings"].GetArray()) {
      forged_key_kept |= std::string(finding["instanceLocation"].GetString()) == "/a\n::error file=x::pwned";
    }
  }
  EXPECT_TRUE(forged_key_kept) << "the JSON report keeps the key as it is, JSON-escaped";
  std::set<std::string> captures_with_skips;
  for (const auto& skipped : report["skipped"].GetArray()) {
    const std::string source = skipped["source"].GetString();
    captures_with_skips.insert(source.substr(0, source.find('#')));
  }
  notes = captures_with_skips.size();
  ASSERT_GE(findings, 12U);
  ASSERT_GE(errors, 1U);

  for (const std::string format : {"text", "github", "json", "junit", "sarif"}) {
    for (const std::string values : {"", " --show-values"}) {
      SCOPED_TRACE(format + values);
      // Every annotation, so that each finding's can be told (the default budget is GitHub's).
      const Ran run =
          conform("validate --progress never --max-annotations 0 --format " + format + values + " hostile " + missing);
      EXPECT_EQ(run.exit_code, 2);
      EXPECT_EQ(raw_control(run.out), "") << run.out;
      EXPECT_EQ(raw_control(run.err), "") << run.err;
      for (const std::string& line : lines_of(run.err)) EXPECT_EQ(line.rfind("conform: ", 0), 0U) << line;
      const std::vector<std::string> lines = lines_of(run.out);
      ASSERT_FALSE(lines.empty());
      if (format == "text") {
        std::size_t summaries = 0;
        static const std::regex item(
            R"(^.+(:\d+:\d+)?: (error|warning): .*$|^.+: \d+ recorded calls? not checked .*$)");
        static const std::regex summary(R"(^(PASS|FAIL|ERROR|INTERRUPTED) \d+ inputs: \d+ passed, .*$)");
        for (const std::string& line : lines) {
          if (std::regex_match(line, summary)) {
            ++summaries;
            continue;
          }
          EXPECT_TRUE(std::regex_match(line, item)) << "a line conform did not mean to write: " << line;
        }
        EXPECT_EQ(summaries, 1U);
        EXPECT_EQ(lines.back().rfind("ERROR " + std::to_string(inputs) + " inputs", 0), 0U) << lines.back();
        EXPECT_EQ(lines.size(), findings + errors + notes + 1) << run.out;
        EXPECT_NE(run.out.find("/a\\n::error file=x::pwned"), std::string::npos) << run.out;
        EXPECT_NE(run.out.find("hostile/x\\n::error file=x::pwned\\ny.json"), std::string::npos) << run.out;
        EXPECT_NE(run.out.find("bytes-\\xff\\xfe\\x9b.json"), std::string::npos) << run.out;
      } else if (format == "github") {
        // Every line is one workflow command per finding, input error or capture with calls not checked, or a
        // plain "conform: " line.
        static const std::regex command(
            R"(^::(error|warning|notice) file=[^,:]*(,line=\d+(,col=\d+)?)?,title=[^,:]*::.*$)");
        std::size_t commands = 0;
        for (const std::string& line : lines) {
          if (line.rfind("::", 0) == 0) {
            EXPECT_TRUE(std::regex_match(line, command)) << line;
            ++commands;
          } else {
            EXPECT_EQ(line.rfind("conform: ", 0), 0U) << "a line conform did not mean to write: " << line;
          }
        }
        EXPECT_EQ(commands, findings + errors + notes);
        EXPECT_EQ(lines.size(), findings + errors + notes + 1) << run.out;
      } else if (format == "json" || format == "sarif") {
        rapidjson::Document parsed;
        parsed.Parse(run.out.data(), run.out.size());
        EXPECT_FALSE(parsed.HasParseError()) << run.out;
      } else {
        EXPECT_EQ(lines.front(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        EXPECT_EQ(lines.back(), "</testsuites>");
        std::size_t testcases = 0;
        for (std::size_t at = 0; (at = run.out.find("<testcase ", at)) != std::string::npos; ++at) ++testcases;
        EXPECT_EQ(testcases, inputs);
      }
      EXPECT_EQ(run.out.find(std::string("\n") + kForgedCommand), std::string::npos) << run.out;
      EXPECT_EQ(run.out.find("\nPASS 9 inputs"), std::string::npos) << run.out;
    }
  }
}

// An NDJSON file of several pieces (the pipeline cuts files at 1 MiB) gives
// the same report in every format for 1, 2 and 3 jobs: passing lines, which
// wait in the merge as counts, come back as their results, in order, between
// failing, malformed and blank lines. Doubles the lines (under a sanitizer,
// where 36 runs of the two sizes took two minutes, only the larger).
TEST_F(Gate, EveryReportOfAManyPieceNdjsonFileIsTheSameForAnyJobs) {
  const std::vector<int> sizes =
      conform::testing::kSanitized ? std::vector<int>{24000} : std::vector<int>{12000, 24000};
  for (const int lines : sizes) {
    std::string text;
    for (int i = 0; i < lines; ++i) {
      const std::string id = fmt_id(i);
      if (i % 97 == 0) {
        text += "\n";
      } else if (i % 31 == 0) {
        text += R"({"clientRequestId": ")" + id +
                R"(", "phoneNumber": "200-100-4011"})"
                "\n";
      } else if (i % 89 == 0) {
        text += R"({"clientRequestId": ")" + id + "\"\n";
      } else {
        text += R"({"clientRequestId": ")" + id + R"(", "correlationId": ")" + id +
                R"(", "phoneNumber": "2001004011"})"
                "\n";
      }
    }
    const std::string file = "many" + std::to_string(lines) + ".ndjson";
    write(file, text);
    ASSERT_GT(text.size(), std::size_t{1} << 20);  // two pieces at least
    for (const std::string format : {"json", "sarif", "junit", "text", "ndjson", "github"}) {
      std::string first;
      for (const int jobs : {1, 2, 3}) {
        const std::string report = format + std::to_string(jobs) + ".out";
        const Ran ran = conform("validate --progress never -j " + std::to_string(jobs) + " --format " + format + "=" +
                                report + " " + file + "; sed -E 's/time=\"[0-9.]+\"//; s/\\([0-9.]+ s\\)//' " + report);
        ASSERT_EQ(ran.exit_code, 0) << ran.err;
        if (jobs == 1) {
          first = ran.out;
          if (format == "json") {
            EXPECT_NE(first.find(file + ":" + std::to_string(lines) + "\""), std::string::npos);
          }
        } else {
          EXPECT_TRUE(ran.out == first) << format << ", " << jobs << " jobs, " << lines << " lines";
        }
      }
    }
  }
}

// --quiet alone judges bodies for their verdict only; with a second report
// beside it every body is checked in full. Both say the same on standard
// output and error, with the same exit code: passing, failing, malformed,
// blank, long and log lines, files, a missing path, warnings failing or not.
TEST_F(Gate, AQuietRunSaysWhatAFullRunSays) {
  std::string text;
  for (int i = 0; i < 9000; ++i) {
    const std::string id = fmt_id(i);
    if (i % 97 == 0) {
      text += "\n";
    } else if (i % 31 == 0) {
      text += R"({"clientRequestId": ")" + id +
              R"(", "phoneNumber": "200-100-4011"})"
              "\n";
    } else if (i % 89 == 0) {
      text += R"({"clientRequestId": ")" + id + "\"\n";
    } else if (i % 83 == 0) {
      text += "2026-12-01 INFO a log line\n";
    } else if (i % 79 == 0) {
      text += R"({"phoneNumber": ")" + std::string(3000, '1') + "\"}\n";
    } else {
      text += R"({"clientRequestId": ")" + id +
              R"(", "phoneNumber": "2001004011"})"
              "\n";
    }
  }
  write("in/many.ndjson", text);
  write("in/a.json", R"({"phoneNumber": "2001004011"})");
  write("in/b.json", R"({"phoneNumber": 2001004011})");
  write("in/c.json", "{");
  for (const std::string extra : {"", "--fail-on warning ", "--max-bytes 2048 "}) {
    for (const int jobs : {1, 2, 4}) {
      const std::string args =
          "validate --progress never -q " + extra + "-j " + std::to_string(jobs) + " in missing.json";
      const Ran quiet = conform(args + " | sed -E 's/\\([0-9.]+ s\\)//'; exit ${PIPESTATUS[0]}");
      const Ran full = conform(
          args + " --format text --format json=/dev/null | sed -E 's/\\([0-9.]+ s\\)//'; exit ${PIPESTATUS[0]}");
      EXPECT_EQ(quiet.exit_code, full.exit_code) << args;
      EXPECT_EQ(quiet.out, full.out) << args;
      EXPECT_EQ(quiet.err, full.err) << args;
      EXPECT_NE(quiet.out.find(" inputs: "), std::string::npos) << quiet.out;
    }
  }
}

TEST_F(Gate, MessagesOnStandardErrorAreEscapedToo) {
  for (const std::string& args : {std::string("validate --schema $'no\\n::error file=x::pwned\\x1b[2J' x.json"),
                                  std::string("validate --format $'junk\\n::error file=x::pwned\\x9b' x.json"),
                                  std::string("schemas --show $'none\\n::error file=x::pwned\\x7f'")}) {
    SCOPED_TRACE(args);
    const Ran run = conform(args);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(raw_control(run.err), "") << run.err;
    EXPECT_NE(run.err.find("\\n::error file"), std::string::npos) << run.err;
    for (const std::string& line : lines_of(run.err)) EXPECT_NE(line.rfind("::", 0), 0U) << line;
  }
}

// ---------------------------------------------------------------------------
// 2. A run that checked nothing is never green.

TEST_F(Gate, NoInputIsExitTwoWithoutAPassAndSaysWhatWasLookedFor) {
  fs::create_directories(scratch_.root() / "empty" / "nested");
  write("empty/nested/notes.txt", "not an input");
  for (std::size_t blank = 1; blank <= 4; blank *= 2) write("blank.ndjson", std::string(blank, '\n'));
  for (const std::string format : {"text", "github", "json", "junit", "sarif"}) {
    SCOPED_TRACE(format);
    const Ran folder = conform("validate --format " + format + " empty");
    EXPECT_EQ(folder.exit_code, 2);
    EXPECT_EQ(folder.out.find("PASS"), std::string::npos) << folder.out;
    EXPECT_EQ(folder.err, "conform: no input in empty: looked for *.json, *.ndjson, *.jsonl, *.har (recursively)\n");
    const Ran blank = conform("validate --format " + format + " blank.ndjson");
    EXPECT_EQ(blank.exit_code, 2);
    EXPECT_EQ(blank.out.find("PASS"), std::string::npos) << blank.out;
    EXPECT_EQ(blank.err, "conform: no input in blank.ndjson: it holds no body (blank lines only)\n");
    if (format == "sarif") {
      EXPECT_NE(folder.out.find("\"executionSuccessful\": false"), std::string::npos) << folder.out;
    }
    if (format == "text") {
      EXPECT_EQ(folder.out.rfind("ERROR 0 inputs", 0), 0U) << folder.out;
    }
  }
}

TEST_F(Gate, ACaptureWithNoCheckedCallFailsUnlessAllowed) {
  // The wrong tab recorded, or an API no contract describes: 1, 2, 4, 8 calls.
  for (std::size_t calls = 1; calls <= 8; calls *= 2) {
    SCOPED_TRACE(calls);
    std::vector<std::tuple<std::string, std::string, std::string, int>> entries;
    for (std::size_t i = 0; i < calls; ++i) {
      entries.emplace_back(i % 2 == 0 ? "GET" : "POST",
                           i % 2 == 0 ? "https://app/favicon.ico" : "https://api/v4/verify-status", "", 200);
    }
    write("wrong-tab.har", har(entries));
    std::string ndjson;
    for (std::size_t i = 0; i < calls; ++i) ndjson += "{\"path\": \"/v4/verify\", \"request\": {}, \"status\": 200}\n";
    write("unify.ndjson", ndjson);
    for (const std::string capture : {"wrong-tab.har", "unify.ndjson"}) {
      const Ran run = conform("validate --format json " + capture);
      EXPECT_EQ(run.exit_code, 1) << run.out;
      rapidjson::Document report;
      report.Parse(run.out.data(), run.out.size());
      ASSERT_FALSE(report.HasParseError()) << run.out;
      const auto& result = report["results"][report["results"].Size() - 1];
      EXPECT_STREQ(result["source"].GetString(), capture.c_str());
      EXPECT_STREQ(result["status"].GetString(), "fail");
      ASSERT_EQ(result["findings"].Size(), 1U) << run.out;
      EXPECT_STREQ(result["findings"][0]["keyword"].GetString(), "unchecked");
      const std::string message = result["findings"][0]["message"].GetString();
      const std::string skipped = std::to_string(calls) + (calls == 1 ? " call skipped" : " calls skipped");
      EXPECT_NE(message.find(skipped), std::string::npos) << message;
      EXPECT_NE(message.find("is not a call of the V3 MFA and V3 Unify contracts"), std::string::npos) << message;
      EXPECT_EQ(report["summary"]["skipped"].GetUint64(), calls);
      const Ran text = conform("validate " + capture);
      EXPECT_EQ(text.out.rfind("FAIL 1 input: 0 passed, 1 failed, 0 errors, " + skipped, text.out.rfind("FAIL")),
                text.out.rfind("FAIL"))
          << text.out;
      const Ran allowed = conform("validate --allow-unchecked-captures " + capture);
      EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
      EXPECT_NE(allowed.out.find("PASS 1 input: 1 passed, 0 failed, 0 errors, " + skipped), std::string::npos)
          << allowed.out;
    }
  }
}

TEST_F(Gate, APartlySkippedCaptureKeepsItsVerdictAndTheSummaryCountsTheSkips) {
  for (std::size_t skipped = 1; skipped <= 8; skipped *= 2) {
    SCOPED_TRACE(skipped);
    // One checked call, answered 401 (no published body: its response is skipped too).
    std::vector<std::tuple<std::string, std::string, std::string, int>> entries = {
        {"POST", "https://api/v3/mfa", "\"{\\\"possessionType\\\": \\\"mobile\\\"}\"", 401}};
    for (std::size_t i = 0; i < skipped; ++i) entries.emplace_back("GET", "https://app/x.js", "", 200);
    write("session.har", har(entries));
    const Ran run = conform("validate session.har");
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(run.out.find("unchecked"), std::string::npos) << run.out;
    EXPECT_NE(
        run.out.find("PASS 2 inputs: 2 passed, 0 failed, 0 errors, " + std::to_string(skipped + 1) + " calls skipped"),
        std::string::npos)
        << run.out;
  }
}

TEST_F(Gate, TheSummaryNeverSaysPassUnlessTheExitCodeIsZero) {
  write("good.json", "{\"correlationId\": \"713189b8-5555-4b08-83ba-75d08780aebd\"}");
  write("bad.json", "{\"correlationId\": 1}");
  fs::create_directories(scratch_.root() / "empty");
  for (const std::string paths : {"good.json", "bad.json", "empty", "good.json missing.json", "good.json empty"}) {
    const Ran run = conform("validate " + paths);
    const std::string last = lines_of(run.out).empty() ? "" : lines_of(run.out).back();
    EXPECT_EQ(run.exit_code == 0, last.rfind("PASS ", 0) == 0) << paths << ": exit " << run.exit_code << ", " << last;
  }
}

// Runs conform with `args`, standard output to `out`, and sends it SIGINT
// once it is under way; returns its exit code (-1 if it did not exit by itself).
int interrupted_run(const std::vector<std::string>& args, const fs::path& out) {
  const pid_t child = ::fork();
  if (child < 0) return -1;
  if (child == 0) {
    std::vector<char*> argv{const_cast<char*>(CONFORM_EXECUTABLE)};
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    if (!std::freopen(out.c_str(), "w", stdout) || !std::freopen("/dev/null", "w", stderr)) ::_exit(99);
    ::execv(CONFORM_EXECUTABLE, argv.data());
    ::_exit(98);
  }
  conform::testing::wait_until_handled(child, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // checking under way
  ::kill(child, SIGINT);
  int status = 0;
  if (::waitpid(child, &status, 0) != child || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

// After Ctrl-C, every format on standard output says the run was interrupted.
TEST_F(Gate, EveryFormatSaysTheRunWasInterrupted) {
  const std::string input = write("long.ndjson", [] {
    std::string text;
    for (int i = 0; i < 400000; ++i) text += "{\"phoneNumber\": \"2001004011\", \"correlationID\": 1}\n";
    return text;
  }());
  const std::vector<std::pair<std::string, std::string>> marks = {{"text", "\nINTERRUPTED "},
                                                                  {"json", "\"interrupted\": true"},
                                                                  {"junit", "type=\"interrupted\""},
                                                                  {"sarif", "\"executionSuccessful\": false"},
                                                                  {"github", "::error title=conform interrupted::"}};
  for (const auto& [format, mark] : marks) {
    SCOPED_TRACE(format);
    const fs::path out = scratch_.root() / "out.txt";
    if (interrupted_run({"validate", "--jobs", "2", "--format", format, input}, out) != 128 + SIGINT) {
      GTEST_SKIP() << "the run ended before the signal came";
    }
    const std::string text = "\n" + read_file(out);
    EXPECT_NE(text.find(mark), std::string::npos) << text.substr(text.size() > 2000 ? text.size() - 2000 : 0);
    EXPECT_EQ(text.find("PASS"), std::string::npos);
  }
  // All five at once, to files: each is written, and says so (an earlier run's file is not left for this one's).
  std::vector<std::string> args = {"validate", "--jobs", "2"};
  for (const auto& [format, mark] : marks) {
    std::ofstream(scratch_.root() / ("report." + format)) << "an earlier run's report";
    args.push_back("--format");
    args.push_back(format + "=" + (scratch_.root() / ("report." + format)).string());
  }
  args.push_back(input);
  if (interrupted_run(args, "/dev/null") != 128 + SIGINT) GTEST_SKIP() << "the run ended before the signal came";
  for (const auto& [format, mark] : marks) {
    const std::string text = "\n" + read_file(scratch_.root() / ("report." + format));
    EXPECT_NE(text.find(mark), std::string::npos) << format;
  }
}

}  // namespace
