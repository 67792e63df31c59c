#include "conform/embedded_schema.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

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
