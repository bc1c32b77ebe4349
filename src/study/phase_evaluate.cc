#include "study/phase_evaluate.h"

#include <algorithm>

#include <fmt/format.h>

#include "airgrid/base/provenance.h"
#include "airgrid/sched/protocol.h"
#include "airgrid/sched/run_metrics.h"
#include "airgrid/sched/simulator.h"

namespace airgrid::study {
namespace {

using nlohmann::json;

// The three evaluation configurations of the SC'17 paper, in kConfigNames order.
sched::SimOptions Config(size_t i) {
  sched::SimOptions s;
  s.estimates = i == 0 ? sched::Estimates::kActual : sched::Estimates::kRequested;
  s.backfill = i == 2 ? sched::Backfill::kEasy : sched::Backfill::kNone;
  return s;
}

// Runs `p` in the three configurations; writes its results file.
Status Evaluate(StudyContext& ctx, const EvaluationInput& in, PolicyResult* p, double* policy_seconds,
                int64_t* decisions) {
  json results = ProvenanceJson(ctx.command_line);
  results["policy"] = p->spec;
  results["workload"] = in.description;
  results["configurations"] = json::array();
  for (size_t c = 0; c < 3; ++c) {
    auto policy = sched::MakePolicy(p->spec);
    if (!policy.ok()) return policy.status();
    sched::ProtocolOptions po;
    po.kind = sched::ProtocolOptions::Kind::kSc17;
    auto run = sched::RunProtocol(in.eval, **policy, Config(c), po);
    if (!run.ok()) return run.status();
    p->configs.push_back(sched::ComputeRunMetrics(*run));
    *policy_seconds += run->cost.policy_seconds;
    *decisions += run->cost.decisions;
    results["configurations"].push_back(sched::ToJson(p->configs.back()));
  }
  return ctx.out.Write("results/" + p->id + ".json", results.dump(2) + "\n");
}

}  // namespace

std::string UsePhase(const PolicyResult& p) { return "use:" + p.id; }

void ChargeUse(const measure::EnergyRecord& use, double policy_seconds, int64_t decisions, PolicyResult* p) {
  if (decisions <= 0 || use.tracked_cpu_s <= 0) return;
  p->use_j_per_decision = use.energy_j * std::min(1.0, policy_seconds / use.tracked_cpu_s) / decisions;
  p->use_method = fmt::format(
      "evaluation energy ({:.3g} J over {:.2f} CPU s) x time inside the policy ({:.3g} s) / {} decisions",
      use.energy_j, use.tracked_cpu_s, policy_seconds, decisions);
}

Result<EvaluationOutput> RunEvaluationPhase(StudyContext& ctx, const EvaluationInput& in) {
  EvaluationOutput out;
  for (size_t i = 0; i < in.policies.size(); ++i) {
    PolicyResult& p = in.policies[i];
    double policy_seconds = 0;
    int64_t decisions = 0;
    AIRGRID_RETURN_IF_ERROR(Evaluate(ctx, in, &p, &policy_seconds, &decisions));
    measure::EnergyRecord use;
    if (i + 1 < in.policies.size()) {
      use = ctx.phases.Next(UsePhase(in.policies[i + 1]));
    } else {
      auto total = ctx.phases.Stop(&use);
      if (!total.ok()) return total.status();
      out.total = *total;
    }
    ChargeUse(use, policy_seconds, decisions, &p);
    ctx.log << fmt::format("evaluate {:<24} AVEbsld {:>9.2f} / {:>9.2f} / {:>9.2f} (actual / requested / requested+EASY), {} decisions\n",
                           p.label, p.configs[0].avg_bsld, p.configs[1].avg_bsld, p.configs[2].avg_bsld, decisions);
  }
  return out;
}

}  // namespace airgrid::study
