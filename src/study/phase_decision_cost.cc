#include "study/phase_decision_cost.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "airgrid/sched/decision_cost.h"

namespace airgrid::study {
namespace {

// The energy rate's relative band: the records' realized relative uncertainty, at least the
// largest declared band of their channels (a constant of the sensor or model), rounded up to
// the next 5 %. Stated this way it does not move with the /proc tick term between two runs
// of the same study, so the tie threshold between two policies does not move either.
double RateBand(const std::vector<measure::EnergyRecord>& use, double joules, double u_joules) {
  double band = joules > 0 ? u_joules / joules : 0;
  for (const auto& r : use)
    for (const auto& c : r.components) band = std::max(band, c.channel.relative_uncertainty);
  return std::ceil(20 * band - 1e-9) / 20;
}

}  // namespace

int64_t CountedOpsPerDecision(size_t queue_length, int64_t flops_per_job) {
  const auto l = static_cast<int64_t>(queue_length);
  return l * (1 + std::max<int64_t>(0, flops_per_job)) + std::max<int64_t>(0, l - 1);
}

Result<DecisionCostOutput> RunDecisionCostPhase(StudyContext& ctx, const DecisionCostInput& in) {
  DecisionCostOutput out;
  double joules = 0, u_joules = 0, cpu_s = 0;
  for (const auto& r : in.use) {
    if (!r.cpu_times_known) {
      out.benchmark = "not run: the evaluation's CPU time could not be read (use energy not assessed)";
      return out;
    }
    joules += r.energy_j;
    u_joules += r.energy_uncertainty_j;  // summed: the model's error is systematic across phases
    cpu_s += r.tracked_cpu_s;
  }
  if (!(cpu_s > 0) || !(joules > 0)) {
    out.benchmark = "not run: the evaluation tracked no CPU time or energy (use energy not assessed)";
    return out;
  }
  const double j_per_cpu_s = joules / cpu_s, rel_rate = RateBand(in.use, joules, u_joules);
  // Pass 1: the benchmark of every policy.
  std::vector<sched::DecisionCostEstimate> costs;
  std::vector<int64_t> ops;
  double counted_s = 0, counted_ops = 0;
  for (const PolicyResult& p : in.policies) {
    auto policy = sched::MakePolicy(p.spec);
    if (!policy.ok()) return policy.status();
    auto cost = sched::MeasureDecisionCost(**policy, in.eval.jobs);
    if (!cost.ok()) return cost.status();
    costs.push_back(*cost);
    ops.push_back(CountedOpsPerDecision(cost->queue_length, p.flops_per_job));
    if (cost->below_resolution) {
      counted_s += cost->median_s;
      counted_ops += static_cast<double>(ops.back());
    }
  }
  // CPU seconds per counted operation, calibrated on the policies the benchmark cannot resolve.
  const double s_per_op = counted_ops > 0 ? counted_s / counted_ops : 0;
  // Pass 2: the figures.
  for (size_t i = 0; i < in.policies.size(); ++i) {
    PolicyResult& p = in.policies[i];
    const sched::DecisionCostEstimate& cost = costs[i];
    if (cost.below_resolution) {
      p.use_j_per_decision = j_per_cpu_s * s_per_op * static_cast<double>(ops[i]);
      p.use_uncertainty_j = p.use_j_per_decision * std::hypot(kCountedOpBand, rel_rate);
      p.use_method = fmt::format(
          "counted: {} operations per decision ({} score evaluations x (1 + {} FLOPs) + {} comparisons) x "
          "{:.3g} CPU s per operation (calibrated on the policies below the benchmark's resolution) x "
          "{:.3g} J per CPU second (evaluation energy {:.3g} ± {:.2g} J over {:.2f} CPU s); band ±{:.0f}% "
          "(operation model) ⊕ ±{:.0f}% (energy rate). Benchmark, for reference: {}",
          ops[i], cost.queue_length, p.flops_per_job, cost.queue_length - 1, s_per_op, j_per_cpu_s, joules,
          u_joules, cpu_s, 100 * kCountedOpBand, 100 * rel_rate, cost.method);
    } else {
      p.use_j_per_decision = j_per_cpu_s * cost.median_s;
      p.use_uncertainty_j = p.use_j_per_decision * std::hypot(cost.RelativeUncertainty(), rel_rate);
      p.use_method = fmt::format("{:.3g} J per CPU second (evaluation energy {:.3g} ± {:.2g} J over {:.2f} CPU s, "
                                 "band ±{:.0f}%) x {}",
                                 j_per_cpu_s, joules, u_joules, cpu_s, 100 * rel_rate, cost.method);
    }
    ctx.log << fmt::format("decision cost {:<24} median {:.3g} s [{:.3g}, {:.3g}] per decision{} -> {:.3g} ± {:.2g} J\n",
                           p.label, cost.median_s, cost.ci_low_s, cost.ci_high_s,
                           cost.below_resolution ? fmt::format(" (below resolution: {} counted operations)", ops[i]) : "",
                           p.use_j_per_decision, p.use_uncertainty_j);
  }
  if (!costs.empty()) {
    const auto& c = costs.front();
    out.benchmark = fmt::format(
        "{} jobs per decision on 1024 fixed windows of the evaluation queue, repetitions of >= 10 ms thread CPU "
        "time, {} repetitions after a warm-up; median with a {:.0f}% order-statistic CI; a policy under {:.0f} ns "
        "per decision is below what the benchmark resolves and is charged its counted operations x {:.3g} CPU s "
        "per operation (±{:.0f}% model band); x {:.3g} J per CPU second of the evaluation (±{:.0f}%)",
        c.queue_length, c.repetitions, 100 * c.confidence, 1e9 * sched::DecisionBenchmarkOptions{}.min_decision_s,
        s_per_op, 100 * kCountedOpBand, j_per_cpu_s, 100 * rel_rate);
  }
  return out;
}

}  // namespace airgrid::study
