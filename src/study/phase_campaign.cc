#include "study/phase_campaign.h"

#include <cstdio>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "airgrid/base/progress.h"
#include "airgrid/learn/scores.h"

namespace airgrid::study {

Result<learn::CampaignResult> RunCampaignPhase(StudyContext& ctx, const CampaignInput& in) {
  const StudyOptions& o = ctx.options;
  learn::CampaignOptions co;
  co.tuples = o.tuples;
  co.trials = o.trials;
  co.seed = o.seed;
  co.threads = o.threads;
  std::unique_ptr<ProgressDisplay> progress;
  if (o.progress) progress = std::make_unique<ProgressDisplay>(std::cerr, IsTerminal(stderr), "trials");
  auto campaign = learn::RunCampaign(in.train, co, progress.get());
  if (!campaign.ok() || !campaign->output_rank) return campaign;
  ctx.log << fmt::format("campaign: {} tuples x {} trials in {:.1f} s ({:.3g} trials/s, {} threads x {} ranks)\n",
                         o.tuples, o.trials, campaign->seconds, campaign->trials_per_second,
                         campaign->threads, campaign->ranks);
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write("scores.csv", learn::FormatScoresCsv(campaign->rows)));
  return campaign;
}

}  // namespace airgrid::study
