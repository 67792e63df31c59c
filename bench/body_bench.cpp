// Per-body cost: conform's check of one V3MFAStatusRequest body against a
// bare iterative RapidJSON parse of the same bytes (the target is at most 2x),
// for a passing body, a failing one, and the general path without the fast
// one. Run: build/bench/conform_body_bench
#include <benchmark/benchmark.h>

#include <string>

#include <rapidjson/document.h>
#include "conform/embedded_schema.hpp"
#include "conform/schema.hpp"
#include "engine/fast_path.hpp"
#include "engine/schema_loader.hpp"
#include "json/rapidjson_config.hpp"

namespace {

// One check and the freeing of its findings, out of line: callgrind counts a
// body's whole cost as this function's (--toggle-collect='*checked_size*').
[[gnu::noinline]] std::size_t checked_size(const conform::Schema& schema, const std::string& body) {
  return schema.check(body).size();
}

const std::string kValid =
    R"({"clientRequestId":"71010d88-d0e7-4a24-9297-d1be6fefde81","correlationId":"713189b8-5555-4b08-83ba-75d08780aebd","phoneNumber":"2001004011"})";
const std::string kInvalid =
    R"({"clientRequestId":"71010d88-d0e7-4a24-9297-d1be6fefde81","correlationID":"713189b8-5555-4b08-83ba-75d08780aebd","phoneNumber":"200-100-4011"})";

void BareIterativeParse(benchmark::State& state) {
  for (auto _ : state) {
    rapidjson::Document document;
    document.Parse<rapidjson::kParseIterativeFlag>(kValid.data(), kValid.size());
    benchmark::DoNotOptimize(document.IsObject());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kValid.size()));
}
BENCHMARK(BareIterativeParse);

void CheckPassingBody(benchmark::State& state) {
  const conform::Schema schema = conform::Schema::embedded(conform::default_schema_name);
  for (auto _ : state) benchmark::DoNotOptimize(checked_size(schema, kValid));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kValid.size()));
}
BENCHMARK(CheckPassingBody);

void CheckPassingBodyGeneralPath(benchmark::State& state) {
  conform::SchemaOptions options;
  options.fast_path = false;
  const conform::Schema schema = conform::Schema::embedded(conform::default_schema_name, options);
  for (auto _ : state) benchmark::DoNotOptimize(checked_size(schema, kValid));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kValid.size()));
}
BENCHMARK(CheckPassingBodyGeneralPath);

void CheckFailingBody(benchmark::State& state) {
  const conform::Schema schema = conform::Schema::embedded(conform::default_schema_name);
  for (auto _ : state) benchmark::DoNotOptimize(checked_size(schema, kInvalid));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kInvalid.size()));
}
BENCHMARK(CheckFailingBody);

// The one pass's verdict alone on the same failing body, as a run that only
// counts asks it (Schema::check's fast path, compiled the way it compiles it).
[[gnu::noinline]] bool verdict_of(const conform::engine::FastPath& plan, const std::string& body) {
  return plan.verdict(body, conform::Limits{}).value_or(true);
}

void VerdictFailingBody(benchmark::State& state) {
  const conform::EmbeddedSchema* embedded = conform::find_embedded_schema(conform::default_schema_name);
  conform::engine::LoadedSchema loaded;
  conform::engine::load_schema(embedded->text, "bench", conform::SchemaOptions{}, loaded);
  const auto plan = conform::engine::FastPath::compile(loaded.original, loaded.dialect, loaded.bundled);
  if (!plan || plan->verdict(kInvalid, conform::Limits{}) != false) {
    state.SkipWithError("the fast path does not fail the body itself");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(verdict_of(*plan, kInvalid));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kInvalid.size()));
}
BENCHMARK(VerdictFailingBody);

}  // namespace

BENCHMARK_MAIN();
