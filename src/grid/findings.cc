#include "airgrid/grid/findings.h"

#include <algorithm>
#include <cmath>

#include "airgrid/grid/format.h"
#include "airgrid/grid/report.h"
#include "grid/render_internal.h"

namespace airgrid::grid {
namespace {

using internal::DisplayOrder;
using internal::UnitSuffix;

std::string WithUnit(const std::string& text, const Criterion& c) {
  const std::string u = UnitSuffix(c.unit);
  return u.empty() || c.scale == Scale::kOrdinal ? text : text + " " + u;
}

std::string Labels(const Grid& g, const std::vector<size_t>& alternatives) {
  std::string s;
  for (size_t i = 0; i < alternatives.size(); ++i) {
    if (i > 0) s += i + 1 == alternatives.size() ? " and " : ", ";
    s += g.alternatives()[alternatives[i]].label;
  }
  return s;
}

// "A, B and 3 more" for long lists of criteria.
std::string CriteriaList(const Grid& g, const std::vector<size_t>& criteria, size_t max_shown) {
  std::string s;
  for (size_t i = 0; i < criteria.size() && i < max_shown; ++i)
    s += (i ? ", " : "") + g.criteria()[criteria[i]].label;
  if (criteria.size() > max_shown) s += " and " + std::to_string(criteria.size() - max_shown) + " more";
  return s;
}

std::string Shown(const Grid& g, size_t a, size_t c) {
  return g.alternatives()[a].label + " " + WithUnit(FormatValue(g.criteria()[c], g.at(a, c), g.rubric()), g.criteria()[c]);
}

// The tie groups of a criterion from its ranks: best first.
std::vector<std::vector<size_t>> RankGroups(const Analysis& an, size_t c) {
  std::vector<std::pair<int, size_t>> ranked;
  for (size_t a = 0; a < an.rank[c].size(); ++a)
    if (an.rank[c][a]) ranked.push_back({*an.rank[c][a], a});
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::vector<size_t>> groups;
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (i == 0 || ranked[i].first != ranked[i - 1].first) groups.emplace_back();
    groups.back().push_back(ranked[i].second);
  }
  return groups;
}

std::string CriterionLine(const Grid& g, const Analysis& an, size_t c) {
  const Criterion& crit = g.criteria()[c];
  const auto groups = RankGroups(an, c);
  const std::vector<size_t>& best = groups.front();
  const std::vector<size_t>& worst = groups.back();
  std::string line = crit.label + ": ";
  line += best.size() > 1 ? Labels(g, best) + " tie best (" + Shown(g, best[0], c) + ")"
                          : "best " + Shown(g, best[0], c);
  line += "; worst " + (worst.size() > 1 ? Labels(g, worst) + " (tied, " : "") + Shown(g, worst[0], c) +
          (worst.size() > 1 ? ")" : "");
  if (crit.scale != Scale::kOrdinal) line += "; gap " + Gap(crit, g.at(best[0], c), g.at(worst[0], c));
  std::vector<size_t> missing;
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    if (!an.rank[c][a]) missing.push_back(a);
  if (!missing.empty()) line += "; not ranked (not assessed or unknown): " + Labels(g, missing);
  return line + ".";
}

// How `a` compares with `b` on `c`, beyond uncertainty: "15 ± 4 % lower" or "2.3× higher".
std::string Relative(const Criterion& c, const Value& a, const Value& b, const Rubric& rubric) {
  if (c.scale == Scale::kOrdinal) return "level " + FormatValue(c, a, rubric) + " against " + FormatValue(c, b, rubric);
  const double x = a.number(), y = b.number();
  const char* dir = x < y ? "lower" : "higher";
  if (c.scale == Scale::kRatio && x > 0 && y > 0) {
    const double r = x / y;
    if (r >= 2 || r <= 0.5) return FormatNumber(r >= 1 ? r : 1 / r, 2) + "× " + dir;
    const double rel = 100 * std::abs(x - y) / y;
    const double u = 100 * std::hypot(a.uncertainty(), r * b.uncertainty()) / y;
    return (u > 0 ? FormatWithUncertainty(rel, u) : FormatNumber(rel, 2)) + " % " + dir;
  }
  return WithUnit(FormatWithUncertainty(std::abs(x - y), a.uncertainty() + b.uncertainty()), c) + " " + dir;
}

std::vector<std::string> TradeOffs(const Grid& g, const Analysis& an, const AnalysisOptions& o) {
  std::vector<std::string> out;
  for (size_t i = 0; i < an.pareto.size(); ++i)
    for (size_t j = i + 1; j < an.pareto.size(); ++j) {
      const size_t a = an.pareto[i], b = an.pareto[j];
      std::vector<size_t> gains, losses;
      for (size_t c : DisplayOrder(g)) {
        const Comparison k = Compare(g.criteria()[c], Effective(g, a, c), Effective(g, b, c), o);
        if (k == Comparison::kBetter) gains.push_back(c);
        if (k == Comparison::kWorse) losses.push_back(c);
      }
      if (gains.empty() || losses.empty()) continue;
      const Criterion& cg = g.criteria()[gains[0]];
      const Criterion& cl = g.criteria()[losses[0]];
      std::string s = g.alternatives()[a].label + " against " + g.alternatives()[b].label + ": " +
                      Relative(cg, g.at(a, gains[0]), g.at(b, gains[0]), g.rubric()) + " " + cg.label;
      if (gains.size() > 1) s += " (better also on " + CriteriaList(g, {gains.begin() + 1, gains.end()}, 3) + ")";
      s += ", at " + Relative(cl, g.at(a, losses[0]), g.at(b, losses[0]), g.rubric()) + " " + cl.label;
      if (losses.size() > 1) s += " (worse also on " + CriteriaList(g, {losses.begin() + 1, losses.end()}, 3) + ")";
      out.push_back(s + ".");
    }
  return out;
}

std::string ParetoReason(const Grid& g, const Analysis& an, const AnalysisOptions& o, size_t a) {
  std::vector<size_t> sole, shared;
  for (size_t c : DisplayOrder(g)) {
    if (!an.rank[c][a] || *an.rank[c][a] != 1 || an.all_tied[c]) continue;
    size_t firsts = 0;
    for (const auto& k : an.rank[c]) firsts += k && *k == 1;
    (firsts == 1 ? sole : shared).push_back(c);
  }
  const std::string& name = g.alternatives()[a].label;
  if (!sole.empty())
    return name + ": alone best on " + CriteriaList(g, sole, 4) +
           (shared.empty() ? "" : "; tied best on " + CriteriaList(g, shared, 3)) + ".";
  if (!shared.empty()) return name + ": tied best on " + CriteriaList(g, shared, 4) + ".";
  // Best nowhere: say, for each other candidate, what stops it from dominating.
  std::string s = name + ": best nowhere, but not dominated:";
  for (size_t b : an.pareto) {
    if (b == a) continue;
    std::string why;
    for (size_t c : DisplayOrder(g)) {
      const Comparison k = Compare(g.criteria()[c], Effective(g, a, c), Effective(g, b, c), o);
      if (k == Comparison::kBetter) {
        why = "better than " + g.alternatives()[b].label + " on " + g.criteria()[c].label;
        break;
      }
      if (k == Comparison::kIncomparable && why.empty())
        why = "not comparable with " + g.alternatives()[b].label + " on " + g.criteria()[c].label +
              " (not assessed or unknown)";
    }
    if (!why.empty()) s += " " + why + ";";
  }
  if (s.back() == ';') s.back() = '.';
  else s += " no other alternative is at least as good everywhere.";
  return s;
}

}  // namespace

std::string Gap(const Criterion& c, const Value& better, const Value& worse) {
  const double b = better.number(), w = worse.number(), ub = better.uncertainty(), uw = worse.uncertainty();
  const double lo_v = std::min(b, w), hi_v = std::max(b, w);
  const double u_lo = b <= w ? ub : uw, u_hi = b <= w ? uw : ub;
  if (c.scale == Scale::kRatio && lo_v > 0) {
    const double r = hi_v / lo_v;
    std::string s = FormatNumber(r, 3) + "×";
    if (u_lo > 0 || u_hi > 0) {
      const double lo = (hi_v - u_hi) / (lo_v + u_lo);
      const std::string hi = lo_v - u_lo > 0 ? FormatNumber((hi_v + u_hi) / (lo_v - u_lo), 3) : "∞";
      s += " (interval " + FormatNumber(lo, 3) + "–" + hi + "×)";
    }
    return s;
  }
  return WithUnit(FormatWithUncertainty(hi_v - lo_v, ub + uw), c);
}

Findings MakeFindings(const Grid& g, const Analysis& an, const AnalysisOptions& o) {
  Findings f;
  for (size_t c : DisplayOrder(g)) {
    const auto groups = RankGroups(an, c);
    if (an.all_tied[c]) {
      f.all_tied.push_back(g.criteria()[c].label);
      continue;
    }
    if (groups.size() < 2) continue;  // fewer than two ranked values: nothing to compare
    const Area area = g.criteria()[c].area;
    if (f.areas.empty() || f.areas.back().area != area) f.areas.push_back({area, {}});
    f.areas.back().lines.push_back(CriterionLine(g, an, c));
  }
  f.trade_offs = TradeOffs(g, an, o);
  for (size_t a : an.pareto) f.pareto_reasons.push_back(ParetoReason(g, an, o, a));
  return f;
}

}  // namespace airgrid::grid
