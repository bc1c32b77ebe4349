// Phase 6b, decision cost (issue 12): after the evaluation, each policy's cost per decision is
// measured by the decision benchmark (sched/decision_cost.h: fixed windows of the evaluation
// queue, warm, thread CPU time, median and 95 % CI over repetitions) and its use energy charged:
//   J per decision = (attributed energy / tracked CPU seconds of all evaluation phases)
//                    x median CPU seconds per decision,
// with relative uncertainty = the CI's half-width relative to the median ⊕ the evaluation
// energy's relative uncertainty. Provenance `modelled` (a measured CPU time x an energy rate).
// The benchmark runs after the tracked run: its own CPU time is charged to no phase.
#pragma once

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

Result<DecisionCostOutput> RunDecisionCostPhase(StudyContext& ctx, const DecisionCostInput& in);

}  // namespace airgrid::study
