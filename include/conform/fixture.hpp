#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "conform/limits.hpp"
#include "conform/result.hpp"
#include "conform/schema.hpp"

namespace conform {

// One finding an invalid fixture declares in its NAME.expect.json sidecar.
// instanceLocation and keyword must match; the other fields are checked
// only when the sidecar gives them.
struct ExpectedFinding {
  // For captures: which body the finding is in, as the fragment of its
  // source ("#/log/entries/0/request/postData/text"); empty for the capture
  // itself (flow findings) or for a plain body.
  std::string source;
  std::string instance_location;
  std::string keyword;
  std::optional<std::string> schema_location;
  std::optional<std::uint64_t> line;
  std::optional<std::uint64_t> column;
  std::optional<std::string> hint;
  std::optional<std::string> rule;      // flow findings: "F3"
  std::optional<std::string> message;   // a part of the message it must contain (which name is missing)
  std::optional<std::string> severity;  // "error" or "warning" (a tolerated unknown response field)
};

// A body (or a HAR capture) in a corpus laid out as DIR/valid/*.json and
// DIR/invalid/*.json (or *.har), each invalid one beside its NAME.expect.json.
struct Fixture {
  std::filesystem::path body;
  bool expect_valid = true;
  std::string description;
  std::vector<ExpectedFinding> findings;
  Limits limits;
};

// Reads a fixture and its sidecar; whether it is valid comes from the name
// of the folder it is in. Throws conform::Error for a missing or malformed
// sidecar, or a body outside a valid/ or invalid/ folder.
Fixture load_fixture(const std::filesystem::path& body);

// Every *.json body and *.har capture in `directory`'s valid/ and invalid/
// folders (or `directory` itself when it is one of them), sorted; sidecars
// excluded.
std::vector<std::filesystem::path> find_fixtures(const std::filesystem::path& directory);

// Whether the fixture behaves as it declares. The result passes when it does;
// otherwise its findings are the differences: a finding produced but not
// declared, or declared but not produced, each with a message saying which.
Result check_fixture(const Schema& schema, const Fixture& fixture, const std::string& source);

}  // namespace conform
