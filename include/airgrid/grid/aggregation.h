// Optional aggregation of a grid into one score per alternative, only on the user's explicit
// request: weights for some criteria and fixed normalisation bounds for each weighted one.
//
// Contract.
// - Normalisation: for a weighted criterion with bounds [lo, hi] (lo < hi, in the criterion's
//   unit), n(x) = (x − lo)/(hi − lo) when higher is better and (hi − x)/(hi − lo) when lower is
//   better, so 1 is best. Values outside the bounds are clamped to [0, 1] and listed in the
//   assumptions. Bounds are fixed by the user, never taken from the data: adding or removing an
//   alternative never changes another's score.
// - Weights are non-negative, at least one positive, and are rescaled to sum to 1.
// - Ordinal criteria cannot be weighted (that would average level numbers): an error.
// - Weighted sum S = Σ w_j n_j. TOPSIS on v_j = w_j n_j: D+ = ‖v − v+‖, D− = ‖v − v−‖,
//   C = D− / (D+ + D−). The ideal v+ and anti-ideal v− are the bounds (w_j and 0) by default
//   (no rank reversal), or, with TopsisIdeal::kAlternatives, the best and worst v_j among the
//   scored alternatives (classical TOPSIS, Hwang & Yoon 1981); when these coincide on every
//   criterion (D+ = D− = 0), C = 0.5 by convention.
// - An alternative that is vetoed, or not assessed on any weighted criterion, gets no score
//   (nullopt) and the reason; never a 0.
// - Sensitivity sweep: for each weighted criterion j and share s in {0, 1/steps, ..., 1}, w_j = s
//   and the other weights are rescaled proportionally to sum to 1 − s; the sweep records both
//   methods' scores and winners at each point.
// - Errors (Status::InvalidInput) name the criterion and what was expected.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/grid/analysis.h"
#include "airgrid/grid/grid.h"

namespace airgrid::grid {

struct Bounds {
  double lo = 0, hi = 1;
};

struct AggregationSpec {
  struct Weight {
    std::string criterion;
    double weight = 0;
    Bounds bounds;
  };
  std::vector<Weight> weights;
  enum class TopsisIdeal { kBounds, kAlternatives };
  TopsisIdeal topsis_ideal = TopsisIdeal::kBounds;
  int sweep_steps = 10;
};

struct AggregationResult {
  std::vector<size_t> criteria;  // weighted criteria, in spec order
  std::vector<double> weights;   // rescaled to sum to 1
  std::vector<Bounds> bounds;
  AggregationSpec::TopsisIdeal topsis_ideal = AggregationSpec::TopsisIdeal::kBounds;
  std::vector<std::string> assumptions;  // human-readable lines, printed with the scores
  // Per alternative.
  std::vector<std::optional<double>> weighted_sum;
  std::vector<std::optional<double>> topsis;
  std::vector<std::string> unscored_reason;

  struct SweepPoint {
    double share = 0;
    std::vector<std::optional<double>> weighted_sum, topsis;  // per alternative
    std::optional<size_t> weighted_sum_winner, topsis_winner;
  };
  struct Sweep {
    size_t criterion = 0;
    std::vector<SweepPoint> points;
  };
  std::vector<Sweep> sweeps;
};

// Normalised value n(x) in [0, 1] (1 best), clamped.
double Normalise(double x, const Bounds& b, Direction d);

Result<AggregationResult> Aggregate(const Grid& grid, const Analysis& analysis,
                                    const AggregationSpec& spec);

}  // namespace airgrid::grid
