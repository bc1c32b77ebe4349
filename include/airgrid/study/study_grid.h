// Turns the study's measured results into the resilience grid: one alternative per policy,
// typed criteria in every area (performance, environment, fairness, explainability and
// accessibility, need and rebound, conviviality and low-tech, responsible AI). Separate from
// the pipeline so it can be tested on hand-made results.
//
// Rules: a figure that was not measured or cannot be computed is "not assessed" with its reason
// (e.g. per-user fairness on a workload without user ids), never 0. Energy and CO2eq values are
// `measured` only when every tracked record behind them is (measure::EnergyRecord::kind()),
// else `modelled` with the parts listed, and carry the records' uncertainty (summed: the model's
// error is systematic across phases); embodied figures carry ±50 % (methodology). Rules (FCFS, SPT) need no
// development: their development figures are a declared 0. The published F1 was developed by its
// authors, whose cost is unknown: not assessed; what it costs to reproduce it here is measured
// (the re-learned formula's pipeline). Ordinal criteria get the default levels and rationales
// written for this case study (study_grid.cc); the user edits them in grid-input.json.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/grid/grid.h"
#include "airgrid/measure/tracker.h"
#include "airgrid/sched/run_metrics.h"
#include "airgrid/study/use_phase.h"

namespace airgrid::study {

enum class PolicyKind { kRule, kPublishedFormula, kLearnedFormula, kMlp };

// The three evaluation configurations, in this order in PolicyResult::configs.
inline constexpr const char* kConfigNames[3] = {"actual", "requested", "requested+easy"};

struct PolicyResult {
  std::string id;           // "fcfs", "f1", "learned", "mlp"
  std::string label;        // "SC'17 F1 (published)"
  std::string spec;         // sched::MakePolicy spec
  std::string description;
  PolicyKind kind = PolicyKind::kRule;
  std::vector<sched::RunMetrics> configs;  // kConfigNames order

  // Development phases charged to this policy (campaign, fit or training), as tracked.
  std::vector<measure::EnergyRecord> development;
  // CPU seconds the development needs (to reproduce it); NaN = unknown.
  double reproduce_cpu_s = std::numeric_limits<double>::quiet_NaN();
  std::string reproduce_note;

  // Use: energy per scheduling decision (J), its absolute uncertainty and how it was obtained.
  double use_j_per_decision = std::numeric_limits<double>::quiet_NaN();
  double use_uncertainty_j = 0;
  std::string use_method;

  // Model: fitted parameters, stored size, floating-point operations per job scored.
  int64_t parameters = 0;
  int64_t model_bytes = 0;
  int64_t flops_per_job = 0;
  std::string model_note;   // how these were counted

  // Use: the cluster's energy running the evaluation under this policy, per configuration
  // (kConfigNames order; use_phase.h); empty when not computed.
  std::vector<ClusterUse> cluster;
  // Break-even of the development against FCFS, per configuration; empty for rules.
  std::vector<BreakEven> break_even;
  // F1 (published): its authors' development from the published hours, declared and converted.
  std::optional<PublishedDevelopment> published_development;
};

struct StudyGridInput {
  std::string title = "Scheduling policies on the airgrid resilience grid";
  std::string workload;                 // description of the evaluation workload
  bool workload_has_users = false;      // SWF field 12 present
  double decisions_per_day = 100000;
  double carbon_g_per_kwh = 475;
  double carbon_uncertainty_g_per_kwh = 0;  // absolute; combined in quadrature into every CO2eq
  std::string carbon_source;
  double pue = 1.0;
  std::string tool;                     // "airgrid 0.1.0 study"
  // The report's Setup block (grid.h, Grid::setup): CPU, energy method, carbon, PUE, embodied
  // device, workloads, seeds.
  std::vector<std::pair<std::string, std::string>> setup;
  std::string power_model;              // how cluster energy was modelled (name, source, year)
  std::vector<std::string> notes;       // said in the report (e.g. configurations that coincide)
  std::vector<PolicyResult> policies;
};

Result<grid::Grid> BuildStudyGrid(const StudyGridInput& input);

}  // namespace airgrid::study
