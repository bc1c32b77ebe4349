// A report: a grid, its analysis and optional aggregation, and the renderers that show it as a
// terminal table, Markdown, JSON or one self-contained HTML page with SVG charts drawn here.
//
// Contract.
// - BuildReport validates the options (Pareto axes name two distinct numeric or ordinal
//   criteria; aggregation spec, aggregation.h) and runs the analysis.
// - Renderers are pure functions of the report (no clock, no files): same report, same bytes.
//   The caller adds provenance (ReportOptions::provenance, copied verbatim into JSON and HTML).
// - Every number is shown with its unit and a sensible number of significant digits: 3 by
//   default, or as many as the uncertainty supports ("12.3 ± 0.4 s"); "not assessed" is shown
//   as such, never as 0.
// - Markdown and HTML open with the Findings (findings.h) and the Setup block (Grid::setup),
//   before the table.
// - HTML: one file, no network access, no external fonts, scripts or images. It holds the table,
//   one small dot chart per area (at most 8 criteria each, one row per criterion, one
//   <g class="dot" data-alternative data-criterion> per assessed value, none for a value not
//   assessed; all values tied within uncertainty are drawn at mid-axis; the normalisation is
//   printed below), a Pareto scatter of two criteria, the attached series (grouped bars,
//   CDFs, stacked bars by life-cycle phase), the aggregation and its sensitivity sweep when
//   requested. Descriptions and not-assessed reasons are printed in the page (print-friendly),
//   not only in tooltips. Colours are the Okabe–Ito colour-blind-safe palette, every series also differs by
//   marker shape, and every chart has a <title>/<desc> text alternative and a data table.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "airgrid/base/status.h"
#include "airgrid/grid/aggregation.h"
#include "airgrid/grid/analysis.h"
#include "airgrid/grid/findings.h"
#include "airgrid/grid/format.h"
#include "airgrid/grid/grid.h"

namespace airgrid::grid {

struct ReportOptions {
  AnalysisOptions analysis;
  std::optional<AggregationSpec> aggregation;
  // Criterion ids for the Pareto scatter (x, y); empty: the first two numeric criteria of
  // different areas, if any.
  std::vector<std::string> pareto_axes;
  // Fixed radar bounds per criterion id; criteria without one use the observed range (printed).
  std::vector<std::pair<std::string, Bounds>> radar_bounds;
  nlohmann::json provenance = nlohmann::json::object();
};

struct Report {
  Grid grid;
  ReportOptions options;
  Analysis analysis;
  std::optional<AggregationResult> aggregation;
  std::optional<std::pair<size_t, size_t>> pareto_axes;
  Findings findings;  // opens every rendering (findings.h)
};

Result<Report> BuildReport(Grid grid, ReportOptions options);

std::string RenderText(const Report& report);
std::string RenderMarkdown(const Report& report);
nlohmann::json RenderJson(const Report& report);
std::string RenderHtml(const Report& report);

// Formats a value for display: "12.3 ± 0.4", "3 (essential)", "not assessed". No unit.
std::string FormatValue(const Criterion& c, const Value& v, const Rubric& rubric);

}  // namespace airgrid::grid
