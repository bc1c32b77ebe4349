// Phase 7, grid: the evaluated policies on the resilience grid (study_grid.h), analysed (Pareto
// set on AVEbsld with EASY vs development energy); writes the editable grid-input.json.
#pragma once

#include <vector>

#include "airgrid/grid/report.h"
#include "airgrid/study/study_grid.h"
#include "study/context.h"
#include "study/phase_workloads.h"

namespace airgrid::study {

struct GridInput {
  const Workloads& workloads;
  const std::vector<PolicyResult>& policies;
  const measure::CarbonSettings& carbon;
};

Result<grid::Report> RunGridPhase(StudyContext& ctx, const GridInput& in);

}  // namespace airgrid::study
