#pragma once

#include <span>
#include <string_view>

namespace conform {

// A schema from `schemas/`, compiled into the library at build time so that
// an installed conform works from any directory.
struct EmbeddedSchema {
  std::string_view name;  // file stem without ".schema.json"
  std::string_view text;
};

std::span<const EmbeddedSchema> embedded_schemas() noexcept;
const EmbeddedSchema* find_embedded_schema(std::string_view name) noexcept;

inline constexpr std::string_view default_schema_name = "v3-mfa-status-request";

}  // namespace conform
