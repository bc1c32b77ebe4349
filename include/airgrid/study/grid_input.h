// Writes a Grid back as a grid file (the format `airgrid grid FILE` reads, docs/formats.md),
// with literal values, provenance, rationales and chart series, so that a user can edit the
// study's judgements (rubric levels, rationales) and re-render the report. Round trip:
// grid::ParseGridFile(GridInputJson(g, o).dump()) gives back the same criteria, values and series.
#pragma once

#include <nlohmann/json.hpp>

#include "airgrid/grid/grid.h"
#include "airgrid/grid/report.h"

namespace airgrid::study {

nlohmann::json GridInputJson(const grid::Grid& g, const grid::ReportOptions& options);

}  // namespace airgrid::study
