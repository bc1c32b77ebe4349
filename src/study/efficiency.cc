#include "study/efficiency.h"

#include <cmath>

#include <fmt/format.h>

namespace airgrid::study {
namespace {

using grid::Value;

struct Derived {
  const char* id;
  const char* label;
  const char* unit;
  const char* divisor;  // criterion id of X
  const char* what;     // "kWh of development"
};

constexpr Derived kDerived[3] = {
    {kEfficiencyCriteria[0], "AVEbsld gained per kWh of development", "1/kWh", "env.dev_energy",
     "kWh of development"},
    {kEfficiencyCriteria[1], "AVEbsld gained per fitted parameter", "1", "expl.parameters", "fitted parameter"},
    {kEfficiencyCriteria[2], "AVEbsld gained per FLOP per job scored", "1/FLOP", "env.flops_per_job",
     "FLOP per job scored"},
};

// The value of E = G / X for one alternative, or why it is not assessed.
Value Ratio(const grid::Grid& g, size_t a, size_t base, size_t perf, size_t div, const Derived& d,
            const std::string& tool) {
  const Value& pb = g.at(base, perf);
  const Value& pp = g.at(a, perf);
  const Value& x = g.at(a, div);
  const auto& crit = g.criteria();
  if (a == base) return Value::NotAssessed("the baseline of the gain");
  for (const auto& [v, c] : {std::pair{&pb, perf}, std::pair{&pp, perf}, std::pair{&x, div}}) {
    if (!v->assessed()) {
      const std::string whose = v == &pb ? g.alternatives()[base].label : g.alternatives()[a].label;
      return Value::NotAssessed(crit[c].label + " of " + whose + " is not assessed");
    }
  }
  if (x.number() == 0) {
    return Value::NotAssessed(crit[div].label + " is 0: the gain per " + d.what +
                              " is undefined, not infinite");
  }
  const double gain = pb.number() - pp.number();
  const double u_gain = std::hypot(pb.uncertainty(), pp.uncertainty());
  const double xv = x.number();
  const double e = gain / xv;
  const double u_e = std::hypot(u_gain / xv, gain * x.uncertainty() / (xv * xv));
  const bool measured = pb.provenance().kind == grid::ProvenanceKind::kMeasured &&
                        pp.provenance().kind == grid::ProvenanceKind::kMeasured &&
                        x.provenance().kind == grid::ProvenanceKind::kMeasured;
  const std::string method = fmt::format(
      "derived: ({} of {} {:.6g} ± {:.2g} − this policy's {:.6g} ± {:.2g}) / {} {:.6g} ± {:.2g}; "
      "first-order uncertainty in quadrature",
      crit[perf].label, g.alternatives()[base].label, pb.number(), pb.uncertainty(), pp.number(),
      pp.uncertainty(), crit[div].label, xv, x.uncertainty());
  return Value::Number(e, u_e,
                       {measured ? grid::ProvenanceKind::kMeasured : grid::ProvenanceKind::kModelled, tool,
                        method, ""});
}

}  // namespace

Status AddEfficiencyCriteria(const EfficiencyOptions& o, grid::Grid* g) {
  auto base = g->FindAlternative(o.baseline);
  if (!base) return Status::InvalidInput("efficiency: baseline alternative '" + o.baseline + "' not in the grid");
  auto perf = g->FindCriterion(o.performance);
  if (!perf) return Status::InvalidInput("efficiency: criterion '" + o.performance + "' not in the grid");
  const std::string base_label = g->alternatives()[*base].label;
  for (const Derived& d : kDerived) {
    auto div = g->FindCriterion(d.divisor);
    if (!div) return Status::InvalidInput(std::string("efficiency: criterion '") + d.divisor + "' not in the grid");
    grid::Criterion c;
    c.id = d.id;
    c.label = d.label;
    c.area = grid::Area::kEnvironment;
    c.unit = d.unit;
    c.direction = grid::Direction::kHigherIsBetter;
    c.scale = grid::Scale::kInterval;  // a gain can be negative
    c.description = fmt::format(
        "Derived: ({} of {} − the policy's) / {}. Not assessed when an input is, or when the divisor "
        "is 0. Uncertainty propagated to first order in quadrature.",
        g->criteria()[*perf].label, base_label, g->criteria()[*div].label);
    AIRGRID_RETURN_IF_ERROR(g->AddCriterion(c));
    for (size_t a = 0; a < g->num_alternatives(); ++a) {
      AIRGRID_RETURN_IF_ERROR(
          g->Set(g->alternatives()[a].id, d.id, Ratio(*g, a, *base, *perf, *div, d, o.tool)));
    }
  }
  return Status::Ok();
}

}  // namespace airgrid::study
