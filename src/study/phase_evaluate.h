// Phase 6, evaluation (the use stage): every policy with the sc17 protocol in the three
// configurations of SC'17 (actual runtimes / requested times / requested times + EASY), each
// policy a tracked phase "use:<id>"; writes results/<id>.json and charges each policy its energy
// per decision.
#pragma once

#include <vector>

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

struct EvaluationOutput {
  measure::EnergyRecord total;  // the whole tracked run (the evaluation ends it)
};

Result<EvaluationOutput> RunEvaluationPhase(StudyContext& ctx, const EvaluationInput& in);

// Energy per decision: the evaluation's attributed energy, charged to the policy in proportion
// to the CPU time spent inside it.
void ChargeUse(const measure::EnergyRecord& use, double policy_seconds, int64_t decisions, PolicyResult* p);

}  // namespace airgrid::study
