#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace conform::inputs {

// Where a body sits in its capture file, so that findings inside the body
// can be placed in the file.
struct TextAnchor {
  enum class Kind {
    none,         // no usable position (a base64 body): findings point at the field
    verbatim,     // the body's bytes are the file's bytes from `begin`
    json_string,  // the body is the decoded content of a JSON string from `begin` to `end`
  };
  Kind kind = Kind::none;
  std::uint64_t begin = 0;  // byte offset in the file
  std::uint64_t end = 0;
  std::uint32_t line = 0;  // line of `begin` (a JSON string never spans lines)
  std::uint64_t line_begin = 0;
};

struct BodyText {
  std::string text;
  std::string source;  // "capture.har#/log/entries/3/request/postData/text"
  TextAnchor anchor;
  std::string problem;  // why the text could not be taken as a body (bad base64)
};

// One recorded call: a request and, when recorded, its response.
struct Exchange {
  std::string entry;       // "/log/entries/3" (HAR) or "x.ndjson:7"
  std::uint32_t line = 0;  // where the entry starts in the file
  std::uint32_t column = 0;
  std::string method;
  std::string url;
  std::optional<BodyText> request;
  int status = 0;
  std::optional<BodyText> response;
};

}  // namespace conform::inputs
