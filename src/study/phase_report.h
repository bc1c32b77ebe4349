// Phase 8, report: the grid's renderings (report.html, report.md, grid.json), the energy ledger
// (energy.json) and the study's own record (study.json, listing every file written).
#pragma once

#include "airgrid/grid/report.h"
#include "study/context.h"

namespace airgrid::study {

struct ReportInput {
  const grid::Report& report;
  double seconds = 0;  // the study's duration so far (study.json)
  // Sections computed by later phases (the levers, phase_levers.h): appended to report.md and
  // inserted before </body> of report.html.
  std::string extra_markdown = {}, extra_html = {};
};

// Fills grid_text, pareto, files and seconds of the study's outputs.
Result<StudyOutputs> RunReportPhase(StudyContext& ctx, const ReportInput& in);

}  // namespace airgrid::study
