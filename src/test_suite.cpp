#include "conform/test_suite.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "conform/error.hpp"
#include "conform/limits.hpp"
#include "json/compact_json.hpp"
#include "json/strict_reader.hpp"

namespace conform {
namespace fs = std::filesystem;
namespace {

std::optional<std::string> read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Read as strictly as a body (RapidJSON 1.1's own number conversion can
// crash on hostile text), with room for suite-sized files.
bool read_suite(const std::string& text, rapidjson::Document& document) {
  return json::read_strict(text, Limits{std::size_t{64} << 20, 512}, document).empty();
}

bool has_suite_shape(const rapidjson::Document& document) {
  if (!document.IsArray() || document.Empty()) return false;
  return std::all_of(document.Begin(), document.End(), [](const rapidjson::Value& test_case) {
    if (!test_case.IsObject()) return false;
    const auto schema = test_case.FindMember("schema");
    const auto tests = test_case.FindMember("tests");
    return schema != test_case.MemberEnd() && tests != test_case.MemberEnd() && tests->value.IsArray();
  });
}

std::string string_member(const rapidjson::Value& object, const char* name) {
  const auto member = object.FindMember(name);
  return member != object.MemberEnd() && member->value.IsString() ? member->value.GetString() : std::string();
}

}  // namespace

bool is_test_suite_file(const fs::path& file) {
  if (file.extension() != ".json") return false;
  const auto text = read_text(file);
  rapidjson::Document document;
  return text && read_suite(*text, document) && has_suite_shape(document);
}

std::vector<fs::path> find_test_suite_files(const fs::path& path) {
  std::vector<fs::path> files;
  if (fs::is_directory(path)) {
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
      if (entry.is_regular_file() && is_test_suite_file(entry.path())) files.push_back(entry.path());
    }
  } else if (is_test_suite_file(path)) {
    files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Result> run_test_suite_file(const fs::path& file, const SchemaOptions& options) {
  const std::string shown = file.generic_string();
  const auto text = read_text(file);
  rapidjson::Document document;
  if (!text) return {make_error_result(shown, "cannot read the file")};
  if (!read_suite(*text, document) || !has_suite_shape(document)) {
    return {make_error_result(shown, "not a JSON-Schema-Test-Suite file")};
  }
  std::vector<Result> results;
  for (rapidjson::SizeType c = 0; c < document.Size(); ++c) {
    const rapidjson::Value& test_case = document[c];
    const std::string case_description = string_member(test_case, "description");
    std::optional<Schema> schema;
    std::string refusal;
    try {
      schema.emplace(
          Schema::from_text(json::compact_json(test_case["schema"]), fmt::format("{}#/{}/schema", shown, c), options));
    } catch (const Error& error) {
      refusal = error.what();
    }
    const auto& tests = test_case["tests"];
    for (rapidjson::SizeType t = 0; t < tests.Size(); ++t) {
      const rapidjson::Value& test = tests[t];
      const std::string source = fmt::format("{}#/{}/tests/{}", shown, c, t);
      const auto valid = test.FindMember("valid");
      const auto data = test.FindMember("data");
      Result result;
      if (valid == test.MemberEnd() || !valid->value.IsBool() || data == test.MemberEnd()) {
        result = make_error_result(source, "the test has no \"data\" or no boolean \"valid\"");
      } else if (!schema) {
        result = make_error_result(source, fmt::format("schema refused: {}", refusal));
      } else {
        // Warnings (an unasserted format) leave a body valid, as the suite means.
        Result checked = schema->validate(json::compact_json(data->value), source);
        const auto& findings = checked.findings;
        const bool judged_valid = std::none_of(findings.begin(), findings.end(), [](const FindingView& finding) {
          return finding.severity == Severity::error;
        });
        if (checked.status == Status::error) {
          result = std::move(checked);  // a body the engine cannot judge is refused, never given a verdict
        } else if (judged_valid == valid->value.GetBool()) {
          result = make_result(source, {});
        } else {
          Finding wrong;
          wrong.keyword = "verdict";
          const std::string test_description = string_member(test, "description");
          wrong.message =
              judged_valid ? fmt::format("{} / {}: expected invalid, judged valid", case_description, test_description)
                           : fmt::format("{} / {}: expected valid, judged invalid: {} {}: {}", case_description,
                                         test_description, findings.front().instance_location, findings.front().keyword,
                                         findings.front().message);
          result = make_result(source, {std::move(wrong)});
        }
      }
      result.suite_case = case_description;
      result.suite_test = string_member(test, "description");
      results.push_back(std::move(result));
    }
  }
  return results;
}

}  // namespace conform
