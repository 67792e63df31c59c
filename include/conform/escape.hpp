#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

namespace conform {

// C0 controls, DEL and C1 controls: never written raw to a terminal or a CI
// log, where they end lines, move the cursor or start a workflow command.
bool is_control_character(char32_t code_point) noexcept;

// `text` as it may appear inside one line of a line-oriented report (text,
// github), the progress line, or a message on standard error: control
// characters become visible escapes (\n, \u001b) and bytes that are not
// UTF-8 become \xff, so nothing a body or a file name holds can end the
// line, forge another, or move the cursor. The one escaper of line output.
std::string escaped_for_line(std::string_view text);
// The same, written to `out` as it goes: a 15 MiB member name is not copied first.
void write_escaped_for_line(std::ostream& out, std::string_view text);
// The same, appended to `out` (a report's output buffer): no string made on the way.
void append_escaped_for_line(std::string& out, std::string_view text);

}  // namespace conform
