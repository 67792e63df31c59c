#include "engine/constraint_error.hpp"

#include <array>
#include <charconv>

namespace conform::engine {
namespace {

constexpr char kMarker = '\x1e';
constexpr char kSeparator = '\x1f';

}  // namespace

std::string encode_constraint_error(const ConstraintError& error) {
  std::string encoded(1, kMarker);
  for (const std::string* field : {&error.keyword, &error.schema_location, &error.message, &error.hint}) {
    encoded += *field;
    encoded.push_back(kSeparator);
  }
  encoded.push_back(error.warning ? 'w' : 'e');
  return encoded;
}

std::optional<ConstraintError> decode_constraint_error(std::string_view description) {
  if (description.empty() || description.front() != kMarker) return std::nullopt;
  description.remove_prefix(1);
  ConstraintError error;
  for (std::string* field : {&error.keyword, &error.schema_location, &error.message, &error.hint}) {
    const auto end = description.find(kSeparator);
    if (end == std::string_view::npos) return std::nullopt;
    *field = std::string(description.substr(0, end));
    description.remove_prefix(end + 1);
  }
  error.warning = description == "w";
  return error;
}

std::string member_step(std::size_t index) {
  std::string step(1, kMarker);
  step += std::to_string(index);
  return step;
}

std::optional<std::size_t> member_step_index(std::string_view step) {
  if (step.size() < 2 || step.front() != kMarker) return std::nullopt;
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(step.data() + 1, step.data() + step.size(), index);
  if (error != std::errc() || end != step.data() + step.size()) return std::nullopt;
  return index;
}

}  // namespace conform::engine
