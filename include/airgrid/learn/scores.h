// The scores table of a trial campaign: one row per queued job of each tuple, in tuple order.
//
// File format (CSV, comma-separated, one row per line, '\n' line ends):
// - The published SC'17 file (../shared/sc17/score-distribution.csv) has NO header and four
//   columns p,q,r,score. ReadScoresCsv accepts it: rows are assigned to tuples in blocks of
//   `queue_size` (32) rows, in file order, and k = row index within the block.
// - airgrid writes a header line and the columns, in this order:
//     p,q,r,score,tuple,k,job_id,estimate,n_first
//   p        the job's actual runtime (s)
//   q        processors
//   r        submit time relative to the tuple's first S job (s)
//   score    Σ trial values (AVEbsld, τ = 10 s) of the trials whose first Q job is this one,
//            divided by Σ over all trials of the tuple; the scores of a tuple sum to 1; LOWER is
//            better (starting this job first gave a lower average bounded slowdown)
//   tuple    0-based tuple index in the campaign
//   k        0-based position of the job in Q (submit order)
//   job_id   the job's id in the workload (SWF field 1)
//   estimate the job's requested time (s) as the simulator sees it (= p on Lublin workloads)
//   n_first  number of trials of the tuple whose first Q job was this one (the sample size
//            behind `score`)
// - With a header, columns are found by name (order free; unknown extra columns are ignored);
//   p, q, r and score are required, the others default as in ScoreRow.
// Bad input (wrong column count, non-numeric field, missing required column, non-finite value)
// is Status::InvalidInput naming the file, line and column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "airgrid/base/status.h"

namespace airgrid::learn {

struct ScoreRow {
  int tuple = 0;        // 0-based tuple index
  double p = 0;         // runtime (s)
  double q = 0;         // processors
  double r = 0;         // submit relative to the tuple's first S job (s)
  double score = 0;     // share of the tuple's total trial value; lower is better
  int k = -1;           // position in Q, -1 if unknown
  int64_t job_id = -1;  // workload job id, -1 if unknown
  double estimate = -1; // requested time (s), -1 if unknown
  int64_t n_first = -1; // trials starting with this job, -1 if unknown
};

struct ScoresReadOptions {
  // Rows per tuple of a headerless file (the published file has |Q| = 32).
  int queue_size = 32;
};

// Reads a scores CSV (with or without header, see above).
Result<std::vector<ScoreRow>> ReadScoresCsv(const std::string& path,
                                            const ScoresReadOptions& options = {});

// Parses scores CSV text already in memory; `name` is used in error messages.
Result<std::vector<ScoreRow>> ParseScoresCsv(std::string_view text, const std::string& name,
                                             const ScoresReadOptions& options = {});

// The CSV text airgrid writes (header + all columns). Numbers are printed in their shortest
// round-trip form, so the text is a pure function of the rows (byte-identical reruns).
std::string FormatScoresCsv(const std::vector<ScoreRow>& rows);

// Writes FormatScoresCsv(rows) to `path` atomically.
Status WriteScoresCsv(const std::string& path, const std::vector<ScoreRow>& rows);

}  // namespace airgrid::learn
