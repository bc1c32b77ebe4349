#include "study/responsible_criteria.h"

namespace airgrid::study {
namespace {

struct Judgement {
  int privacy, security;
  std::string why_privacy, why_security;
};

// The study authors' reading of each policy; users edit it in grid-input.json.
Judgement Default(const PolicyResult& p, const std::string& training_data) {
  const std::string trained = "trained here on " + training_data + " (job sizes and times only); ";
  switch (p.kind) {
    case PolicyKind::kRule:
      if (p.id == "fcfs")
        return {4, 4, "Reads only the arrival order; nothing is trained or kept.",
                "A job's place depends only on its arrival. (EASY backfilling, common to every policy "
                "here, lets short requested times jump ahead; under-estimated jobs are killed.)"};
      if (p.id == "spt")
        return {3, 1, "Reads each job's requested time; no user id; nothing trained or kept.",
                "Short requested times go first: splitting long work into short jobs, or "
                "under-estimating (bounded: the job is killed at its limit), moves a user ahead of others."};
      return {3, 1, "Reads each job's requested time and processors; no user id; nothing trained or kept.",
              "Favours small jobs: splitting work into many small or short jobs moves a user ahead of "
              "others at their expense."};
    case PolicyKind::kPublishedFormula:
      return {3, 1,
              "Reads each job's requested time, processors and submit time; no user id. Its authors "
              "trained it on synthetic Lublin-Feitelson workloads: no user data.",
              "Favours small, short jobs (log of requested time x processors): splitting jobs or "
              "under-estimating requested times gains priority at other users' expense."};
    case PolicyKind::kLearnedFormula:
      return {3, 1, "Reads each job's requested time, processors and submit time; no user id; " + trained +
                        "the fitted constants keep nothing personal.",
              "Learned to favour small, short jobs like F1: splitting or under-estimating gains priority."};
    case PolicyKind::kMlp:
      return {3, 1, "Reads the same job fields as the formulas; no user id; " + trained +
                        "the weights keep nothing personal.",
              "Same job fields as the formulas, so the same gaming by splitting or under-estimating; its "
              "response to crafted inputs cannot be read off the model, so the gain is harder to bound."};
  }
  return {};
}

grid::Criterion Ordinal(std::string id, std::string label, std::string rubric, std::string description) {
  grid::Criterion c;
  c.id = std::move(id);
  c.label = std::move(label);
  c.area = grid::Area::kResponsibleAi;
  c.unit = "level";
  c.scale = grid::Scale::kOrdinal;
  c.rubric = std::move(rubric);
  c.description = std::move(description);
  return c;
}

}  // namespace

Status AddResponsibleCriteria(const ResponsibleInput& in, grid::Grid* g) {
  AIRGRID_RETURN_IF_ERROR(g->AddCriterion(Ordinal(
      "rai.privacy", "Privacy and data control", "privacy",
      "Which user data the policy reads at each decision and keeps from its training, and where it "
      "is trained (rubric 'privacy').")));
  AIRGRID_RETURN_IF_ERROR(g->AddCriterion(Ordinal(
      "rai.security", "Security (robustness to gaming)", "security",
      "What an adversarial user gains by splitting jobs, under-estimating requested times or crafting "
      "submissions (rubric 'security').")));
  const grid::Provenance judged{grid::ProvenanceKind::kDeclared, in.tool,
                                "airgrid study default rationale (edit grid-input.json)", ""};
  for (const PolicyResult& p : in.policies) {
    const Judgement j = Default(p, in.training_data);
    AIRGRID_RETURN_IF_ERROR(g->Set(p.id, "rai.privacy", grid::Value::Level(j.privacy, j.why_privacy, p.spec, judged)));
    AIRGRID_RETURN_IF_ERROR(g->Set(p.id, "rai.security", grid::Value::Level(j.security, j.why_security, p.spec, judged)));
  }
  return Status::Ok();
}

}  // namespace airgrid::study
