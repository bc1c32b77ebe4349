// Provenance block carried by every JSON output: which airgrid, which command line, which
// seeds and filters produced the file, and when.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace airgrid {

// The version string compiled in (CMake project version).
const char* Version();

// {"airgrid_version": ..., "command_line": ..., "created_utc": ISO-8601, plus `extra` keys}.
// `command_line` is whatever the caller passes (the CLI passes its argv joined by spaces).
nlohmann::json ProvenanceJson(const std::string& command_line);

// Current UTC time as "YYYY-MM-DDThh:mm:ssZ".
std::string UtcNowIso8601();

}  // namespace airgrid
