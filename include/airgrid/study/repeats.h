// `airgrid study --repeats K` (issue 12): K independent seeds of the whole study, combined into one
// grid whose numbers are means with an interval, and findings that say whether the extra
// development compute changed any conclusion (diminishing returns).
//
// Contract.
// - Run k (0-based) is the study with every seed + k (--seed, --train-seed, --eval-seed), written
//   in full to <out>/repeat-<k+1>/ (its own report, grid.json, grid-input.json, ...). The shipped
//   evaluation trace does not depend on a seed: there the repeats differ by their training data,
//   campaign and training.
// - Combined grid (<out>/grid.json, report.md, report.html): the criteria of run 1 and the
//   alternatives of every run (an alternative some run lacks, e.g. the best shipped rule when it
//   is FCFS itself, is not assessed, naming that run); a number is the mean of the K runs' values with uncertainty max(95 % Student-t half-width
//   t(K−1)·s/√K, the mean of the runs' own uncertainties): the interval over seeds never claims
//   more precision than one run's stated uncertainty (which holds systematic model bands that
//   repeating does not shrink). Kind `measured` only when every run's value is, `declared` only
//   when every run's is, else `modelled`. A value not assessed in some run is not assessed, with
//   that run's reason. Ordinal values: run 1's when every run agrees, else all runs' levels
//   (median rule, grid.h). Series and setup come from run 1 (setup gains a "Repeats" line).
// - RepeatFindings: sentences for Findings::repeats: seeds and compute, whether the re-learned
//   formula, the alternatives, the Pareto set and the best group of each criterion are the same in every run, and
//   whether the ranks of the combined grid differ from run 1's on any criterion.
// - Deterministic for its inputs; errors: no run, runs whose grids differ in criteria (Internal).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/grid/report.h"
#include "airgrid/study/study.h"

namespace airgrid::study {

inline constexpr int kMaxRepeats = 50;

struct RepeatRun {
  uint64_t seed = 0;      // the run's --seed
  grid::Grid grid;
  double seconds = 0;     // wall time of the run
};

// Two-sided 95 % quantile of Student's t with `df` degrees of freedom (df >= 1).
double StudentT975(int df);

// The options of run k: every seed + k, out_dir/repeat-<k+1>, no progress bars after the first.
StudyOptions RepeatOptions(const StudyOptions& o, int k);

Result<grid::Grid> CombineRepeats(const std::vector<RepeatRun>& runs);

std::vector<std::string> RepeatFindings(const std::vector<RepeatRun>& runs, const grid::Report& combined);

// Runs the K studies and writes the combined report into options.out_dir.
Result<StudyOutputs> RunStudyRepeats(const StudyOptions& options, int repeats, const std::string& command_line,
                                     std::ostream& log);

}  // namespace airgrid::study
