#include "airgrid/grid/aggregation.h"

#include <algorithm>
#include <cmath>

#include "airgrid/grid/format.h"

namespace airgrid::grid {

double Normalise(double x, const Bounds& b, Direction d) {
  const double t = (x - b.lo) / (b.hi - b.lo);
  const double n = d == Direction::kHigherIsBetter ? t : 1.0 - t;
  return std::clamp(n, 0.0, 1.0);
}

namespace {

using TopsisIdeal = AggregationSpec::TopsisIdeal;

// Normalised matrix of the scored alternatives: rows[a] is empty when `a` is not scored.
struct Matrix {
  std::vector<std::vector<double>> rows;
};

struct Scores {
  std::vector<std::optional<double>> weighted_sum, topsis;
};

Scores Score(const Matrix& m, const std::vector<double>& w, TopsisIdeal ideal) {
  const size_t na = m.rows.size(), k = w.size();
  Scores s;
  s.weighted_sum.resize(na);
  s.topsis.resize(na);
  std::vector<double> best(k), worst(k);
  for (size_t j = 0; j < k; ++j) {
    best[j] = w[j];
    worst[j] = 0;
  }
  if (ideal == TopsisIdeal::kAlternatives) {
    bool first = true;
    for (const auto& row : m.rows) {
      if (row.empty()) continue;
      for (size_t j = 0; j < k; ++j) {
        const double v = w[j] * row[j];
        best[j] = first ? v : std::max(best[j], v);
        worst[j] = first ? v : std::min(worst[j], v);
      }
      first = false;
    }
  }
  for (size_t a = 0; a < na; ++a) {
    const auto& row = m.rows[a];
    if (row.empty()) continue;
    double sum = 0, d_plus = 0, d_minus = 0;
    for (size_t j = 0; j < k; ++j) {
      const double v = w[j] * row[j];
      sum += v;
      d_plus += (v - best[j]) * (v - best[j]);
      d_minus += (v - worst[j]) * (v - worst[j]);
    }
    d_plus = std::sqrt(d_plus);
    d_minus = std::sqrt(d_minus);
    s.weighted_sum[a] = sum;
    s.topsis[a] = d_plus + d_minus == 0 ? 0.5 : d_minus / (d_plus + d_minus);
  }
  return s;
}

std::optional<size_t> Winner(const std::vector<std::optional<double>>& scores) {
  std::optional<size_t> best;
  for (size_t a = 0; a < scores.size(); ++a)
    if (scores[a] && (!best || *scores[a] > *scores[*best])) best = a;
  return best;
}

Status Validate(const Grid& grid, const AggregationSpec& spec, AggregationResult& r) {
  if (spec.weights.empty())
    return Status::InvalidInput("aggregation: expected at least one weighted criterion");
  if (spec.sweep_steps < 1 || spec.sweep_steps > 1000)
    return Status::InvalidInput("aggregation: sweep_steps must be in 1..1000");
  double total = 0;
  for (const auto& w : spec.weights) {
    auto c = grid.FindCriterion(w.criterion);
    if (!c) return Status::InvalidInput("aggregation: unknown criterion \"" + w.criterion + "\"");
    if (std::find(r.criteria.begin(), r.criteria.end(), *c) != r.criteria.end())
      return Status::InvalidInput("aggregation: criterion \"" + w.criterion + "\" weighted twice");
    if (grid.criteria()[*c].scale == Scale::kOrdinal)
      return Status::InvalidInput("aggregation: criterion \"" + w.criterion +
                                  "\" is ordinal; its levels cannot be weighted or averaged "
                                  "(compare it through the Pareto set or a veto instead)");
    if (!std::isfinite(w.weight) || w.weight < 0)
      return Status::InvalidInput("aggregation: weight of \"" + w.criterion + "\" must be a finite number >= 0");
    if (!std::isfinite(w.bounds.lo) || !std::isfinite(w.bounds.hi) || !(w.bounds.lo < w.bounds.hi))
      return Status::InvalidInput("aggregation: bounds of \"" + w.criterion +
                                  "\" must be two finite numbers lo < hi");
    r.criteria.push_back(*c);
    r.weights.push_back(w.weight);
    r.bounds.push_back(w.bounds);
    total += w.weight;
  }
  if (!(total > 0)) return Status::InvalidInput("aggregation: at least one weight must be > 0");
  for (double& w : r.weights) w /= total;
  return Status::Ok();
}

// Builds the normalised matrix; records why an alternative is not scored and clamped values.
Matrix Normalised(const Grid& grid, const Analysis& analysis, AggregationResult& r) {
  Matrix m;
  m.rows.resize(grid.num_alternatives());
  r.unscored_reason.assign(grid.num_alternatives(), "");
  for (size_t a = 0; a < grid.num_alternatives(); ++a) {
    const std::string& id = grid.alternatives()[a].id;
    if (analysis.vetoed[a]) {
      r.unscored_reason[a] = "vetoed: " + analysis.veto_reasons[a];
      continue;
    }
    std::vector<double> row;
    for (size_t j = 0; j < r.criteria.size(); ++j) {
      const Criterion& c = grid.criteria()[r.criteria[j]];
      const Value& v = grid.at(a, r.criteria[j]);
      if (!v.assessed()) {
        r.unscored_reason[a] += (r.unscored_reason[a].empty() ? "not assessed on " : ", ") + c.id;
        continue;
      }
      const Bounds& b = r.bounds[j];
      if (v.number() < b.lo || v.number() > b.hi)
        r.assumptions.push_back(id + ": " + c.id + " = " + FormatNumber(v.number(), 4) +
                                " lies outside the bounds [" + FormatNumber(b.lo, 6) + ", " +
                                FormatNumber(b.hi, 6) + "] and is clamped");
      row.push_back(Normalise(v.number(), b, c.direction));
    }
    if (r.unscored_reason[a].empty()) m.rows[a] = std::move(row);
  }
  return m;
}

void DescribeAssumptions(const Grid& grid, const AggregationSpec& spec, AggregationResult& r) {
  std::vector<std::string> lines;
  lines.push_back("Aggregation is optional and hides trade-offs; the Pareto set and the table are the primary result.");
  for (size_t j = 0; j < r.criteria.size(); ++j) {
    const Criterion& c = grid.criteria()[r.criteria[j]];
    const Bounds& b = r.bounds[j];
    const bool lower = c.direction == Direction::kLowerIsBetter;
    lines.push_back("weight " + FormatNumber(r.weights[j], 3) + " on " + c.id + " (" + c.unit +
                    "): normalised linearly, " + FormatNumber(lower ? b.hi : b.lo, 6) + " -> 0, " +
                    FormatNumber(lower ? b.lo : b.hi, 6) + " -> 1 (fixed bounds, " +
                    (lower ? "lower" : "higher") + " is better)");
  }
  lines.push_back("weights rescaled to sum to 1; criteria without a weight are ignored by the scores");
  lines.push_back(spec.topsis_ideal == TopsisIdeal::kBounds
                      ? "TOPSIS ideal/anti-ideal points are the bounds (scores do not depend on the other alternatives)"
                      : "TOPSIS ideal/anti-ideal points are the best/worst scored alternatives (classical TOPSIS; rank reversal possible)");
  lines.push_back("vetoed alternatives and alternatives not assessed on a weighted criterion get no score");
  r.assumptions.insert(r.assumptions.begin(), lines.begin(), lines.end());
}

}  // namespace

Result<AggregationResult> Aggregate(const Grid& grid, const Analysis& analysis,
                                    const AggregationSpec& spec) {
  AggregationResult r;
  r.topsis_ideal = spec.topsis_ideal;
  AIRGRID_RETURN_IF_ERROR(Validate(grid, spec, r));
  const Matrix m = Normalised(grid, analysis, r);
  DescribeAssumptions(grid, spec, r);
  Scores s = Score(m, r.weights, spec.topsis_ideal);
  r.weighted_sum = std::move(s.weighted_sum);
  r.topsis = std::move(s.topsis);
  for (size_t j = 0; j < r.criteria.size(); ++j) {
    AggregationResult::Sweep sweep;
    sweep.criterion = r.criteria[j];
    const double others = 1.0 - r.weights[j];
    for (int step = 0; step <= spec.sweep_steps; ++step) {
      const double share = static_cast<double>(step) / spec.sweep_steps;
      std::vector<double> w(r.weights.size());
      for (size_t i = 0; i < w.size(); ++i) {
        if (i == j) w[i] = share;
        else if (others > 0) w[i] = r.weights[i] / others * (1.0 - share);
        else w[i] = (1.0 - share) / static_cast<double>(w.size() - 1);
      }
      Scores ps = Score(m, w, spec.topsis_ideal);
      AggregationResult::SweepPoint p;
      p.share = share;
      p.weighted_sum_winner = Winner(ps.weighted_sum);
      p.topsis_winner = Winner(ps.topsis);
      p.weighted_sum = std::move(ps.weighted_sum);
      p.topsis = std::move(ps.topsis);
      sweep.points.push_back(std::move(p));
    }
    r.sweeps.push_back(std::move(sweep));
  }
  return r;
}

}  // namespace airgrid::grid
