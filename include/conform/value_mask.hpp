#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace conform {

// How reports show values taken from the bodies: masked by default; in full
// with --show-values, or only the values of the members it names
// (--show-values=correlationId); --mask strict hides more. Applied by the one
// masker (src/report/mask.cpp) for every report.
struct ValueMask {
  enum class Mode {
    standard,  // the outer characters kept: 2001004011 -> 20******11
    strict,    // only the last two, of a value of 8 characters or more: 2001004011 -> ********11
  };
  Mode mode = Mode::standard;
  bool show_all = false;                   // --show-values: every value in full
  std::vector<std::string> shown_members;  // --show-values=NAME[,NAME]: these members' values in full

  // Whether the value at `instance_location` (a JSON Pointer) is shown in
  // full: every value, or one whose member (the pointer's last name that is
  // not an array index) is named.
  bool shows(std::string_view instance_location) const;
  // The form in which the value at `instance_location` may appear in a report.
  std::string displayed(std::string_view json_value, std::string_view instance_location = {}) const;
};

// The form in which a personal value may appear in a report: in full when
// the user asked for values, else with all but its outer characters hidden
// (ValueMask with its defaults, or show_all).
std::string displayed_value(std::string_view json_value, bool show_values);

}  // namespace conform
