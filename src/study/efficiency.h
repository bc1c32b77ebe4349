// Efficiency "in energy, time and size": performance gained per kWh of development, per fitted
// parameter and per FLOP of a decision — derived criteria computed from the grid's own values,
// so they say no more than the values they come from.
//
// For a policy p and the baseline b (FCFS): gain G = P_b − P_p, where P is AVEbsld with
// requested times + EASY (lower is better, so G > 0 is an improvement), and efficiency E = G / X
// for X = development energy (kWh), fitted parameters, or FLOPs per job scored.
// Uncertainty, first order in quadrature (independent inputs):
//   u_G² = u_Pb² + u_Pp²,   u_E² = (u_G / X)² + (G · u_X / X²)².
// Not assessed, with the reason, when any input is not assessed, when X = 0 (the ratio is
// undefined, not infinite: a rule has no development) and for the baseline itself. Measured
// only when every input is measured, else modelled; the method names the inputs and values.
#pragma once

#include <string>

#include "airgrid/base/status.h"
#include "airgrid/grid/grid.h"

namespace airgrid::study {

struct EfficiencyOptions {
  std::string baseline = "fcfs";                 // alternative id
  std::string performance = "perf.avg_bsld_easy";  // lower-is-better criterion
  std::string tool;                              // provenance "by"
};

// Ids of the derived criteria, in the order they are added.
inline constexpr const char* kEfficiencyCriteria[3] = {"eff.gain_per_dev_kwh", "eff.gain_per_parameter",
                                                       "eff.gain_per_flop"};

// Adds the three derived criteria and their values for every alternative. The performance,
// "env.dev_energy", "expl.parameters" and "env.flops_per_job" criteria must exist (InvalidInput
// naming the one missing), as must the baseline alternative.
Status AddEfficiencyCriteria(const EfficiencyOptions& o, grid::Grid* g);

}  // namespace airgrid::study
