// The Setup block of the study's report (issue 12; grid.h, Grid::setup): the machine's CPU, how
// energy was obtained (kind, channels, constants, sensor notes), carbon intensity with source and
// year, PUE, embodied device, workloads and seeds, scale and the decision benchmark.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "airgrid/measure/tracker.h"
#include "airgrid/study/study.h"

namespace airgrid::study {

struct SetupFacts {
  const StudyOptions& options;
  const measure::EnergyRecord& total;  // the whole tracked run
  std::vector<std::string> notes;      // the tracker's sensor notes, "source: detail"
  std::string eval_workload;
  std::string benchmark;               // the decision benchmark, one line
};

std::vector<std::pair<std::string, std::string>> StudySetup(const SetupFacts& facts);

}  // namespace airgrid::study
