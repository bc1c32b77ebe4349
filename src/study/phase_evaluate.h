// Phase 6, evaluation (the use stage): every policy with the sc17 protocol in the three
// configurations of SC'17 (actual runtimes / requested times / requested times + EASY), each
// policy a tracked phase "use:<id>"; writes results/<id>.json. The use energy per decision is
// charged by the decision-cost phase (phase_decision_cost.h) from these phases' records.
#pragma once

#include <vector>

#include "airgrid/sched/cluster_energy.h"
#include "airgrid/study/study_grid.h"
#include "airgrid/workload/job.h"
#include "study/context.h"

namespace airgrid::study {

// The tracked phase of a policy's evaluation; the phase before the evaluation must end into
// UsePhase(policies.front()).
std::string UsePhase(const PolicyResult& p);

struct EvaluationInput {
  const workload::Workload& eval;
  const std::string& description;  // of the evaluation workload, in each results file
  std::vector<PolicyResult>& policies;  // configs and use energy are filled in
};

// The cluster energy of every run (PolicyResult::cluster) under this model; none when null.
struct ClusterModel {
  const sched::PowerModel* model = nullptr;
  sched::PowerOff power_off;
};

struct EvaluationOutput {
  measure::EnergyRecord total;  // the whole tracked run (the evaluation ends it)
  std::vector<measure::EnergyRecord> use;  // the "use:<id>" phases, in policy order
};

Result<EvaluationOutput> RunEvaluationPhase(StudyContext& ctx, const EvaluationInput& in,
                                            const ClusterModel& cluster = {});

}  // namespace airgrid::study
