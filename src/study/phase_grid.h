// Phase 7, grid: the evaluated policies on the resilience grid (study_grid.h), analysed (Pareto
// set on AVEbsld with EASY vs development energy); writes the editable grid-input.json.
#pragma once

#include <vector>

#include "airgrid/grid/report.h"
#include "airgrid/sched/cluster_energy.h"
#include "airgrid/study/study_grid.h"
#include "study/context.h"
#include "study/phase_workloads.h"

namespace airgrid::study {

struct GridInput {
  const Workloads& workloads;
  const std::vector<PolicyResult>& policies;
  const measure::CarbonSettings& carbon;
  std::vector<std::pair<std::string, std::string>> setup;  // the report's Setup block (study_setup.h)
  const measure::EnergyRecord* data_phase = nullptr;  // the tracked "workload" phase (data_phase.h)
};

// `power_model`: how cluster energy was modelled (said in the grid's description), or null.
Result<grid::Report> RunGridPhase(StudyContext& ctx, const GridInput& in,
                                  const sched::PowerModel* power_model = nullptr);

}  // namespace airgrid::study
