// Output files are never left half-written: content goes to a temporary file in the same
// folder ("<path>.tmp.<pid>"), is flushed, then renamed over <path>. On any failure the
// temporary file is removed and <path> is untouched.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "airgrid/base/status.h"

namespace airgrid {

// Writes `content` to `path` atomically.
Status WriteFileAtomic(const std::string& path, const std::string& content);

// Streams into a temporary file through `write`; renames only if `write` returns OK and the
// stream is still good.
Status WriteFileAtomic(const std::string& path,
                       const std::function<Status(std::ostream&)>& write);

// Appends `line` (which must end with '\n') to `path` in one write(2) on an O_APPEND descriptor,
// so concurrent appenders never interleave within a line. Writes `header` first if the file
// is new or empty.
Status AppendLine(const std::string& path, const std::string& header, const std::string& line);

// Reads a whole file.
Result<std::string> ReadFile(const std::string& path);

}  // namespace airgrid
