#pragma once

#include <string_view>

namespace conform {

// The verdict on one input: it conforms, it does not, or it could not be checked.
enum class Status { pass, fail, error };

std::string_view to_string(Status status) noexcept;

}  // namespace conform
