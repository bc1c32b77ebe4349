#include "airgrid/grid/analysis.h"

#include <algorithm>
#include <cmath>

#include "airgrid/grid/format.h"

namespace airgrid::grid {

double DisplayStep(double x) {
  if (x == 0 || !std::isfinite(x)) return 0;
  return std::pow(10.0, std::floor(std::log10(std::abs(x))) - 2);
}

double TieThreshold(const Value& a, const Value& b) {
  const double u = a.uncertainty() + b.uncertainty();
  if (u > 0) return u;
  return std::max(DisplayStep(a.number()), DisplayStep(b.number()));
}

const Value& Effective(const Grid& grid, size_t a, size_t c) {
  static const Value kUnknown = Value::NotAssessed("level \"unknown\" is not evidence");
  const Value& v = grid.at(a, c);
  if (v.state() != Value::State::kLevel) return v;
  const RubricCriterion* r = grid.rubric().Find(grid.criteria()[c].rubric);
  const RubricLevel* l = r ? r->Find(v.level()) : nullptr;
  return l && l->name == "unknown" ? kUnknown : v;
}

Comparison Compare(const Criterion& c, const Value& a, const Value& b,
                   const AnalysisOptions& options) {
  if (!a.assessed() || !b.assessed()) return Comparison::kIncomparable;
  const double x = a.number(), y = b.number();
  const double diff = std::abs(x - y);
  if (diff == 0) return Comparison::kEqual;
  if (options.uncertainty_ties && c.scale != Scale::kOrdinal && diff <= TieThreshold(a, b))
    return Comparison::kEqual;
  const bool a_lower = x < y;
  const bool a_better = c.direction == Direction::kLowerIsBetter ? a_lower : !a_lower;
  return a_better ? Comparison::kBetter : Comparison::kWorse;
}

bool Vetoed(const Criterion& c, const Value& v) {
  if (!c.veto || !v.assessed()) return false;
  return c.direction == Direction::kLowerIsBetter ? v.number() > c.veto->threshold
                                                  : v.number() < c.veto->threshold;
}

namespace {

bool Dominates(const Grid& grid, size_t a, size_t b, const std::vector<size_t>& criteria,
               const AnalysisOptions& options) {
  bool strictly = false;
  for (size_t c : criteria) {
    switch (Compare(grid.criteria()[c], Effective(grid, a, c), Effective(grid, b, c), options)) {
      case Comparison::kBetter: strictly = true; break;
      case Comparison::kEqual: break;
      case Comparison::kWorse:
      case Comparison::kIncomparable: return false;
    }
  }
  return strictly;
}

std::vector<std::optional<int>> RankOne(const Grid& grid, size_t c, const AnalysisOptions& options) {
  const Criterion& crit = grid.criteria()[c];
  std::vector<size_t> order;
  for (size_t a = 0; a < grid.num_alternatives(); ++a)
    if (Effective(grid, a, c).assessed()) order.push_back(a);
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const double vx = grid.at(x, c).number(), vy = grid.at(y, c).number();
    return crit.direction == Direction::kLowerIsBetter ? vx < vy : vx > vy;
  });
  std::vector<std::optional<int>> rank(grid.num_alternatives());
  size_t group_head = 0;  // best member of the current tie group
  for (size_t i = 0; i < order.size(); ++i) {
    const bool tied = i > 0 && Compare(crit, grid.at(order[group_head], c), grid.at(order[i], c),
                                       options) == Comparison::kEqual;
    if (!tied) group_head = i;
    rank[order[i]] = static_cast<int>(group_head) + 1;
  }
  return rank;
}

}  // namespace

std::vector<size_t> ParetoSet(const Grid& grid, const std::vector<size_t>& alternatives,
                              const std::vector<size_t>& criteria, const AnalysisOptions& options) {
  std::vector<size_t> front;
  for (size_t a : alternatives) {
    bool dominated = false;
    for (size_t b : alternatives)
      if (b != a && Dominates(grid, b, a, criteria, options)) {
        dominated = true;
        break;
      }
    if (!dominated) front.push_back(a);
  }
  return front;
}

Analysis Analyze(const Grid& grid, const AnalysisOptions& options) {
  Analysis r;
  const size_t na = grid.num_alternatives(), nc = grid.num_criteria();
  for (size_t c = 0; c < nc; ++c) {
    bool any = false;
    for (size_t a = 0; a < na && !any; ++a) any = Effective(grid, a, c).assessed();
    (any ? r.criteria_used : r.criteria_excluded).push_back(c);
    if (!any)
      r.warnings.push_back("criterion \"" + grid.criteria()[c].id +
                           "\" is not assessed for any alternative: left out of the comparison");
  }
  r.vetoed.assign(na, false);
  r.veto_reasons.assign(na, "");
  for (size_t a = 0; a < na; ++a) {
    for (size_t c = 0; c < nc; ++c) {
      const Criterion& crit = grid.criteria()[c];
      if (!crit.veto) continue;
      const Value& v = grid.at(a, c);
      if (!v.assessed()) {
        r.warnings.push_back("veto on \"" + crit.id + "\" not checked for \"" +
                             grid.alternatives()[a].id + "\": not assessed");
      } else if (Vetoed(crit, v)) {
        r.vetoed[a] = true;
        if (!r.veto_reasons[a].empty()) r.veto_reasons[a] += "; ";
        r.veto_reasons[a] += crit.id + (crit.direction == Direction::kLowerIsBetter ? " > " : " < ") +
                             FormatNumber(crit.veto->threshold, 6);
        if (!crit.veto->reason.empty()) r.veto_reasons[a] += " (" + crit.veto->reason + ")";
      }
    }
  }
  r.dominance.assign(na, std::vector<bool>(na, false));
  for (size_t a = 0; a < na; ++a)
    for (size_t b = 0; b < na; ++b)
      if (a != b) r.dominance[a][b] = Dominates(grid, a, b, r.criteria_used, options);
  std::vector<size_t> eligible;
  for (size_t a = 0; a < na; ++a)
    if (!r.vetoed[a]) eligible.push_back(a);
  r.pareto = ParetoSet(grid, eligible, r.criteria_used, options);
  r.in_pareto.assign(na, false);
  for (size_t a : r.pareto) r.in_pareto[a] = true;
  for (size_t c = 0; c < nc; ++c) {
    r.rank.push_back(RankOne(grid, c, options));
    size_t assessed = 0, first = 0;
    for (const auto& k : r.rank.back())
      if (k) {
        ++assessed;
        first += *k == 1;
      }
    r.all_tied.push_back(assessed >= 2 && first == assessed);
  }
  return r;
}

}  // namespace airgrid::grid
