#pragma once

#include <span>
#include <string>
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

// What every message about an unknown embedded schema `name` ends with: the
// name it most likely meant (case, '-', '_' and small typos aside, so the
// seed's "V3MFAStatusRequest" finds "v3-mfa-status-request"), and where the
// list is: ` (did you mean "v3-mfa-status-request"? see `conform schemas`)`.
std::string embedded_schema_hint(std::string_view name);

// The named embedded schema with every schema it references copied into its
// definitions: one self-contained draft-07 document for other validators.
// Empty when no embedded schema has that name.
std::string bundled_schema_text(std::string_view name);

inline constexpr std::string_view default_schema_name = "v3-mfa-status-request";

}  // namespace conform
