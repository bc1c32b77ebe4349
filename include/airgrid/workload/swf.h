// Reading and writing Standard Workload Format files (plain or gzip, detected by content).
//
// Contract of ReadSwf:
// - every non-empty line not starting with ';' has exactly 18 whitespace-separated numeric
//   fields (integers, or decimals for fields 6, 7, 10); -1 means missing;
// - submit times are >= 0 and non-decreasing;
// - machine size = options.procs if > 0, else header MaxProcs, else MaxNodes, else an error
//   asking for --procs;
// - any violation returns Status::InvalidInput naming file, line, field and what was expected;
//   a truncated gzip stream is an error too. Never crashes on any byte sequence (fuzzed).
// - records with impossible values (a submit time < 0, or one earlier than the previous kept
//   record's) are errors whose message suggests --invalid skip; with InvalidRecords::kSkip
//   they are left out and counted per reason in Workload::skipped.
// Jobs are returned unfiltered (procs/estimate unset): see filter.h.
#pragma once

#include <string>
#include <string_view>

#include "airgrid/base/status.h"
#include "airgrid/workload/job.h"

namespace airgrid::workload {

// What the reader does with a record whose values are impossible (see above).
enum class InvalidRecords { kError, kSkip };

// "error" | "skip"; anything else -> InvalidInput naming --invalid.
Result<InvalidRecords> ParseInvalidRecords(std::string_view name);

struct SwfReadOptions {
  int32_t procs = 0;   // machine size override; 0 = from the header
  InvalidRecords invalid = InvalidRecords::kError;
};

// "none", or "N records skipped (reason: count, ...)" for Workload::skipped.
std::string DescribeSkipped(const Workload& w);

Result<Workload> ReadSwf(const std::string& path, const SwfReadOptions& options = {});

// Parses SWF text already in memory; `name` is used in error messages.
Result<Workload> ParseSwf(std::string_view text, const std::string& name,
                          const SwfReadOptions& options = {});

// Writes `w` as SWF with its header lines (plus MaxProcs when absent); gzip if `path` ends
// in ".gz". Atomic (temp file + rename). ReadSwf(WriteSwf(w)) == w field by field.
Status WriteSwf(const Workload& w, const std::string& path);

// The bytes WriteSwf writes: SWF text, gzip-compressed if `path` ends in ".gz".
Result<std::string> EncodeSwf(const Workload& w, const std::string& path);

// SWF text of `w` (no compression).
std::string FormatSwf(const Workload& w);

}  // namespace airgrid::workload
