#pragma once

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <cstdint>
#include <ostream>
#include <string_view>

#include "conform/reporter.hpp"

namespace conform::report {

// Pretty-printed JSON for the JSON and SARIF reports. Strings go through
// json::with_replacement_characters: JSON must be UTF-8, whatever a file name
// or a body held.
class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : stream_(out), writer_(stream_) { writer_.SetIndent(' ', 2); }

  void string(std::string_view text);
  void key(std::string_view text);
  void member(std::string_view name, std::string_view value) {
    key(name);
    string(value);
  }
  void member(std::string_view name, std::uint64_t value) {
    key(name);
    writer_.Uint64(value);
  }

  // The run's counts, written the same way by every JSON-based report so that
  // they always agree: inputs, passed, failed, errors, skipped.
  void counts(const Summary& summary);

  rapidjson::OStreamWrapper stream_;
  rapidjson::PrettyWriter<rapidjson::OStreamWrapper> writer_;
};

}  // namespace conform::report
