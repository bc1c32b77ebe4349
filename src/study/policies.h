// The policies the study compares, with the cost facts that describe each one (parameters,
// stored size, operations per job, and which development phases it is charged).
#pragma once

#include <string>
#include <vector>

#include "airgrid/measure/tracker.h"
#include "airgrid/study/study_grid.h"
#include "study/phase_fit.h"
#include "study/phase_network.h"
#include "study/phase_policy_net.h"

namespace airgrid::study {

struct PoliciesInput {
  const FitOutput& fit;
  const NetworkOutput& network;
  const PolicyNetOutput* policy_net = nullptr;  // issue 17; nullptr: the five above only
};

// FCFS, SPT, F1 (published), the re-learned formula, the MLP — in this order. With a policy
// network: FCFS, SPT, SAF, the best shipped rule on the training workload (when it is none of
// these or F1), F1, the re-learned formula, the MLP, the policy network.
std::vector<PolicyResult> StudyPolicies(const PoliciesInput& in);

// The tracked development phases and what they were.
struct Development {
  measure::EnergyRecord campaign, fit, training;
  measure::EnergyRecord policy_training;  // the policy network's ES training (no campaign)
  int64_t tuples = 0, trials = 0;
};

// Charges each learned policy the development it needs: the formula its campaign and fit, the
// MLP its campaign and training; the published F1 is charged what reproducing it here costs.
void ChargeDevelopment(const Development& dev, std::vector<PolicyResult>* policies);

}  // namespace airgrid::study
