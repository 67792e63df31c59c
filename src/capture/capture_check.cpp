#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>

#include "conform/capture.hpp"
#include "flow/flow_checker.hpp"
#include "inputs/capture_reader.hpp"
#include "inputs/input_set.hpp"
#include "json/strict_reader.hpp"

namespace conform {
namespace {

using flow::Endpoint;

// The URL's path: any scheme and host, no query or fragment.
std::string_view url_path(std::string_view url) {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
    const auto slash = url.find('/');
    url = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  }
  url = url.substr(0, url.find_first_of("?#"));
  while (url.size() > 1 && url.back() == '/') url.remove_suffix(1);
  return url;
}

std::optional<Endpoint> route(std::string_view path) {
  const auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends_with("/v3/mfa")) return Endpoint::mfa;
  if (ends_with("/v3/mfa-bind")) return Endpoint::mfa_bind;
  if (ends_with("/v3/mfa-status")) return Endpoint::mfa_status;
  return std::nullopt;
}

bool is_post(std::string method) {
  std::transform(method.begin(), method.end(), method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return method == "POST";
}

// The top-level facts of a body the flow rules need.
struct BodyFacts {
  bool is_object = false;
  std::optional<std::string> correlation_id;
  std::optional<std::string> possession_type;
  bool has_phone_number = false;
  bool has_final_target_url = false;
};

BodyFacts facts_of(std::string_view text) {
  BodyFacts facts;
  rapidjson::Document document;
  if (!json::read_strict(text, Limits{}, document).empty() || !document.IsObject()) return facts;
  facts.is_object = true;
  auto string_member = [&](const char* name) -> std::optional<std::string> {
    const auto found = document.FindMember(name);
    if (found == document.MemberEnd() || !found->value.IsString()) return std::nullopt;
    return std::string(found->value.GetString(), found->value.GetStringLength());
  };
  facts.correlation_id = string_member("correlationId");
  facts.possession_type = string_member("possessionType");
  facts.has_phone_number = document.HasMember("phoneNumber");
  facts.has_final_target_url = document.HasMember("finalTargetUrl");
  return facts;
}

class CaptureChecker {
 public:
  CaptureChecker(const std::string& path, CaptureFormat format, const CaptureSchemas& schemas, const Limits& limits,
                 const std::function<void(Result&&)>& emit)
      : path_(path), har_(format == CaptureFormat::har), schemas_(schemas), limits_(limits), emit_(emit) {}

  void exchange(inputs::Exchange& exchange) {
    const std::string where = har_ ? path_ + "#" + exchange.entry : exchange.entry;
    const std::string_view path = url_path(exchange.url);
    const auto endpoint = route(path);
    if (!endpoint) {
      skip(where, fmt::format("{} {} is not a V3 MFA call", exchange.method, path));
      return;
    }
    if (!is_post(exchange.method)) {
      skip(where, fmt::format("{} {}: only POST calls carry V3 MFA bodies", exchange.method, path));
      return;
    }
    const std::string endpoint_path(flow::path_of(*endpoint));
    flow::Call call;
    call.entry = exchange.entry;
    call.entry_is_pointer = har_;
    call.line = exchange.line;
    call.column = exchange.column;
    call.endpoint = *endpoint;
    call.status = exchange.status;

    if (!exchange.request) {
      Finding missing;
      missing.keyword = "syntax";
      missing.message = fmt::format("no request body was recorded; POST {} takes a JSON object", endpoint_path);
      missing.line = exchange.line;
      missing.column = exchange.column;
      add_result(make_result(where + "/request", {std::move(missing)}));
    } else {
      check_body(*exchange.request, schemas_.request(endpoint_path));
      const BodyFacts facts = facts_of(exchange.request->text);
      call.request_parsed = facts.is_object;
      call.correlation_id = facts.correlation_id;
      call.possession_type = facts.possession_type;
      call.has_phone_number = facts.has_phone_number;
      call.has_final_target_url = facts.has_final_target_url;
    }

    const Schema* response_schema = schemas_.response(endpoint_path, exchange.status);
    if (exchange.status == 0) {
      skip(where + "/response", "no response was recorded");
    } else if (response_schema == nullptr) {
      skip(where + "/response",
           fmt::format("a {} response of {} has no published body", exchange.status, endpoint_path));
    } else if (!exchange.response) {
      skip(where + "/response", "the response body was not recorded");
    } else {
      check_body(*exchange.response, response_schema);
      if (*endpoint == Endpoint::mfa && exchange.status == 200) {
        call.returned_correlation_id = facts_of(exchange.response->text).correlation_id;
      }
    }
    flows_.add(call);
  }

  void finish(std::vector<Finding> problems = {}) {
    flow::FlowVerdict verdict = flows_.finish();
    std::vector<Finding> findings = std::move(problems);
    std::move(verdict.findings.begin(), verdict.findings.end(), std::back_inserter(findings));
    Result capture = make_result(path_, std::move(findings));
    capture.file = path_;
    capture.flows = std::move(verdict.flows);
    capture.skipped = std::move(skipped_);
    emit_(std::move(capture));
  }

 private:
  void skip(std::string source, std::string reason) { skipped_.push_back({std::move(source), std::move(reason)}); }

  void add_result(Result result) {
    result.file = path_;
    emit_(std::move(result));
  }

  void check_body(const inputs::BodyText& body, const Schema* schema) {
    if (!body.problem.empty()) {
      add_result(make_error_result(body.source, body.problem));
      return;
    }
    Result result = body.too_long ? make_result(body.source, {json::size_limit_finding(*body.too_long, limits_)})
                                  : schema->validate(body.text, body.source, limits_);
    inputs::place_findings(body, result.findings);
    add_result(std::move(result));
  }

  const std::string& path_;
  bool har_;  // entries are JSON Pointers into the file; else NDJSON sources "path:line"
  const CaptureSchemas& schemas_;
  const Limits& limits_;
  // Results leave as they are made: a capture of any size holds one entry at a time.
  const std::function<void(Result&&)>& emit_;
  SkippedList skipped_;
  flow::FlowChecker flows_;
};

// Reads the capture line by line, each line at most
// inputs::capture_line_limit long: a longer one is measured, never held.
// Returns an error message, empty on success.
std::string check_ndjson_capture(const std::string& path, const Limits& limits, CaptureChecker& checker) {
  std::vector<Finding> problems;
  const Limits line_limits{inputs::capture_line_limit(limits), limits.max_depth};
  std::string error =
      inputs::read_bodies({path, inputs::BodyLayout::ndjson}, line_limits, [&](const inputs::Body& line) {
        Finding finding;
        finding.line = line.line;
        finding.column = 1;
        if (line.length > line_limits.max_bytes) {
          finding.keyword = "limit";
          finding.message = fmt::format("the capture line is {} bytes long, more than two bodies of --max-bytes ({})",
                                        line.length, limits.max_bytes);
          problems.push_back(std::move(finding));
          return;
        }
        inputs::Exchange exchange;
        inputs::CaptureProblem problem =
            inputs::read_capture_line(line.bytes, line.source, line.line, limits, exchange);
        if (!problem.error.empty()) {
          finding.keyword = "capture";
          finding.message = problem.error;
          problems.push_back(std::move(finding));
          return;
        }
        if (!problem.findings.empty()) {
          std::move(problem.findings.begin(), problem.findings.end(), std::back_inserter(problems));
          return;
        }
        checker.exchange(exchange);
      });
  if (!error.empty()) return error;
  checker.finish(std::move(problems));
  return {};
}

}  // namespace

CaptureSchemas::CaptureSchemas(const SchemaOptions& options) {
  for (const char* name : {"v3-mfa-request", "v3-mfa-response", "v3-mfa-bind-request", "v3-mfa-bind-response",
                           "v3-mfa-status-request", "v3-mfa-status-response", "error-400", "error-403", "error-500"}) {
    schemas_.emplace_back(name, Schema::embedded(name, options));
  }
}

const Schema* CaptureSchemas::find(std::string_view name) const {
  for (const auto& [schema_name, schema] : schemas_) {
    if (schema_name == name) return &schema;
  }
  return nullptr;
}

const Schema* CaptureSchemas::request(std::string_view endpoint_path) const {
  if (endpoint_path == "/v3/mfa") return find("v3-mfa-request");
  if (endpoint_path == "/v3/mfa-bind") return find("v3-mfa-bind-request");
  if (endpoint_path == "/v3/mfa-status") return find("v3-mfa-status-request");
  return nullptr;
}

const Schema* CaptureSchemas::response(std::string_view endpoint_path, int status) const {
  switch (status) {
    case 200:
      if (endpoint_path == "/v3/mfa") return find("v3-mfa-response");
      if (endpoint_path == "/v3/mfa-bind") return find("v3-mfa-bind-response");
      if (endpoint_path == "/v3/mfa-status") return find("v3-mfa-status-response");
      return nullptr;
    case 400:
      return find("error-400");
    case 403:
      return find("error-403");
    case 500:
      return find("error-500");
    default:
      return nullptr;  // 401 and other statuses have no published body
  }
}

void check_capture(const std::string& path, CaptureFormat format, const CaptureSchemas& schemas, const Limits& limits,
                   const std::function<void(Result&&)>& emit) {
  CaptureChecker checker(path, format, schemas, limits, emit);
  if (format == CaptureFormat::ndjson) {
    if (std::string error = check_ndjson_capture(path, limits, checker); !error.empty()) {
      emit(make_error_result(path, std::move(error)));
    }
    return;
  }
  inputs::CaptureProblem problem =
      inputs::read_har(path, limits, [&](inputs::Exchange& exchange) { checker.exchange(exchange); });
  if (!problem.error.empty()) {
    emit(make_error_result(path, problem.error));
    return;
  }
  checker.finish(std::move(problem.findings));
}

std::vector<Result> check_capture(const std::string& path, CaptureFormat format, const CaptureSchemas& schemas,
                                  const Limits& limits) {
  std::vector<Result> results;
  check_capture(path, format, schemas, limits, [&](Result&& result) { results.push_back(std::move(result)); });
  return results;
}

}  // namespace conform
