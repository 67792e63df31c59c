// The public run API (conform/run.hpp) as a caller uses it: paths or a stream
// in, results through a Reporter of the caller's own, a stop token.
#include "conform/run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "conform/error.hpp"
#include "conform/exit_code.hpp"
#include "conform/report_format.hpp"
#include "conform/report_sink.hpp"
#include "conform/stop.hpp"
#include "support/sanitizer.hpp"
#include "support/scratch_dir.hpp"

namespace {

using conform::Result;
using conform::Status;
using conform::Summary;

// Keeps every call as data, and checks the calls come in the order a reporter is promised.
class Collector final : public conform::Reporter {
 public:
  void begin(const conform::RunInfo& run) override {
    EXPECT_EQ(begun, 0) << "begin twice";
    ++begun;
    begun_with = run;
  }
  void add(const Result& result) override {
    EXPECT_EQ(begun, 1) << "a result before begin";
    EXPECT_EQ(ended, 0) << "a result after end";
    results.push_back(result);
  }
  void end(const conform::RunInfo& run, const Summary& summary) override {
    ++ended;
    ended_with = run;
    last = summary;
  }
  std::vector<std::string> sources() const {
    std::vector<std::string> out;
    for (const Result& result : results) out.push_back(result.source);
    return out;
  }
  int begun = 0;
  int ended = 0;
  conform::RunInfo begun_with;
  conform::RunInfo ended_with;
  Summary last;
  std::vector<Result> results;
};

class Notes final : public conform::RunObserver {
 public:
  void input_done() override { ++inputs; }
  void note(std::string_view message) override { notes.emplace_back(message); }
  std::size_t inputs = 0;
  std::vector<std::string> notes;
};

const std::string kGood = R"({"phoneNumber": "2001004011"})";
const std::string kBad = R"({"phoneNumber": 2001004011})";

// Forwards a run to conform's own reporter, its passing lines as runs or
// (`expand`) through the default hook, one Result each, and its results
// rendered before their turn or (`render` false) each written in its turn
// by add; the seconds zeroed.
class Forward final : public conform::Reporter {
 public:
  Forward(conform::Reporter& to, bool expand, bool render = false) : to_(to), expand_(expand), render_(render) {}
  void begin(const conform::RunInfo& run) override { to_.begin(run); }
  void add(const Result& result) override { to_.add(result); }
  bool render(const Result& result, std::string& out) const override { return render_ && to_.render(result, out); }
  void add_rendered(const Result& result, std::string_view bytes) override {
    ASSERT_TRUE(render_) << "bytes rendered that were not asked for";
    ++rendered;
    to_.add_rendered(result, bytes);
  }
  std::size_t rendered = 0;
  void add_passing_lines(const conform::PassingLines& lines) override {
    if (expand_) {
      Reporter::add_passing_lines(lines);
    } else {
      to_.add_passing_lines(lines);
    }
  }
  void end(const conform::RunInfo& run, const Summary& summary) override {
    Summary timeless = summary;
    timeless.seconds = 0;
    to_.end(run, timeless);
  }

 private:
  conform::Reporter& to_;
  bool expand_;
  bool render_;
};

// An NDJSON file of several pieces (1 MiB each): every format writes the same
// report whether its passing lines come as runs or one result each, for 1 and
// 2 jobs; runs of 1 to 40 lines between failing, malformed and blank lines.
TEST(RunTest, EveryReportIsTheSameWithRunsOfPassingLinesAsWithoutThem) {
  conform::testing::ScratchDir scratch("run-passing-lines");
  std::string text;
  for (int run = 0; text.size() < (std::size_t{5} << 19); ++run) {
    for (int i = 0; i <= run % 40; ++i) text += kGood + "\n";
    text += run % 7 == 0 ? "\n" : run % 5 == 0 ? "{\"phoneNumber\": \n" : kBad + "\n";
  }
  const std::string path = scratch.write("many.ndjson", text);
  for (const conform::ReportFormat format :
       {conform::ReportFormat::json, conform::ReportFormat::sarif, conform::ReportFormat::junit,
        conform::ReportFormat::text, conform::ReportFormat::ndjson, conform::ReportFormat::github}) {
    std::string first;
    for (const unsigned jobs : {1U, 2U}) {
      for (const bool expand : {false, true}) {
        conform::ValidateOptions options;
        options.paths = {path};
        options.jobs = jobs;
        std::ostringstream out;
        const auto reporter = conform::make_reporter(format, out, {});
        Forward forward(*reporter, expand);
        conform::validate(options, forward);
        if (first.empty()) {
          first = out.str();
          ASSERT_FALSE(first.empty());
        } else {
          EXPECT_TRUE(out.str() == first) << to_string(format) << ", " << jobs << " jobs, expanded: " << expand;
        }
      }
    }
  }
}

// Forwards a run to a text report of its summary only (--quiet), the seconds
// zeroed, and counts the results it is handed one by one.
class Quiet final : public conform::Reporter {
 public:
  explicit Quiet(std::ostream& out) {
    conform::ReportOptions options;
    options.summary_only = true;
    to_ = conform::make_reporter(conform::ReportFormat::text, out, options);
  }
  void begin(const conform::RunInfo& run) override { to_->begin(run); }
  void add(const Result& result) override {
    ++added;
    to_->add(result);
  }
  void add_passing_lines(const conform::PassingLines& lines) override {
    added += lines.count;
    to_->add_passing_lines(lines);
  }
  void end(const conform::RunInfo& run, const Summary& summary) override {
    Summary timeless = summary;
    timeless.seconds = 0;
    to_->end(run, timeless);
  }
  std::size_t added = 0;

 private:
  std::unique_ptr<conform::Reporter> to_;
};

// Bodies one textual edit away from `body`, the same on every run: cut short,
// a byte changed, a value after a colon swapped for a literal (well-formed or not).
std::vector<std::string> edits(const std::string& body, std::mt19937& random) {
  static const char* const kLiterals[] = {"null", "1", "-1.5", "\"\"", "\"x\"", "[]", "{}", "tru", "\"\\u00e9\""};
  std::vector<std::string> out;
  if (body.empty()) return out;
  out.push_back(body.substr(0, random() % body.size()));
  std::string changed = body;
  changed[random() % changed.size()] = static_cast<char>(' ' + random() % 95);
  out.push_back(changed);
  for (int k = 0; k < 3; ++k) {
    const auto colon = body.find(':', random() % body.size());
    if (colon == std::string::npos) break;
    const auto end = body.find_first_of(",}]", colon + 1);
    std::string swapped = body;
    swapped.replace(colon + 1, (end == std::string::npos ? body.size() : end) - colon - 1,
                    kLiterals[random() % std::size(kLiterals)]);
    out.push_back(swapped);
  }
  return out;
}

// A body on one line: its line ends made spaces (a JSON text stays the same value: no string holds a raw line end).
// Not compacted through a DOM: a hostile fixture nests 100,000 deep, past a recursive parser's stack.
std::string one_line(const std::string& body) {
  std::string line = body;
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::replace(line.begin(), line.end(), '\r', ' ');
  return line;
}

// A run that reports only counts (verdicts_only: --quiet) gives the summary,
// the quiet report and the exit code of the full run, for any jobs and with
// warnings failing or not: on every fixture as a file (captures among them),
// in an NDJSON file of several pieces with their edits, blank, CRLF, long,
// log and exchange lines, and read from a stream; against a request schema,
// two request schemas and a response schema (whose policy turns findings into warnings).
TEST(RunTest, AVerdictsOnlyRunCountsAsTheFullRun) {
  namespace fs = std::filesystem;
  conform::testing::ScratchDir scratch("run-verdicts");
  std::mt19937 random(20261201);
  std::string lines = "\xEF\xBB\xBF";  // a byte order mark, which belongs to no line
  std::size_t fixtures = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(CONFORM_SOURCE_DIR) / "fixtures")) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.find(".expect.json") != std::string::npos) continue;
    const std::string body = conform::testing::read_file(entry.path());
    const std::string relative = fs::relative(entry.path(), fs::path(CONFORM_SOURCE_DIR) / "fixtures").string();
    scratch.write("files/" + relative, body);
    ++fixtures;
    if (entry.path().extension() != ".json") continue;
    const std::string line = one_line(body);
    lines += line + (fixtures % 5 == 0 ? "\r\n" : "\n");
    for (const std::string& edited : edits(line, random)) lines += edited + "\n";
    if (fixtures % 17 == 0) lines += "\n  \t\n";
    if (fixtures % 23 == 0) lines += "2026-12-01 INFO started\n";
    if (fixtures % 29 == 0)
      lines += R"({"path": "/v3/mfa-status", "request": {"phoneNumber": "1"}})"
               "\n";
    if (fixtures % 31 == 0) lines += "{\"phoneNumber\": \"" + std::string(5000, '1') + "\"}\n";
  }
  ASSERT_GT(fixtures, 1000U);
  while (lines.size() < (std::size_t{5} << 19)) lines += lines.substr(3);  // more than two 1 MiB pieces
  lines += "{\"phoneNumber\": ";                                           // a last line cut short, with no line end
  scratch.write("lines/all.ndjson", lines);
  // A stream of the status request's bodies (the fixtures' lines would read as a capture, from the flows among them).
  std::string stream_lines;
  for (int i = 0; i < 3000; ++i) {
    stream_lines += i % 7 == 0    ? kBad + "\n"
                    : i % 11 == 0 ? "\n"
                    : i % 13 == 0 ? "{\"phoneNumber\": \n"
                    : i % 17 == 0 ? "a log line\n"
                    : i % 19 == 0 ? "{\"phoneNumber\": \"" + std::string(5000, '1') + "\"}\n"
                                  : kGood + "\n";
  }
  scratch.write("files/too-large.json", "{\"phoneNumber\": \"" + std::string(5000, '2') + "\"}");
  scratch.write("files/lines.json", kGood + "\n" + kBad + "\n");
  scratch.write("files/empty.json", "");
  for (const std::string schema : {"v3-mfa-status-request", "v3-mfa-status-response", "v3-unify-request"}) {
    for (const bool warnings_fail : {false, true}) {
      for (const unsigned jobs : {1U, 2U, 4U}) {
        for (const bool stream : {false, true}) {
          if (stream && jobs != 1) continue;
          std::string full_report;
          Summary full;
          std::size_t full_added = 0;
          for (const bool verdicts_only : {false, true}) {
            conform::ValidateOptions options;
            std::istringstream in(stream_lines);
            if (stream) {
              options.paths = {"-"};
              options.stdin_ndjson = true;
              options.standard_input = &in;
            } else {
              options.paths = {scratch.path("files"), scratch.path("lines"), scratch.path("missing.json")};
            }
            options.schema = schema;
            options.jobs = jobs;
            options.limits.max_bytes = 4096;
            options.gate.fail_on_warnings = warnings_fail;
            options.verdicts_only = verdicts_only;
            std::ostringstream out;
            Quiet quiet(out);
            Summary summary = conform::validate(options, quiet);
            summary.seconds = 0;
            const std::string context = schema + (warnings_fail ? ", warnings fail, " : ", ") + std::to_string(jobs) +
                                        " jobs" + (stream ? ", a stream" : "");
            if (!verdicts_only) {
              full_report = out.str();
              full = summary;
              full_added = quiet.added;
              ASSERT_GT(full.inputs, 1000U) << context;
              ASSERT_GT(full.failed, 500U) << context;
              if (!stream) {
                ASSERT_GT(full.errors, 0U) << context;
              }
              continue;
            }
            EXPECT_EQ(out.str(), full_report) << context;
            EXPECT_EQ(summary.inputs, full.inputs) << context;
            EXPECT_EQ(summary.passed, full.passed) << context;
            EXPECT_EQ(summary.failed, full.failed) << context;
            EXPECT_EQ(summary.errors, full.errors) << context;
            EXPECT_EQ(summary.skipped, full.skipped) << context;
            EXPECT_EQ(conform::exit_code_for(summary), conform::exit_code_for(full)) << context;
            // Bodies were counted, not handed over one by one (but for the response schema, whose policy needs
            // their findings).
            if (schema == "v3-mfa-status-response") {
              EXPECT_EQ(quiet.added, full_added) << context;
            } else {
              EXPECT_LT(quiet.added * 20, full_added) << context;
            }
          }
        }
      }
    }
  }
}

// Lines near the bench corpus's: bytes flipped, dropped and doubled, with
// every kind of line between them (valid, failing, malformed, blank, spaces
// only, CRLF, not UTF-8, a control character, a long member name).
std::string mutated_lines(std::size_t bytes) {
  const std::vector<std::string> seeds = {kGood, kBad, R"({"phoneNumber": "2001004011", "correlationId": "x-1"})",
                                          R"({"phoneNumber": "200-100-4011", "extra": [1, {"a": null}]})"};
  const std::vector<std::string> kinds = {"",
                                          "   \t",
                                          "{\"phoneNumber\": \n",
                                          "{\"phoneNumber\": \"2001004011\"}\r",
                                          "{\"phone\xff\": 1}",
                                          "{\"phone\\u0007\": \"\x1b[31m\"}",
                                          "[1, 2",
                                          "{\"" + std::string(70000, 'k') + "\": 1}",
                                          "\"just a string\""};
  std::mt19937 random(20261201);
  std::string text = "\xEF\xBB\xBF" + kGood + "\n";  // a byte order mark before the first line
  for (std::size_t line = 0; text.size() < bytes; ++line) {
    std::string body = seeds[random() % seeds.size()];
    if (line % 9 == 0) body = kinds[random() % kinds.size()];
    const int edits = static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !body.empty(); ++e) {
      const std::size_t at = random() % body.size();
      switch (random() % 3) {
        case 0:
          body[at] = static_cast<char>(random() % 256);
          break;
        case 1:
          body.erase(at, 1 + random() % 3);
          break;
        default:
          body.insert(at, body.substr(at, 1 + random() % 8));
          break;
      }
    }
    body.erase(std::remove(body.begin(), body.end(), '\n'), body.end());
    text += body + "\n";
    for (std::size_t k = random() % 30; k > 0; --k) text += kGood + "\n";  // runs of passing lines
  }
  return text;
}

// Results rendered before their turn (on the thread that publishes them) or
// each written by add in its turn: every report the same, for 1 and 2 jobs,
// every format at once through a report sink, on every fixture of the
// repository and on an NDJSON file of several pieces with mutated lines.
TEST(RunTest, EveryReportIsTheSameRenderedBeforeItsTurnAsInIt) {
  conform::testing::ScratchDir scratch("run-rendered");
  const std::string lines = scratch.write("mutated.ndjson", mutated_lines(std::size_t{3} << 19));
  const std::vector<conform::ReportFormat> formats = {conform::ReportFormat::json,   conform::ReportFormat::sarif,
                                                      conform::ReportFormat::junit,  conform::ReportFormat::text,
                                                      conform::ReportFormat::ndjson, conform::ReportFormat::github};
  const std::string fixtures = std::string(CONFORM_SOURCE_DIR) + "/fixtures";
  for (const auto& [path, show_values] :
       {std::pair{fixtures, false}, std::pair{lines, false}, std::pair{lines, true}}) {
    const std::vector<std::string> paths = {path};
    {
      std::vector<std::string> first;
      for (const unsigned jobs : {1U, 2U}) {
        for (const bool render : {false, true}) {
          conform::ReportSinkOptions sink_options;
          sink_options.targets.clear();
          for (const conform::ReportFormat format : formats) {
            sink_options.targets.push_back(
                {format, (scratch.root() / ("report." + std::string(to_string(format)))).string()});
          }
          sink_options.report.values.show_all = show_values;
          sink_options.color = show_values ? conform::ColorChoice::always : conform::ColorChoice::never;
          sink_options.report.max_annotations = 0;
          conform::ReportSink sink(sink_options);
          Forward forward(sink, false, render);
          conform::ValidateOptions options;
          options.paths = paths;
          options.jobs = jobs;
          conform::validate(options, forward);
          sink.commit();
          // One job writes each result in its turn: there is no other thread to render it.
          if (render && jobs > 1) {
            EXPECT_GT(forward.rendered, 100U) << "the results were not rendered before their turn";
          }
          std::vector<std::string> reports;
          for (const conform::ReportFormat format : formats) {
            std::ifstream in(scratch.root() / ("report." + std::string(to_string(format))), std::ios::binary);
            reports.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            ASSERT_FALSE(reports.back().empty()) << to_string(format);
          }
          if (first.empty()) {
            first = reports;
            continue;
          }
          for (std::size_t f = 0; f < formats.size(); ++f) {
            EXPECT_TRUE(reports[f] == first[f]) << to_string(formats[f]) << " of " << paths.front() << ", " << jobs
                                                << " jobs, rendered: " << render << ", values: " << show_values;
          }
        }
      }
    }
  }
}

// Bodies in a folder: every result in name order whatever the jobs, the
// summary counting them; bodies double, every third fails.
TEST(RunTest, ValidateReportsEveryBodyInNameOrderForAnyJobs) {
  for (std::size_t count = 1; count <= 256; count *= 4) {
    conform::testing::ScratchDir scratch("run-validate");
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < count; ++i) {
      char name[48];
      std::snprintf(name, sizeof name, "bodies/b%05zu.json", i);
      expected.push_back(scratch.write(name, i % 3 == 2 ? kBad : kGood));
    }
    for (const unsigned jobs : {1U, 4U}) {
      conform::ValidateOptions options;
      options.paths = {scratch.path("bodies")};
      options.jobs = jobs;
      Collector collector;
      Notes observer;
      options.observer = &observer;
      const Summary summary = conform::validate(options, collector);
      EXPECT_EQ(collector.sources(), expected) << count << " bodies, " << jobs << " jobs";
      EXPECT_EQ(collector.ended, 1);
      EXPECT_EQ(summary.inputs, count);
      EXPECT_EQ(summary.failed, count / 3);
      EXPECT_EQ(summary.passed, count - count / 3);
      EXPECT_EQ(observer.inputs, count);
      EXPECT_EQ(collector.last.inputs, count);
      EXPECT_EQ(conform::exit_code_for(summary), count >= 3 ? conform::kNonConforming : conform::kAllConform);
    }
  }
}

// "-" reads the caller's stream: NDJSON lines double, each its own result.
TEST(RunTest, ValidateReadsAStreamForStandardInput) {
  for (std::size_t count = 1; count <= 512; count *= 8) {
    std::string lines;
    for (std::size_t i = 0; i < count; ++i) lines += (i % 2 == 1 ? kBad : kGood) + "\n";
    std::istringstream in(lines);
    conform::ValidateOptions options;
    options.paths = {"-"};
    options.stdin_ndjson = true;
    options.standard_input = &in;
    Collector collector;
    const Summary summary = conform::validate(options, collector);
    ASSERT_EQ(collector.results.size(), count);
    for (std::size_t i = 0; i < count; ++i) {
      EXPECT_EQ(collector.results[i].source, "-:" + std::to_string(i + 1));
      EXPECT_EQ(collector.results[i].status, i % 2 == 1 ? Status::fail : Status::pass);
    }
    EXPECT_EQ(summary.failed, count / 2);
  }
}

// The gate applies before the reporter sees a result: --max-findings and --fail-on warning.
TEST(RunTest, GateAppliesBeforeTheReporter) {
  std::string body = "{";
  for (int i = 0; i < 8; ++i) body += (i ? "," : "") + std::string("\"x") + std::to_string(i) + "\": 1";
  body += "}";
  std::istringstream in(body);
  conform::ValidateOptions options;
  options.paths = {"-"};
  options.standard_input = &in;
  options.gate.max_findings = 3;
  Collector collector;
  conform::validate(options, collector);
  ASSERT_EQ(collector.results.size(), 1U);
  EXPECT_EQ(collector.results[0].findings.size(), 3U);
  EXPECT_GT(collector.results[0].omitted_findings, 0U);
}

// A token stopped before the run: nothing is checked, the report says it was interrupted.
TEST(RunTest, AStoppedTokenEndsTheRunAsInterrupted) {
  conform::testing::ScratchDir scratch("run-stop");
  for (int i = 0; i < 16; ++i) scratch.write("bodies/b" + std::to_string(i) + ".json", kGood);
  const conform::StopSource stop;
  stop.request_stop();
  conform::ValidateOptions options;
  options.paths = {scratch.path("bodies")};
  options.stop = stop.token();
  Collector collector;
  const Summary summary = conform::validate(options, collector);
  EXPECT_TRUE(summary.interrupted);
  EXPECT_TRUE(collector.last.interrupted);
  EXPECT_LT(summary.inputs, 16U);
  EXPECT_FALSE(conform::StopToken().stop_requested());
}

// A stop request while `conform test` checks one large fixture is acted on
// inside it, as validate does: the run ends as interrupted, well before the
// fixture's check would, and the fixture cut short is not reported (its
// differences would mean nothing), nor any fixture after it.
TEST(RunTest, AStopRequestEndsATestRunInsideAFixture) {
  conform::testing::ScratchDir scratch("run-test-stop");
  std::string big = "{";
  constexpr int kMembers = 900000;  // 14 MB, within the default --max-bytes: about 0.5 s to check
  big.reserve(16 * kMembers);
  char member[32];
  for (int i = 0; i < kMembers; ++i) {
    std::snprintf(member, sizeof member, "%s\"m%09d\":0", i == 0 ? "" : ",", i);
    big += member;
  }
  big += "}";
  scratch.write("corpus/valid/big.json", big);
  scratch.write("corpus/valid/small.json", "{}");
  scratch.write("schema.json", R"({"type": "object"})");
  const conform::StopSource stop;
  conform::TestOptions options;
  options.paths = {scratch.path("corpus")};
  options.schema = scratch.path("schema.json");
  options.stop = stop.token();
  Collector collector;
  std::chrono::steady_clock::time_point requested;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    requested = std::chrono::steady_clock::now();
    stop.request_stop();
  });
  const Summary summary = conform::test(options, collector);
  const auto ended = std::chrono::steady_clock::now();
  stopper.join();
  const double seconds = std::chrono::duration<double>(ended - requested).count();
  ASSERT_GE(seconds, 0.0) << "the run ended before the stop request: make the fixture larger";
  EXPECT_TRUE(summary.interrupted);
  EXPECT_TRUE(collector.last.interrupted);
  EXPECT_TRUE(collector.results.empty()) << collector.results.size() << " fixtures reported, the first "
                                         << collector.results.front().source;
  // Generous for a sanitizer build; the stop is looked at every 4,096 values of the body.
  EXPECT_LT(seconds, conform::testing::kSanitized ? 20.0 : 1.0);
  std::printf("ended %.3f s after the stop request\n", seconds);
}

// No input at all: a note says where nothing was found, and the run is a harness error (exit 2).
TEST(RunTest, NoInputIsANoteAndAHarnessError) {
  conform::testing::ScratchDir scratch("run-empty");
  scratch.write("empty/readme.txt", "no bodies here");
  conform::ValidateOptions options;
  options.paths = {scratch.path("empty")};
  Notes observer;
  options.observer = &observer;
  Collector collector;
  const Summary summary = conform::validate(options, collector);
  EXPECT_TRUE(summary.harness_error);
  EXPECT_EQ(conform::exit_code_for(summary), conform::kHarnessError);
  ASSERT_EQ(observer.notes.size(), 1U);
  EXPECT_NE(observer.notes[0].find("no input in"), std::string::npos) << observer.notes[0];
}

// What makes a run impossible is an Error before anything is reported.
TEST(RunTest, AnUnusableSchemaThrowsBeforeBegin) {
  conform::ValidateOptions options;
  options.paths = {"-"};
  options.schema = "no-such-schema";
  Collector collector;
  EXPECT_THROW(conform::validate(options, collector), conform::Error);
  EXPECT_EQ(collector.begun, 0);
  options.schema.clear();
  options.disabled_rules = {"F99"};
  EXPECT_THROW(conform::validate(options, collector), conform::Error);
  EXPECT_EQ(collector.begun, 0);
}

// `conform test` as a call: the repository's corpus behaves as declared.
TEST(RunTest, TestChecksACorpusAsDeclared) {
  conform::TestOptions options;
  options.paths = {std::string(CONFORM_SOURCE_DIR) + "/fixtures/v3-mfa-status-request"};
  Collector collector;
  const Summary summary = conform::test(options, collector);
  EXPECT_GT(summary.inputs, 10U);
  EXPECT_EQ(summary.failed, 0U);
  EXPECT_EQ(summary.errors, 0U);
  EXPECT_EQ(collector.ended_with.command, "test");
  EXPECT_EQ(collector.ended_with.schema, collector.begun_with.schema);
}

// A sink's report file appears only once committed, and is the report the format writes.
TEST(RunTest, ReportSinkReplacesItsFileOnlyOnCommit) {
  conform::testing::ScratchDir scratch("run-sink");
  const std::string report = scratch.write("report.ndjson", "an earlier run's\n");
  std::istringstream in(kGood + "\n" + kBad + "\n");
  conform::ValidateOptions options;
  options.paths = {"-"};
  options.stdin_ndjson = true;
  options.standard_input = &in;
  conform::ReportSinkOptions sink_options;
  sink_options.targets = {{conform::ReportFormat::ndjson, report}};
  conform::check_report_targets(sink_options.targets, options.paths);
  conform::ReportSink sink(sink_options);
  conform::validate(options, sink);
  auto read = [&] {
    std::ifstream file(report);
    return std::string(std::istreambuf_iterator<char>(file), {});
  };
  EXPECT_EQ(read(), "an earlier run's\n");
  sink.commit();
  const std::string written = read();
  EXPECT_NE(written.find("\"-:1\""), std::string::npos) << written;
  EXPECT_NE(written.find("\"-:2\""), std::string::npos) << written;
  // A report that would replace an input is refused before anything is read.
  EXPECT_THROW(conform::check_report_targets(sink_options.targets, {report}), conform::Error);
}

}  // namespace
