#include "study/data_phase.h"

#include <fmt/format.h>

namespace airgrid::study {
namespace {

grid::Criterion Numeric(const char* id, const char* label, const char* unit, grid::Phase phase,
                        const char* description) {
  grid::Criterion c;
  // Move-assigned: assigning a short literal in place trips g++ 12's -Wrestrict false positive.
  c.id = std::string(id);
  c.label = std::string(label);
  c.area = grid::Area::kEnvironment;
  c.unit = std::string(unit);
  c.direction = grid::Direction::kLowerIsBetter;
  c.phase = phase;
  c.description = std::string(description);
  return c;
}

grid::Value Energy(const DataPhaseInput& in) {
  if (!in.record) return grid::Value::NotAssessed("the data phase was not tracked in this run");
  const measure::EnergyRecord& r = *in.record;
  const bool measured = r.kind() == "measured";
  const std::string method = fmt::format(
      "tracker phase '{}' ({:.3g} s): generating or reading and filtering the training and evaluation "
      "workloads; the training data's share is part of it (an upper bound)",
      r.phase, r.duration_s);
  return grid::Value::Number(r.energy_j / 3.6e6, r.energy_uncertainty_j / 3.6e6,
                             {measured ? grid::ProvenanceKind::kMeasured : grid::ProvenanceKind::kModelled,
                              in.tool, method, ""});
}

grid::Value Bytes(const DataPhaseInput& in) {
  if (in.stored_bytes < 0) return grid::Value::NotAssessed("the training data's storage is unknown");
  return grid::Value::Number(static_cast<double>(in.stored_bytes), 0,
                             {in.stored_measured ? grid::ProvenanceKind::kMeasured : grid::ProvenanceKind::kDeclared,
                              in.tool, in.stored_how, ""});
}

}  // namespace

Status AddDataPhaseCriteria(const DataPhaseInput& in, grid::Grid* g) {
  AIRGRID_RETURN_IF_ERROR(g->AddCriterion(Numeric(
      "env.data_energy", "Data phase energy", "kWh", grid::Phase::kDevelopment,
      "Energy of producing the training data: generating the workload, or reading and filtering a "
      "trace (tracker phase 'workload'). Not included in Development energy.")));
  AIRGRID_RETURN_IF_ERROR(g->AddCriterion(Numeric(
      "env.data_bytes", "Stored training data", "B", grid::Phase::kNone,
      "Bytes the training data occupies on disk (a trace file; 0 for a workload generated in memory).")));
  const grid::Provenance none{grid::ProvenanceKind::kDeclared, in.tool, "a rule: no training data", ""};
  const std::string authors = "the SC'17 authors' data collection and storage are not published";
  for (const PolicyResult& p : in.policies) {
    grid::Value energy, bytes;
    if (p.kind == PolicyKind::kRule) {
      energy = grid::Value::Number(0, 0, none);
      bytes = grid::Value::Number(0, 0, none);
    } else if (p.kind == PolicyKind::kPublishedFormula) {
      energy = grid::Value::NotAssessed(authors);
      bytes = grid::Value::NotAssessed(authors);
    } else {
      energy = Energy(in);
      bytes = Bytes(in);
    }
    AIRGRID_RETURN_IF_ERROR(g->Set(p.id, "env.data_energy", std::move(energy)));
    AIRGRID_RETURN_IF_ERROR(g->Set(p.id, "env.data_bytes", std::move(bytes)));
  }
  return Status::Ok();
}

}  // namespace airgrid::study
