// Phase 6b, use-phase footprint: after the evaluation filled every policy's cluster energy
// (PolicyResult::cluster), charges F1 (published) its authors' development from the published
// 150 h (declared, converted with the power model's per-core power: use_phase.h) and computes
// each learned policy's break-even against FCFS per configuration. Logs one line per policy.
#pragma once

#include <vector>

#include "airgrid/measure/carbon.h"
#include "airgrid/sched/cluster_energy.h"
#include "airgrid/study/study_grid.h"
#include "study/context.h"

namespace airgrid::study {

struct UseInput {
  std::vector<PolicyResult>& policies;   // FCFS must be among them ("fcfs")
  const sched::PowerModel& power_model;
  const measure::CarbonSettings& carbon;
};

Status RunUsePhase(StudyContext& ctx, const UseInput& in);

// Development energy (kWh) charged to a policy and its half-width: tracked records (no band),
// or the published figure's band; NaN when unknown.
std::pair<double, double> DevelopmentKwh(const PolicyResult& p);

}  // namespace airgrid::study
