#include "conform/fixture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "conform/capture.hpp"
#include "conform/error.hpp"
#include "json/strict_reader.hpp"

namespace conform {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kSidecarSuffix = ".expect.json";

bool is_sidecar(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.size() > kSidecarSuffix.size() &&
         name.compare(name.size() - kSidecarSuffix.size(), kSidecarSuffix.size(), kSidecarSuffix) == 0;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open", path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* name) {
  const auto found = object.FindMember(name);
  return found == object.MemberEnd() ? nullptr : &found->value;
}

std::string required_string(const rapidjson::Value& object, const char* name, const std::string& where) {
  const rapidjson::Value* value = member(object, name);
  if (value == nullptr || !value->IsString()) throw Error(fmt::format("\"{}\" must be a string", name), where);
  return {value->GetString(), value->GetStringLength()};
}

ExpectedFinding parse_expected(const rapidjson::Value& entry, const std::string& where) {
  if (!entry.IsObject()) throw Error("each entry of \"findings\" must be an object", where);
  ExpectedFinding expected;
  if (member(entry, "source")) expected.source = required_string(entry, "source", where);
  if (member(entry, "rule")) expected.rule = required_string(entry, "rule", where);
  expected.instance_location = required_string(entry, "instanceLocation", where);
  expected.keyword = required_string(entry, "keyword", where);
  if (member(entry, "schemaLocation")) expected.schema_location = required_string(entry, "schemaLocation", where);
  if (member(entry, "hint")) expected.hint = required_string(entry, "hint", where);
  if (member(entry, "message")) expected.message = required_string(entry, "message", where);
  if (member(entry, "severity")) {
    expected.severity = required_string(entry, "severity", where);
    if (*expected.severity != "error" && *expected.severity != "warning") {
      throw Error("\"severity\" must be \"error\" or \"warning\"", where);
    }
  }
  for (auto [name, field] : {std::pair{"line", &expected.line}, std::pair{"column", &expected.column}}) {
    if (const rapidjson::Value* value = member(entry, name)) {
      if (!value->IsUint()) throw Error(fmt::format("\"{}\" must be a positive integer", name), where);
      *field = value->GetUint();
    }
  }
  return expected;
}

void read_sidecar(const fs::path& sidecar, Fixture& fixture) {
  const std::string where = sidecar.string();
  const std::string text = read_file(sidecar);
  rapidjson::Document document;
  if (auto problems = json::read_strict(text, Limits{}, document); !problems.empty()) {
    throw Error(problems.front().message, where, problems.front().line, problems.front().column);
  }
  if (!document.IsObject()) throw Error("a sidecar must be a JSON object", where, 1, 1);
  if (const rapidjson::Value* description = member(document, "description"); description && description->IsString()) {
    fixture.description = description->GetString();
  }
  const rapidjson::Value* findings = member(document, "findings");
  if (findings == nullptr || !findings->IsArray() || findings->Empty()) {
    throw Error("\"findings\" must list at least one finding the body must produce", where);
  }
  for (const auto& entry : findings->GetArray()) fixture.findings.push_back(parse_expected(entry, where));
  if (const rapidjson::Value* limits = member(document, "limits")) {
    if (!limits->IsObject()) throw Error("\"limits\" must be an object", where);
    if (const rapidjson::Value* bytes = member(*limits, "maxBytes"); bytes && bytes->IsUint64()) {
      fixture.limits.max_bytes = bytes->GetUint64();
    }
    if (const rapidjson::Value* depth = member(*limits, "maxDepth"); depth && depth->IsUint64()) {
      fixture.limits.max_depth = depth->GetUint64();
    }
  }
}

// A finding together with the body it is in (see ExpectedFinding::source).
struct Located {
  std::string source;
  Finding finding;
};

bool matches(const ExpectedFinding& expected, const Located& actual) {
  return expected.source == actual.source && expected.instance_location == actual.finding.instance_location &&
         expected.keyword == actual.finding.keyword && expected.rule.value_or("") == actual.finding.rule;
}

bool is_capture(const fs::path& body) { return body.extension() == ".har"; }

// What the fixture actually produces: for a plain body its findings, for a
// capture every finding of every result, each with the body it is in.
std::vector<Located> produce(const Schema& schema, const Fixture& fixture, const std::string& text) {
  std::vector<Located> produced;
  if (!is_capture(fixture.body)) {
    for (const FindingView finding : schema.check(text, fixture.limits)) produced.push_back({"", finding.to_finding()});
    return produced;
  }
  static const CaptureSchemas capture_schemas;
  const std::string path = fixture.body.string();
  for (Result& result : check_capture(path, CaptureFormat::har, capture_schemas, fixture.limits)) {
    const std::string fragment = result.source.substr(std::min(path.size(), result.source.size()));
    if (result.status == Status::error) {
      Finding error;
      error.keyword = "error";
      error.message = result.error_message;
      produced.push_back({fragment, std::move(error)});
    }
    for (const FindingView finding : result.findings) produced.push_back({fragment, finding.to_finding()});
  }
  return produced;
}

// The optional fields a sidecar gave that the finding does not have.
std::string field_mismatch(const ExpectedFinding& expected, const Finding& actual) {
  std::string mismatch;
  auto note = [&](std::string_view field, const auto& want, const auto& got) {
    mismatch += fmt::format("{}{} declared {} but is {}", mismatch.empty() ? "" : "; ", field, want, got);
  };
  if (expected.schema_location && *expected.schema_location != actual.schema_location) {
    note("schemaLocation", *expected.schema_location, actual.schema_location);
  }
  if (expected.line && *expected.line != actual.line) note("line", *expected.line, actual.line);
  if (expected.column && *expected.column != actual.column) note("column", *expected.column, actual.column);
  if (expected.hint && *expected.hint != actual.hint) note("hint", *expected.hint, actual.hint);
  if (expected.severity && *expected.severity != to_string(actual.severity)) {
    note("severity", *expected.severity, to_string(actual.severity));
  }
  if (expected.message && actual.message.find(*expected.message) == std::string::npos) {
    note("message", fmt::format("to contain \"{}\"", *expected.message), fmt::format("\"{}\"", actual.message));
  }
  return mismatch;
}

}  // namespace

Fixture load_fixture(const fs::path& body) {
  Fixture fixture;
  fixture.body = body;
  const std::string folder = body.parent_path().filename().string();
  if (folder == "valid") {
    fixture.expect_valid = true;
  } else if (folder == "invalid") {
    fixture.expect_valid = false;
  } else {
    throw Error("a fixture must be in a folder named valid or invalid", body.string());
  }
  fs::path sidecar = body;
  sidecar.replace_extension(kSidecarSuffix);
  if (!fixture.expect_valid) {
    if (!fs::exists(sidecar)) {
      throw Error(fmt::format("an invalid fixture needs {} declaring its findings", sidecar.filename().string()),
                  body.string());
    }
    read_sidecar(sidecar, fixture);
  } else if (fs::exists(sidecar)) {
    throw Error(fmt::format("a valid fixture cannot declare findings ({} exists)", sidecar.filename().string()),
                body.string());
  }
  return fixture;
}

std::vector<fs::path> find_fixtures(const fs::path& directory) {
  std::vector<fs::path> bodies;
  const std::string name = directory.filename().string();
  std::vector<fs::path> folders;
  if (name == "valid" || name == "invalid") {
    folders.push_back(directory);
  } else {
    folders = {directory / "valid", directory / "invalid"};
  }
  for (const auto& folder : folders) {
    if (!fs::is_directory(folder)) continue;
    for (const auto& entry : fs::directory_iterator(folder)) {
      const auto extension = entry.path().extension();
      if ((extension == ".json" || extension == ".har") && !is_sidecar(entry.path())) bodies.push_back(entry.path());
    }
  }
  std::sort(bodies.begin(), bodies.end());
  return bodies;
}

Result check_fixture(const Schema& schema, const Fixture& fixture, const std::string& source) {
  std::string body;
  try {
    body = read_file(fixture.body);
  } catch (const Error& error) {
    return make_error_result(source, error.describe());
  }
  std::vector<Located> actual = produce(schema, fixture, body);
  std::vector<Finding> differences;
  std::vector<bool> used(actual.size(), false);
  const std::string sidecar = fs::path(fixture.body).replace_extension(kSidecarSuffix).filename().string();
  // Where a difference is in a capture, the message says which body.
  auto in_body = [](const std::string& fragment) { return fragment.empty() ? std::string() : " in " + fragment; };

  for (const ExpectedFinding& expected : fixture.findings) {
    std::size_t found = actual.size();
    for (std::size_t i = 0; i < actual.size(); ++i) {
      if (!used[i] && matches(expected, actual[i])) {
        found = i;
        break;
      }
    }
    if (found == actual.size()) {
      Finding missing;
      missing.instance_location = expected.instance_location;
      missing.keyword = expected.keyword;
      missing.rule = expected.rule.value_or("");
      missing.message = fmt::format("declared{} in {} but not produced", in_body(expected.source), sidecar);
      differences.push_back(std::move(missing));
      continue;
    }
    used[found] = true;
    if (std::string mismatch = field_mismatch(expected, actual[found].finding); !mismatch.empty()) {
      Finding different = actual[found].finding;
      different.message = fmt::format("produced{}, but {} ({})", in_body(expected.source), mismatch, sidecar);
      differences.push_back(std::move(different));
    }
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (used[i]) continue;
    Finding unexpected = std::move(actual[i].finding);
    unexpected.message = fixture.expect_valid
                             ? fmt::format("valid fixture fails{}: {}", in_body(actual[i].source), unexpected.message)
                             : fmt::format("produced{} but not declared in {}: {}", in_body(actual[i].source), sidecar,
                                           unexpected.message);
    differences.push_back(std::move(unexpected));
  }
  Result result = make_result(source, std::move(differences));
  result.file = fixture.body.string();
  return result;
}

}  // namespace conform
