// Analysis of a grid without collapsing it into one score: pairwise comparison per criterion,
// the dominance matrix, the Pareto set, a ranking per criterion and vetoes.
//
// Contract.
// - Compare(a, b) on one criterion: kIncomparable when either value is not assessed; otherwise
//   better / worse / equal by the criterion's direction. With `uncertainty_ties`, two numbers
//   whose difference is not larger than the sum of their uncertainties are kEqual (the data
//   cannot tell them apart). Ordinal values compare their combined (median) levels.
// - a dominates b when, on every criterion considered, Compare(a, b) is better or equal, and
//   better at least once. An incomparable criterion blocks dominance in both directions: a
//   missing value never makes an alternative dominate, nor be dominated.
//   Criteria not assessed for any alternative say nothing about anyone and are left out of the
//   comparison (listed in Analysis::criteria_excluded).
// - Vetoes (grid.h, Veto) are checked on point values; a vetoed alternative is kept in the
//   tables and the dominance matrix but excluded from the Pareto set and from aggregation.
//   A not-assessed value on a veto criterion cannot trigger the veto; it is reported as a
//   warning ("veto on X not checked: not assessed").
// - Pareto set: non-vetoed alternatives dominated by no other non-vetoed alternative, in grid
//   order.
// - Ranking per criterion: standard competition ranking ("1224") of the assessed values, best
//   first, ties by exact equality (or by uncertainty with uncertainty_ties, against the best
//   of the tied group); not-assessed values get no rank.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "airgrid/grid/grid.h"

namespace airgrid::grid {

struct AnalysisOptions {
  bool uncertainty_ties = true;
};

enum class Comparison { kBetter, kWorse, kEqual, kIncomparable };

Comparison Compare(const Criterion& c, const Value& a, const Value& b,
                   const AnalysisOptions& options);

// True when `v` is strictly worse than the veto threshold of `c` (false when no veto or not
// assessed).
bool Vetoed(const Criterion& c, const Value& v);

struct Analysis {
  std::vector<size_t> criteria_used;      // criteria assessed for at least one alternative
  std::vector<size_t> criteria_excluded;  // not assessed for any alternative
  // dominance[a][b]: true when a dominates b (over criteria_used).
  std::vector<std::vector<bool>> dominance;
  std::vector<bool> vetoed;                     // per alternative
  std::vector<std::string> veto_reasons;        // per alternative, "" when not vetoed
  std::vector<size_t> pareto;                   // alternative indices
  std::vector<bool> in_pareto;                  // per alternative
  // rank[criterion][alternative]: 1 = best; nullopt when not assessed.
  std::vector<std::vector<std::optional<int>>> rank;
  std::vector<std::string> warnings;
};

Analysis Analyze(const Grid& grid, const AnalysisOptions& options);

// Pareto set of the given alternatives on the given criteria (used for the 2-D scatter).
std::vector<size_t> ParetoSet(const Grid& grid, const std::vector<size_t>& alternatives,
                              const std::vector<size_t>& criteria, const AnalysisOptions& options);

}  // namespace airgrid::grid
