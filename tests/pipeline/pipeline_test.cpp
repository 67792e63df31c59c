#include "pipeline/pipeline.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "conform/embedded_schema.hpp"
#include "support/scratch_dir.hpp"

namespace conform::pipeline {
namespace {

std::string render(const std::vector<Result>& results) {
  std::string text;
  for (const auto& result : results) {
    text += result.source + " " + std::string(to_string(result.status));
    for (const auto& finding : result.findings.to_vector()) {
      text += " [" + finding.instance_location + " " + finding.keyword + " " + std::to_string(finding.line) + ":" +
              std::to_string(finding.column) + "]";
    }
    text += "\n";
  }
  return text;
}

class PipelineTest : public ::testing::Test {
 protected:
  // `each` sees every result as it is handed over, before the run goes on.
  std::vector<Result> run_with(const std::vector<std::string>& paths, std::size_t jobs, std::size_t chunk_bytes,
                               Limits limits = {}, const std::function<void(const Result&)>& each = {},
                               const std::function<void(const std::string&)>& before_file = {}) {
    Options options;
    options.before_file = before_file;
    options.jobs = jobs;
    options.chunk_bytes = chunk_bytes;
    options.limits = limits;
    std::vector<Result> results;
    std::size_t files = 0;
    run(
        paths, schema_, captures_, options,
        [&](Result&& result) {
          if (each) each(result);
          results.push_back(std::move(result));
        },
        [&] { ++files; });
    files_done_ = files;
    return results;
  }

  testing::ScratchDir scratch_{"pipeline"};
  Schema schema_ = Schema::embedded(default_schema_name);
  CaptureSchemas captures_;
  std::size_t files_done_ = 0;
};

// An NDJSON file cut into many small chunks, checked by two workers, reports
// exactly what one worker reading it whole reports: same order, same line
// numbers, lines that straddle chunk edges included.
TEST_F(PipelineTest, ChunkedParallelNdjsonMatchesTheWholeFileRead) {
  std::string text;
  for (int i = 0; i < 500; ++i) {
    if (i % 7 == 0) {
      text += "\n";  // blank lines count in the numbering and hold no body
    } else if (i % 11 == 0) {
      text += R"({"phoneNumber": "200-100-)" + std::to_string(i) + "\"}\r\n";
    } else if (i % 13 == 0) {
      text += "{\"clientRequestId\": \"" + std::string(300, 'x') + "\", \"extra\": 1}\n";
    } else {
      text += R"({"phoneNumber": "2001004011"})"
              "\n";
    }
  }
  text += R"({"phoneNumber": 1})";  // the last line has no newline
  const std::string path = scratch_.write("log.ndjson", text);

  const std::string whole = render(run_with({path}, 1, std::size_t{1} << 30));
  EXPECT_EQ(render(run_with({path}, 2, 64)), whole);
  EXPECT_EQ(render(run_with({path}, 1, 4096)), whole);
  EXPECT_EQ(files_done_, 1U);
  // 500 lines, every seventh blank, plus the last one.
  EXPECT_NE(whole.find(path + ":501 fail [/phoneNumber type 501:17]"), std::string::npos) << whole;
  EXPECT_NE(whole.find(path + ":12 fail [/phoneNumber pattern 12:17]"), std::string::npos) << whole;
  EXPECT_EQ(whole.find(path + ":1 "), std::string::npos) << "line 1 is blank";
}

// With Options::passing_lines set, the passing lines of NDJSON files come as
// runs in their place among the other results: expanded, the runs and the
// results are what the sink alone receives, for runs of every length from 1
// to n between failing lines (n doubled), over pieces of many sizes and any
// jobs; runs never overlap and never cross a file.
TEST_F(PipelineTest, RunsOfPassingLinesStandInTheirPlace) {
  for (const int longest : {8, 16, 32}) {
    std::vector<std::string> paths;
    for (int f = 0; f < 3; ++f) {
      std::string text;
      for (int run = 1; run <= longest; ++run) {
        for (int i = 0; i < run + f; ++i) text += "{\"phoneNumber\": \"2001004011\"}\n";
        text += run % 5 == 0 ? "\n" : "{\"phoneNumber\": 1}\n";
      }
      paths.push_back(scratch_.write(fmt::format("runs{}/{}.ndjson", longest, f), text));
    }
    paths.push_back(scratch_.write(fmt::format("runs{}/z.json", longest), "{}"));
    const std::string root = scratch_.path(fmt::format("runs{}", longest));
    const std::string expected = render(run_with({root}, 1, std::size_t{1} << 30));
    for (const std::size_t jobs : {1U, 2U, 3U}) {
      for (const std::size_t chunk : {std::size_t{64}, std::size_t{700}, std::size_t{1} << 30}) {
        Options options;
        options.jobs = jobs;
        options.chunk_bytes = chunk;
        std::vector<Result> results;
        std::size_t runs = 0;
        std::string last_file;
        std::uint64_t next_line = 0;
        options.passing_lines = [&](const PassingLines& lines) {
          ASSERT_GT(lines.count, 0U);
          if (std::string(lines.file) == last_file) {
            EXPECT_GE(lines.first_line, next_line) << "runs overlap";
          }
          last_file = std::string(lines.file);
          next_line = lines.first_line + lines.count;
          ++runs;
          for (std::uint64_t k = 0; k < lines.count; ++k) {
            results.push_back(passing_line_result(lines.file, lines.first_line + k));
          }
        };
        run({root}, schema_, captures_, options, [&](Result&& result) { results.push_back(std::move(result)); });
        EXPECT_EQ(render(results), expected) << jobs << " jobs, pieces of " << chunk;
        EXPECT_GT(runs, 0U);
      }
    }
  }
}

// Results are handed to the sink outside the merge's order lock: with many
// small pieces and a slow sink, every result and every "file done" still come
// in report order, the files' ends exactly where their last result is, for any
// number of jobs. Varies the lines per file and the files, doubling them.
TEST_F(PipelineTest, ResultsAndFileEndsKeepTheirOrderWhileTheSinkIsSlow) {
  for (const int lines : {64, 128, 256}) {
    std::vector<std::string> paths;
    for (int f = 0; f < lines / 32; ++f) {
      std::string text;
      for (int i = 0; i < lines; ++i) {
        text += i % 5 == 0 ? R"({"phoneNumber": 1})"
                             "\n"
                           : R"({"phoneNumber": "2001004011"})"
                             "\n";
      }
      paths.push_back(scratch_.write(fmt::format("order{}/{}.ndjson", lines, f), text));
      paths.push_back(scratch_.write(fmt::format("order{}/{}b.json", lines, f), f % 2 == 0 ? "{}" : "{\"x\": 1}"));
    }
    // The results seen when each file ended, and the results in order.
    const auto trace = [&](std::size_t jobs, std::size_t chunk) {
      Options options;
      options.jobs = jobs;
      options.chunk_bytes = chunk;
      std::vector<std::string> sources;
      std::vector<std::size_t> ends;
      run(
          {scratch_.path(fmt::format("order{}", lines))}, schema_, captures_, options,
          [&](Result&& result) {
            if (sources.size() % 97 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
            sources.push_back(result.source + " " + std::string(to_string(result.status)));
          },
          [&] { ends.push_back(sources.size()); });
      return std::make_pair(sources, ends);
    };
    const auto whole = trace(1, std::size_t{1} << 30);
    ASSERT_EQ(whole.first.size(), paths.size() / 2 * (static_cast<std::size_t>(lines) + 1));
    ASSERT_EQ(whole.second.size(), paths.size());
    for (const std::size_t jobs : {2U, 4U}) {
      const auto pieces = trace(jobs, 4096);
      EXPECT_EQ(pieces.first, whole.first) << lines << " lines, " << jobs << " jobs";
      EXPECT_EQ(pieces.second, whole.second) << lines << " lines, " << jobs << " jobs";
    }
  }
}

// A worker ahead of the report is not held back by the passing lines it has
// checked: they wait as counts, not results. The sink holds the first result
// until the worker ahead has moved on past a piece of thousands of passing
// lines to the next file; before, that worker stopped after 2,048 waiting
// results, and the run stood still. Doubles the passing lines.
TEST_F(PipelineTest, PassingLinesAheadOfTheReportDoNotHoldTheirWorker) {
  for (const std::size_t lines : {3000U, 6000U}) {
    const std::size_t chunk = lines * 32;
    // Piece 0: one long line; piece 1: the passing lines; then a file.
    std::string text = "{\"clientRequestId\": \"" + std::string(chunk, 'x') + "\"}\n";
    for (std::size_t i = 0; i < lines; ++i)
      text += R"({"phoneNumber": "2001004011"})"
              "\n";
    const std::string folder = fmt::format("ahead{}", lines);
    scratch_.write(folder + "/a.ndjson", text);
    const std::string next = scratch_.write(folder + "/b.json", "{}");
    std::mutex mutex;
    std::condition_variable moved_on;
    bool next_started = false;
    bool held = false;
    bool released = false;
    const auto results = run_with(
        {scratch_.path(folder)}, 2, chunk, {},
        [&](const Result&) {
          std::unique_lock lock(mutex);
          if (held) return;
          held = true;
          released = moved_on.wait_for(lock, std::chrono::seconds(20), [&] { return next_started; });
        },
        [&](const std::string& path) {
          if (path != next) return;
          std::lock_guard lock(mutex);
          next_started = true;
          moved_on.notify_all();
        });
    EXPECT_TRUE(released) << lines << " lines: the worker ahead never reached the next file";
    ASSERT_EQ(results.size(), lines + 2);
    EXPECT_EQ(results[lines].source, fmt::format("{}:{}", scratch_.path(folder + "/a.ndjson"), lines + 1));
    EXPECT_EQ(results[lines].status, Status::pass);
    EXPECT_EQ(results[lines].file, scratch_.path(folder + "/a.ndjson"));
  }
}

TEST_F(PipelineTest, LongLinesAreReportedFromTheirLengthAndSkipped) {
  const std::string path = scratch_.write("big.ndjson", R"({"phoneNumber": "1"})"
                                                        "\n{\"x\": \"" +
                                                            std::string(5000, 'a') + "\"}\n{}\n");
  Limits limits;
  limits.max_bytes = 1000;
  const auto results = run_with({path}, 2, 512, limits);
  ASSERT_EQ(results.size(), 3U) << render(results);
  EXPECT_EQ(results[0].status, Status::pass);
  ASSERT_EQ(results[1].findings.size(), 1U);
  EXPECT_EQ(results[1].findings[0].keyword, "limit");
  EXPECT_NE(results[1].findings[0].message.find("5009 bytes"), std::string::npos) << results[1].findings[0].message;
  EXPECT_EQ(results[1].source, path + ":2");
  EXPECT_EQ(results[2].source, path + ":3");
}

TEST_F(PipelineTest, FilesAreReportedInOrderForAnyNumberOfJobs) {
  std::vector<std::string> expected;
  for (int i = 0; i < 40; ++i) {
    const std::string name = "dir/" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ".json";
    scratch_.write(name, i % 3 == 0 ? R"({"phoneNumber": 5})" : "{}");
    expected.push_back(scratch_.path(name));
  }
  scratch_.write("dir/sub/a.ndjson", "{}\n{\"x\": 1}\n");
  const auto one = run_with({scratch_.path("dir")}, 1, 1 << 20);
  const auto two = run_with({scratch_.path("dir")}, 2, 1 << 20);
  EXPECT_EQ(render(one), render(two));
  ASSERT_EQ(one.size(), 42U);
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(one[i].source, expected[i]);
  EXPECT_EQ(one[40].source, scratch_.path("dir/sub/a.ndjson") + ":1");
  EXPECT_EQ(files_done_, 41U);
}

TEST_F(PipelineTest, BodyOverTheLimitIsNotRead) {
  const std::string path = scratch_.write("big.json", "{\"a\": \"" + std::string(3000, 'a') + "\"}");
  Limits limits;
  limits.max_bytes = 100;
  const auto results = run_with({path}, 1, 1 << 20, limits);
  ASSERT_EQ(results.size(), 1U);
  ASSERT_EQ(results[0].findings.size(), 1U);
  EXPECT_EQ(results[0].findings[0].keyword, "limit");
  EXPECT_NE(results[0].findings[0].message.find("3009 bytes"), std::string::npos);
}

// Files listed but gone by the time their turn comes are named as errors;
// the others are still checked, and every listed file is accounted for.
TEST_F(PipelineTest, FilesThatVanishDuringTheScanAreNamed) {
  for (int i = 0; i < 100; ++i) scratch_.write(fmt::format("bodies/{:03}.json", i), "{}");
  bool removed = false;
  const auto results = run_with({scratch_.path("bodies")}, 1, 1 << 20, {}, [&](const Result&) {
    if (removed) return;
    for (int i = 50; i < 100; ++i) std::filesystem::remove(scratch_.path(fmt::format("bodies/{:03}.json", i)));
    removed = true;
  });
  ASSERT_EQ(results.size(), 100U);
  std::size_t gone = 0;
  for (const auto& result : results) {
    if (result.status == Status::error) {
      ++gone;
      EXPECT_NE(result.error_message.find("No such file"), std::string::npos) << result.error_message;
    }
  }
  // The first unit (32 files) was read before the removal; files 50 to 99 were not.
  EXPECT_EQ(gone, 50U);
}

// Lines appended while a file is being read are not part of this run: the
// file is what it was when its turn came, and nothing is counted twice.
TEST_F(PipelineTest, FilesThatGrowDuringTheScanAreReadAsTheyWere) {
  std::string lines;
  for (int i = 0; i < 2000; ++i) lines += "{}\n";
  const std::string path = scratch_.write("growing.ndjson", lines);
  std::size_t appended = 0;
  const auto results = run_with({path}, 2, 4096, {}, [&](const Result&) {
    if (appended++ < 100) std::ofstream(path, std::ios::app) << "{\"grown\": true}\n";
  });
  ASSERT_EQ(results.size(), 2000U);
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].source, path + ":" + std::to_string(i + 1));
    EXPECT_EQ(results[i].status, Status::pass) << results[i].source;
  }
}

// A FIFO or device reached through a folder is named, never opened for reading.
TEST_F(PipelineTest, FifosAndDevicesInAFolderNeverBlock) {
  scratch_.write("dir/ok.json", "{}");
  ASSERT_EQ(::mkfifo(scratch_.path("dir/fifo.json").c_str(), 0600), 0);
  std::filesystem::create_symlink("/dev/zero", scratch_.path("dir/zero.json"));
  std::filesystem::create_symlink("nowhere.json", scratch_.path("dir/dangling.json"));
  std::filesystem::create_symlink(".", scratch_.path("dir/loop"));
  std::filesystem::create_symlink("self.json", scratch_.path("dir/self.json"));
  const auto results = run_with({scratch_.path("dir")}, 2, 1 << 20);
  EXPECT_EQ(render(results), scratch_.path("dir/dangling.json") + " error\n" + scratch_.path("dir/fifo.json") +
                                 " error\n" + scratch_.path("dir/ok.json") + " pass\n" +
                                 scratch_.path("dir/self.json") + " error\n" + scratch_.path("dir/zero.json") +
                                 " error\n");
}

// A FIFO named on the command line is read through, as standard input is.
TEST_F(PipelineTest, AFifoNamedOnTheCommandLineIsReadAsAStream) {
  const std::string fifo = scratch_.path("named.ndjson");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo) << "{}\n{\"a\": 1}\n"; });
  const auto results = run_with({fifo}, 2, 1 << 20);
  writer.join();
  EXPECT_EQ(render(results), fifo + ":1 pass\n" + fifo + ":2 fail [/a additionalProperties 2:2]\n");
}

// Every unit of work runs inside an exception boundary: what a check throws
// becomes an error result for that input, and the run goes on.
TEST_F(PipelineTest, AnExceptionInOneInputIsAnErrorResultForIt) {
  const std::string a = scratch_.write("d/a.json", "{}");
  const std::string b = scratch_.write("d/b.json", "{}");
  const std::string lines = scratch_.write("d/c.ndjson", "{}\n{}\n");
  const std::string capture = scratch_.write("d/d.har", R"({"log": {"entries": []}})");
  for (const std::size_t jobs : {1U, 2U}) {
    for (const std::string& failing : {a, b, lines, capture}) {
      const auto results = run_with({scratch_.path("d")}, jobs, 1 << 20, {}, {}, [&](const std::string& path) {
        if (path == failing) throw std::runtime_error("injected");
      });
      std::size_t errors = 0;
      for (const Result& result : results) {
        if (result.status != Status::error) continue;
        ++errors;
        EXPECT_EQ(result.source, failing);
        EXPECT_NE(result.error_message.find("injected"), std::string::npos) << result.error_message;
      }
      EXPECT_EQ(errors, 1U) << failing << "\n" << render(results);
      EXPECT_EQ(files_done_, 4U);
    }
  }
}

std::string passing_lines(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += "{\"phoneNumber\": \"2001004011\"}\n";
  return text;
}

// An NDJSON file is read through one descriptor for all its pieces: one
// replaced while it is read is read to its end as it was, never mixed with
// its successor.
TEST_F(PipelineTest, AReplacedNdjsonFileIsNotMixedWithItsSuccessor) {
  const std::string text = passing_lines(400);
  const std::string path = scratch_.write("log.ndjson", text);
  const std::string other = scratch_.write("other.ndjson", std::string(text.size(), '\n'));
  std::atomic<int> pieces = 0;  // the hook runs on the workers
  const auto results = run_with({path}, 2, 4096, {}, {}, [&](const std::string& file) {
    if (file == path && ++pieces == 2) std::filesystem::rename(other, path);
  });
  EXPECT_GT(pieces, 2);
  ASSERT_EQ(results.size(), 400U) << render(results);
  for (const Result& result : results) EXPECT_EQ(result.status, Status::pass) << result.source;
}

// A file cut short while it is read is an error that says so, never lines silently missing.
TEST_F(PipelineTest, AFileTruncatedWhileReadIsAnError) {
  const std::string text = passing_lines(400);
  const std::string path = scratch_.write("log.ndjson", text);
  for (const std::size_t jobs : {1U, 2U}) {
    scratch_.write("log.ndjson", text);
    std::atomic<int> pieces = 0;  // the hook runs on the workers
    const auto results = run_with({path}, jobs, 4096, {}, {}, [&](const std::string& file) {
      if (file == path && ++pieces == 2) std::filesystem::resize_file(path, 6000);
    });
    std::size_t errors = 0;
    std::size_t passed = 0;
    for (const Result& result : results) {
      if (result.status == Status::error) {
        ++errors;
        EXPECT_NE(result.error_message.find("shrank while it was read"), std::string::npos) << result.error_message;
      } else {
        ++passed;
      }
    }
    EXPECT_EQ(errors, 1U) << render(results);
    EXPECT_LT(passed, 400U);
  }
}

// Folders named under several spellings, or inside one another, count each input once.
TEST_F(PipelineTest, OverlappingRootsCountEachInputOnce) {
  scratch_.write("ov/a.json", "{}");
  scratch_.write("ov/sub/b.json", "{}");
  scratch_.write("ov/sub/c.txt", "{}");
  const std::string ov = scratch_.path("ov");
  const std::string relative = std::filesystem::relative(ov).string();
  for (const std::vector<std::string>& roots : {std::vector<std::string>{ov, ov + "/sub"},
                                                {ov, ov + "/."},
                                                {ov, ov + "/sub/../"},
                                                {relative, ov},
                                                {ov, "./" + relative},
                                                {ov, ov + "/sub/b.json"}}) {
    const auto results = run_with(roots, 2, 1 << 20);
    EXPECT_EQ(results.size(), 2U) << roots[0] << " " << roots[1] << "\n" << render(results);
  }
  // A file named inside a named folder that the walk would pass over is read.
  EXPECT_EQ(run_with({ov, ov + "/sub/c.txt"}, 1, 1 << 20).size(), 3U);
}

// A FIFO named *.har is read once: positions of its findings come from what was read.
TEST_F(PipelineTest, AFifoNamedAsAHarWithAFindingEnds) {
  const std::string path = scratch_.path("pipe.har");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const std::string har =
      R"({"log": {"entries": [{"request": {"method": "POST", "url": "/v3/mfa-status", "postData": {"text": "{\"correlationId\": 5}"}}}]}})";
  std::atomic<bool> done{false};
  std::thread writer([&] {
    { std::ofstream(path, std::ios::binary) << har; }
    for (int i = 0; i < 500 && !done; ++i) {  // a second open of the path would find an empty pipe
      const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd >= 0) ::close(fd);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  const auto results = run_with({path}, 1, 1 << 20);
  done = true;
  writer.join();
  ASSERT_FALSE(results.empty());
  ASSERT_FALSE(results[0].findings.empty()) << render(results);
  EXPECT_EQ(results[0].findings[0].line, 1U);
  EXPECT_EQ(results[0].findings[0].column, 120U) << render(results);  // the 5, inside the escaped text
}

}  // namespace
}  // namespace conform::pipeline
