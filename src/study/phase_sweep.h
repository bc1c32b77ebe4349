// The algorithm lever's sweep: the campaign and the formula selection re-run coarse to fine
// (trials per tuple T/64, T/16, T/4; same tuples and seed) to find where the chosen formula
// shape stops changing. Tracked as its own phase, so its cost is on the ledger; it stops once
// two consecutive scales give the full campaign's shape.
#pragma once

#include <string>
#include <vector>

#include "airgrid/workload/job.h"
#include "study/context.h"
#include "study/levers.h"

namespace airgrid::study {

struct SweepInput {
  const workload::Workload& train;
  const std::string& chosen_shape;  // the full campaign's decision (FitOutput::shape)
};

struct SweepOutput {
  std::vector<SweepStep> steps;  // coarse to fine
};

// The trial counts tried for a full campaign of `trials`: T/64, T/16, T/4 (at least 1, below T,
// without repeats).
std::vector<int64_t> SweepTrials(int64_t trials);

Result<SweepOutput> RunSweepPhase(StudyContext& ctx, const SweepInput& in);

}  // namespace airgrid::study
