#include "airgrid/study/study.h"

#include <algorithm>

#include <fmt/format.h>

#include "airgrid/learn/mlp_policy.h"
#include "study/context.h"
#include "study/phase_campaign.h"
#include "study/phase_decision_cost.h"
#include "study/phase_evaluate.h"
#include "study/phase_fit.h"
#include "study/phase_grid.h"
#include "study/phase_levers.h"
#include "study/phase_network.h"
#include "study/phase_policy_net.h"
#include "study/phase_report.h"
#include "study/phase_sweep.h"
#include "study/phase_use.h"
#include "study/phase_workloads.h"
#include "study/policies.h"
#include "study/study_setup.h"

namespace airgrid::study {
namespace {

// Ends the current tracked phase into `next` and logs the ended phase's energy.
measure::EnergyRecord EndPhase(StudyContext& ctx, std::string next) {
  ctx.step.reset();
  ctx.step.emplace("study phase " + next, ctx.out.dir());
  measure::EnergyRecord done = ctx.phases.Next(std::move(next));
  ctx.log << fmt::format("energy: {} phase {:.1f} s, {}\n", done.phase, done.duration_s, Kwh(done.energy_j));
  return done;
}

// The power model of the simulated cluster; errors name --power-model / --power-off-idle.
Result<sched::PowerModel> StudyPowerModel(const StudyOptions& o) {
  auto m = sched::ResolvePowerModel(o.power_model);
  if (!m.ok()) return Status::InvalidInput("--power-model: " + m.status().message());
  if (o.power_off_idle >= 0 && !m->CanPowerOff()) {
    return Status::InvalidInput("--power-off-idle: power model '" + m->name +
                                "' states no off power, shutdown or boot figures (fields "
                                "off_w..boot_j); expected a model that does, e.g. g5k-taurus");
  }
  return m;
}

sched::PowerOff PowerOffOf(const StudyOptions& o) {
  return {o.power_off_idle >= 0, std::max(o.power_off_idle, 0.0)};
}

std::string TotalLine(const StudyOutputs& out, const measure::EnergyRecord& total) {
  return fmt::format("total: {:.1f} s, {} attributed ({}), {:.3g} kgCO2eq operational\n", out.seconds,
                     Kwh(total.energy_j), total.components.empty() ? "no channel" : total.components[0].channel.method,
                     total.emissions_kg);
}

// The development record, opened with the campaign's phase and its size.
Development StartDevelopment(const StudyOptions& o, measure::EnergyRecord campaign) {
  Development dev;
  dev.campaign = std::move(campaign);
  dev.tuples = o.tuples;
  dev.trials = o.trials;
  return dev;
}

}  // namespace

std::string DefaultTracePath() {
  return std::string(AIRGRID_DATA_DIR) + "/traces/SDSC-SP2-1998-4.2-cln.swf.gz";
}

Status ApplyScale(const std::string& scale, StudyOptions* o) {
  if (scale == "small") {
    o->train_jobs = 3000; o->eval_jobs = 6000; o->tuples = 24; o->trials = 400;
    o->validate_top = 3; o->mlp_epochs = 60; o->policy_net_iterations = 3;
  } else if (scale == "default") {
    // The SC'17 tuple count with 4x its trials: seconds on two cores.
    o->train_jobs = 10000; o->eval_jobs = 40000; o->tuples = 216; o->trials = 20000;
  } else if (scale == "paper") {
    // SC'17's 216 tuples on a 10,000-job Lublin 256 workload, with the 256,000 trials per
    // tuple of its 2023 successors (SC'17 itself used 5,000 or more).
    o->train_jobs = 10000; o->eval_jobs = 40000; o->tuples = 216; o->trials = 256000;
  } else {
    return Status::InvalidInput("--scale '" + scale + "': expected small, default or paper");
  }
  o->scale = scale;
  return Status::Ok();
}

// The list of phases. Each phase writes its own files; the tracked phases tile the run (a
// phase's file writing is charged to it).
Result<StudyOutputs> RunStudy(const StudyOptions& o, const std::string& command_line, const StudyServices& s) {
  const double t0 = s.clock->Now();
  auto carbon = StudyCarbon(o);
  if (!carbon.ok()) return carbon.status();
  auto power = StudyPowerModel(o);
  if (!power.ok()) return power.status();
  auto series = LoadLeverSeries(o);
  if (!series.ok()) return series.status();
  OutputFolder folder(o.out_dir);
  folder.Input("--workload", o.trace);
  folder.Input("--power-model", o.power_model);
  StudyContext ctx{o, command_line, *s.log, folder, *s.phases};
  AIRGRID_RETURN_IF_ERROR(ctx.phases.Start("workload"));
  ctx.step.emplace("study phase workload", o.out_dir);
  for (const auto& n : ctx.phases.notes()) ctx.log << "energy: " << n << "\n";

  auto wl = MakeWorkloads(o, ctx.log);
  if (!wl.ok()) return wl.status();
  AIRGRID_RETURN_IF_ERROR(folder.Create());  // after the inputs are read: a bad one leaves no folder
  const measure::EnergyRecord data_phase = EndPhase(ctx, "campaign");
  auto campaign = RunCampaignPhase(ctx, {wl->train});
  if (!campaign.ok()) return campaign.status();
  if (!campaign->output_rank) return StudyOutputs{};  // MPI worker ranks stop here; rank 0 reports
  Development dev = StartDevelopment(o, EndPhase(ctx, "fit"));
  auto fit = RunFitPhase(ctx, {wl->train, campaign->rows});
  if (!fit.ok()) return fit.status();
  dev.fit = EndPhase(ctx, "training");
  auto network = RunNetworkPhase(ctx, {campaign->rows});
  if (!network.ok()) return network.status();
  dev.training = EndPhase(ctx, "policy-training");
  auto policy_net = RunPolicyNetPhase(ctx, {wl->train});
  if (!policy_net.ok()) return policy_net.status();
  std::vector<PolicyResult> policies = StudyPolicies({*fit, *network, &*policy_net});
  dev.policy_training = EndPhase(ctx, "levers-sweep");
  auto sweep = RunSweepPhase(ctx, {wl->train, fit->shape});
  if (!sweep.ok()) return sweep.status();
  const measure::EnergyRecord sweep_record = EndPhase(ctx, UsePhase(policies.front()));
  ChargeDevelopment(dev, &policies);
  learn::RegisterMlpPolicy();
  auto evaluation = RunEvaluationPhase(ctx, {wl->eval, wl->eval_description, policies},
                                       ClusterModel{&*power, PowerOffOf(o)});
  if (!evaluation.ok()) return evaluation.status();
  AIRGRID_RETURN_IF_ERROR(RunUsePhase(ctx, {policies, *power, *carbon}));

  auto cost = RunDecisionCostPhase(ctx, {wl->eval, evaluation->use, policies});
  if (!cost.ok()) return cost.status();
  auto setup = StudySetup({o, evaluation->total, ctx.phases.notes(), wl->eval_description, cost->benchmark});
  auto report = RunGridPhase(ctx, {*wl, policies, *carbon, std::move(setup), &data_phase}, &*power);
  if (!report.ok()) return report.status();
  auto levers = RunLeversPhase(ctx, {report->grid, dev, *fit, *sweep, sweep_record, *carbon, *series});
  if (!levers.ok()) return levers.status();
  auto out = RunReportPhase(ctx, {*report, s.clock->Now() - t0, levers->markdown, levers->html});
  if (!out.ok()) return out;  // the folder's files are undone
  AIRGRID_RETURN_IF_ERROR(folder.Commit());
  ctx.log << TotalLine(*out, evaluation->total);
  return out;
}

Result<StudyOutputs> RunStudy(const StudyOptions& o, const std::string& command_line, std::ostream& log) {
  auto carbon = StudyCarbon(o);
  if (!carbon.ok()) return carbon.status();
  measure::TrackerOptions topt;
  topt.interval_s = o.tracker_interval_s;
  topt.carbon = *carbon;
  auto tracker = measure::Tracker::ForThisProcess(topt);
  auto phases = TrackPhases(tracker.get());
  return RunStudy(o, command_line, StudyServices{phases.get(), &SteadyClock(), &log});
}

}  // namespace airgrid::study
