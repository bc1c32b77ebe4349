// Phase 4b, the policy network (issue 17): the talk's "neural network", trained on the
// scheduling objective itself (OpenAI-ES on mean AVEbsld, learn/policy_es.h) over episodes of
// the training workload, with actual runtimes and no backfilling (the grid's first
// configuration). It needs no campaign: its development is this phase alone. The same
// validation episodes also rank the shipped hand-made policies (FCFS, SPT, SAF, WFP3, UNICEF,
// F1-F4): the best one joins the grid as a zero-development-cost alternative. Writes
// policy_net.json (the MLP model format, for the "mlp:" policy).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "airgrid/learn/mlp.h"
#include "airgrid/workload/job.h"
#include "study/context.h"

namespace airgrid::study {

struct PolicyNetInput {
  const workload::Workload& train;
};

struct PolicyNetOutput {
  std::string path;  // policy_net.json
  learn::MlpCost cost;
  double validation = 0;  // the network's mean AVEbsld on the validation episodes
  std::vector<std::pair<std::string, double>> rules;  // shipped rules on the same episodes
  std::string best_rule;  // the lowest of `rules`
  int iterations = 0;
};

Result<PolicyNetOutput> RunPolicyNetPhase(StudyContext& ctx, const PolicyNetInput& in);

}  // namespace airgrid::study
