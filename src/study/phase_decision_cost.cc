#include "study/phase_decision_cost.h"

#include <cmath>

#include <fmt/format.h>

#include "airgrid/sched/decision_cost.h"

namespace airgrid::study {

Result<DecisionCostOutput> RunDecisionCostPhase(StudyContext& ctx, const DecisionCostInput& in) {
  DecisionCostOutput out;
  double joules = 0, u_joules = 0, cpu_s = 0;
  for (const auto& r : in.use) {
    joules += r.energy_j;
    u_joules += r.energy_uncertainty_j;  // summed: the model's error is systematic across phases
    cpu_s += r.tracked_cpu_s;
  }
  if (!(cpu_s > 0) || !(joules > 0)) {
    out.benchmark = "not run: the evaluation tracked no CPU time or energy (use energy not assessed)";
    return out;
  }
  const double j_per_cpu_s = joules / cpu_s, rel_rate = u_joules / joules;
  for (PolicyResult& p : in.policies) {
    auto policy = sched::MakePolicy(p.spec);
    if (!policy.ok()) return policy.status();
    auto cost = sched::MeasureDecisionCost(**policy, in.eval.jobs);
    if (!cost.ok()) return cost.status();
    p.use_j_per_decision = j_per_cpu_s * cost->median_s;
    p.use_uncertainty_j = p.use_j_per_decision * std::hypot(cost->RelativeUncertainty(), rel_rate);
    p.use_method = fmt::format("{:.3g} J per CPU second (evaluation energy {:.3g} ± {:.2g} J over {:.2f} CPU s) x {}",
                               j_per_cpu_s, joules, u_joules, cpu_s, cost->method);
    ctx.log << fmt::format("decision cost {:<24} median {:.3g} s [{:.3g}, {:.3g}] per decision -> {:.3g} ± {:.2g} J\n",
                           p.label, cost->median_s, cost->ci_low_s, cost->ci_high_s, p.use_j_per_decision,
                           p.use_uncertainty_j);
    if (out.benchmark.empty())
      out.benchmark = fmt::format("{} jobs per decision on 1024 fixed windows of the evaluation queue, repetitions of "
                                  ">= 10 ms thread CPU time ({} decisions for {}), {} repetitions after a warm-up; "
                                  "median with a {:.0f}% order-statistic CI; x {:.3g} J per CPU second of the "
                                  "evaluation",
                                  cost->queue_length, cost->decisions_per_repetition, p.label, cost->repetitions,
                                  100 * cost->confidence, j_per_cpu_s);
  }
  return out;
}

}  // namespace airgrid::study
