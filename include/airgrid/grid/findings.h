// Findings: what a grid says, in sentences generated from its analysis, for the opening of every
// report (Markdown, HTML, text, JSON).
//
// Contract.
// - Only differences beyond uncertainty are findings: two values that Compare() calls equal
//   (analysis.h: within their combined uncertainty, or the display precision without one) are
//   reported as tied, never as better or worse.
// - Per area, per criterion assessed for at least two alternatives and not all tied: the best
//   tie group, the worst tie group and by how much the best differs from the worst: a ratio
//   with its interval (ratio scale, both values > 0: [(w − u_w)/(b + u_b), (w + u_w)/(b − u_b)])
//   or a difference with its uncertainty (u_a + u_b). Ordinal criteria name the levels.
//   Alternatives not assessed (or at an "unknown" level) are named as such.
// - Trade-offs: one sentence per pair of Pareto members that each beat the other somewhere
//   beyond uncertainty, with the size of the first gain and of the first loss.
// - Pareto reasons: one sentence per Pareto member: where it is best (or tied best), else why no
//   other alternative dominates it (better somewhere, or not comparable on a criterion).
// - all_tied: the criteria on which every assessed alternative ties (no winner there).
// - Pure function of the grid and analysis: same input, same sentences.
#pragma once

#include <string>
#include <vector>

#include "airgrid/grid/analysis.h"
#include "airgrid/grid/grid.h"

namespace airgrid::grid {

struct Findings {
  struct AreaFindings {
    Area area = Area::kPerformance;
    std::vector<std::string> lines;
  };
  std::vector<AreaFindings> areas;          // areas with at least one non-tied criterion
  std::vector<std::string> trade_offs;
  std::vector<std::string> pareto_reasons;
  std::vector<std::string> all_tied;        // criterion labels
  // Set by callers that ran the whole pipeline more than once (study --repeats, study/repeats.h):
  // whether the extra compute changed any conclusion. Rendered when non-empty.
  std::vector<std::string> repeats;
};

Findings MakeFindings(const Grid& grid, const Analysis& analysis, const AnalysisOptions& options);

// "2.3× (1.9–2.8×)" or "12 ± 3 s" — how much `worse` differs from `better` on `c` (no unit for
// ratios, the criterion's unit for differences). Exposed for tests.
std::string Gap(const Criterion& c, const Value& better, const Value& worse);

}  // namespace airgrid::grid
