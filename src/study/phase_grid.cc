#include "study/phase_grid.h"

#include <filesystem>

#include <fmt/format.h>

#include "airgrid/base/provenance.h"
#include "airgrid/study/grid_input.h"
#include "study/data_phase.h"
#include "study/durability.h"
#include "study/efficiency.h"
#include "study/responsible_criteria.h"

namespace airgrid::study {

namespace {

// What the learned policies were trained on, for the privacy rationale.
std::string TrainingData(const StudyOptions& o) {
  if (o.train_workload == "lublin") return "a generated Lublin-Feitelson workload (synthetic: no user)";
  return "the trace " + o.train_workload;
}

// How the policies' training relates in time to the durability periods.
std::string DurabilityTraining(const StudyOptions& o) {
  if (o.train_fraction > 0)
    return fmt::format("policies trained on the first {:g} of {}; the periods follow it in time (train "
                       "early, evaluate later)", o.train_fraction, o.train_workload);
  return "policies trained on " + TrainingData(o) +
         ", not on the evaluation trace: the drift says how the gain holds along the trace, not the "
         "decay since training (use --train-workload FILE --train-fraction F for that)";
}

// The data phase: the tracked workload phase and the training data's bytes on disk.
DataPhaseInput DataPhase(const StudyOptions& o, const GridInput& in, const std::string& tool) {
  DataPhaseInput d{in.policies, in.data_phase, -1, "", false, tool};
  if (o.train_workload == "lublin") {
    d.stored_bytes = 0;
    d.stored_how = "generated in memory from the Lublin-Feitelson model, never stored";
    return d;
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(o.train_workload, ec);
  if (ec) return d;  // unknown: not assessed
  d.stored_bytes = static_cast<int64_t>(size);
  d.stored_how = "file size of " + o.train_workload;
  d.stored_measured = true;
  return d;
}

// The criteria of issue 16 (responsible AI, durability, efficiency), added after the study grid's own;
// the derived efficiency criteria come last, from the values already set.
Status AddIssue16Criteria(StudyContext& ctx, const GridInput& in, const std::string& tool, grid::Grid* g) {
  AIRGRID_RETURN_IF_ERROR(AddResponsibleCriteria({in.policies, TrainingData(ctx.options), tool}, g));
  AIRGRID_RETURN_IF_ERROR(AddDurabilityCriterion({in.policies, "fcfs", 4, DurabilityTraining(ctx.options), tool}, g));
  AIRGRID_RETURN_IF_ERROR(AddDataPhaseCriteria(DataPhase(ctx.options, in, tool), g));
  EfficiencyOptions eo;
  eo.tool = tool;
  return AddEfficiencyCriteria(eo, g);
}

}  // namespace

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
  AIRGRID_RETURN_IF_ERROR(AddIssue16Criteria(ctx, in, gi.tool, &*g));
  grid::ReportOptions ro;
  ro.pareto_axes = {"perf.avg_bsld_easy", "env.dev_energy"};
  ro.provenance = ProvenanceJson(ctx.command_line);
  ro.provenance["study_options"] = StudyOptionsJson(ctx.options);
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write("grid-input.json", GridInputJson(*g, ro).dump(2) + "\n"));
  return grid::BuildReport(std::move(g).value(), ro);
}

}  // namespace airgrid::study
