#pragma once

#include <string>
#include <string_view>

#include "conform/escape.hpp"

namespace conform::report {

// `raw` as literal text inside one line of Markdown (a table cell of the job
// summary, a SARIF help text): one line (escaped_for_line), every ASCII
// punctuation character backslash-escaped so that nothing a file name or a
// message holds becomes a link, an image, emphasis, code or a table column,
// and <, > and & as entities, so that no HTML tag can be formed.
std::string markdown_text(std::string_view raw);

}  // namespace conform::report
