// Phase 2, campaign: the SC'17 trial campaign on the training workload; writes scores.csv.
#pragma once

#include "airgrid/learn/campaign.h"
#include "study/context.h"

namespace airgrid::study {

struct CampaignInput {
  const workload::Workload& train;
};

// `output.output_rank` is false on MPI worker ranks: they hold no rows and the study stops there.
Result<learn::CampaignResult> RunCampaignPhase(StudyContext& ctx, const CampaignInput& in);

}  // namespace airgrid::study
