// The study's use-phase figures of a scheduling policy: the energy the simulated cluster draws
// to run the evaluation workload under it (sched/cluster_energy.h), per day of workload, with
// its uncertainty; the break-even of a learned policy's development against FCFS; and F1's
// published development cost converted to energy.
//
// Contract:
// - Day of workload: the evaluation's windows cover D = Σ_windows (last submit − first submit)
//   of submitted work, the same under every policy. Cluster energy per day = total energy / D:
//   the energy to serve one day of the workload's submissions. Its uncertainty combines, in
//   quadrature, the power model's declared band (relative, common to every policy) and the
//   standard error over windows of the per-window energy per day.
// - Daily saving against FCFS, S = (E_fcfs − E_policy) / D; its uncertainty: twice the standard
//   error over windows of the paired per-window savings (windows are cut from the workload, the
//   same for every policy), and the model band scaling S by (1 ± u).
// - Break-even: development energy Dev / S days; "never" when S <= 0. Interval from the
//   saving's interval [S_lo, S_hi] and Dev's: [Dev_lo / S_hi, Dev_hi / S_lo] ("never" as the
//   upper end when S_lo <= 0). For the grid, which holds finite numbers only, the same figure is
//   also given as paybacks per year, max(0, 365·S / Dev): 0 = never pays back.
// - F1 (published): Carastan-Santos & de Camargo's campaign, stated as "150 h of computation"
//   (the talk "Simulation = 150 h de calcul"; SC'17). Declared hours, read as core-hours, times
//   a stated per-core power (busy node power / cores of a power model, with its band): a
//   modelled energy; CO2eq = energy · PUE · intensity.
#pragma once

#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/sched/cluster_energy.h"

namespace airgrid::study {

struct ClusterUse {
  sched::ClusterEnergy energy;
  double days = 0;                 // D, days of submitted work
  double kwh_per_day = 0;
  double kwh_per_day_unc = 0;      // model band ⊕ window standard error
  std::vector<double> window_kwh_per_day;  // per window (windows with a submit span > 0)
};

// Cluster use of one simulated run. InvalidInput when the windows cover no submit span.
Result<ClusterUse> AssessClusterUse(const sched::RunResult& run, const sched::PowerModel& model,
                                    const sched::PowerOff& off = {});

struct BreakEven {
  double saving_kwh_per_day = 0;
  double saving_low = 0, saving_high = 0;
  bool never = false;              // S <= 0
  double days = 0, days_low = 0, days_high = 0;
  bool high_never = false;         // S_lo <= 0: the interval's upper end is "never"
  double per_year = 0, per_year_unc = 0;  // max(0, 365·S / Dev), half-width of its interval
  std::string text;                // "after 41 days [23, 170]" or "never (saves ... )"
};

// `dev_kwh` ± `dev_kwh_unc`: the policy's development energy. Both uses must come from runs on
// the same windows with the same power model (its band is policy.energy.uncertainty).
BreakEven ComputeBreakEven(double dev_kwh, double dev_kwh_unc, const ClusterUse& policy,
                           const ClusterUse& fcfs);

struct PublishedDevelopment {
  double hours = 150;              // declared
  double watts_per_core = 0;       // busy node power / cores
  double kwh = 0, kwh_unc = 0;     // modelled
  double co2_kg = 0, co2_kg_unc = 0;
  std::string source;              // citation of the 150 h
  std::string method;              // how the conversion was done, with its constants
};

// F1's development from the published 150 h, with the per-core power of `model` (its busy power
// / its cores; InvalidInput when the model states no cores).
// `g_per_kwh_unc`: the intensity's absolute uncertainty (relative ones combined in quadrature).
Result<PublishedDevelopment> F1PublishedDevelopment(const sched::PowerModel& model,
                                                    double g_per_kwh, double pue, double g_per_kwh_unc = 0);

}  // namespace airgrid::study
