// Phase 6b, decision cost (issue 12): after the evaluation, each policy's cost per decision is
// measured by the decision benchmark (sched/decision_cost.h: fixed windows of the evaluation
// queue, warm, thread CPU time, median and 95 % CI over repetitions) and its use energy charged:
//   J per decision = (attributed energy / tracked CPU seconds of all evaluation phases)
//                    x median CPU seconds per decision,
// with relative uncertainty = the CI's half-width relative to the median ⊕ the evaluation
// energy rate's band. Provenance `modelled` (a measured CPU time x an energy rate).
//
// Below resolution (sched/decision_cost.h: under 100 ns per decision, where loop and clock
// overhead dominate and two runs differ by more than the CI), the cost is derived from counted
// operations instead: CountedOpsPerDecision (L score evaluations of 1 + the policy's FLOPs per
// job, and L - 1 comparisons to pick the best) x CPU seconds per operation, calibrated as the
// summed medians / summed counted operations of those policies; relative uncertainty
// kCountedOpBand ⊕ the rate's band. Policies with the same counted operations then get the same
// figure in every run: they tie by construction, and ranks do not move between identical runs.
// The energy rate's band is the evaluation records' relative uncertainty, at least their
// channels' declared band, rounded up to the next 5 % (stable between identical runs).
// The benchmark runs after the tracked run: its own CPU time is charged to no phase.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "airgrid/measure/tracker.h"
#include "airgrid/study/study_grid.h"
#include "airgrid/workload/job.h"
#include "study/context.h"

namespace airgrid::study {

struct DecisionCostInput {
  const workload::Workload& eval;
  const std::vector<measure::EnergyRecord>& use;  // the evaluation phases' records
  std::vector<PolicyResult>& policies;            // use_j_per_decision, its uncertainty and method
};

struct DecisionCostOutput {
  std::string benchmark;  // one line for the Setup block
};

// Relative band of the counted-operation model: operations differ in cost (a comparison, a
// multiply, a log10) and the calibration pools cheap policies only (docs/methodology.md).
inline constexpr double kCountedOpBand = 0.5;

// L x (1 + flops_per_job) + (L - 1).
int64_t CountedOpsPerDecision(size_t queue_length, int64_t flops_per_job);

Result<DecisionCostOutput> RunDecisionCostPhase(StudyContext& ctx, const DecisionCostInput& in);

}  // namespace airgrid::study
