// Durability (low-tech: useful, accessible, *durable*): how long a policy stays valid without
// re-training, measured as the drift of its performance relative to a baseline over successive
// later periods of the evaluation.
//
// The evaluation's sc17 windows are consecutive in time. They are cut into `periods` groups of
// consecutive windows (the first groups get the extra window when they do not divide evenly).
// Per window w: r_w = AVEbsld_policy(w) / AVEbsld_baseline(w) (bounded slowdowns are >= 1, so
// the ratio is defined); per period k: R_k = mean of r_w, u_k = standard error of that mean
// (0 for one window). The decay is the least-squares slope of R_k against k:
//   D = Σ c_k R_k,  c_k = (k − k̄) / Σ_j (j − k̄)²,  u_D = sqrt(Σ c_k² u_k²)  (first order).
// D > 0: the policy's advantage over the baseline shrinks period after period. With a time
// split (--train-fraction) the policy was trained on the part before the first period: D is its
// decay since training; otherwise it measures how stable the gain stays along the evaluation.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/grid/grid.h"
#include "airgrid/sched/run_metrics.h"
#include "airgrid/study/study_grid.h"

namespace airgrid::study {

struct DurabilityPeriod {
  int32_t first_window = 0, last_window = 0;  // window indices, inclusive
  int windows = 0;
  double ratio = 0, ratio_unc = 0;            // R_k, u_k
};

struct Durability {
  std::vector<DurabilityPeriod> periods;
  double slope = 0, slope_unc = 0;  // D, u_D per period
  // "R 0.52 ± 0.03 → 0.61 ± 0.04 → ... (windows 0–11, 12–23, ...)"
  std::string Text() const;
};

// `policy` and `baseline` hold the same windows (matched by index; windows missing from either
// are skipped). InvalidInput when fewer than `periods` windows match or periods < 2.
Result<Durability> MeasureDurability(std::span<const sched::WindowMetrics> policy,
                                     std::span<const sched::WindowMetrics> baseline, int periods);

struct DurabilityInput {
  const std::vector<PolicyResult>& policies;  // configs filled (requested+EASY used)
  std::string baseline = "fcfs";
  int periods = 4;
  std::string training;  // how the policies relate in time to the periods (said in the method)
  std::string tool;
};

// Adds the criterion "lowtech.durability" (measured; not assessed for the baseline or when too
// few windows) and sets it for every policy.
Status AddDurabilityCriterion(const DurabilityInput& in, grid::Grid* g);

}  // namespace airgrid::study
