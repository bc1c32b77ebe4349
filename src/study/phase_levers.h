// Phase 8, levers: the report's Levers section computed for this run (levers.h) from the
// tracked development phases, the sweep (phase_sweep.h), the carbon settings and the grid;
// writes levers.json and returns the section for report.md and report.html.
#pragma once

#include <optional>
#include <string>

#include "airgrid/grid/grid.h"
#include "airgrid/measure/carbon.h"
#include "study/context.h"
#include "study/phase_sweep.h"
#include "study/policies.h"

namespace airgrid::study {

// The hourly series of the low-carbon lever: --carbon-series FILE (InvalidInput naming it when
// unreadable or malformed), else the shipped example when present, else none.
struct LeverSeries {
  std::optional<measure::IntensitySeries> series;
  std::string origin;
};
Result<LeverSeries> LoadLeverSeries(const StudyOptions& o);

struct LeversInput {
  const grid::Grid& grid;
  const Development& dev;
  const FitOutput& fit;
  const SweepOutput& sweep;
  const measure::EnergyRecord& sweep_record;
  const measure::CarbonSettings& carbon;
  const LeverSeries& series;
};

struct LeversOutput {
  std::string markdown, html;
};

Result<LeversOutput> RunLeversPhase(StudyContext& ctx, const LeversInput& in);

}  // namespace airgrid::study
