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
Status Evaluate(StudyContext& ctx, const EvaluationInput& in, const ClusterModel& cluster,
                PolicyResult* p, int64_t* decisions) {
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
    if (cluster.model) {
      auto use = AssessClusterUse(*run, *cluster.model, cluster.power_off);
      if (!use.ok()) return use.status();
      p->cluster.push_back(std::move(use).value());
    }
    *decisions += run->cost.decisions;
    results["configurations"].push_back(sched::ToJson(p->configs.back()));
  }
  return ctx.out.Write("results/" + p->id + ".json", results.dump(2) + "\n");
}

}  // namespace

std::string UsePhase(const PolicyResult& p) { return "use:" + p.id; }

Result<EvaluationOutput> RunEvaluationPhase(StudyContext& ctx, const EvaluationInput& in,
                                            const ClusterModel& cluster) {
  EvaluationOutput out;
  for (size_t i = 0; i < in.policies.size(); ++i) {
    PolicyResult& p = in.policies[i];
    int64_t decisions = 0;
    AIRGRID_RETURN_IF_ERROR(Evaluate(ctx, in, cluster, &p, &decisions));
    measure::EnergyRecord use;
    if (i + 1 < in.policies.size()) {
      use = ctx.phases.Next(UsePhase(in.policies[i + 1]));
    } else {
      auto total = ctx.phases.Stop(&use);
      if (!total.ok()) return total.status();
      out.total = *total;
    }
    out.use.push_back(use);
    ctx.log << fmt::format("evaluate {:<24} AVEbsld {:>9.2f} / {:>9.2f} / {:>9.2f} (actual / requested / requested+EASY), {} decisions\n",
                           p.label, p.configs[0].avg_bsld, p.configs[1].avg_bsld, p.configs[2].avg_bsld, decisions);
  }
  return out;
}

}  // namespace airgrid::study
