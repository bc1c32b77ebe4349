// Phase 4, network training: the MLP trained on the campaign's scores (both losses compared,
// the better kept), its scoring time measured; writes mlp.json.
#pragma once

#include <string>
#include <vector>

#include "airgrid/learn/mlp_train.h"
#include "airgrid/learn/scores.h"
#include "study/context.h"

namespace airgrid::study {

struct NetworkInput {
  const std::vector<learn::ScoreRow>& rows;
};

struct NetworkOutput {
  learn::MlpTrainResult mlp;
  std::string path;  // mlp.json, the model file the "mlp:" policy loads
};

Result<NetworkOutput> RunNetworkPhase(StudyContext& ctx, const NetworkInput& in);

}  // namespace airgrid::study
