#include "study/phase_network.h"

#include <fmt/format.h>

namespace airgrid::study {

Result<NetworkOutput> RunNetworkPhase(StudyContext& ctx, const NetworkInput& in) {
  learn::MlpTrainOptions mo;
  mo.hidden = ctx.options.mlp_hidden;
  mo.max_epochs = ctx.options.mlp_epochs;
  mo.seed = ctx.options.seed;
  // Training takes seconds with no other sign of life: say so first.
  ctx.log << fmt::format("training: MLP on {} rows, both losses, up to {} epochs each...\n", in.rows.size(),
                         mo.max_epochs);
  ctx.log.flush();
  std::vector<learn::MlpReport> compared;
  auto m = learn::TrainMlpBestLoss(in.rows, mo, &compared);
  if (!m.ok()) return m.status();
  NetworkOutput net{std::move(m).value(), ctx.out.Path("mlp.json")};
  net.mlp.report.ns_per_job = learn::MeasureScoringNanoseconds(net.mlp.model, in.rows);
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write(
      "mlp.json", learn::MlpFileJson(net.mlp.model, net.mlp.report, compared, ctx.command_line, "scores.csv").dump(2) + "\n"));
  const learn::MlpReport& r = net.mlp.report;
  ctx.log << fmt::format("training: MLP {} loss, {} parameters, test Kendall tau {:.3f} (F1 {:.3f}), {:.1f} s\n",
                         learn::MlpLossName(r.options.loss), r.cost.parameters, r.test.kendall_tau,
                         r.f1_test.kendall_tau, r.train_seconds);
  return net;
}

}  // namespace airgrid::study
