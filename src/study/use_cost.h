// Study glue for issue 12: the policies' use energy per decision from a measured decision cost
// (sched/decision_cost.h), and the Setup block of the study's report. Internal to src/study.
//
// - Energy per decision = (attributed energy / tracked CPU seconds over all evaluation phases)
//   x median CPU seconds per decision of the fixed decision benchmark on the evaluation queue.
//   Its relative uncertainty is the benchmark's CI half-width (relative to the median) combined
//   in quadrature with the evaluation energy's relative uncertainty. Provenance is `modelled`
//   (a measured CPU time x an energy rate), the method names both.
// - Setup lines name the machine's CPU, how energy was obtained (kind, channels, constants,
//   sensor notes), carbon intensity with source and year, PUE, embodied device, workloads and
//   seeds, and the decision benchmark.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/measure/tracker.h"
#include "airgrid/study/study.h"
#include "airgrid/study/study_grid.h"
#include "airgrid/workload/job.h"

namespace airgrid::study {

// Fills use_j_per_decision, use_uncertainty_j and use_method of every policy. `use_records` are
// the evaluation phases' records (all policies). Policies that cannot be built keep NaN.
Status MeasureUseCosts(const workload::Workload& eval, const std::vector<measure::EnergyRecord>& use_records,
                       std::vector<PolicyResult>* policies, std::string* benchmark_note);

struct SetupFacts {
  const StudyOptions* options = nullptr;
  const measure::EnergyRecord* total = nullptr;     // the whole tracked run
  std::vector<measure::SourceNote> notes;           // the tracker's sensor notes
  std::string train_workload, eval_workload;
  std::string benchmark_note;
};
std::vector<std::pair<std::string, std::string>> StudySetup(const SetupFacts& facts);

}  // namespace airgrid::study
