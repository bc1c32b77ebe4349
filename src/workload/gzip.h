// gzip (RFC 1952) in memory, on top of zlib. Internal to the workload module.
//
// Inflate accepts one or more concatenated gzip members (as `gzip -c a b` writes) and fails,
// rather than returning a short result, on a truncated or corrupt stream. Deflate writes one
// member with a zero timestamp, so the same input always gives the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "airgrid/base/status.h"

namespace airgrid::workload {

// True when `data` starts with the gzip magic bytes 1f 8b.
bool LooksGzipped(std::string_view data);

// Decompresses `data`; `name` is used in error messages.
Result<std::string> GunzipString(std::string_view data, const std::string& name);

// Compresses `data` as a single gzip member (level 6, mtime 0).
Result<std::string> GzipString(std::string_view data);

}  // namespace airgrid::workload
