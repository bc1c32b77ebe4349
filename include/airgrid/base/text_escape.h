// User strings (labels, ids, rationales, file names) going into documents and terminals.
//
// EscapeMarkdown: for Markdown (and the HTML it may be rendered to): Markdown-significant
// characters are backslash-escaped, '<', '>', '&' become entities (no raw HTML or tags pass
// through), newlines become spaces (one table cell, one line) and control characters are
// dropped. StripControl: for a terminal: control characters (escape sequences, carriage
// returns, bells; C0, DEL and C1) become '?', so input cannot move the cursor or recolour the
// screen; tabs and newlines are kept. EscapeHtml: for HTML text and attribute values: &, <, >,
// " and ' become entities.
#pragma once

#include <string>
#include <string_view>

namespace airgrid {

std::string EscapeMarkdown(std::string_view text);
std::string StripControl(std::string_view text);
std::string EscapeHtml(std::string_view text);

}  // namespace airgrid
