// Phase 3, fit and selection: the 576 formula shapes fitted to the campaign's scores, the best
// `validate_top` by MAE re-ranked by simulation on the training workload; writes fit.json.
#pragma once

#include <string>
#include <vector>

#include "airgrid/learn/scores.h"
#include "airgrid/workload/job.h"
#include "study/context.h"

namespace airgrid::study {

struct FitInput {
  const workload::Workload& train;
  const std::vector<learn::ScoreRow>& rows;
};

struct FitOutput {
  std::string policy;     // "expr:..." spec of the chosen formula
  std::string readable;   // its readable form
  int parameters = 0;     // its free constants
  std::string shape = {};  // its form without constants (learn::FormSpec::Name), for comparisons
};

Result<FitOutput> RunFitPhase(StudyContext& ctx, const FitInput& in);

}  // namespace airgrid::study
