// gzip (RFC 1952) in memory, on top of zlib. Internal to the workload module.
//
// Inflate accepts one or more concatenated gzip members (as `gzip -c a b` writes) and fails,
// rather than returning a short result, on a truncated or corrupt stream. Deflate writes one
// member with a zero timestamp, so the same input always gives the same bytes.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "airgrid/base/status.h"

namespace airgrid::workload {

// True when `data` starts with the gzip magic bytes 1f 8b.
bool LooksGzipped(std::string_view data);

// Decompresses `data`; `name` is used in error messages.
Result<std::string> GunzipString(std::string_view data, const std::string& name);

// Decompresses `data` piece by piece: `sink` receives the output in pieces of at most about
// 1 MiB, in order, and may stop the inflation by returning an error (returned as is). The same
// checks as GunzipString (bomb limit, truncation, data after the stream), without ever holding
// the whole output. Returns the number of bytes produced.
Result<size_t> GunzipPieces(std::string_view data, const std::string& name,
                            const std::function<Status(std::string_view)>& sink);

// Compresses `data` as a single gzip member (level 6, mtime 0).
Result<std::string> GzipString(std::string_view data);

}  // namespace airgrid::workload
