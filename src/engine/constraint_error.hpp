#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace conform::engine {

// valijson passes only a context path and a description string from a
// constraint to the results. Our own constraints pack the rest of a finding
// into that description behind a marker no valijson message starts with.
struct ConstraintError {
  std::string keyword;
  std::string schema_location;
  std::string message;
  std::string hint;
  bool warning = false;  // a finding that does not fail the body (an unasserted format)
};

std::string encode_constraint_error(const ConstraintError& error);
std::optional<ConstraintError> decode_constraint_error(std::string_view description);

// The step of conform's own member walks: the member's index in its object,
// behind the marker (valijson's steps start with "[" or "<"), so a long name
// is never copied into a context; the finding builder reads the name from the body.
std::string member_step(std::size_t index);
std::optional<std::size_t> member_step_index(std::string_view step);

}  // namespace conform::engine
