// `airgrid metrics regression`: MAE, RMSE, R² (scikit-learn conventions), optionally per group.
#include <cstdio>

#include "airgrid/base/provenance.h"
#include "airgrid/metrics/regression.h"
#include "cli/command.h"
#include "cli/metrics_common.h"

namespace airgrid::cli {
namespace {

nlohmann::json RegressionJson(const metrics::RegressionReport& r) {
  return {{"mae", r.mae}, {"rmse", r.rmse}, {"r2", r.r2}, {"n", r.n}};
}

Runner Setup(CLI::App* app) {
  auto o = std::make_shared<PairedOptions>();
  AddPairedOptions(app, o.get());
  app->footer("Example: airgrid metrics regression --truth y.csv --pred yhat.csv --groups sites.csv -o reg.json");
  return [o]() {
    RunOutputs outputs;
    outputs.Input("--truth", o->truth_file).Input("--pred", o->pred_file).Input("--groups", o->groups_file);
    outputs.Output("-o/--output", o->json_path).Prepare();
    Paired p = LoadPaired(*o);
    const std::vector<double> y = AsNumbers(p.truth), yhat = AsNumbers(p.pred);
    auto report = ValueOrThrow(metrics::Regression(y, yhat));
    nlohmann::json out = ProvenanceJson(CommandLine());
    out["task"] = "regression";
    out["truth"] = Describe(p.truth);
    out["pred"] = Describe(p.pred);
    out["metrics"] = RegressionJson(report);
    std::printf("n = %ld\nMAE  = %s\nRMSE = %s\nR2   = %s\n", report.n, Num(report.mae).c_str(),
                Num(report.rmse).c_str(), Num(report.r2).c_str());
    if (!p.groups.empty()) {
      nlohmann::json frames;
      for (const char* name : {"mae", "rmse", "r2"}) {
        auto frame = ValueOrThrow(metrics::ByGroup(p.groups, [&](std::span<const size_t> idx) -> Result<double> {
          std::vector<double> a, b;
          for (size_t i : idx) { a.push_back(y[i]); b.push_back(yhat[i]); }
          auto r = metrics::Regression(a, b);
          if (!r.ok()) return r.status();
          return RegressionJson(*r)[name].get<double>();
        }));
        frames[name] = FrameJson(frame);
        std::printf("%s by group: difference %s, ratio %s\n", name, Num(frame.difference).c_str(),
                    Num(frame.ratio).c_str());
      }
      out["by_group"] = frames;
    }
    if (!o->json_path.empty()) outputs.Put(o->json_path, JsonText(out));
    outputs.Commit();
    return 0;
  };
}

const Registration kReg{"metrics regression", "MAE, RMSE and R2 of predictions (scikit-learn conventions)", &Setup};

}  // namespace
}  // namespace airgrid::cli
