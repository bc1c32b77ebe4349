#include "study/policies.h"

#include <limits>

#include <fmt/format.h>

#include "airgrid/sched/published_formulas.h"

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

// SAF and the best shipped rule on the training workload: what the grid can have without
// learning; then the policy network trained on the objective.
void AddZeroCostRulesAndNetwork(const PolicyNetOutput& net, std::vector<PolicyResult>* list) {
  auto at = list->begin() + 2;  // after FCFS, SPT
  at = list->insert(at, Candidate("saf", "SAF", "saf", "Smallest area (p*q) first: no training at all.",
                                  PolicyKind::kRule)) + 1;
  const std::string& best = net.best_rule;
  if (best != "fcfs" && best != "spt" && best != "saf" && best != "f1") {
    const bool formula = best.size() == 2 && best[0] == 'f';
    list->insert(at, Candidate("best-rule", "Best shipped rule (" + best + ")", best,
                               "The best of the shipped hand-made policies on the training workload's "
                               "validation episodes; no development here.",
                               formula ? PolicyKind::kPublishedFormula : PolicyKind::kRule));
  }
  list->push_back(Candidate("network", "Policy network (trained on AVEbsld)", "mlp:" + net.path,
                            fmt::format("The talk's neural network: {} parameters scoring each waiting job from "
                                        "p, q and its wait, started at smallest area first and trained by evolution strategies "
                                        "on simulated AVEbsld of the training workload (no campaign).",
                                        net.cost.parameters),
                            PolicyKind::kMlp));
}

// NaN (not assessed on the grid) when a phase's CPU time could not be read: never counted as 0.
double CpuSeconds(const std::vector<measure::EnergyRecord>& records) {
  double s = 0;
  for (const auto& r : records) {
    if (!r.cpu_times_known) return std::numeric_limits<double>::quiet_NaN();
    s += r.tracked_cpu_s;
  }
  return s;
}

}  // namespace

std::vector<PolicyResult> StudyPolicies(const PoliciesInput& in) {
  const learn::MlpReport& mlp = in.network.mlp.report;
  std::vector<PolicyResult> list = {
      Candidate("fcfs", "FCFS", "fcfs", "First come, first served: the baseline.", PolicyKind::kRule),
      Candidate("spt", "SPT", "spt", "Shortest (estimated) processing time first.", PolicyKind::kRule),
      Candidate("f1", "F1 (SC'17, published)", "f1",
                fmt::format("log10(p)*q + {:g}*log10(r), learned by Carastan-Santos & de Camargo (SC'17).",
                            sched::kF1RCoefficient),
                PolicyKind::kPublishedFormula),
      Candidate("learned", "Re-learned formula", in.fit.policy,
                "Best of the 576 forms re-learned by this study's campaign: " + in.fit.readable,
                PolicyKind::kLearnedFormula),
      Candidate("mlp", in.policy_net ? "MLP (imitates campaign scores)" : "MLP", "mlp:" + in.network.path,
                fmt::format("Multilayer perceptron ({} loss) trained on this study's scores.",
                            learn::MlpLossName(mlp.options.loss)),
                PolicyKind::kMlp),
  };
  if (in.policy_net) AddZeroCostRulesAndNetwork(*in.policy_net, &list);
  for (PolicyResult& p : list) {
    if (p.id == "network") {
      p.parameters = in.policy_net->cost.parameters;
      p.model_bytes = in.policy_net->cost.model_bytes;
      p.flops_per_job = in.policy_net->cost.flops_per_job;
      p.model_note = "weights + biases + standardisation as float64; FLOPs counted from the architecture; "
                     "re-scored at every decision (it reads the wait)";
      continue;
    }
    switch (p.kind) {
      case PolicyKind::kRule:
        p.model_note = "a rule: no fitted parameter; ordering only";
        break;
      case PolicyKind::kPublishedFormula:
        p.parameters = 1;
        p.model_bytes = 8;
        p.flops_per_job = 5;
        p.model_note = p.id == "best-rule"
                           ? "one constant of the SC'17 formula stored as float64; ~5 operations per job"
                           : fmt::format("one constant ({:g}) stored as float64; 2 log10 + 2 multiplications + 1 "
                                         "addition per job",
                                         sched::kF1RCoefficient);
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
        if (p.id == "network") {
          p.development = {dev.policy_training};
          p.reproduce_cpu_s = CpuSeconds({dev.policy_training});
          p.reproduce_note = "CPU time of this study's ES training of the network (no campaign)";
          break;
        }
        p.development = {dev.campaign, dev.training};
        p.reproduce_cpu_s = CpuSeconds({dev.campaign, dev.training});
        p.reproduce_note = "CPU time of this study's campaign + MLP training";
        break;
    }
  }
}

}  // namespace airgrid::study
