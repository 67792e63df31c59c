#include "report/json_writer.hpp"

#include <string>

#include "json/utf8.hpp"

namespace conform::report {

void JsonWriter::string(std::string_view text) {
  const std::string valid = json::with_replacement_characters(text);
  writer_.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
}

void JsonWriter::key(std::string_view text) {
  const std::string valid = json::with_replacement_characters(text);
  writer_.Key(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
}

void JsonWriter::counts(const Summary& summary) {
  member("inputs", summary.inputs);
  member("passed", summary.passed);
  member("failed", summary.failed);
  member("errors", summary.errors);
  member("skipped", summary.skipped);
  if (summary.suite_tests) {
    member("cases", summary.inputs);
    member("refused", summary.errors);
  }
  if (summary.interrupted) {
    key("interrupted");
    writer_.Bool(true);
  }
}

}  // namespace conform::report
