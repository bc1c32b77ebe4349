// The energy the simulated cluster draws while it runs a schedule: a stated power model of the
// machine applied to the per-job records of a run (job_record.h), never to simulator internals.
//
// Contract:
// - Machine: one simulated processor stands for one node of the power model (as on the SDSC
//   SP2, whose processors were single-CPU nodes, and as in Batsim's homogeneous platforms).
//   A node draws busy_w while a job holds it and idle_w otherwise (two-state linear model of
//   SimGrid/Batsim's host energy plugin at one pstate).
// - Horizon of a window (protocol window, or the whole run in `trace` mode): from the first
//   submit of its jobs (state jobs included) to its last completion. A run's figures are sums
//   over its windows (each window is an independent simulation from an empty machine).
// - busy energy = Σ_jobs procs · (end − start) · busy_w. It depends only on the jobs and their
//   runtimes, so it is the same for every policy on one workload (unless jobs are killed).
// - idle energy = what the nodes draw while they hold no job, within the horizon:
//   without power-off, idle processor-seconds · idle_w. With power-off (PowerOff::enabled), jobs
//   are mapped to nodes after the fact (a job takes the most recently freed nodes, which is how
//   a power-aware resource manager keeps idle time on few nodes), and every idle gap of a node
//   of length g ≥ timeout + shutdown_s + boot_s is spent as: timeout at idle_w, shutdown
//   (shutdown_j), off at off_w, boot (boot_j) finished exactly when the node is needed again
//   (a perfectly timed wake-up: the schedule is unchanged, so this is the saving's upper
//   bound). Shorter gaps stay idle. Gaps at the start and end of the horizon are treated alike.
// - total = busy + idle (exactly); per job = total / jobs in the horizon (state jobs included).
// - CO2eq (kg) = total kWh · PUE · intensity (g/kWh) / 1000.
// - Uncertainty: every power of the model is known to a relative half-width `uncertainty`
//   (a declared figure, stated in data/power_models.csv); the energies are linear in the
//   powers, so every figure's band is value · (1 ± uncertainty).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "airgrid/base/status.h"
#include "airgrid/sched/job_record.h"

namespace airgrid::sched {

// One row of data/power_models.csv. Power-off fields are NaN when the source does not state them.
struct PowerModel {
  std::string name;
  std::string node;          // what the row describes
  double cores = 0;          // cores per node; NaN when not stated
  double idle_w = 0, busy_w = 0;
  double off_w = 0, shutdown_s = 0, shutdown_j = 0, boot_s = 0, boot_j = 0;
  double uncertainty = 0;    // relative half-width of every power, in [0, 1)
  std::string source;
  int year = 0;
  std::string origin;        // file the row came from ("builtin data/power_models.csv")

  bool CanPowerOff() const;  // off_w, shutdown_*, boot_* all stated
};

// CSV with header name,node,cores,idle_w,busy_w,off_w,shutdown_s,shutdown_j,boot_s,boot_j,
// uncertainty,source,year. Refuses (InvalidInput naming origin, line and field) a missing or
// negative power, idle_w > busy_w, an off_w above idle_w, a missing source or year, an
// uncertainty outside [0, 1), duplicate names. Power-off fields: all empty or all stated.
Result<std::vector<PowerModel>> ParsePowerModels(const std::string& csv, const std::string& origin);
const std::vector<PowerModel>& BuiltinPowerModels();
std::vector<std::string> BuiltinPowerModelNames();

// A built-in model's name, or a CSV file holding exactly one model. Unknown names:
// InvalidInput listing the built-in names.
Result<PowerModel> ResolvePowerModel(const std::string& name_or_file);

struct PowerOff {
  bool enabled = false;
  double idle_timeout_s = 0;  // idle time before a node is switched off (>= 0)
};

// One window's share of a run's figures.
struct WindowEnergy {
  int32_t window = 0;
  double horizon_s = 0;        // last completion − first submit
  double submit_span_s = 0;    // last submit − first submit: the same under every policy
  double busy_j = 0, idle_j = 0;
};

struct ClusterEnergy {
  std::string model;              // PowerModel::name
  bool power_off = false;
  double idle_timeout_s = 0;
  double horizon_s = 0;           // Σ over windows of (last completion − first submit)
  int64_t jobs = 0;               // records in the horizon (state jobs included)
  double busy_proc_s = 0;         // processor-seconds holding a job
  double idle_proc_s = 0;         // processor-seconds holding none (on, off or switching)
  double off_proc_s = 0;          // of which switched off (0 without power-off)
  int64_t shutdowns = 0;          // node switch-offs (each followed by a boot)
  double busy_j = 0, idle_j = 0, total_j = 0;
  double per_job_j = 0;           // NaN without jobs
  double uncertainty = 0;         // relative half-width of every energy figure
  std::vector<WindowEnergy> per_window;  // by window index

  double Low(double v) const { return v * (1 - uncertainty); }
  double High(double v) const { return v * (1 + uncertainty); }
};

// Energy of `run` under `model`. InvalidInput when power-off is asked of a model without
// power-off figures or with a negative timeout; Internal when the records hold more
// processors at once than the machine has (records not from the simulator).
Result<ClusterEnergy> ComputeClusterEnergy(const RunResult& run, const PowerModel& model,
                                           const PowerOff& power_off = {});

// kgCO2eq of `joules` at `g_per_kwh` and `pue`.
double KgCo2eq(double joules, double g_per_kwh, double pue);

// Every field, with low/high bands; `g_per_kwh` and `pue` give the CO2eq lines.
nlohmann::json ToJson(const ClusterEnergy& e, double g_per_kwh, double pue);
nlohmann::json ToJson(const PowerModel& m);

}  // namespace airgrid::sched
