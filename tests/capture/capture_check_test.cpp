#include "conform/capture.hpp"
#include "conform/error.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

#include "inputs/exchange.hpp"
#include "support/scratch_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using conform::CaptureFormat;
using conform::CaptureSchemas;
using conform::check_capture;
using conform::Result;
using conform::Status;

const std::string kId = "713189b8-5555-4b08-83ba-75d08780aebd";

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

// One HAR entry on one line: `body` and `response` are the raw (escaped)
// contents of the text fields; empty means no such field.
std::string entry(std::string_view method, std::string_view url, std::string_view body, int status,
                  std::string_view response) {
  std::string text =
      R"(    {"request": {"method": ")" + std::string(method) + R"(", "url": ")" + std::string(url) + "\"";
  if (!body.empty()) text += R"(, "postData": {"mimeType": "application/json", "text": ")" + std::string(body) + "\"}";
  text += R"(}, "response": {"status": )" + std::to_string(status) + R"(, "content": {"mimeType": "application/json")";
  if (!response.empty()) text += R"(, "text": ")" + std::string(response) + "\"";
  text += "}}}";
  return text;
}

// A HAR of one entry a line: line 1 opens, entries are on lines 2, 3, ...
std::string har(const std::vector<std::string>& entries) {
  std::string text = "{\"log\": {\"version\": \"1.2\", \"entries\": [\n";
  for (std::size_t i = 0; i < entries.size(); ++i) text += entries[i] + (i + 1 < entries.size() ? ",\n" : "\n");
  return text + "]}}\n";
}

class CaptureCheckTest : public ::testing::Test {
 protected:
  conform::testing::ScratchDir scratch_{"capture-check"};
  const fs::path& root_ = scratch_.root();

  std::string write(std::string_view name, std::string_view content) const { return scratch_.write(name, content); }

  static const CaptureSchemas& schemas() {
    static const CaptureSchemas loaded{};
    return loaded;
  }

  static std::vector<std::string> sources(const std::vector<Result>& results) {
    std::vector<std::string> out;
    for (const auto& result : results) out.push_back(result.source);
    return out;
  }
};

const std::string kMfaNone = R"({\"possessionType\": \"none\"})";
const std::string kMfaOk = R"({\"correlationId\": \")" + kId + R"(\", \"success\": \"true\"})";
const std::string kStatusRequest = R"({\"correlationId\": \")" + kId + R"(\"})";
const std::string kPhoneOk = R"({\"phoneNumber\": \"2001004011\", \"success\": \"true\"})";

TEST_F(CaptureCheckTest, HarCallsAreRoutedByPathSuffixOnAnyHost) {
  const std::string path = write(
      "routes.har",
      har({
          entry("POST", "https://platform.uat.proveapis.com/v3/mfa?debug=1#top", kMfaNone, 200, kMfaOk),
          entry("POST", "https://eu.example.org/prefix/v3/mfa-status/", kStatusRequest, 200, kPhoneOk),
          entry("GET", "https://platform.proveapis.com/v3/mfa-status?phoneNumber=2001004099", "", 200, ""),
          entry("GET", "https://platform.proveapis.com/favicon.ico?phoneNumber=2001004099&x=1", "", 404, ""),
          entry("post", "/v3/mfa-bind", R"({\"correlationId\": \")" + kId + R"(\", \"phoneNumber\": \"2001004011\"})",
                401, R"({\"error\": \"unauthorized\"})"),
      }));
  const auto results = check_capture(path, CaptureFormat::har, schemas());
  const std::string e = path + "#/log/entries/";
  ASSERT_EQ(sources(results), (std::vector<std::string>{e + "0/request/postData/text", e + "0/response/content/text",
                                                        e + "1/request/postData/text", e + "1/response/content/text",
                                                        e + "4/request/postData/text", path}));
  for (const Result& result : results) {
    EXPECT_EQ(result.file, path) << result.source;
    EXPECT_EQ(result.status, Status::pass)
        << result.source << " " << (result.findings.empty() ? "" : result.findings[0].message);
  }
  const Result& capture = results.back();
  EXPECT_TRUE(capture.findings.empty());
  ASSERT_EQ(capture.flows.size(), 1U);
  const auto& flow = capture.flows[0];
  EXPECT_EQ(flow.correlation_id, kId);
  EXPECT_EQ(flow.possession_type, "none");
  EXPECT_EQ(flow.status, Status::pass);
  ASSERT_EQ(flow.calls.size(), 3U);
  EXPECT_EQ(flow.calls[0].entry, "/log/entries/0");
  EXPECT_EQ(flow.calls[0].path, "/v3/mfa");
  EXPECT_EQ(flow.calls[1].entry, "/log/entries/1");
  EXPECT_EQ(flow.calls[1].path, "/v3/mfa-status");
  EXPECT_EQ(flow.calls[2].entry, "/log/entries/4");
  EXPECT_EQ(flow.calls[2].path, "/v3/mfa-bind");
  EXPECT_EQ(flow.calls[2].status, 401);

  ASSERT_EQ(capture.skipped.size(), 3U);
  EXPECT_EQ(capture.skipped[0].source, e + "2");
  EXPECT_NE(capture.skipped[0].reason.find("GET /v3/mfa-status"), std::string::npos) << capture.skipped[0].reason;
  EXPECT_NE(capture.skipped[0].reason.find("POST"), std::string::npos) << capture.skipped[0].reason;
  EXPECT_EQ(capture.skipped[1].source, e + "3");
  EXPECT_NE(capture.skipped[1].reason.find("GET /favicon.ico"), std::string::npos) << capture.skipped[1].reason;
  EXPECT_EQ(capture.skipped[2].source, e + "4/response");
  EXPECT_NE(capture.skipped[2].reason.find("401"), std::string::npos) << capture.skipped[2].reason;
  EXPECT_NE(capture.skipped[2].reason.find("no published body"), std::string::npos) << capture.skipped[2].reason;
  for (const auto& skipped : capture.skipped) {
    EXPECT_EQ(skipped.reason.find("2001004099"), std::string::npos) << skipped.reason;
    EXPECT_EQ(skipped.reason.find('?'), std::string::npos) << skipped.reason;
  }
}

TEST_F(CaptureCheckTest, FindingsInsideAHarBodyCarryTheirFilePosition) {
  // Line 2: `    {"request": {"method": "POST", "url": "/v3/mfa", "postData": {"mimeType": "application/json",
  // "text": "` is 107 code points; "bogus" opens 21 code points into the escaped text.
  const std::string path = write("bogus.har", har({entry("POST", "/v3/mfa", R"({\"possessionType\": \"bogus\"})", 400,
                                                         R"({\"message\": \"bad possessionType\", \"code\": 8002})")}));
  const auto results = check_capture(path, CaptureFormat::har, schemas());
  ASSERT_EQ(results.size(), 3U);
  const Result& request = results[0];
  EXPECT_EQ(request.source, path + "#/log/entries/0/request/postData/text");
  EXPECT_EQ(request.file, path);
  EXPECT_EQ(request.status, Status::fail);
  ASSERT_EQ(request.findings.size(), 1U);
  EXPECT_EQ(request.findings[0].instance_location, "/possessionType");
  EXPECT_EQ(request.findings[0].keyword, "enum");
  EXPECT_EQ(request.findings[0].line, 2U);
  EXPECT_EQ(request.findings[0].column, 108U + 21U);
  EXPECT_EQ(results[1].source, path + "#/log/entries/0/response/content/text");
  EXPECT_EQ(results[1].status, Status::pass);  // a 400 is checked against Error400
  EXPECT_EQ(results.back().source, path);
  EXPECT_TRUE(results.back().flows.empty());  // the 400 returned no id
  EXPECT_EQ(results.back().status, Status::pass);
}

TEST_F(CaptureCheckTest, ErrorResponsesAreRoutedByStatus) {
  const std::string path =
      write("errors.har", har({entry("POST", "/v3/mfa", kMfaNone, 403, R"({\"code\": 8002})"),
                               entry("POST", "/v3/mfa", kMfaNone, 500, R"({\"message\": \"boom\"})")}));
  const auto results = check_capture(path, CaptureFormat::har, schemas());
  ASSERT_EQ(results.size(), 5U);
  EXPECT_EQ(results[1].source, path + "#/log/entries/0/response/content/text");
  EXPECT_EQ(results[1].status, Status::fail);  // Error403 requires message
  ASSERT_FALSE(results[1].findings.empty());
  EXPECT_EQ(results[1].findings[0].keyword, "required");
  EXPECT_EQ(results[3].source, path + "#/log/entries/1/response/content/text");
  EXPECT_EQ(results[3].status, Status::pass);
}

TEST_F(CaptureCheckTest, FlowFindingsAreOnTheCaptureResultAtTheEntry) {
  const std::string path = write(
      "flow.har", har({entry("POST", "/v3/mfa", kMfaNone, 200, kMfaOk),
                       entry("POST", "/v3/mfa-status",
                             R"({\"correlationId\": \"6ae60c59-aa7b-50a5-83a7-ec6b667bb203\"})", 200, kPhoneOk)}));
  const auto results = check_capture(path, CaptureFormat::har, schemas());
  ASSERT_EQ(results.size(), 5U);
  const Result& capture = results.back();
  EXPECT_EQ(capture.source, path);
  EXPECT_EQ(capture.file, path);
  EXPECT_EQ(capture.status, Status::fail);
  ASSERT_EQ(capture.findings.size(), 1U);
  const conform::Finding finding = capture.findings[0].to_finding();
  EXPECT_EQ(finding.keyword, "flow");
  EXPECT_EQ(finding.rule, "F1");
  EXPECT_EQ(finding.instance_location, "/log/entries/1");
  EXPECT_EQ(finding.related, std::vector<std::string>{"/log/entries/1"});
  EXPECT_EQ(finding.line, 3U);
  EXPECT_EQ(finding.column, 5U);
  ASSERT_EQ(capture.flows.size(), 2U);
  EXPECT_EQ(capture.flows[0].status, Status::pass);
  EXPECT_EQ(capture.flows[1].status, Status::fail);
  EXPECT_EQ(capture.flows[1].rules, std::vector<std::string>{"F1"});
  for (std::size_t i = 0; i + 1 < results.size(); ++i) EXPECT_EQ(results[i].status, Status::pass) << results[i].source;
}

TEST_F(CaptureCheckTest, PostWithoutBodyIsANoBodyFindingAndBase64ProblemsAreErrors) {
  const std::string path = write(
      "nobody.har",
      har({entry("POST", "/v3/mfa", "", 0, ""),
           R"(    {"request": {"method": "POST", "url": "/v3/mfa", "postData": {"text": "{\"possessionType\": \"mobile\"}"}}, "response": {"status": 200, "content": {"encoding": "base64", "text": "%%%"}}})"}));
  const auto results = check_capture(path, CaptureFormat::har, schemas());
  ASSERT_EQ(sources(results),
            (std::vector<std::string>{path + "#/log/entries/0/request", path + "#/log/entries/1/request/postData/text",
                                      path + "#/log/entries/1/response/content/text", path}));
  ASSERT_EQ(results[0].findings.size(), 1U);
  EXPECT_EQ(results[0].findings[0].keyword, "noBody");
  EXPECT_EQ(results[0].findings[0].severity, conform::Severity::error);  // possessionType is required
  EXPECT_EQ(results[0].status, Status::fail);
  EXPECT_EQ(results[0].findings[0].line, 2U);
  EXPECT_EQ(results[0].findings[0].column, 5U);
  EXPECT_EQ(results[0].file, path);
  EXPECT_EQ(results[1].status, Status::pass);
  EXPECT_EQ(results[2].status, Status::error);
  EXPECT_FALSE(results[2].error_message.empty());
  EXPECT_EQ(results[2].file, path);
  const Result& capture = results.back();
  ASSERT_EQ(capture.skipped.size(), 1U);
  EXPECT_EQ(capture.skipped[0].source, path + "#/log/entries/0/response");
  EXPECT_EQ(capture.skipped[0].reason, "no response was recorded");
}

TEST_F(CaptureCheckTest, UnreadableCapturesAreOneResult) {
  const std::string not_har = write("not.har", R"({"possessionType": "none"})");
  auto results = check_capture(not_har, CaptureFormat::har, schemas());
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].source, not_har);
  EXPECT_EQ(results[0].status, Status::error);
  EXPECT_EQ(results[0].error_message.rfind("not a HAR 1.2 capture", 0), 0U) << results[0].error_message;

  const std::string broken = write("broken.har", "{\"log\": {\"entries\": [\n  {]}}\n");
  results = check_capture(broken, CaptureFormat::har, schemas());
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].source, broken);
  EXPECT_EQ(results[0].status, Status::fail);
  ASSERT_EQ(results[0].findings.size(), 1U);
  EXPECT_EQ(results[0].findings[0].keyword, "syntax");
  EXPECT_EQ(results[0].findings[0].line, 2U);
}

// ---- NDJSON ------------------------------------------------------------------------

std::vector<std::string> ndjson_lines() {
  return {
      /* 1 */
      R"({"path": "/v3/mfa", "request": {"possessionType": "none"}, "status": 200, "response": {"correlationId": ")" +
          kId + R"(", "success": true}})",
      /* 2 */ "",
      /* 3 */
      R"({"path": "https://platform.proveapis.com/v3/mfa-status", "request": "{\"clientRequestId\": 7, \"correlationId\": \")" +
          kId + R"(\"}", "status": 200, "response": ")" + std::string(kPhoneOk) + R"("})",
      /* 4 */ R"({"path": "/v3/mfa-bind", "request": {"correlationId": ")" + kId +
          R"("}, "status": 200, "response": {"phoneNumber": "2001004011", "success": "true"}})",
      /* 5 */ R"({"path": "/health?phoneNumber=2001004099", "method": "GET", "response": {}})",
      /* 6 */ R"({"request": {}})",
  };
}

TEST_F(CaptureCheckTest, NdjsonCaptureIsCheckedLikeAHar) {
  const std::string path = write("flow.ndjson", join(ndjson_lines()));
  const auto results = check_capture(path, CaptureFormat::ndjson, schemas());
  ASSERT_EQ(sources(results),
            (std::vector<std::string>{path + ":1#/request", path + ":1#/response", path + ":3#/request",
                                      path + ":3#/response", path + ":4#/request", path + ":4#/response", path}));
  for (const Result& result : results) EXPECT_EQ(result.file, path) << result.source;

  // An object body: "success": true is at column 156 of line 1.
  ASSERT_EQ(results[1].findings.size(), 1U);
  EXPECT_EQ(results[1].findings[0].instance_location, "/success");
  EXPECT_EQ(results[1].findings[0].keyword, "type");
  EXPECT_EQ(results[1].findings[0].line, 1U);
  EXPECT_EQ(results[1].findings[0].column, 156U);
  // A string body: the 7 of clientRequestId is at column 92 of line 3 (the raw text starts at 70).
  ASSERT_EQ(results[2].findings.size(), 1U);
  EXPECT_EQ(results[2].findings[0].instance_location, "/clientRequestId");
  EXPECT_EQ(results[2].findings[0].line, 3U);
  EXPECT_EQ(results[2].findings[0].column, 92U);
  EXPECT_EQ(results[3].status, Status::pass);
  EXPECT_EQ(results[4].status, Status::pass);

  const Result& capture = results.back();
  EXPECT_EQ(capture.source, path);
  EXPECT_EQ(capture.status, Status::fail);
  ASSERT_EQ(capture.flows.size(), 1U);
  ASSERT_EQ(capture.flows[0].calls.size(), 3U);
  EXPECT_EQ(capture.flows[0].calls[0].entry, path + ":1");
  EXPECT_EQ(capture.flows[0].calls[1].entry, path + ":3");
  EXPECT_EQ(capture.flows[0].calls[2].entry, path + ":4");
  EXPECT_EQ(capture.flows[0].rules, std::vector<std::string>{"F4"});

  // Line 6 has no path; line 4 is the none flow's third call without phoneNumber.
  ASSERT_EQ(capture.findings.size(), 2U);
  EXPECT_EQ(capture.findings[0].keyword, "capture");
  EXPECT_EQ(capture.findings[0].line, 6U);
  const conform::Finding f4 = capture.findings[1].to_finding();
  EXPECT_EQ(f4.keyword, "flow");
  EXPECT_EQ(f4.rule, "F4");
  EXPECT_EQ(f4.line, 4U);
  EXPECT_EQ(f4.column, 1U);
  EXPECT_EQ(f4.related, (std::vector<std::string>{path + ":1", path + ":4"}));

  ASSERT_EQ(capture.skipped.size(), 1U);
  EXPECT_NE(capture.skipped[0].reason.find("GET /health"), std::string::npos) << capture.skipped[0].reason;
  EXPECT_EQ(capture.skipped[0].reason.find("2001004099"), std::string::npos) << capture.skipped[0].reason;
}

// NDJSON entries are "<path>:<line>"; with an absolute path they start with
// '/' and must still not be taken for HAR pointers.
TEST_F(CaptureCheckTest, NdjsonEntriesOfAnAbsolutePathAreNotHarPointers) {
  const std::string path = write("flow.ndjson", join(ndjson_lines()));
  ASSERT_EQ(path.front(), '/');
  const auto results = check_capture(path, CaptureFormat::ndjson, schemas());
  ASSERT_FALSE(results.empty());
  const Result& capture = results.back();
  ASSERT_EQ(capture.skipped.size(), 1U);
  EXPECT_EQ(capture.skipped[0].source, path + ":5");
  ASSERT_EQ(capture.findings.size(), 2U);
  EXPECT_EQ(capture.findings[1].instance_location, "");
}

TEST_F(CaptureCheckTest, MalformedNdjsonLineIsAFindingWithItsLineNumber) {
  std::vector<std::string> lines = ndjson_lines();
  lines[1] = R"({"path": "/v3/mfa", "request": {)";
  const std::string path = write("broken.ndjson", join(lines));
  const auto results = check_capture(path, CaptureFormat::ndjson, schemas());
  ASSERT_FALSE(results.empty());
  const Result& capture = results.back();
  EXPECT_EQ(capture.source, path);
  ASSERT_GE(capture.findings.size(), 1U);
  EXPECT_EQ(capture.findings[0].keyword, "syntax");
  EXPECT_EQ(capture.findings[0].line, 2U);
  // The other lines are still checked.
  EXPECT_EQ(
      std::count_if(results.begin(), results.end(), [&](const Result& r) { return r.source == path + ":3#/request"; }),
      1);
}

// --- contracts, policy ----------------------------------------------------------

const std::string kUnifyRequest =
    R"({\"possessionType\": \"mobile\", \"clientRequestId\": \"r-1\", \"phoneNumber\": \"2001004011\"})";
const std::string kUnifyOk = R"({\"correlationId\": \")" + kId + R"(\", \"success\": \"pending\"})";

TEST_F(CaptureCheckTest, NoBodyIsAWarningWhereTheRequestHasNoRequiredField) {
  // /v3/mfa-status has only optional fields; /v3/unify-status requires correlationId.
  const std::string path =
      write("empty.har",
            har({entry("POST", "/v3/mfa-status", "", 200, kPhoneOk), entry("POST", "/v3/unify-status", "", 200, "")}));
  const auto results = check_capture(path, CaptureFormat::har, schemas());
  ASSERT_GE(results.size(), 3U);
  ASSERT_EQ(results[0].findings.size(), 1U);
  EXPECT_EQ(results[0].findings[0].keyword, "noBody");
  EXPECT_EQ(results[0].findings[0].severity, conform::Severity::warning);
  EXPECT_EQ(results[0].status, Status::pass);
  const auto unify = std::find_if(results.begin(), results.end(), [&](const Result& result) {
    return result.source == path + "#/log/entries/1/request";
  });
  ASSERT_NE(unify, results.end());
  EXPECT_EQ(unify->findings.at(0).severity, conform::Severity::error);
}

TEST_F(CaptureCheckTest, UnifyCallsAreRoutedToTheUnifySchemas) {
  const std::string path =
      write("unify.har", har({entry("POST", "https://platform.proveapis.com/v3/unify", kUnifyRequest, 200, kUnifyOk),
                              entry("POST", "/v3/unify-status", kStatusRequest, 200,
                                    R"({\"success\": \"true\", \"phoneNumber\": \"2001004011\"})")}));
  const auto results = check_capture(path, CaptureFormat::har, schemas());
  ASSERT_EQ(results.size(), 5U);
  EXPECT_TRUE(results.back().skipped.empty());
  EXPECT_EQ(results[0].status, Status::pass) << results[0].findings.size();
  EXPECT_EQ(results[1].status, Status::pass);
  // success=true needs proveId, deviceId and clientHumanId: three required findings.
  ASSERT_EQ(results[3].findings.size(), 3U);
  for (const auto finding : results[3].findings) EXPECT_EQ(finding.keyword, "required");
  EXPECT_EQ(results[3].context, "entries/1 response (POST /v3/unify-status 200)");
  EXPECT_EQ(results[0].context, "entries/0 request (POST /v3/unify)");
  ASSERT_EQ(results.back().flows.size(), 1U);
  EXPECT_EQ(results.back().flows[0].family, "V3 Unify");
}

TEST_F(CaptureCheckTest, UnknownResponsePropertiesAreWarningsUnlessStrict) {
  // Two unknown fields in the response, one in the request: doubled, the counts double.
  for (const int copies : {1, 2}) {
    std::vector<std::string> entries;
    for (int i = 0; i < copies; ++i) {
      const std::string id = "713189b8-5555-4b08-83ba-75d08780aeb" + std::to_string(i);
      entries.push_back(entry("POST", "/v3/unify",
                              R"({\"possessionType\": \"mobile\", \"clientRequestId\": \"r\", \"sessionId\": \"s\"})",
                              200,
                              R"({\"correlationId\": \")" + id +
                                  R"(\", \"success\": \"pending\", \"evaluationV2\": {}, \"suces\": \"x\"})"));
    }
    const std::string path = write("unknown.har", har(entries));
    for (const bool strict : {false, true}) {
      conform::RouterOptions options;
      options.strict_responses = strict;
      const conform::Router router(options);
      const auto results = check_capture(path, CaptureFormat::har, router);
      std::size_t warnings = 0;
      std::size_t errors = 0;
      for (const auto& result : results) {
        for (const auto finding : result.findings) {
          EXPECT_EQ(finding.keyword, "additionalProperties");
          (finding.severity == conform::Severity::warning ? warnings : errors) += 1;
          if (result.source.find("/response/") != std::string::npos && finding.instance_location == "/suces") {
            EXPECT_EQ(finding.hint, "did you mean \"success\"?");
          }
        }
      }
      EXPECT_EQ(warnings, strict ? 0U : 2U * copies);
      EXPECT_EQ(errors, strict ? 3U * copies : 1U * copies);
    }
  }
}

TEST_F(CaptureCheckTest, SchemaStatedRulesAreOneFindingWithTheRuleIdAndCanBeTurnedOff) {
  const std::string path =
      write("f6.har", har({entry("POST", "/v3/unify",
                                 R"({\"possessionType\": \"desktop\", \"clientRequestId\": \"r\"})", 200, kUnifyOk)}));
  const auto results = check_capture(path, CaptureFormat::har, schemas());
  ASSERT_EQ(results[0].findings.size(), 1U);
  EXPECT_EQ(results[0].findings[0].keyword, "required");
  EXPECT_EQ(results[0].findings[0].rule, "F6");
  EXPECT_EQ(results[0].findings[0].schema_location, "#/allOf/0/then/required");
  EXPECT_TRUE(results.back().findings.empty());  // not again as a flow finding
  ASSERT_EQ(results.back().flows.size(), 1U);
  EXPECT_EQ(results.back().flows[0].rules, std::vector<std::string>{"F6"});

  conform::RouterOptions off;
  off.disabled_rules = {"F6"};
  const auto quiet = check_capture(path, CaptureFormat::har, conform::Router(off));
  EXPECT_TRUE(quiet[0].findings.empty());
  EXPECT_EQ(quiet[0].status, Status::pass);
}

TEST_F(CaptureCheckTest, ARouteOverrideReplacesOneRequestSchema) {
  const std::string path = write("override.har", har({entry("POST", "/v3/mfa-status", R"({\"anything\": 1})", 0, "")}));
  EXPECT_EQ(check_capture(path, CaptureFormat::har, schemas())[0].status, Status::fail);
  conform::RouterOptions options;
  options.request_overrides.emplace_back("/v3/mfa-status", conform::Schema::from_text(R"({"type": "object"})", "t"));
  EXPECT_EQ(check_capture(path, CaptureFormat::har, conform::Router(options))[0].status, Status::pass);
  conform::RouterOptions wrong;
  wrong.request_overrides.emplace_back("/v3/nothing", conform::Schema::from_text("{}", "t"));
  EXPECT_THROW(conform::Router{wrong}, conform::Error);
  conform::RouterOptions refused;
  refused.refusal = "--schema applies to bodies";
  const auto results = check_capture(path, CaptureFormat::har, conform::Router(refused));
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].status, Status::error);
  EXPECT_EQ(results[0].error_message, "--schema applies to bodies");
}

TEST_F(CaptureCheckTest, PersonalPathSegmentsAreMaskedInSkippedCalls) {
  const std::string path =
      write("skipped.har",
            har({entry("GET", "/users/2001004011/orders/713189b8-5555-4b08-83ba-75d08780aebd/v2", "", 200, "")}));
  const auto masked = check_capture(path, CaptureFormat::har, schemas()).back();
  ASSERT_EQ(masked.skipped.size(), 1U);
  EXPECT_EQ(masked.skipped[0].reason.find("2001004011"), std::string::npos) << masked.skipped[0].reason;
  EXPECT_EQ(masked.skipped[0].reason.find("713189b8-5555"), std::string::npos) << masked.skipped[0].reason;
  EXPECT_NE(masked.skipped[0].reason.find("/users/"), std::string::npos) << masked.skipped[0].reason;
  EXPECT_NE(masked.skipped[0].reason.find("/orders/"), std::string::npos) << masked.skipped[0].reason;
  EXPECT_NE(masked.skipped[0].reason.find("/v2 "), std::string::npos) << masked.skipped[0].reason;
  conform::RouterOptions show;
  show.values.show_all = true;
  const auto shown = check_capture(path, CaptureFormat::har, conform::Router(show)).back();
  EXPECT_NE(shown.skipped[0].reason.find("/users/2001004011/orders/713189b8-5555-4b08-83ba-75d08780aebd/v2"),
            std::string::npos);
}

}  // namespace

// ---- Exchange shapes real gateways write ----------------------------------------

// nginx's JSON log format writes every variable as a string: "status": "200".
// The response must be checked (here it fails: success is a boolean), not
// skipped as "not recorded" with the run passing.
TEST_F(CaptureCheckTest, NginxStatusStringIsAResponseStatus) {
  const std::string path =
      write("nginx.ndjson", R"({"request_method": "POST", "request_uri": "/v3/mfa", "status": "200", "request_body": )"
                            R"("{\"possessionType\": \"none\"}", "response": {"correlationId": ")" +
                                kId + R"(", "success": true}})" + "\n");
  const auto results = check_capture(path, CaptureFormat::ndjson, schemas());
  ASSERT_EQ(sources(results), (std::vector<std::string>{path + ":1#/request_body", path + ":1#/response", path}));
  EXPECT_EQ(results[0].status, Status::pass);
  ASSERT_EQ(results[1].findings.size(), 1U);
  EXPECT_EQ(results[1].findings[0].instance_location, "/success");
  EXPECT_EQ(results[1].status, Status::fail);
  EXPECT_TRUE(results.back().skipped.empty());
  EXPECT_EQ(results.back().checked_calls, 1U);
}

// Every accepted name of every field, each status as a number and as a
// string, and the method in any case: each line's response is checked.
TEST_F(CaptureCheckTest, EveryAcceptedNameOfAnExchangeFieldIsRead) {
  using conform::inputs::ExchangeField;
  auto names = [](ExchangeField field) {
    std::vector<std::string> out;
    for (const auto& known : conform::inputs::kExchangeFieldNames) {
      if (known.field == field) out.emplace_back(known.name);
    }
    return out;
  };
  std::string text;
  std::size_t lines = 0;
  const std::vector<std::string> methods = {"POST", "post", "Post"};
  for (const std::string& url : names(ExchangeField::url)) {
    for (const std::string& status : names(ExchangeField::status)) {
      for (const std::string& spelling : {std::string("200"), std::string("\"200\"")}) {
        const auto request = names(ExchangeField::request)[lines % names(ExchangeField::request).size()];
        const auto response = names(ExchangeField::response)[lines % names(ExchangeField::response).size()];
        const auto method = names(ExchangeField::method)[lines % names(ExchangeField::method).size()];
        text += "{\"" + url + "\": \"/v3/mfa\", \"" + method + "\": \"" + methods[lines % methods.size()] + "\", \"" +
                request + "\": {\"possessionType\": \"none\"}, \"" + status + "\": " + spelling + ", \"" + response +
                "\": {\"correlationId\": \"" + kId + "\", \"success\": true}}\n";
        ++lines;
      }
    }
  }
  ASSERT_GE(lines, 24U);
  const std::string path = write("shapes.ndjson", text);
  const auto results = check_capture(path, CaptureFormat::ndjson, schemas());
  ASSERT_EQ(results.size(), 2 * lines + 1);
  for (std::size_t i = 0; i < lines; ++i) {
    EXPECT_EQ(results[2 * i].status, Status::pass) << results[2 * i].source;
    EXPECT_EQ(results[2 * i + 1].status, Status::fail) << results[2 * i + 1].source;  // success: true
  }
  EXPECT_TRUE(results.back().skipped.empty());
  EXPECT_EQ(results.back().checked_calls, lines);
  EXPECT_TRUE(results.back().findings.empty() || results.back().findings[0].keyword == "flow");
}

// What cannot be a status, or a field given twice under two names, is said
// on the line: a guess could be a wrong verdict.
TEST_F(CaptureCheckTest, UnusableStatusAndDoubledFieldsAreFindingsOnTheLine) {
  const std::vector<std::string> lines = {
      R"({"path": "/v3/mfa", "request": {"possessionType": "none"}, "status": "OK", "response": {}})",
      R"({"path": "/v3/mfa", "request": {"possessionType": "none"}, "status": 200, "statusCode": 500, "response": {}})",
      R"({"path": "/v3/mfa", "request": {"possessionType": "none"}, "status": 2000, "response": {}})",
      R"({"path": "/v3/mfa", "url": "/v3/mfa-status", "request": {"possessionType": "none"}})",
  };
  const std::string path = write("odd.ndjson", join(lines));
  const auto results = check_capture(path, CaptureFormat::ndjson, schemas());
  ASSERT_EQ(results.size(), 1U);
  const Result& capture = results.back();
  ASSERT_EQ(capture.findings.size(), lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(capture.findings[i].keyword, "capture");
    EXPECT_EQ(capture.findings[i].line, i + 1);
  }
  EXPECT_NE(capture.findings[0].message.find("not an HTTP status code"), std::string::npos);
  EXPECT_NE(capture.findings[1].message.find("\"status\" and \"statusCode\""), std::string::npos);
  EXPECT_NE(capture.findings[3].message.find("\"path\" and \"url\""), std::string::npos);
}

// A JSON null is "none": no response recorded; a number body is checked as it is.
TEST_F(CaptureCheckTest, NullStatusIsNoResponseAndScalarBodiesAreChecked) {
  const std::string path =
      write("scalar.ndjson", R"({"path": "/v3/mfa", "request": 42, "status": null, "response": null})"
                             "\n");
  const auto results = check_capture(path, CaptureFormat::ndjson, schemas());
  ASSERT_EQ(sources(results), (std::vector<std::string>{path + ":1#/request", path}));
  EXPECT_EQ(results[0].status, Status::fail);
  ASSERT_EQ(results.back().skipped.size(), 1U);
  EXPECT_EQ(results.back().skipped[0].reason, "no response was recorded");
}

// ---- HAR as tools write it ---------------------------------------------------------

const std::string kRecorders = std::string(CONFORM_SOURCE_DIR) + "/tests/recorders/captures/";

// Playwright's recordHar content "attach": every body in a file beside the HAR.
TEST_F(CaptureCheckTest, PlaywrightAttachmentsAreReadBesideTheHar) {
  const std::string path = kRecorders + "playwright-attach/session.har";
  const auto results = check_capture(path, CaptureFormat::har, schemas());
  ASSERT_GT(results.size(), 10U);
  std::size_t attached = 0;
  for (const Result& result : results) {
    EXPECT_NE(result.status, Status::error) << result.source << ": " << result.error_message;
    if (result.source.size() > 6 && result.source.substr(result.source.size() - 6) == "/_file") ++attached;
  }
  const Result& capture = results.back();
  EXPECT_EQ(attached, results.size() - 1);
  EXPECT_EQ(capture.status, Status::pass);
  EXPECT_EQ(capture.checked_calls, attached / 2);
  EXPECT_FALSE(capture.flows.empty());
}

// Playwright's content "omit": no body is kept. The calls are skipped as not
// recorded, and with none checked the capture says nothing (it cannot pass as checked).
TEST_F(CaptureCheckTest, PlaywrightOmittedBodiesAreNotRecorded) {
  const auto results = check_capture(kRecorders + "playwright-omit/session.har", CaptureFormat::har, schemas());
  ASSERT_EQ(results.size(), 1U);
  const Result& capture = results.back();
  EXPECT_EQ(capture.checked_calls, 0U);
  std::size_t requests = 0;
  for (const auto& skipped : capture.skipped) {
    if (skipped.reason.find("request body was not recorded") != std::string::npos) ++requests;
  }
  EXPECT_GE(requests, 10U);
  EXPECT_TRUE(capture.findings.empty());  // no false "empty body", no false flow finding
}

std::string attached_entry(std::string_view file) {
  return R"(    {"request": {"method": "POST", "url": "/v3/mfa", "postData": {"mimeType": "application/json", "text": "", "_file": ")" +
         std::string(file) + R"("}}, "response": {"status": 0, "content": {}}})";
}

// Only files in the HAR's folder are read: a name that leads out of it,
// absolute or by "..", or by a link, is an error result naming it, as is a
// missing file; one past --max-bytes is measured.
TEST_F(CaptureCheckTest, AttachmentsOutsideTheFolderOrMissingAreErrorsNamingThem) {
  write("outside.json", R"({"possessionType": "none"})");
  write("rec/big.json", std::string(R"({"possessionType": "none", "x": ")") + std::string(200, 'x') + "\"}");
  write("rec/sub/ok.json", R"({"possessionType": "none"})");
  fs::create_symlink(root_ / "outside.json", root_ / "rec" / "link.json");
  const std::string path =
      write("rec/session.har",
            har({attached_entry("sub/ok.json"), attached_entry("../outside.json"),
                 attached_entry(root_.string() + "/outside.json"), attached_entry("link.json"),
                 attached_entry("gone.json"), attached_entry("sub/../../outside.json"), attached_entry("big.json")}));
  conform::Limits limits;
  limits.max_bytes = 100;
  const auto results = check_capture(path, CaptureFormat::har, schemas(), limits);
  ASSERT_EQ(results.size(), 8U);
  EXPECT_EQ(results[0].status, Status::pass) << results[0].error_message;
  for (std::size_t i = 1; i <= 5; ++i) {
    EXPECT_EQ(results[i].status, Status::error) << results[i].source;
    EXPECT_EQ(results[i].source, path + "#/log/entries/" + std::to_string(i) + "/request/postData/_file");
  }
  EXPECT_NE(results[1].error_message.find("../outside.json is outside the HAR's folder"), std::string::npos);
  EXPECT_NE(results[2].error_message.find("outside the HAR's folder"), std::string::npos);
  EXPECT_NE(results[3].error_message.find("outside the HAR's folder"), std::string::npos);
  EXPECT_NE(results[4].error_message.find("gone.json is missing"), std::string::npos) << results[4].error_message;
  EXPECT_NE(results[5].error_message.find("outside the HAR's folder"), std::string::npos);
  ASSERT_EQ(results[6].findings.size(), 1U);
  EXPECT_EQ(results[6].findings[0].keyword, "limit");
}

// Windows tools write a UTF-8 byte order mark: a HAR is a file, so it is
// skipped. UTF-16 and UTF-32 HARs are refused with the reason a body gets.
TEST_F(CaptureCheckTest, HarByteOrderMarkIsSkippedAndWideEncodingsAreRefused) {
  const std::string text = har({entry("POST", "/v3/mfa", kMfaNone, 0, "")});
  const std::string bom = write("bom.har", "\xEF\xBB\xBF" + text);
  auto results = check_capture(bom, CaptureFormat::har, schemas());
  ASSERT_EQ(sources(results), (std::vector<std::string>{bom + "#/log/entries/0/request/postData/text", bom}));
  EXPECT_EQ(results.back().status, Status::pass);

  auto wide = [&](bool big_endian, std::size_t width, bool mark) {
    std::string out;
    // ASCII only: each byte is one code unit (a mark becomes U+FEFF).
    std::vector<std::uint32_t> units;
    if (mark) units.push_back(0xFEFF);
    for (const char c : text) units.push_back(static_cast<unsigned char>(c));
    for (const std::uint32_t unit : units) {
      for (std::size_t b = 0; b < width; ++b) {
        const std::size_t shift = 8 * (big_endian ? width - 1 - b : b);
        out.push_back(static_cast<char>((unit >> shift) & 0xFFU));
      }
    }
    return out;
  };
  std::size_t n = 0;
  for (const std::size_t width : {2U, 4U}) {
    for (const bool big_endian : {false, true}) {
      for (const bool mark : {false, true}) {
        const std::string path = write("wide" + std::to_string(n++) + ".har", wide(big_endian, width, mark));
        results = check_capture(path, CaptureFormat::har, schemas());
        ASSERT_EQ(results.size(), 1U) << path;
        ASSERT_EQ(results[0].findings.size(), 1U) << path;
        EXPECT_EQ(results[0].findings[0].keyword, "encoding");
        EXPECT_NE(results[0].findings[0].message.find(width == 2 ? "UTF-16" : "UTF-32"), std::string::npos)
            << results[0].findings[0].message;
        EXPECT_EQ(results[0].findings[0].message.find("Invalid value"), std::string::npos);
      }
    }
  }
}

// A recorder that kept the bytes as sent: base64 of gzip (or zstd) is named as such.
TEST_F(CaptureCheckTest, Base64OfCompressedBytesIsNamed) {
  // "H4sI" is how base64 of a gzip stream (1f 8b 08) starts; "KLUv/Q" of a zstd frame.
  const std::string path = write(
      "gzip.har",
      har({R"(    {"request": {"method": "POST", "url": "/v3/mfa", "postData": {"text": "{\"possessionType\": \"none\"}"}}, "response": {"status": 200, "content": {"encoding": "base64", "text": "H4sIAAAAAAAAA6tWKk4tykvMTVWyUkpKLEpRqgUAZXz7vxIAAAA="}}})",
           R"(    {"request": {"method": "POST", "url": "/v3/mfa", "postData": {"text": "{\"possessionType\": \"none\"}"}}, "response": {"status": 200, "content": {"encoding": "base64", "text": "KLUv/QBYSQAAeyJhIjoxfQ=="}}})"}));
  const auto results = check_capture(path, CaptureFormat::har, schemas());
  ASSERT_EQ(results.size(), 5U);
  EXPECT_EQ(results[1].status, Status::error);
  EXPECT_NE(results[1].error_message.find("gzip"), std::string::npos) << results[1].error_message;
  EXPECT_EQ(results[3].status, Status::error);
  EXPECT_NE(results[3].error_message.find("zstd"), std::string::npos) << results[3].error_message;
}

// ---- Rotated logs: --join ------------------------------------------------------------

// A none flow's calls spread over `files` rotated files (one call a file,
// then none): joined, the flow runs on across them (no false F1); alone, each
// later file's calls have no opening call. A real finding (F4: the third call
// without phoneNumber) lands on the result of its own file, at its own line.
TEST_F(CaptureCheckTest, JoinedFilesAreOneCaptureAndEachResultNamesItsOwnFile) {
  const std::string bind_without_phone = R"({\"correlationId\": \")" + kId + R"(\"})";
  for (const std::size_t files : {3U, 6U}) {
    const std::vector<std::string> calls = {entry("POST", "/v3/mfa", kMfaNone, 200, kMfaOk),
                                            entry("POST", "/v3/mfa-status", kStatusRequest, 200, kPhoneOk),
                                            entry("POST", "/v3/mfa-bind", bind_without_phone, 200, kPhoneOk)};
    std::vector<std::pair<std::string, CaptureFormat>> paths;
    for (std::size_t f = 0; f < files; ++f) {
      std::vector<std::string> entries;
      if (f < calls.size()) entries.push_back(calls[f]);
      if (f == calls.size() - 1) entries.insert(entries.begin(), entry("GET", "/health", "", 200, ""));
      paths.emplace_back(write(std::to_string(files) + "/app." + std::to_string(f) + ".har", har(entries)),
                         CaptureFormat::har);
    }
    std::vector<Result> results;
    conform::check_joined_captures(paths, schemas(), {}, [&](Result&& result) { results.push_back(result); });
    // The capture results, one per file, come last, in file order.
    ASSERT_GE(results.size(), files);
    const std::vector<Result> captures(results.end() - static_cast<std::ptrdiff_t>(files), results.end());
    for (std::size_t f = 0; f < files; ++f) {
      EXPECT_EQ(captures[f].source, paths[f].first);
      EXPECT_EQ(captures[f].file, paths[f].first);
    }
    for (std::size_t f = 0; f < files; ++f) {
      if (f == 2) continue;
      EXPECT_TRUE(captures[f].findings.empty()) << paths[f].first << ": " << captures[f].findings[0].message;
    }
    ASSERT_EQ(captures[2].findings.size(), 1U);
    EXPECT_EQ(captures[2].findings[0].rule, "F4");
    EXPECT_EQ(captures[2].findings[0].line, 3U);  // the health check is on line 2
    EXPECT_EQ(captures[2].findings[0].to_finding().related,
              (std::vector<std::string>{paths[0].first + "#/log/entries/0", paths[2].first + "#/log/entries/1"}));
    ASSERT_EQ(captures.back().flows.size(), 1U);
    EXPECT_EQ(captures.back().flows[0].calls.size(), 3U);
    for (const Result& result : results) {
      if (result.source.find('#') == std::string::npos) continue;
      EXPECT_EQ(result.source.rfind(result.file + "#", 0), 0U) << result.source << " names " << result.file;
    }

    // Without --join: the second file alone opens no flow; its call is an F1.
    const auto alone = check_capture(paths[1].first, CaptureFormat::har, schemas());
    ASSERT_FALSE(alone.empty());
    ASSERT_EQ(alone.back().findings.size(), 1U);
    EXPECT_EQ(alone.back().findings[0].rule, "F1");
  }
}

// A joined file that is no capture is an error result of its own; the rest go on.
TEST_F(CaptureCheckTest, AnUnreadableJoinedFileIsItsOwnError) {
  const std::string first = write("j/a.har", har({entry("POST", "/v3/mfa", kMfaNone, 200, kMfaOk)}));
  const std::string broken = write("j/b.har", R"({"possessionType": "none"})");
  const std::string last = write("j/c.har", har({entry("POST", "/v3/mfa-status", kStatusRequest, 200, kPhoneOk)}));
  std::vector<Result> results;
  conform::check_joined_captures(
      {{first, CaptureFormat::har}, {broken, CaptureFormat::har}, {last, CaptureFormat::har}}, schemas(), {},
      [&](Result&& result) { results.push_back(result); });
  std::vector<std::string> errors;
  for (const Result& result : results) {
    if (result.status == Status::error) errors.push_back(result.source);
  }
  EXPECT_EQ(errors, std::vector<std::string>{broken});
  EXPECT_EQ(results.back().source, last);
  EXPECT_TRUE(results.back().findings.empty());  // the flow ran on past the broken file
}

// A capture in memory or on a stream is checked as the same bytes in a file
// are: the same results, named by the name given. Entries (half with a
// failing body) double, for a HAR and for an NDJSON capture.
TEST_F(CaptureCheckTest, CaptureFromMemoryOrAStreamIsCheckedAsTheFileIs) {
  const std::string bad_status = R"({\"correlationId\": 7})";
  for (std::size_t count = 1; count <= 64; count *= 2) {
    std::vector<std::string> entries;
    for (std::size_t i = 0; i < count; ++i) {
      entries.push_back(entry("POST", "/v3/mfa-status", i % 2 == 0 ? kStatusRequest : bad_status, 200, kPhoneOk));
    }
    for (const CaptureFormat format : {CaptureFormat::har, CaptureFormat::ndjson}) {
      std::string text = har(entries);
      if (format == CaptureFormat::ndjson) {
        text.clear();
        for (std::size_t i = 0; i < count; ++i) {
          text += R"({"path": "/v3/mfa-status", "request": )" +
                  std::string(i % 2 == 0 ? R"({"correlationId": ")" + kId + "\"}" : R"({"correlationId": 7})") +
                  R"(, "status": 200, "response": {"phoneNumber": "2001004011", "success": "true"}})" + "\n";
        }
      }
      const std::string path = write(format == CaptureFormat::har ? "same.har" : "same.ndjson", text);
      const auto from_file = check_capture(path, format, schemas());
      std::istringstream stream(text);
      const auto from_stream = check_capture("held", stream, format, schemas());
      const auto from_memory = check_capture("held", std::string_view(text), format, schemas());
      std::size_t failed = 0;
      for (const auto* results : {&from_stream, &from_memory}) {
        ASSERT_EQ(results->size(), from_file.size()) << count;
        for (std::size_t i = 0; i < results->size(); ++i) {
          const Result& held = (*results)[i];
          const Result& file = from_file[i];
          EXPECT_EQ(held.source, "held" + file.source.substr(path.size())) << count;
          EXPECT_EQ(held.status, file.status) << held.source;
          ASSERT_EQ(held.findings.size(), file.findings.size()) << held.source;
          for (std::size_t f = 0; f < held.findings.size(); ++f) {
            EXPECT_EQ(held.findings[f].keyword, file.findings[f].keyword);
            EXPECT_EQ(held.findings[f].line, file.findings[f].line);
          }
          EXPECT_EQ(held.flows.size(), file.flows.size());
          if (held.status == Status::fail && &held != &results->back()) ++failed;
        }
      }
      // Every second request fails, in both of the held copies.
      EXPECT_EQ(failed, 2 * (count / 2)) << count;
    }
  }
}

// A stream that fails mid-read is an error result, never a partial pass.
TEST_F(CaptureCheckTest, CaptureStreamThatFailsIsAnError) {
  std::istringstream stream(har({entry("POST", "/v3/mfa-status", kStatusRequest, 200, kPhoneOk)}));
  stream.setstate(std::ios::badbit);
  const auto results = check_capture("broken", stream, CaptureFormat::har, schemas());
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results.back().status, Status::error);
}
