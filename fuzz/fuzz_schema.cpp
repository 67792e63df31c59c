// Schema loading: any bytes either load or are refused with conform::Error;
// anything else escaping from_text is a bug. A schema that loads checks a few
// fixed bodies, the same with the fast path as without.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "conform/error.hpp"
#include "conform/schema.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace conform;

constexpr std::string_view kBodies[] = {
    "{}",
    "[]",
    "null",
    "1.5",
    "\"text\"",
    R"({"clientRequestId": "71010d88", "correlationId": "713189b8-5555-4b08-83ba-75d08780aebd", "phoneNumber": "2001004011"})",
    R"({"phoneNumber": "200-100-4011", "a": [1, 2, {"b": null}], "c": true})",
    R"([{"x": "2024-01-31T12:00:00Z"}, "a@b.c", 7, -0.0, 1e400])",
};

std::optional<Schema> load(std::string_view text, const SchemaOptions& options) {
  try {
    return Schema::from_text(text, "fuzz", options);
  } catch (const Error& error) {
    // Refusing a schema is fine, but the refusal must say what is wrong.
    CONFORM_FUZZ_CHECK(error.what()[0] != '\0', "an empty message");
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const std::optional<Schema> fast = load(text, {});
  SchemaOptions general_options;
  general_options.fast_path = false;
  const std::optional<Schema> general = load(text, general_options);
  // The fast path is compiled after loading; it cannot change whether a schema loads.
  CONFORM_FUZZ_CHECK(fast.has_value() == general.has_value(), "loads with the fast path only one way");
  if (fast) {
    CONFORM_FUZZ_CHECK(!fast->id().empty(), "a schema without a name");
    for (const std::string_view body : kBodies) {
      const std::vector<Finding> a = fast->check(body).to_vector();
      const std::vector<Finding> b = general->check(body).to_vector();
      CONFORM_FUZZ_CHECK(fuzz::render(a) == fuzz::render(b),
                         std::string(body) + "\nfast:\n" + fuzz::render(a) + "general:\n" + fuzz::render(b));
      for (const Finding& finding : a) fuzz::check_finding(finding);
    }
  }
  // The other dialect and asserted formats take other branches of the loader.
  SchemaOptions other;
  other.default_dialect = Dialect::draft4;
  other.format_assertion = true;
  if (const std::optional<Schema> draft4 = load(text, other)) {
    for (const std::string_view body : kBodies) {
      for (const Finding& finding : draft4->check(body).to_vector()) fuzz::check_finding(finding);
    }
  }
  return 0;
}
