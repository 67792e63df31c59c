#include "conform/embedded_schema.hpp"

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cctype>
#include <vector>

#include "conform/did_you_mean.hpp"
#include "embedded_schema_data.hpp"
#include "engine/schema_bundle.hpp"
#include "json/strict_reader.hpp"

namespace conform {

std::span<const EmbeddedSchema> embedded_schemas() noexcept { return detail::kEmbeddedSchemas; }

const EmbeddedSchema* find_embedded_schema(std::string_view name) noexcept {
  for (const EmbeddedSchema& schema : detail::kEmbeddedSchemas) {
    if (schema.name == name) return &schema;
  }
  return nullptr;
}

namespace {

// A name with case and word separators gone: how a schema's title and its file stem compare.
std::string folded(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c != '-' && c != '_' && c != ' ' && c != '.')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::string embedded_schema_hint(std::string_view name) {
  std::string meant;
  std::vector<std::string> names;
  for (const EmbeddedSchema& schema : detail::kEmbeddedSchemas) {
    if (meant.empty() && folded(schema.name) == folded(name)) meant = schema.name;
    names.emplace_back(schema.name);
  }
  if (meant.empty()) meant = nearest_name(name, names);
  if (meant.empty()) return " (see `conform schemas`)";
  return fmt::format(" (did you mean \"{}\"? see `conform schemas`)", meant);
}

std::string bundled_schema_text(std::string_view name) {
  const EmbeddedSchema* schema = find_embedded_schema(name);
  if (schema == nullptr) return {};
  rapidjson::Document document;
  if (!json::read_strict(schema->text, Limits{}, document).empty()) return {};
  const auto id = document.IsObject() ? document.FindMember("$id") : document.MemberEnd();
  engine::bundle_references(document, id != document.MemberEnd() && id->value.IsString() ? id->value.GetString() : "");
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  document.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace conform
