#include "study/policies.h"

#include <fmt/format.h>

namespace airgrid::study {
namespace {

PolicyResult Candidate(std::string id, std::string label, std::string spec, std::string description,
                       PolicyKind kind) {
  PolicyResult p;
  p.id = std::move(id);
  p.label = std::move(label);
  p.spec = std::move(spec);
  p.description = std::move(description);
  p.kind = kind;
  return p;
}

double CpuSeconds(const std::vector<measure::EnergyRecord>& records) {
  double s = 0;
  for (const auto& r : records) s += r.tracked_cpu_s;
  return s;
}

}  // namespace

std::vector<PolicyResult> StudyPolicies(const PoliciesInput& in) {
  const learn::MlpReport& mlp = in.network.mlp.report;
  std::vector<PolicyResult> list = {
      Candidate("fcfs", "FCFS", "fcfs", "First come, first served: the baseline.", PolicyKind::kRule),
      Candidate("spt", "SPT", "spt", "Shortest (estimated) processing time first.", PolicyKind::kRule),
      Candidate("f1", "F1 (SC'17, published)", "f1",
                "log10(p)*q + 870.96*log10(r), learned by Carastan-Santos & de Camargo (SC'17).",
                PolicyKind::kPublishedFormula),
      Candidate("learned", "Re-learned formula", in.fit.policy,
                "Best of the 576 forms re-learned by this study's campaign: " + in.fit.readable,
                PolicyKind::kLearnedFormula),
      Candidate("mlp", "MLP", "mlp:" + in.network.path,
                fmt::format("Multilayer perceptron ({} loss) trained on this study's scores.",
                            learn::MlpLossName(mlp.options.loss)),
                PolicyKind::kMlp),
  };
  for (PolicyResult& p : list) {
    switch (p.kind) {
      case PolicyKind::kRule:
        p.model_note = "a rule: no fitted parameter; ordering only";
        break;
      case PolicyKind::kPublishedFormula:
        p.parameters = 1;
        p.model_bytes = 8;
        p.flops_per_job = 5;
        p.model_note = "one constant (870.96) stored as float64; 2 log10 + 2 multiplications + 1 addition per job";
        break;
      case PolicyKind::kLearnedFormula:
        p.parameters = in.fit.parameters;
        p.model_bytes = 8 * in.fit.parameters;
        p.flops_per_job = 5;
        p.model_note = "free constants of the fitted form stored as float64; ~5 operations per job (3 basis functions, 2 operators)";
        break;
      case PolicyKind::kMlp:
        p.parameters = mlp.cost.parameters;
        p.model_bytes = mlp.cost.model_bytes;
        p.flops_per_job = mlp.cost.flops_per_job;
        p.model_note = "weights + biases + standardisation as float64; dense-layer FLOPs counted from the architecture";
        break;
    }
  }
  return list;
}

void ChargeDevelopment(const Development& dev, std::vector<PolicyResult>* policies) {
  const double formula_cpu_s = CpuSeconds({dev.campaign, dev.fit});
  const std::string formula_note = fmt::format(
      "CPU time of this study's campaign ({} tuples x {} trials) + formula search", dev.tuples, dev.trials);
  for (PolicyResult& p : *policies) {
    switch (p.kind) {
      case PolicyKind::kRule:
        break;
      case PolicyKind::kPublishedFormula:
        p.reproduce_cpu_s = formula_cpu_s;
        p.reproduce_note = formula_note;
        break;
      case PolicyKind::kLearnedFormula:
        p.development = {dev.campaign, dev.fit};
        p.reproduce_cpu_s = formula_cpu_s;
        p.reproduce_note = formula_note;
        break;
      case PolicyKind::kMlp:
        p.development = {dev.campaign, dev.training};
        p.reproduce_cpu_s = CpuSeconds({dev.campaign, dev.training});
        p.reproduce_note = "CPU time of this study's campaign + MLP training";
        break;
    }
  }
}

}  // namespace airgrid::study
