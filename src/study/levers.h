// Levers for reducing the development's impact, computed for this run rather than advised (the
// talk's "réduire l'impact environnemental" slide): low-carbon energy (best window of an hourly
// intensity series, cleanest and dirtiest countries of the carbon table), data centre (PUE),
// algorithm (smallest campaign scale reaching the same formula), reuse (the published F1
// instead of re-learning) and hyper-parameter search (the search run vs an exhaustive grid).
// Each lever states its assumptions and uses values measured in the run or already on the grid.
// Pure functions of their inputs; phase_levers.h runs what must be run and writes the section.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "airgrid/base/status.h"
#include "airgrid/grid/grid.h"
#include "airgrid/measure/carbon.h"

namespace airgrid::study {

// The example series shipped in data/ (synthetic, documented; scripts/carbon_series_example.py).
std::string DefaultCarbonSeriesPath();

// Windows of an hourly intensity series. The series is a step function: each point holds until
// the next, the last for one hour. A window of `duration_s` may start at any point whose window
// ends within the series; its intensity is the time-weighted mean over the window.
struct IntensityWindow {
  int64_t start = 0;  // Unix seconds
  double g_per_kwh = 0;
};
struct WindowChoice {
  IntensityWindow best, worst;
  double mean_g_per_kwh = 0;  // time-weighted mean of the whole series: a start at random
  size_t starts = 0;          // candidate starts considered
};
// InvalidInput when the series is shorter than the window or empty.
Result<WindowChoice> ChooseWindow(std::span<const std::pair<int64_t, double>> points, double duration_s);

// Mean intensity per UTC hour of day over the series; the best and worst hours.
struct HourOfDay {
  int best_hour = 0, worst_hour = 0;
  double best_g = 0, worst_g = 0;
};
HourOfDay ChooseHourOfDay(std::span<const std::pair<int64_t, double>> points);

// "Mon 13:00 UTC" for a Unix time.
std::string WeekdayHour(int64_t unix_seconds);

struct Lever {
  std::string title;
  std::string assumptions;
  std::vector<std::pair<std::string, std::string>> rows;  // what, figure
};

// One energy figure with its absolute uncertainty.
struct Energy {
  double kwh = 0, unc = 0;
};

struct CarbonLeverInput {
  Energy development;               // this run's development (all tracked development phases)
  double duration_s = 0;            // their wall time
  measure::CarbonFactor factor;     // this run's intensity
  double pue = 1;
  const measure::IntensitySeries* series = nullptr;  // null: the window rows are left out
  std::string series_origin;
  std::vector<measure::CarbonFactor> countries;      // the carbon table
};

// Low-carbon energy: CO2eq = E × PUE × g at this run's g, the series' best / mean / worst window
// and best / worst hour of day, and the cleanest / dirtiest country of the table.
Lever LowCarbonLever(const CarbonLeverInput& in);
// Data centre: E × PUE × g at PUE 1.1, 1.6 and 2.0.
Lever DataCentreLever(const CarbonLeverInput& in);

// One step of the coarse-to-fine sweep of the campaign's trial count.
struct SweepStep {
  int64_t trials = 0;
  std::string shape;  // the formula shape chosen at this scale
  bool same = false;  // the full campaign's shape
};
struct AlgorithmLeverInput {
  int64_t tuples = 0, trials = 0;   // the full campaign
  std::string chosen_shape;         // its decision
  std::vector<SweepStep> steps;     // coarse to fine
  Energy campaign;                  // measured, full scale
  Energy sweep;                     // what the sweep itself cost (tracked)
  Energy training;                  // the MLP's training (does not depend on the trial count)
};
// Smallest scale whose decision matches and is confirmed by the next finer step (or is the
// finest tried); the campaign's cost there = measured cost × trials / full trials.
Lever AlgorithmLever(const AlgorithmLeverInput& in);

// Reuse: the published F1 instead of re-learning — from the grid's values of "f1" and
// "learned" (development energy and CO2eq avoided; AVEbsld difference, a tie within the
// combined uncertainty). Rows say "not assessed" when a value is.
Lever ReuseLever(const grid::Grid& g);

struct SearchLeverInput {
  int trainings_run = 2;             // the losses compared (phase_network)
  std::vector<int> hidden;           // the architecture trained
  std::vector<int> widths = {8, 16, 32};  // the exhaustive grid's width per hidden layer
  Energy training;                   // measured, all trainings run
};
// Hyper-parameter search: trainings counted × measured cost per training, for the search run and
// for the exhaustive grid widths^layers × losses.
Lever SearchLever(const SearchLeverInput& in);

// The section, rendered; "Levers (computed for this run)".
std::string LeversMarkdown(const std::vector<Lever>& levers);
std::string LeversHtml(const std::vector<Lever>& levers);
nlohmann::json LeversJson(const std::vector<Lever>& levers);

}  // namespace airgrid::study
