#include "airgrid/grid/report.h"

#include <algorithm>

#include "airgrid/base/step.h"

namespace airgrid::grid {
namespace {

std::optional<std::pair<size_t, size_t>> DefaultParetoAxes(const Grid& grid, const Analysis& analysis) {
  std::vector<size_t> numeric;
  for (size_t c : analysis.criteria_used)
    if (grid.criteria()[c].scale != Scale::kOrdinal) numeric.push_back(c);
  for (size_t i = 0; i < numeric.size(); ++i)
    for (size_t j = i + 1; j < numeric.size(); ++j)
      if (grid.criteria()[numeric[i]].area != grid.criteria()[numeric[j]].area)
        return std::pair{numeric[i], numeric[j]};
  if (numeric.size() >= 2) return std::pair{numeric[0], numeric[1]};
  return std::nullopt;
}

}  // namespace

Result<Report> BuildReport(Grid grid, ReportOptions options) {
  StepScope step("analysing the grid", grid.title);
  Report r{std::move(grid), std::move(options), {}, std::nullopt, std::nullopt, {}};
  r.analysis = Analyze(r.grid, r.options.analysis);
  const auto& axes = r.options.pareto_axes;
  if (!axes.empty()) {
    if (axes.size() != 2) return Status::InvalidInput("pareto axes: expected two criterion ids X,Y");
    auto x = r.grid.FindCriterion(axes[0]);
    auto y = r.grid.FindCriterion(axes[1]);
    if (!x) return Status::InvalidInput("pareto axes: unknown criterion \"" + axes[0] + "\"");
    if (!y) return Status::InvalidInput("pareto axes: unknown criterion \"" + axes[1] + "\"");
    if (*x == *y) return Status::InvalidInput("pareto axes: expected two different criteria");
    r.pareto_axes = std::pair{*x, *y};
  } else {
    r.pareto_axes = DefaultParetoAxes(r.grid, r.analysis);
  }
  for (const auto& [id, bounds] : r.options.radar_bounds) {
    if (!r.grid.FindCriterion(id)) return Status::InvalidInput("radar bounds: unknown criterion \"" + id + "\"");
    if (!(bounds.lo < bounds.hi)) return Status::InvalidInput("radar bounds of \"" + id + "\": expected lo < hi");
  }
  r.findings = MakeFindings(r.grid, r.analysis, r.options.analysis);
  if (r.options.aggregation) {
    auto agg = Aggregate(r.grid, r.analysis, *r.options.aggregation);
    if (!agg.ok()) return agg.status();
    r.aggregation = std::move(*agg);
  }
  return r;
}

std::string FormatValue(const Criterion& c, const Value& v, const Rubric& rubric) {
  switch (v.state()) {
    case Value::State::kNotAssessed: return "not assessed";
    case Value::State::kNumber:
      return v.uncertainty() > 0 ? FormatWithUncertainty(v.number(), v.uncertainty())
                                 : FormatNumber(v.number(), 3);
    case Value::State::kLevel: {
      std::string s = std::to_string(v.level());
      const RubricCriterion* r = rubric.Find(c.rubric);
      if (r)
        if (const RubricLevel* l = r->Find(v.level())) s.append(" ").append(l->name);
      if (v.levels().size() > 1) {
        s += " (median of";
        for (int l : v.levels()) s.append(" ").append(std::to_string(l));
        s += ")";
      }
      return s;
    }
  }
  return "?";
}

}  // namespace airgrid::grid
