#include "study/phase_levers.h"

#include <filesystem>

#include <fmt/format.h>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/provenance.h"

namespace airgrid::study {
namespace {

Energy Of(std::initializer_list<const measure::EnergyRecord*> records) {
  Energy e;
  for (const auto* r : records) {
    e.kwh += r->energy_j / 3.6e6;
    e.unc += r->energy_uncertainty_j / 3.6e6;  // summed: the model's error is systematic (study_grid.h)
  }
  return e;
}

}  // namespace

Result<LeverSeries> LoadLeverSeries(const StudyOptions& o) {
  LeverSeries s;
  s.origin = o.carbon_series.empty() ? DefaultCarbonSeriesPath() : o.carbon_series;
  if (o.carbon_series.empty() && !std::filesystem::exists(s.origin)) return s;  // none shipped here
  auto text = ReadFile(s.origin);
  if (!text.ok()) return Status::InvalidInput("--carbon-series " + s.origin + ": " + text.status().message());
  auto series = measure::IntensitySeries::Parse(*text, s.origin);
  if (!series.ok()) return Status::InvalidInput("--carbon-series: " + series.status().message());
  s.series = std::move(series).value();
  return s;
}

Result<LeversOutput> RunLeversPhase(StudyContext& ctx, const LeversInput& in) {
  const Development& d = in.dev;
  CarbonLeverInput carbon;
  carbon.development = Of({&d.campaign, &d.fit, &d.training, &d.policy_training});
  carbon.duration_s = d.campaign.duration_s + d.fit.duration_s + d.training.duration_s + d.policy_training.duration_s;
  carbon.factor = in.carbon.factor;
  carbon.pue = in.carbon.pue;
  carbon.series = in.series.series ? &*in.series.series : nullptr;
  carbon.series_origin = std::filesystem::path(in.series.origin).filename().string();
  carbon.countries = measure::CarbonTable::Builtin().All();

  AlgorithmLeverInput algo;
  algo.tuples = ctx.options.tuples;
  algo.trials = ctx.options.trials;
  algo.chosen_shape = in.fit.shape;
  algo.steps = in.sweep.steps;
  algo.campaign = Of({&d.campaign});
  algo.sweep = Of({&in.sweep_record});
  algo.training = Of({&d.training});

  SearchLeverInput search;
  search.trainings_run = 2;  // phase_network: one training per loss
  search.hidden = ctx.options.mlp_hidden;
  search.training = Of({&d.training});

  const std::vector<Lever> levers = {LowCarbonLever(carbon), DataCentreLever(carbon), AlgorithmLever(algo),
                                     ReuseLever(in.grid), SearchLever(search)};
  nlohmann::json j = ProvenanceJson(ctx.command_line);
  j["levers"] = LeversJson(levers);
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write("levers.json", j.dump(2) + "\n"));
  ctx.log << fmt::format("levers: {} levers computed (levers.json)\n", levers.size());
  return LeversOutput{LeversMarkdown(levers), LeversHtml(levers)};
}

}  // namespace airgrid::study
