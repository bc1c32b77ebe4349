#include "study/phase_sweep.h"

#include <algorithm>

#include <fmt/format.h>

#include "airgrid/learn/campaign.h"
#include "airgrid/learn/formula_search.h"

namespace airgrid::study {
namespace {

// The formula shape the study's selection (phase_fit) chooses from a campaign of `trials`.
Result<std::string> ChosenShape(const StudyOptions& o, const workload::Workload& train, int64_t trials) {
  learn::CampaignOptions co;
  co.tuples = o.tuples;
  co.trials = trials;
  co.seed = o.seed;
  co.threads = o.threads;
  co.use_mpi = false;  // rank 0 alone: the workers have stopped
  auto campaign = learn::RunCampaign(train, co, nullptr);
  if (!campaign.ok()) return campaign.status();
  learn::SearchOptions so;
  so.threads = o.threads;
  auto search = learn::SearchFormulas(campaign->rows, so);
  if (!search.ok()) return search.status();
  learn::ValidationOptions vo;
  vo.protocol.kind = sched::ProtocolOptions::Kind::kSc17;
  vo.threads = o.threads;
  auto sel = learn::SelectBySimulation(*search, train, o.validate_top, {}, vo);
  if (!sel.ok()) return sel.status();
  return sel->chosen_form().form.Name();
}

}  // namespace

std::vector<int64_t> SweepTrials(int64_t trials) {
  std::vector<int64_t> t;
  for (int64_t div : {64, 16, 4}) {
    const int64_t n = std::max<int64_t>(1, trials / div);
    if (n < trials && (t.empty() || n > t.back())) t.push_back(n);
  }
  return t;
}

Result<SweepOutput> RunSweepPhase(StudyContext& ctx, const SweepInput& in) {
  SweepOutput out;
  for (int64_t trials : SweepTrials(ctx.options.trials)) {
    auto shape = ChosenShape(ctx.options, in.train, trials);
    if (!shape.ok()) return shape.status();
    out.steps.push_back({trials, *shape, *shape == in.chosen_shape});
    ctx.log << fmt::format("levers: {} trials per tuple -> {} ({})\n", trials, *shape,
                           out.steps.back().same ? "same formula shape" : "different");
    const size_t n = out.steps.size();
    if (n >= 2 && out.steps[n - 1].same && out.steps[n - 2].same) break;  // confirmed
  }
  return out;
}

}  // namespace airgrid::study
