#include "conform/embedded_schema.hpp"

#include "embedded_schema_data.hpp"

namespace conform {

std::span<const EmbeddedSchema> embedded_schemas() noexcept { return detail::kEmbeddedSchemas; }

const EmbeddedSchema* find_embedded_schema(std::string_view name) noexcept {
  for (const EmbeddedSchema& schema : detail::kEmbeddedSchemas) {
    if (schema.name == name) return &schema;
  }
  return nullptr;
}

}  // namespace conform
