#include "conform/schema.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"
#include "engine/fast_path.hpp"
#include "engine/finding_builder.hpp"
#include "engine/schema_loader.hpp"
#include "json/strict_reader.hpp"

namespace conform {

class Schema::Impl {
 public:
  engine::LoadedSchema loaded;
  std::optional<engine::FastPath> fast;
};

Schema::Schema(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Schema::~Schema() = default;
Schema::Schema(Schema&&) noexcept = default;
Schema& Schema::operator=(Schema&&) noexcept = default;

Schema Schema::from_text(std::string_view text, std::string origin, const SchemaOptions& options) {
  auto impl = std::make_shared<Impl>();
  engine::load_schema(text, origin, options, impl->loaded);
  if (options.fast_path) impl->fast = engine::FastPath::compile(impl->loaded.original);
  return Schema(std::move(impl));
}

Schema Schema::from_file(const std::filesystem::path& path, const SchemaOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open the schema file", path.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error("cannot read the schema file", path.string());
  return from_text(text.str(), path.string(), options);
}

Schema Schema::embedded(std::string_view name, const SchemaOptions& options) {
  const EmbeddedSchema* schema = find_embedded_schema(name);
  if (schema == nullptr) {
    throw Error(fmt::format("no embedded schema is named \"{}\" (see `conform schemas`)", name));
  }
  return from_text(schema->text, fmt::format("embedded:{}", schema->name), options);
}

const std::string& Schema::id() const noexcept { return impl_->loaded.id; }
Dialect Schema::dialect() const noexcept { return impl_->loaded.dialect; }

std::vector<Finding> Schema::check(std::string_view body, const Limits& limits) const {
  if (impl_->fast && impl_->fast->accepts(body, limits)) return {};
  // A body's document usually fits in a buffer on the stack; RapidJSON's
  // default pool would take 64 KiB from the heap for every body.
  char first_chunk[8192];
  rapidjson::MemoryPoolAllocator<> pool(first_chunk, sizeof first_chunk);
  rapidjson::Document document(&pool);
  json::OffsetIndex offsets;
  if (auto findings = json::read_strict(body, limits, document, &offsets); !findings.empty()) return findings;

  // valijson's Validator caches std::regex objects as it runs, so each call
  // gets its own; the compiled schema itself is only read.
  valijson::Validator validator;
  valijson::ValidationResults results;
  const bool valid = validator.validate(*impl_->loaded.root, valijson::adapters::RapidJsonAdapter(document), &results);
  if (valid && results.numErrors() == 0) return {};
  auto findings =
      engine::build_findings(results, document, impl_->loaded.original, impl_->loaded.dialect, body, offsets);
  for (Finding& finding : findings) {
    finding.schema_location =
        engine::display_location(engine::display_pointer(finding.schema_location), impl_->loaded.bundled);
  }
  if (findings.empty() && !valid) {
    // Some valijson keywords (propertyNames) fail without saying why; the
    // verdict still stands.
    Finding finding;
    finding.keyword = "schema";
    finding.schema_location = "#";
    finding.message = "body does not conform to the schema (the engine gave no detail)";
    finding.line = 1;
    finding.column = 1;
    findings.push_back(std::move(finding));
  }
  return findings;
}

Result Schema::validate(std::string_view body, std::string source, const Limits& limits) const {
  return make_result(std::move(source), check(body, limits));
}

}  // namespace conform
