// The grid file: a JSON document listing alternatives, criteria, values (literal, or pulled by a
// JSON pointer from a result file of `simulate` / `learn` / `track` / `metrics`), attached
// series, and the report options (Pareto axes, aggregation). Schema in docs/formats.md.
//
// Contract.
// - Paths inside the file (result files, a custom rubric) are relative to the grid file's folder.
// - Every error is Status::InvalidInput (or NotFound for missing files) whose message names the
//   grid file and the JSON path of the offending field, and what was expected:
//   "grid.json: /values/fcfs/avg_bsld/pointer: '/avg_bsldd' not found in results/f1.json".
// - Values pulled from files get provenance kind "measured" unless the entry says otherwise; the
//   source records "file#pointer" and, when the result file carries one, its command line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/grid/report.h"

namespace airgrid::grid {

struct GridFile {
  Grid grid;
  ReportOptions options;
  // Every file the grid file read ("from" result files, "rubric"), as resolved paths: a run
  // declares them as inputs so that no output of it can overwrite one.
  std::vector<std::string> inputs;
};

// Files a grid file reads ("from" result files, "rubric") are confined to its folder: a path
// that resolves (links followed) outside it is refused unless it lies under `allow_outside`.
// Each such file must be a regular file (a device such as /dev/zero, a FIFO or a folder is
// refused before any read) and is read up to kMaxGridInputBytes. Errors never quote the files'
// contents.
struct GridLoadOptions {
  std::string allow_outside;  // empty: the grid file's folder only
};
inline constexpr uint64_t kMaxGridInputBytes = uint64_t{256} << 20;  // 256 MiB

// Reads and validates `path`.
Result<GridFile> LoadGridFile(const std::string& path, const GridLoadOptions& options = {});
// Same from text; `path` names the file in messages and anchors relative paths.
Result<GridFile> ParseGridFile(const std::string& text, const std::string& path,
                               const GridLoadOptions& options = {});

}  // namespace airgrid::grid
