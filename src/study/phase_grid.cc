#include "study/phase_grid.h"

#include <fmt/format.h>

#include "airgrid/base/provenance.h"
#include "airgrid/study/grid_input.h"

namespace airgrid::study {

Result<grid::Report> RunGridPhase(StudyContext& ctx, const GridInput& in,
                                  const sched::PowerModel* power_model) {
  StudyGridInput gi;
  gi.workload = in.workloads.eval_description;
  gi.workload_has_users = in.workloads.eval_has_users;
  gi.decisions_per_day = ctx.options.decisions_per_day;
  const measure::CarbonFactor& f = in.carbon.factor;
  gi.carbon_g_per_kwh = f.g_per_kwh;
  gi.carbon_uncertainty_g_per_kwh = f.uncertainty_g_per_kwh;
  gi.carbon_source = f.source + (f.year ? fmt::format(", {}", f.year) : "") + ", " + f.region;
  gi.pue = ctx.options.pue;
  gi.tool = std::string("airgrid ") + Version() + " study";
  gi.policies = in.policies;
  gi.setup = in.setup;
  if (power_model) {
    const sched::PowerModel& m = *power_model;
    gi.power_model = fmt::format("power model {} ({}; {}, {}; ±{:g}% declared), one simulated "
                                 "processor = one node",
                                 m.name, m.node, m.source.substr(0, m.source.find(':')), m.year,
                                 100 * m.uncertainty);
  }
  if (in.workloads.eval_inexact_estimates == 0) {
    gi.notes.push_back(
        "The evaluation workload's requested times equal its runtimes (no user estimates): the "
        "'actual' and 'requested' configurations coincide, so their rows are the same runs, not "
        "independent confirmations. Evaluate on a trace (the default), or add modelled estimates "
        "(--eval-estimates tsafrir).");
  }
  auto g = BuildStudyGrid(gi);
  if (!g.ok()) return g.status();
  grid::ReportOptions ro;
  ro.pareto_axes = {"perf.avg_bsld_easy", "env.dev_energy"};
  ro.provenance = ProvenanceJson(ctx.command_line);
  ro.provenance["study_options"] = StudyOptionsJson(ctx.options);
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write("grid-input.json", GridInputJson(*g, ro).dump(2) + "\n"));
  return grid::BuildReport(std::move(g).value(), ro);
}

}  // namespace airgrid::study
