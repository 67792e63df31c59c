#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>

#include <rapidjson/pointer.h>
#include "capture/capture_source.hpp"
#include "conform/capture.hpp"
#include "conform/value_mask.hpp"
#include "flow/flow_checker.hpp"
#include "inputs/capture_reader.hpp"
#include "inputs/input_set.hpp"
#include "inputs/sniffer.hpp"
#include "io/byte_source.hpp"
#include "json/strict_reader.hpp"

namespace conform {
namespace {

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

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// A path segment that may name a person or an account: a run of digits, or a UUID.
bool looks_personal(std::string_view segment) {
  if (!segment.empty() && std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return true;
  }
  if (segment.size() != 36) return false;
  for (std::size_t i = 0; i < segment.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? segment[i] != '-' : !is_hex(segment[i])) return false;
  }
  return true;
}

// The path as a skipped-call list shows it: personal-looking segments masked
// by the one masker, unless the user asked for values.
std::string shown_path(std::string_view path, const ValueMask& values) {
  if (values.show_all) return std::string(path);
  std::string shown;
  while (!path.empty()) {
    const auto slash = path.find('/', 1);
    std::string_view segment = path.substr(0, slash);
    const bool leading_slash = !segment.empty() && segment.front() == '/';
    if (leading_slash) segment.remove_prefix(1);
    if (leading_slash) shown += '/';
    if (looks_personal(segment)) {
      const std::string masked = values.displayed(fmt::format("\"{}\"", segment));
      shown += masked.substr(1, masked.size() - 2);
    } else {
      shown += segment;
    }
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return shown;
}

// What the flow rules read of a request or response body, through the
// contract's JSON Pointers.
class BodyFacts {
 public:
  explicit BodyFacts(std::string_view text) {
    is_object_ = json::read_strict(text, Limits{}, document_).empty() && document_.IsObject();
  }
  bool is_object() const { return is_object_; }
  std::optional<std::string> string_at(const std::string& pointer) const {
    const rapidjson::Value* value = at(pointer);
    if (value == nullptr || !value->IsString()) return std::nullopt;
    return std::string(value->GetString(), value->GetStringLength());
  }
  bool has(const std::string& pointer) const { return at(pointer) != nullptr; }

 private:
  const rapidjson::Value* at(const std::string& pointer) const {
    if (!is_object_ || pointer.empty()) return nullptr;
    const rapidjson::Pointer parsed(pointer.c_str(), pointer.size());
    return parsed.IsValid() ? parsed.Get(document_) : nullptr;
  }
  rapidjson::Document document_;
  bool is_object_ = false;
};

bool blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// Whether a schema location is the rule's or one under it ("#/allOf/1" holds "#/allOf/1/then/required").
bool under(std::string_view location, std::string_view rule_location) {
  return !rule_location.empty() && location.substr(0, rule_location.size()) == rule_location &&
         (location.size() == rule_location.size() || location[rule_location.size()] == '/');
}

class CaptureChecker {
 public:
  CaptureChecker(const Router& router, const Limits& limits, const std::function<void(Result&&)>& emit)
      : router_(router),
        limits_(limits),
        emit_(emit),
        flows_([&router](std::string_view rule) { return router.rule_enabled(rule); }) {}

  // The calls that follow are read from `path`. Several files make one
  // capture (--join): flows run on across them, each result names its own file.
  void start_file(std::string path, CaptureFormat format) {
    files_.push_back(File{std::move(path), format == CaptureFormat::har, {}, 0, {}, false});
    path_ = files_.back().path;
    har_ = files_.back().har;
  }
  void end_file(std::vector<Finding> problems) { files_.back().problems = std::move(problems); }
  // The file could not be read as a capture (its error is a result of its own).
  void file_unreadable() { files_.back().unreadable = true; }

  void exchange(inputs::Exchange& exchange) {
    const std::string where = har_ ? path_ + "#" + exchange.entry : exchange.entry;
    const std::string_view path = url_path(exchange.url);
    const auto match = router_.match(exchange.method, path);
    const ValueMask& show = router_.options().values;
    if (!match) {
      if (const auto same_path = router_.match_path(path)) {
        skip(where, fmt::format("{} {}: the {} contract routes only {} {}", exchange.method, shown_path(path, show),
                                same_path->contract->family, same_path->route->method, same_path->route->path));
      } else {
        skip(where, fmt::format("{} {} is not a call of the {} contracts", exchange.method, shown_path(path, show),
                                router_.families()));
      }
      return;
    }
    // A call counts as checked once one of its bodies is: a capture recorded
    // without bodies checks nothing, and so cannot pass as if it did.
    bool checked = true;
    const Contract& contract = *match->contract;
    const ContractRoute& route = *match->route;
    // "entries/3" or "line 7": which call a body finding is in, for one-line HARs.
    const auto entries = exchange.entry.rfind("/entries/");
    const std::string call_name = !har_                          ? fmt::format("line {}", exchange.line)
                                  : entries == std::string::npos ? exchange.entry
                                                                 : exchange.entry.substr(entries + 1);
    flow::Call call;
    // Joined HARs: a pointer alone would not say which file the entry is in.
    call.entry = har_ && joined() ? where : exchange.entry;
    call.entry_is_pointer = har_ && !joined();
    call.line = exchange.line;
    call.column = exchange.column;
    call.contract = &contract;
    call.path = route.path;
    call.opens_flow = route.opens_flow;
    call.status = exchange.status;

    const Schema* request_schema = router_.schema_for(*match, exchange.status, Direction::request);
    const std::string request_context = fmt::format("{} request ({} {})", call_name, route.method, route.path);
    if (!exchange.request_not_recorded.empty()) {
      skip(where + "/request", exchange.request_not_recorded);
      checked = false;
    } else if (!exchange.request ||
               (exchange.request->problem.empty() && !exchange.request->too_long && blank(exchange.request->text))) {
      no_body(where + "/request", exchange, route, request_schema, request_context);
    } else if (request_schema != nullptr) {
      call.schema_rules = check_body(*exchange.request, request_schema, contract, Direction::request, request_context);
      const BodyFacts facts(exchange.request->text);
      call.request_parsed = facts.is_object();
      call.flow_id = facts.string_at(contract.flow_id);
      call.possession_type = facts.string_at(contract.possession_type);
      for (const ContractRule& rule : contract.rules) {
        if (!rule.field.empty() && facts.has(rule.field)) call.fields.push_back(rule.field);
      }
      call.request_digest = std::hash<std::string>{}(exchange.request->text);
    }

    const Schema* response_schema = router_.schema_for(*match, exchange.status, Direction::response);
    if (exchange.status == 0) {
      skip(where + "/response", "no response was recorded");
    } else if (response_schema == nullptr) {
      skip(where + "/response", fmt::format("a {} response of {} has no published body", exchange.status, route.path));
    } else if (!exchange.response) {
      skip(where + "/response", "the response body was not recorded");
    } else {
      checked = true;
      check_body(*exchange.response, response_schema, contract, Direction::response,
                 fmt::format("{} response ({} {} {})", call_name, route.method, route.path, exchange.status));
      if (route.opens_flow && exchange.status >= 200 && exchange.status <= 299) {
        call.returned_flow_id = BodyFacts(exchange.response->text).string_at(contract.flow_id);
      }
    }
    if (checked) ++files_.back().checked_calls;
    flows_.add(call);
  }

  // One result per file, in file order, after all of their bodies: its read
  // problems, the flow findings on its calls, its skipped calls; the flows,
  // which may span the files, on the last one.
  void finish() {
    flow::FlowVerdict verdict = flows_.finish();
    for (Finding& finding : verdict.findings) files_[file_of(finding)].problems.push_back(std::move(finding));
    for (std::size_t i = 0; i < files_.size(); ++i) {
      File& file = files_[i];
      if (file.unreadable && file.problems.empty() && i + 1 < files_.size()) continue;
      Result capture = make_result(file.path, std::move(file.problems));
      capture.file = file.path;
      if (i + 1 == files_.size()) capture.flows = std::move(verdict.flows);
      capture.skipped = std::move(file.skipped);
      capture.checked_calls = file.checked_calls;
      emit_(std::move(capture));
    }
  }

  // A line of an NDJSON capture that is no exchange: listed with why, never judged.
  void skip(std::string source, std::string reason) {
    files_.back().skipped.push_back({std::move(source), std::move(reason)});
  }

 private:
  bool joined() const { return files_.size() > 1 || joining_; }

  // The file of the call a flow finding is on (its last related entry:
  // "x.ndjson:7" or, joined, "x.har#/log/entries/3").
  std::size_t file_of(const Finding& finding) const {
    if (files_.size() == 1 || finding.related.empty()) return files_.size() - 1;
    const std::string& entry = finding.related.back();
    std::size_t best = files_.size() - 1;
    std::size_t longest = 0;
    for (std::size_t i = 0; i < files_.size(); ++i) {
      const std::string& path = files_[i].path;
      const bool match = entry.size() > path.size() && entry.compare(0, path.size(), path) == 0 &&
                         entry[path.size()] == (files_[i].har ? '#' : ':');
      if (match && path.size() >= longest) {
        best = i;
        longest = path.size();
      }
    }
    return best;
  }

 public:
  bool joining_ = false;  // set before the first file of a --join

 private:
  void add_result(Result result, std::string context) {
    result.file = path_;
    result.context = std::move(context);
    emit_(std::move(result));
  }

  // A request with no body: the SDK sends none when a call's argument is
  // omitted. It fails only where the endpoint's request has required fields,
  // which is whether an empty object fails the request schema.
  void no_body(std::string source, const inputs::Exchange& exchange, const ContractRoute& route, const Schema* schema,
               std::string context) {
    Finding missing;
    missing.keyword = "noBody";
    missing.line = exchange.line;
    missing.column = exchange.column;
    const bool needs_fields = schema != nullptr && !schema->check("{}", limits_).empty();
    missing.severity = needs_fields ? Severity::error : Severity::warning;
    missing.message = needs_fields
                          ? fmt::format("no request body was recorded; {} {} takes a JSON object with required fields",
                                        route.method, route.path)
                          : fmt::format(
                                "no request body was recorded; {} {} takes a JSON object (all of its fields "
                                "are optional, so an empty one would do)",
                                route.method, route.path);
    add_result(make_result(std::move(source), {std::move(missing)}), std::move(context));
  }

  // Checks one body and applies the contract's policy to its findings;
  // returns the ids of the schema-stated rules (F5, F6) the body broke.
  std::vector<std::string> check_body(const inputs::BodyText& body, const Schema* schema, const Contract& contract,
                                      Direction direction, std::string context) {
    std::vector<std::string> broken;
    if (!body.problem.empty()) {
      add_result(make_error_result(body.source, body.problem), std::move(context));
      return broken;
    }
    Result result = body.too_long ? make_result(body.source, {json::size_limit_finding(*body.too_long, limits_)})
                                  : schema->validate(body.text, body.source, limits_);
    if (result.status == Status::error) {
      add_result(std::move(result), std::move(context));
      return broken;
    }
    inputs::place_findings(body, result.findings);  // all of the body's findings in one pass
    apply_unknown_properties_policy(result.findings, router_.unknown_properties(contract, direction));
    FindingList kept;
    for (const FindingView view : result.findings) {
      Finding finding = view.to_finding();
      bool disabled = false;
      for (const ContractRule& rule : contract.rules) {
        // A location inside the body's own schema is given relative to it ("#/allOf/1/...").
        const std::string location = !finding.schema_location.empty() && finding.schema_location.front() == '#'
                                         ? schema->id() + finding.schema_location
                                         : finding.schema_location;
        if (rule.kind != "schema" || !under(location, rule.schema_location)) continue;
        finding.rule = rule.id;
        disabled = !router_.rule_enabled(rule.id);
        if (!disabled && std::find(broken.begin(), broken.end(), rule.id) == broken.end()) broken.push_back(rule.id);
      }
      if (!disabled) kept.push_back(finding);
    }
    Result judged = make_result(std::move(result.source), std::move(kept));
    judged.omitted_findings = result.omitted_findings;
    add_result(std::move(judged), std::move(context));
    return broken;
  }

  struct File {
    std::string path;
    bool har;  // entries are JSON Pointers into the file; else NDJSON sources "path:line"
    SkippedList skipped;
    std::size_t checked_calls;  // routed calls with a body checked; the CLI fails a capture with none
    std::vector<Finding> problems;
    bool unreadable = false;
  };
  std::vector<File> files_;
  std::string path_;  // the file being read
  bool har_ = false;
  const Router& router_;
  const Limits& limits_;
  // Results leave as they are made: a capture of any size holds one entry at a time.
  const std::function<void(Result&&)>& emit_;
  flow::FlowChecker flows_;
};

// Reads the capture line by line, each line at most
// inputs::capture_line_limit long: a longer one is measured, never held.
// Returns an error message, empty on success.
std::string check_ndjson_capture(const std::string& path, io::ByteSource& source, const Limits& limits,
                                 CaptureChecker& checker) {
  std::vector<Finding> problems;
  const Limits line_limits{inputs::capture_line_limit(limits), limits.max_depth};
  std::string error =
      inputs::read_bodies(source, path, inputs::BodyLayout::ndjson, line_limits, [&](const inputs::Body& line) {
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
        // Each line on its own: a log line or a line cut by a rotation is listed as skipped, with why.
        if (inputs::classify_line(line.bytes) == inputs::LineKind::neither) {
          checker.skip(line.source, inputs::neither_reason(line.bytes, line.line == 1));
          return;
        }
        inputs::Exchange exchange;
        inputs::CaptureProblem problem =
            inputs::read_capture_line(line.bytes, line.source, line.line, limits, exchange);
        if (!problem.error.empty() && !inputs::names_a_request_or_response(line.bytes)) {
          // Well-formed JSON naming no request or response (a JSON log line): not a call, listed with why.
          checker.skip(line.source, fmt::format("not an exchange: {}", problem.error));
          return;
        }
        if (!problem.error.empty()) {  // an exchange that lacks what it needs: the capture fails
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
  checker.end_file(std::move(problems));
  return {};
}

// Reads one file of a capture into the checker; returns an error message
// (the file could not be read as a capture), empty on success.
std::string read_capture_file(const std::string& path, io::ByteSource& source, CaptureFormat format,
                              const Limits& limits, CaptureChecker& checker) {
  checker.start_file(path, format);
  if (format == CaptureFormat::ndjson) return check_ndjson_capture(path, source, limits, checker);
  inputs::CaptureProblem problem =
      inputs::read_har(source, path, limits, [&](inputs::Exchange& exchange) { checker.exchange(exchange); });
  if (!problem.error.empty()) return problem.error;
  checker.end_file(std::move(problem.findings));
  return {};
}

std::string read_capture_file(const std::string& path, CaptureFormat format, const Limits& limits,
                              CaptureChecker& checker) {
  std::string error;
  const auto source = io::ByteSource::open(path, true, error);
  if (!source) {
    checker.start_file(path, format);
    return error;
  }
  return read_capture_file(path, *source, format, limits, checker);
}

}  // namespace

void check_capture(const std::string& path, CaptureFormat format, const Router& router, const Limits& limits,
                   const std::function<void(Result&&)>& emit) {
  std::string error;
  const auto source = io::ByteSource::open(path, true, error);
  if (!source) {
    emit(make_error_result(path, std::move(error)));
    return;
  }
  check_capture(path, *source, format, router, limits, emit);
}

void check_capture(const std::string& path, io::ByteSource& source, CaptureFormat format, const Router& router,
                   const Limits& limits, const std::function<void(Result&&)>& emit) {
  if (!router.options().refusal.empty()) {
    emit(make_error_result(path, router.options().refusal));
    return;
  }
  CaptureChecker checker(router, limits, emit);
  if (std::string error = read_capture_file(path, source, format, limits, checker); !error.empty()) {
    emit(make_error_result(path, std::move(error)));
    return;
  }
  checker.finish();
}

void check_capture(const std::string& name, std::string_view bytes, CaptureFormat format, const Router& router,
                   const Limits& limits, const std::function<void(Result&&)>& emit) {
  check_capture(name, *io::ByteSource::over_memory(bytes), format, router, limits, emit);
}

void check_capture(const std::string& name, std::istream& in, CaptureFormat format, const Router& router,
                   const Limits& limits, const std::function<void(Result&&)>& emit) {
  check_capture(name, *io::ByteSource::from_stream(in), format, router, limits, emit);
}

void check_joined_captures(const std::vector<std::pair<std::string, CaptureFormat>>& files, const Router& router,
                           const Limits& limits, const std::function<void(Result&&)>& emit) {
  if (!router.options().refusal.empty()) {
    for (const auto& file : files) emit(make_error_result(file.first, router.options().refusal));
    return;
  }
  CaptureChecker checker(router, limits, emit);
  checker.joining_ = true;
  for (const auto& [path, format] : files) {
    // A file that cannot be read is its own error; the capture goes on with the next.
    if (std::string error = read_capture_file(path, format, limits, checker); !error.empty()) {
      emit(make_error_result(path, std::move(error)));
      checker.file_unreadable();
    }
  }
  checker.finish();
}

namespace {

// The results of a check that emits them, gathered.
template <typename Check>
std::vector<Result> collected(const Check& check) {
  std::vector<Result> results;
  check([&](Result&& result) { results.push_back(std::move(result)); });
  return results;
}

}  // namespace

std::vector<Result> check_capture(const std::string& path, CaptureFormat format, const Router& router,
                                  const Limits& limits) {
  return collected([&](const auto& emit) { check_capture(path, format, router, limits, emit); });
}

std::vector<Result> check_capture(const std::string& name, std::string_view bytes, CaptureFormat format,
                                  const Router& router, const Limits& limits) {
  return collected([&](const auto& emit) { check_capture(name, bytes, format, router, limits, emit); });
}

std::vector<Result> check_capture(const std::string& name, std::istream& in, CaptureFormat format, const Router& router,
                                  const Limits& limits) {
  return collected([&](const auto& emit) { check_capture(name, in, format, router, limits, emit); });
}

}  // namespace conform
