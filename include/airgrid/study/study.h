// `airgrid study`: the resilience evaluation of scheduling policies, end to end.
//
// RunStudy is a pipeline of phases (src/study/phase_*.h, one unit each, in this order):
// workloads → campaign → fit and selection → network training → policies (with their cost
// facts) → levers sweep → evaluation → grid → levers → report. The energy tracker and the clock are injected
// (StudyServices); the overload without them tracks this process with the steady clock.
//
// It generates (or reads) the workloads, runs the SC'17 trial campaign, fits the 576
// formula shapes, trains the MLP — each a tracked phase of the development life-cycle stage —
// evaluates every policy with the sc17 protocol in the three configurations (actual runtimes /
// requested times / requested times + EASY) while tracking the energy of use and each policy's
// decision cost, then builds the resilience grid (study_grid.h) and writes every output into
// `out_dir` (atomically, file by file): report.html, report.md, grid.json, grid-input.json
// (editable; `airgrid grid grid-input.json` re-renders it), results/<policy>.json, scores.csv,
// fit.json, mlp.json, energy.json, study.json, levers.json (the report's Levers section).
//
// Deterministic for its seeds, except the measured figures (time, energy) and what depends on
// them. Errors in the inputs (a bad trace) come back as InvalidInput naming the file.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "airgrid/base/progress.h"
#include "airgrid/base/status.h"
#include "airgrid/measure/energy_source.h"
#include "airgrid/measure/tracker.h"

namespace airgrid::study {

struct StudyOptions {
  std::string out_dir = "airgrid-study";
  std::string scale = "default";    // "small" (tests), "default", "paper" (SC'17 sizes)

  // Workloads: a Lublin–Feitelson machine of `procs` processors; training and evaluation parts
  // are generated with different seeds. `trace` (SWF) replaces the evaluation part.
  int32_t procs = 256;
  int64_t train_jobs = 10000;
  uint64_t train_seed = 1;
  int64_t eval_jobs = 40000;      // ~400 days of the model: ~26 sc17 windows
  uint64_t eval_seed = 2;
  std::string trace;
  int32_t trace_procs = 0;          // machine size override for a trace without header
  std::string trace_filter = "sc17";
  // Training part: "lublin" (generated, as above) or an SWF file read with trace_filter. With
  // train_fraction F in (0, 1), the training file's first F of jobs (in submit order) train and
  // the rest evaluate (a time split; `trace` is then ignored).
  std::string train_workload = "lublin";
  double train_fraction = 0;        // 0 = no split
  // User estimates of a generated evaluation part: "none" (requested = actual runtime) or
  // "tsafrir" (workload/estimates.h).
  std::string eval_estimates = "none";

  // Use: cluster energy of each schedule (sched/cluster_energy.h).
  std::string power_model = "dell-poweredge-r640";  // built-in name or CSV file
  double power_off_idle = -1;       // < 0: idle nodes stay on

  // Development.
  int64_t tuples = 216;
  int64_t trials = 20000;
  uint64_t seed = 1;
  int threads = 0;                  // 0 = all hardware threads
  int validate_top = 5;             // formula shapes re-ranked by simulation on training data
  std::vector<int> mlp_hidden = {16, 16};
  int mlp_epochs = 300;
  int policy_net_iterations = 30;   // ES iterations of the policy network (issue 17)

  // Use.
  double decisions_per_day = 100000;  // scheduling decisions a day on the projected cluster

  // Carbon accounting.
  std::string country;              // ISO code; empty = world average of the built-in table
  double carbon_intensity = -1;     // gCO2eq/kWh; < 0 = from the table
  double carbon_intensity_uncertainty = 0;  // gCO2eq/kWh, absolute (0: none stated)
  double pue = 1.0;
  // Hourly intensity series for the low-carbon lever (levers.h); empty = the shipped example
  // data/carbon_series_example.csv (synthetic, documented).
  std::string carbon_series;
  std::string embodied_device = "dell-poweredge-r640";  // built-in embodied table row (a typical 2-socket node)
  double tracker_interval_s = 0.5;

  bool progress = true;             // progress display on stderr
};

// The trace `airgrid study` evaluates on by default: data/traces/SDSC-SP2-1998-4.2-cln.swf.gz of
// the source tree this binary was built from (SC'17's evaluation trace, shipped).
std::string DefaultTracePath();

// Applies a named scale's sizes (small|default|paper) to `o`; InvalidInput for unknown names.
Status ApplyScale(const std::string& scale, StudyOptions* o);

struct StudyOutputs {
  std::string out_dir;
  std::vector<std::string> files;   // written, relative to out_dir
  std::string grid_text;            // terminal rendering of the grid
  std::vector<std::string> pareto;  // labels of the alternatives in the Pareto set
  double seconds = 0;
};

// The study's view of the energy tracker: consecutive phases that tile the run (each one ends at
// the instant the next begins, so the phases add up to the total).
class PhaseTracker {
 public:
  virtual ~PhaseTracker() = default;
  // Starts the run with its first phase.
  virtual Status Start(std::string first_phase) = 0;
  // Ends the current phase now and begins `next`; returns the ended phase's record (also kept
  // in the ledger).
  virtual measure::EnergyRecord Next(std::string next) = 0;
  // Ends the current phase and the run: `*last` gets the phase's record; returns the total.
  virtual Result<measure::EnergyRecord> Stop(measure::EnergyRecord* last) = 0;
  // Finished phases, in order, then (after Stop) nothing more.
  virtual const std::vector<measure::EnergyRecord>& ledger() const = 0;
  // What the tracker found about its sensors, "source: detail".
  virtual std::vector<std::string> notes() const = 0;
};

// Phases of a measure::Tracker (not owned; it must outlive the adapter).
std::unique_ptr<PhaseTracker> TrackPhases(measure::Tracker* tracker);

struct StudyServices {
  PhaseTracker* phases = nullptr;
  const Clock* clock = nullptr;
  std::ostream* log = nullptr;  // phase-by-phase narration
};

// Runs the whole study with the given services. `command_line` goes into every output's
// provenance.
Result<StudyOutputs> RunStudy(const StudyOptions& options, const std::string& command_line,
                              const StudyServices& services);

// Runs the whole study. `log` receives the phase-by-phase narration; progress bars go to
// stderr when options.progress. `command_line` goes into every output's provenance.
Result<StudyOutputs> RunStudy(const StudyOptions& options, const std::string& command_line,
                              std::ostream& log);

}  // namespace airgrid::study
