// Analysis of a grid without collapsing it into one score: pairwise comparison per criterion,
// the dominance matrix, the Pareto set, a ranking per criterion and vetoes.
//
// Contract.
// - Compare(a, b) on one criterion: kIncomparable when either value is not assessed; otherwise
//   better / worse / equal by the criterion's direction. With `uncertainty_ties` (the default),
//   two numbers are kEqual when their difference is not larger than TieThreshold(a, b): the sum
//   of their uncertainties, or, when neither has one, the display precision (one unit of the
//   third significant digit of the larger magnitude, what FormatNumber shows): the data, or
//   the report, cannot tell them apart. Ordinal values compare their combined (median) levels
//   exactly.
// - A rubric level named "unknown" (e.g. acceptability 2 "unknown": nobody was consulted) is
//   not evidence: the analysis treats it as not assessed (no rank, no star, blocks dominance
//   both ways); it is still displayed with its name.
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
//   first, ties by Compare (against the best of the tied group); not-assessed values get no
//   rank. all_tied[c] is true when every assessed value of c ties with the best: nobody is
//   "best" there (no star), and the criterion is listed among the ties in the findings.
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
// The largest difference that still counts as a tie between two numbers (see above).
double TieThreshold(const Value& a, const Value& b);
// One unit of the third significant digit of |x| (0 for 0).
double DisplayStep(double x);
// The value the analysis uses: `grid.at(a, c)`, or a not-assessed value for an "unknown" level.
const Value& Effective(const Grid& grid, size_t alternative, size_t criterion);

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
  std::vector<bool> all_tied;  // per criterion: at least two assessed values, all tied
  std::vector<std::string> warnings;
};

Analysis Analyze(const Grid& grid, const AnalysisOptions& options);

// Pareto set of the given alternatives on the given criteria (used for the 2-D scatter).
std::vector<size_t> ParetoSet(const Grid& grid, const std::vector<size_t>& alternatives,
                              const std::vector<size_t>& criteria, const AnalysisOptions& options);

}  // namespace airgrid::grid
