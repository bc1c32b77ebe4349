#include <cmath>

#include <nlohmann/json.hpp>

#include "airgrid/grid/report.h"
#include "grid/render_internal.h"

namespace airgrid::grid {
namespace {

using nlohmann::json;

json OptionalNumber(const std::optional<double>& x) { return x ? json(*x) : json(nullptr); }

json ProvenanceToJson(const Provenance& p) {
  return {{"kind", ToString(p.kind)}, {"by", p.by}, {"method", p.method}, {"source", p.source}};
}

json ValueToJson(const Grid& g, const Analysis& an, size_t a, size_t c) {
  const Criterion& crit = g.criteria()[c];
  const Value& v = g.at(a, c);
  json j;
  j["display"] = FormatValue(crit, v, g.rubric());
  switch (v.state()) {
    case Value::State::kNotAssessed:
      j["state"] = "not_assessed";
      j["reason"] = v.reason();
      return j;
    case Value::State::kNumber:
      j["state"] = "number";
      j["value"] = v.number();
      j["uncertainty"] = v.uncertainty();
      break;
    case Value::State::kLevel:
      j["state"] = "level";
      j["level"] = v.level();
      j["levels"] = v.levels();
      j["rationale"] = v.rationale();
      j["evidence"] = v.evidence();
      break;
  }
  j["provenance"] = ProvenanceToJson(v.provenance());
  j["rank"] = an.rank[c][a] ? json(*an.rank[c][a]) : json(nullptr);
  j["best"] = internal::IsBest(an, c, a);
  j["vetoed"] = Vetoed(crit, v);
  return j;
}

json CriterionToJson(const Criterion& c) {
  json j = {{"id", c.id},       {"label", c.label},         {"area", ToString(c.area)},
            {"unit", c.unit},   {"direction", ToString(c.direction)},
            {"scale", ToString(c.scale)}, {"phase", ToString(c.phase)},
            {"description", c.description}};
  if (!c.rubric.empty()) j["rubric"] = c.rubric;
  if (c.veto) j["veto"] = {{"threshold", c.veto->threshold}, {"reason", c.veto->reason}};
  return j;
}

json AggregationToJson(const Report& r) {
  const Grid& g = r.grid;
  const AggregationResult& agg = *r.aggregation;
  json j;
  j["assumptions"] = agg.assumptions;
  j["topsis_ideal"] = agg.topsis_ideal == AggregationSpec::TopsisIdeal::kBounds ? "bounds" : "alternatives";
  for (size_t k = 0; k < agg.criteria.size(); ++k)
    j["weights"].push_back({{"criterion", g.criteria()[agg.criteria[k]].id},
                            {"weight", agg.weights[k]},
                            {"bounds", {agg.bounds[k].lo, agg.bounds[k].hi}}});
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    j["scores"].push_back({{"alternative", g.alternatives()[a].id},
                           {"weighted_sum", OptionalNumber(agg.weighted_sum[a])},
                           {"topsis", OptionalNumber(agg.topsis[a])},
                           {"unscored_reason", agg.unscored_reason[a]}});
  for (const auto& sweep : agg.sweeps) {
    json s = {{"criterion", g.criteria()[sweep.criterion].id}, {"points", json::array()}};
    for (const auto& p : sweep.points) {
      json pj = {{"share", p.share}};
      pj["weighted_sum_winner"] = p.weighted_sum_winner ? json(g.alternatives()[*p.weighted_sum_winner].id) : json(nullptr);
      pj["topsis_winner"] = p.topsis_winner ? json(g.alternatives()[*p.topsis_winner].id) : json(nullptr);
      for (size_t a = 0; a < g.num_alternatives(); ++a) {
        pj["weighted_sum"][g.alternatives()[a].id] = OptionalNumber(p.weighted_sum[a]);
        pj["topsis"][g.alternatives()[a].id] = OptionalNumber(p.topsis[a]);
      }
      s["points"].push_back(pj);
    }
    j["sensitivity"].push_back(s);
  }
  return j;
}

}  // namespace

nlohmann::json RenderJson(const Report& report) {
  const Grid& g = report.grid;
  const Analysis& an = report.analysis;
  json j = report.options.provenance.is_object() ? report.options.provenance : json::object();
  j["title"] = g.title;
  j["description"] = g.description;
  j["rubric"] = {{"source", g.rubric().source}, {"version", g.rubric().version}};
  j["uncertainty_ties"] = report.options.analysis.uncertainty_ties;
  j["setup"] = json::array();
  for (const auto& [label, value] : g.setup) j["setup"].push_back({{"label", label}, {"value", value}});
  json findings = {{"trade_offs", report.findings.trade_offs},
                   {"pareto_reasons", report.findings.pareto_reasons},
                   {"all_tied", report.findings.all_tied},
                   {"repeats", report.findings.repeats},
                   {"areas", json::array()}};
  for (const auto& area : report.findings.areas)
    findings["areas"].push_back({{"area", ToString(area.area)}, {"lines", area.lines}});
  j["findings"] = findings;
  for (const Alternative& a : g.alternatives())
    j["alternatives"].push_back({{"id", a.id}, {"label", a.label}, {"description", a.description}});
  for (const Criterion& c : g.criteria()) j["criteria"].push_back(CriterionToJson(c));
  j["values"] = json::object();
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    for (size_t c = 0; c < g.num_criteria(); ++c)
      j["values"][g.alternatives()[a].id][g.criteria()[c].id] = ValueToJson(g, an, a, c);
  json analysis;
  analysis["pareto"] = json::array();
  for (size_t a : an.pareto) analysis["pareto"].push_back(g.alternatives()[a].id);
  analysis["dominance"] = json::array();
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    for (size_t b = 0; b < g.num_alternatives(); ++b)
      if (an.dominance[a][b])
        analysis["dominance"].push_back({{"dominates", g.alternatives()[a].id}, {"dominated", g.alternatives()[b].id}});
  analysis["vetoed"] = json::array();
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    if (an.vetoed[a]) analysis["vetoed"].push_back({{"alternative", g.alternatives()[a].id}, {"reason", an.veto_reasons[a]}});
  analysis["criteria_excluded"] = json::array();
  for (size_t c : an.criteria_excluded) analysis["criteria_excluded"].push_back(g.criteria()[c].id);
  analysis["warnings"] = an.warnings;
  if (report.pareto_axes)
    analysis["pareto_axes"] = {g.criteria()[report.pareto_axes->first].id, g.criteria()[report.pareto_axes->second].id};
  j["analysis"] = analysis;
  j["aggregation"] = report.aggregation ? AggregationToJson(report) : json(nullptr);
  j["series"] = json::array();
  for (const Series& s : g.series()) {
    static const char* kKinds[] = {"groups", "samples", "phases"};
    json sj = {{"id", s.id}, {"title", s.title}, {"kind", kKinds[static_cast<int>(s.kind)]},
               {"unit", s.unit}, {"note", s.note}, {"categories", s.categories}, {"data", json::object()}};
    for (const auto& d : s.data) {
      json values = json::array();  // NaN (not assessed) as null
      for (double x : d.values) values.push_back(std::isnan(x) ? json(nullptr) : json(x));
      sj["data"][d.alternative] = values;
    }
    j["series"].push_back(sj);
  }
  return j;
}

}  // namespace airgrid::grid
