#pragma once

// The one way conform includes valijson: exceptions on (without them a bad
// schema aborts the process) and our own cheap RAPIDJSON_ASSERT first.
#include "json/rapidjson_config.hpp"

#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif

// valijson's rapidjson adapter installs its own slow RAPIDJSON_ASSERT, and
// warns if one exists, whenever VALIJSON_USE_EXCEPTIONS is set. Its exception
// helpers are included first with the macro on; the adapter is then included
// with it off, so it keeps ours.
#include <valijson/exceptions.hpp>
#undef VALIJSON_USE_EXCEPTIONS
#include <valijson/adapters/rapidjson_adapter.hpp>
#define VALIJSON_USE_EXCEPTIONS 1

namespace conform::engine {

// What valijson's adapter cannot say: the RapidJSON value itself (its
// getInteger() turns a uint64 past INT64_MAX into a negative number). The
// adapter's freeze(), specialised below, hands out its copy in this form.
class ExactValue : public valijson::adapters::FrozenValue {
 public:
  explicit ExactValue(const rapidjson::Value& value) { value_.CopyFrom(value, value_.GetAllocator()); }
  valijson::adapters::FrozenValue* clone() const override { return new ExactValue(value_); }
  bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override {
    return valijson::adapters::RapidJsonAdapter(value_).equalTo(other, strict);
  }
  const rapidjson::Value& value() const noexcept { return value_; }

 private:
  rapidjson::Document value_;
};

}  // namespace conform::engine

// Declared before any use, in the one header every user of valijson includes.
template <>
inline valijson::adapters::FrozenValue* valijson::adapters::GenericRapidJsonValue<rapidjson::Value>::freeze() const {
  return new conform::engine::ExactValue(m_value);
}
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>
