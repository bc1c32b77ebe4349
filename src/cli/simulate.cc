// `airgrid simulate`: runs one or more scheduling policies on a workload (an SWF trace or a
// generated Lublin workload) under a protocol, prints one comparison table, and optionally
// writes the full metrics as JSON and one row per job as CSV.
//
// Every run of the table (policy × backfill × estimates) simulates the same filtered workload
// under the same protocol. Outputs are written only after every run succeeded, atomically.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/provenance.h"
#include "airgrid/base/status.h"
#include "airgrid/measure/carbon.h"
#include "airgrid/sched/cluster_energy.h"
#include "airgrid/sched/policy.h"
#include "airgrid/sched/protocol.h"
#include "airgrid/sched/run_metrics.h"
#include "airgrid/sched/simulator.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/lublin.h"
#include "airgrid/workload/swf.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

struct SimulateArgs {
  std::string workload;
  int32_t procs = 0;
  std::string invalid = "error";
  std::string filter;  // empty: sc17 for files, none for generated workloads
  std::vector<std::string> policies;
  std::vector<std::string> backfills = {"none"};
  std::vector<std::string> estimates = {"actual"};
  std::string protocol = "trace";
  double window_days = 15;
  int state_jobs = 16;
  int max_windows = 0;  // 0 = every complete window
  int lookahead = -1;  // -1: 32 in sc17, the whole queue otherwise
  int sequences = 100;
  int length = 1024;
  int64_t first_jobs = 0;
  uint64_t seed = 1;
  std::string starts = "splitmix64";
  bool kill_at_estimate = false;
  std::string ties = "submit";
  std::string timing = "exact";
  std::string decision = "repick";
  std::string commit_backfill = "easy";
  double tau = 10;
  int32_t small_procs = 0;
  int64_t short_runtime = 3600;
  bool classes = false;
  std::string json_path;
  std::string csv_path;
  // Cluster energy (sched/cluster_energy.h): off unless --power-model is given.
  std::string power_model;
  double power_off_idle = -1;  // < 0: nodes never switched off
  double carbon_intensity = -1;  // gCO2eq/kWh; < 0: the built-in table's world average
  double pue = 1.0;
};

// The cluster-energy settings, checked before any simulation.
struct EnergySettings {
  bool on = false;
  sched::PowerModel model;
  sched::PowerOff off;
  measure::CarbonFactor factor;
  double pue = 1;
};

EnergySettings MakeEnergySettings(const SimulateArgs& a) {
  EnergySettings s;
  if (a.power_model.empty()) {
    if (a.power_off_idle >= 0) throw InputError("--power-off-idle needs --power-model");
    return s;
  }
  s.on = true;
  s.model = ValueOrThrow(sched::ResolvePowerModel(a.power_model), "--power-model");
  s.off = {a.power_off_idle >= 0, std::max(a.power_off_idle, 0.0)};
  if (s.off.enabled && !s.model.CanPowerOff()) {
    throw InputError(fmt::format("--power-off-idle: power model '{}' ({}) states no off power, "
                                 "shutdown or boot figures (fields off_w..boot_j); expected a "
                                 "model that does, e.g. g5k-taurus",
                                 s.model.name, s.model.origin));
  }
  if (!(a.pue >= 1) || !std::isfinite(a.pue)) {
    throw InputError(fmt::format("--pue: expected a number >= 1, got {}", a.pue));
  }
  s.pue = a.pue;
  s.factor = a.carbon_intensity >= 0
                 ? measure::CarbonFactor{a.carbon_intensity, "user", 0, "--carbon-intensity",
                                         "user-value"}
                 : measure::CarbonTable::Builtin().World();
  return s;
}

std::string EnergyTable(const std::vector<sched::RunMetrics>& runs,
                        const std::vector<sched::ClusterEnergy>& energy, const EnergySettings& s) {
  std::string out = fmt::format(
      "cluster energy: model {} = {} ({}); one simulated processor = one node; {}; horizon per "
      "window: first submit to last completion; band ±{:g}% (declared); CO2eq at {:g} g/kWh "
      "({}), PUE {:g}\nsource: {}\n",
      s.model.name, s.model.node, s.model.year,
      s.off.enabled ? fmt::format("idle nodes switched off after {:g} s", s.off.idle_timeout_s)
                    : std::string("idle nodes stay on"),
      100 * s.model.uncertainty, s.factor.g_per_kwh, s.factor.source, s.pue, s.model.source);
  out += fmt::format("{:<14} {:<12} {:<9} {:>9} {:>10} {:>10} {:>21} {:>10} {:>17}\n", "policy",
                     "backfill", "estimates", "horizon_h", "busy_kWh", "idle_kWh",
                     "total_kWh [band]", "kJ/job", "CO2eq_kg [band]");
  for (size_t i = 0; i < runs.size(); ++i) {
    const sched::ClusterEnergy& e = energy[i];
    const double kg = sched::KgCo2eq(e.total_j, s.factor.g_per_kwh, s.pue);
    out += fmt::format("{:<14} {:<12} {:<9} {:>9.1f} {:>10.1f} {:>10.1f} {:>8.1f} [{:.1f}, {:.1f}] "
                       "{:>10.1f} {:>7.1f} [{:.1f}, {:.1f}]\n",
                       runs[i].policy, runs[i].backfill, runs[i].estimates, e.horizon_s / 3600,
                       e.busy_j / 3.6e6, e.idle_j / 3.6e6, e.total_j / 3.6e6,
                       e.Low(e.total_j) / 3.6e6, e.High(e.total_j) / 3.6e6, e.per_job_j / 1e3, kg,
                       e.Low(kg), e.High(kg));
  }
  return out;
}

// Jobs simulated in all by the sequences protocol (sequences x length).
constexpr int64_t kMaxSequenceJobs = 20000000;

sched::ProtocolOptions MakeProtocolOptions(const SimulateArgs& a) {
  sched::ProtocolOptions p;
  p.kind = ValueOrThrow(sched::ParseProtocol(a.protocol));
  p.window_days = a.window_days;
  p.state_jobs = a.state_jobs;
  p.max_windows = a.max_windows;
  p.lookahead = a.lookahead >= 0 ? a.lookahead : 32;
  p.sequences = a.sequences;
  p.length = a.length;
  p.first_jobs = a.first_jobs;
  p.seed = a.seed;
  p.starts = ValueOrThrow(sched::ParseStarts(a.starts), "--starts");
  return p;
}

nlohmann::json FilterJson(const workload::FilterReport& r) {
  nlohmann::json dropped = nlohmann::json::object();
  for (const auto& [reason, count] : r.dropped) dropped[reason] = count;
  return {{"name", r.filter},
          {"jobs_in", r.jobs_in},
          {"jobs_kept", r.jobs_kept},
          {"perfect_estimates", r.perfect_estimates},
          {"runtime_defaulted", r.runtime_defaulted},
          {"dropped", dropped},
          {"description", r.Describe()}};
}

nlohmann::json OptionsJson(const SimulateArgs& a, const sched::ProtocolOptions& p,
                           const sched::MetricsOptions& m) {
  return {{"policies", a.policies},
          {"backfill", a.backfills},
          {"estimates", a.estimates},
          {"protocol", std::string(sched::ProtocolName(p.kind))},
          {"window_days", p.window_days},
          {"state_jobs", p.state_jobs},
          {"max_windows", p.max_windows},
          {"lookahead", p.kind == sched::ProtocolOptions::Kind::kSc17
                            ? p.lookahead
                            : std::max(a.lookahead, 0)},
          {"sequences", p.sequences},
          {"length", p.length},
          {"first_jobs", p.first_jobs},
          {"seed", p.seed},
          {"starts", std::string(sched::StartsName(p.starts))},
          {"kill_at_estimate", a.kill_at_estimate},
          {"ties", a.ties},
          {"timing", a.timing},
          {"decision", a.decision},
          {"commit_backfill", a.commit_backfill},
          {"tau_s", m.tau},
          {"small_procs", m.small_procs},
          {"short_runtime_s", m.short_runtime}};
}

std::string ProtocolLine(const sched::ProtocolOptions& p, int32_t windows) {
  switch (p.kind) {
    case sched::ProtocolOptions::Kind::kSc17:
      return fmt::format("sc17: {} windows of {} state jobs + {} days, look-ahead {}", windows,
                         p.state_jobs, p.window_days, p.lookahead);
    case sched::ProtocolOptions::Kind::kSequences:
      return fmt::format("sequences: {} of {} jobs (seed {}{}{})", windows, p.length, p.seed,
                         p.first_jobs > 0 ? fmt::format(", from the first {} jobs", p.first_jobs)
                                          : std::string(),
                         p.starts == sched::ProtocolOptions::Starts::kRlscheduler
                             ? ", RLScheduler's starts"
                             : "");
    case sched::ProtocolOptions::Kind::kTrace:
      break;
  }
  return "trace: the whole workload from an empty machine";
}

int RunSimulate(const SimulateArgs& a) {
  RunOutputs outputs;
  outputs.Input("--workload", a.workload).Output("-o/--output", a.json_path).Output("--jobs-csv", a.csv_path);
  outputs.Prepare();
  const sched::ProtocolOptions protocol = MakeProtocolOptions(a);
  const EnergySettings energy_settings = MakeEnergySettings(a);

  // Memory grows with sequences x length: refuse sizes that cannot fit before allocating them.
  if (protocol.kind == sched::ProtocolOptions::Kind::kSequences &&
      int64_t{a.sequences} * a.length > kMaxSequenceJobs) {
    throw InputError(fmt::format("--sequences {} x --length {}: {} jobs in all is above the limit "
                                 "of {} (docs/formats.md, \"Input limits\")",
                                 a.sequences, a.length, int64_t{a.sequences} * a.length,
                                 kMaxSequenceJobs));
  }

  // Policies and simulator settings first: a typo fails before a long trace is read.
  std::vector<std::unique_ptr<sched::Policy>> policies;
  for (const std::string& spec : a.policies) {
    policies.push_back(ValueOrThrow(sched::MakePolicy(spec), fmt::format("--policy '{}'", spec)));
  }
  const sched::SimOptions::TieBreak ties = ValueOrThrow(sched::ParseTieBreak(a.ties));
  const sched::SimOptions::Timing timing = ValueOrThrow(sched::ParseTiming(a.timing));
  const sched::SimOptions::Decision decision = ValueOrThrow(sched::ParseDecision(a.decision));
  const sched::SimOptions::CommitBackfill commit_backfill =
      ValueOrThrow(sched::ParseCommitBackfill(a.commit_backfill), "--commit-backfill");
  std::vector<sched::SimOptions> configs;
  for (const std::string& b : a.backfills) {
    for (const std::string& e : a.estimates) {
      sched::SimOptions s;
      s.backfill = ValueOrThrow(sched::ParseBackfill(b));
      s.estimates = ValueOrThrow(sched::ParseEstimates(e));
      s.kill_at_estimate = a.kill_at_estimate;
      s.tie_break = ties;
      s.timing = timing;
      s.decision = decision;
      if (commit_backfill == sched::SimOptions::CommitBackfill::kRlscheduler) {
        if (decision != sched::SimOptions::Decision::kCommit || s.backfill == sched::Backfill::kConservative)
          throw InputError("--commit-backfill rlscheduler: expected --decision commit with "
                           "--backfill none or easy");
        if (s.backfill == sched::Backfill::kEasy) s.commit_backfill = commit_backfill;
      }
      if (decision == sched::SimOptions::Decision::kCommit &&
          s.backfill == sched::Backfill::kConservative)
        throw InputError("--decision commit: expected --backfill none or easy, got conservative");
      s.lookahead = std::max(a.lookahead, 0);
      configs.push_back(s);
    }
  }

  workload::Workload w =
      IsGeneratedWorkload(a.workload)
          ? GenerateWorkloadFromSpec("--workload", a.workload, a.procs)
          : ReadSwfOrThrow(a.workload, a.procs, a.invalid);
  // SWF fields no policy reads: 72 bytes a job freed before the runs (docs/formats.md).
  if (std::none_of(policies.begin(), policies.end(),
                   [](const auto& p) { return p->ReadsSwfExtra(); })) {
    workload::DropSwfExtra(w);
  }
  const std::string filter = !a.filter.empty() ? a.filter
                             : IsGeneratedWorkload(a.workload) ? "none"
                                                       : "sc17";
  const workload::FilterReport report = ValueOrThrow(workload::ApplyFilter(filter, w));
  if (w.jobs.empty()) {
    throw InputError(fmt::format("--workload '{}': no job left after filter {} ({})", a.workload,
                                 filter, report.Describe()));
  }

  sched::MetricsOptions metric_options;
  metric_options.tau = a.tau;
  metric_options.small_procs = a.small_procs;
  metric_options.short_runtime = a.short_runtime;
  metric_options = sched::ResolveMetricsOptions(metric_options, w.machine_procs);

  std::vector<sched::RunMetrics> metrics;
  std::vector<sched::ClusterEnergy> energy;
  std::string csv = sched::kJobsCsvHeader;
  for (const sched::SimOptions& config : configs) {
    for (auto& policy : policies) {
      sched::RunResult run =
          ValueOrThrow(sched::RunProtocol(w, *policy, config, protocol));
      metrics.push_back(sched::ComputeRunMetrics(run, metric_options));
      if (energy_settings.on) {
        energy.push_back(ValueOrThrow(sched::ComputeClusterEnergy(run, energy_settings.model,
                                                                  energy_settings.off)));
      }
      if (!a.csv_path.empty()) sched::AppendJobsCsv(run, a.tau, &csv);
    }
  }

  std::printf("workload: %s, %d processors; %s\n", w.source.c_str(), w.machine_procs,
              report.Describe().c_str());
  if (!w.skipped.empty()) {
    std::printf("invalid records: %s\n", workload::DescribeSkipped(w).c_str());
  }
  std::printf("protocol %s; tau %g s\n\n", ProtocolLine(protocol, metrics[0].windows).c_str(),
              a.tau);
  std::fputs(sched::RenderTable(metrics).c_str(), stdout);
  if (a.classes) {
    std::printf("\njob classes: small = procs <= %d, short = runtime <= %lld s\n",
                metric_options.small_procs, static_cast<long long>(metric_options.short_runtime));
    std::fputs(sched::RenderClassTable(metrics).c_str(), stdout);
  }
  if (energy_settings.on) {
    std::printf("\n%s", EnergyTable(metrics, energy, energy_settings).c_str());
  }

  if (!a.json_path.empty()) {
    nlohmann::json j = ProvenanceJson(CommandLine());
    j["workload"] = {{"source", w.source},
                     {"machine_procs", w.machine_procs},
                     {"jobs", static_cast<int64_t>(w.jobs.size())},
                     {"invalid", a.invalid},
                     {"skipped_records", SkippedJson(w)},
                     {"filter", FilterJson(report)}};
    j["options"] = OptionsJson(a, protocol, metric_options);
    j["avg_bsld"] = sched::ToJson(metrics[0])["avg_bsld"];
    j["windows"] = metrics[0].windows;
    nlohmann::json runs = nlohmann::json::array();
    for (size_t i = 0; i < metrics.size(); ++i) {
      nlohmann::json run = sched::ToJson(metrics[i]);
      if (energy_settings.on) {
        run["cluster_energy"] = sched::ToJson(energy[i], energy_settings.factor.g_per_kwh,
                                              energy_settings.pue);
      }
      runs.push_back(std::move(run));
    }
    if (energy_settings.on) {
      j["power_model"] = sched::ToJson(energy_settings.model);
      j["carbon_factor"] = {{"g_per_kwh", energy_settings.factor.g_per_kwh},
                            {"region", energy_settings.factor.region},
                            {"year", energy_settings.factor.year},
                            {"source", energy_settings.factor.source},
                            {"pue", energy_settings.pue}};
    }
    j["runs"] = std::move(runs);
    outputs.Put(a.json_path, JsonText(j));
  }
  if (!a.csv_path.empty()) outputs.Put(a.csv_path, csv);
  outputs.Commit();
  return 0;
}

Runner Setup(CLI::App* app) {
  auto a = std::make_shared<SimulateArgs>();
  app->add_option("--workload,-w", a->workload,
                  "SWF trace (plain or .gz), or lublin:JOBS[:SEED][:tsafrir] to generate one (Lublin's "
                  "combined batch + interactive mix, not SC'17's typeless lublin_256.swf: use "
                  "`airgrid workload generate --mix typeless` for that; :tsafrir adds modelled user estimates)")
      ->required();
  app->add_option("--procs", a->procs,
                  "Machine size (processors); default: the trace's MaxProcs/MaxNodes, 256 for "
                  "lublin:")
      ->check(CLI::NonNegativeNumber);
  AddInvalidOption(app, &a->invalid);
  app->add_option("--filter", a->filter,
                  "Job filter: sc17, rlscheduler or none (default sc17 for files, none for "
                  "lublin:)");
  app->add_option("--policy,-p", a->policies,
                  "Policy: fcfs, spt, saf, wfp3, unicef, f1..f4, expr:FORMULA, mlp:MODEL; repeat "
                  "for one table")
      ->required();
  app->add_option("--backfill", a->backfills, "none, easy or conservative (several: one row each)")
      ->capture_default_str();
  app->add_option("--estimates", a->estimates,
                  "What policies see as p: actual or requested runtimes (several: one row each)")
      ->capture_default_str();
  app->add_option("--protocol", a->protocol, "trace, sc17 or sequences")->capture_default_str();
  app->add_option("--window-days", a->window_days, "sc17: window length in days")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app->add_option("--state-jobs", a->state_jobs, "sc17: state jobs opening each window")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app->add_option("--max-windows", a->max_windows,
                  "sc17: stop after this many windows (0 = all; the SC'17 artifact used 47 on SDSC-SP2)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app->add_option("--lookahead", a->lookahead,
                  "Waiting jobs the policy sees (default 32 in sc17, the whole queue otherwise; "
                  "0 = whole queue)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--sequences", a->sequences, "sequences: how many")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app->add_option("--length", a->length, "sequences: jobs per sequence")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app->add_option("--first", a->first_jobs, "sequences: start among the first K jobs (0 = all)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app->add_option("--seed", a->seed, "Seed of the sequences protocol")->capture_default_str();
  app->add_option("--starts", a->starts,
                  "sequences: how starts are drawn: splitmix64 (uniform over every start that "
                  "leaves room for --length jobs) or rlscheduler (RLScheduler's own: gym-seeded "
                  "NumPy randint(length, K - length - 1), K = --first or all jobs; with --filter "
                  "rlscheduler the same --seed gives exactly their test sequences)")
      ->capture_default_str();
  app->add_flag("--kill-at-estimate", a->kill_at_estimate,
                "Stop jobs at their requested time (off, as in SC'17)");
  app->add_option("--ties", a->ties,
                  "Order of equal scores: submit (submit time, then id), sc17 (the SC'17 "
                  "artifact's order, reproduction only: changes spt; matches its published, "
                  "SimGrid 3.13 means) or sc17-simgrid3.32 (the same artifact built against "
                  "SimGrid 3.32, which re-sorts once per arriving job; with --timing sc17 it "
                  "matches that build window by window). SPT agrees with the artifact only to a "
                  "few percent across versions: the artifact's own order among equal p depends "
                  "on the SimGrid version")
      ->capture_default_str();
  app->add_option("--timing", a->timing,
                  "Event timing: exact (all events of a second at once, completions first) or "
                  "sc17 (the SC'17 artifact's: starts a small delay after their decision, one "
                  "at a time; arrivals before completions; one decision per completion; "
                  "reproduction only; see docs/methodology.md)")
      ->capture_default_str();
  app->add_option("--decision", a->decision,
                  "When the first job does not fit: repick (order the queue again at the next "
                  "event, airgrid's default) or commit (wait for the picked job, RLScheduler's "
                  "loop)")
      ->capture_default_str();
  app->add_option("--commit-backfill", a->commit_backfill,
                  "With --decision commit --backfill easy: whose backfilling: easy (EASY around "
                  "the committed job, in policy order) or rlscheduler (RLScheduler's own: submit "
                  "order, ending strictly before the committed job's earliest start computed "
                  "when it blocked; reproduction only)")
      ->capture_default_str();
  app->add_option("--tau", a->tau, "Bounded-slowdown threshold (s)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app->add_option("--small-procs", a->small_procs,
                  "Job classes: small = procs <= N (default max(1, M/32))")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--short-runtime", a->short_runtime,
                  "Job classes: short = actual runtime <= S seconds")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app->add_flag("--classes", a->classes, "Also print the per-job-class table");
  AddJsonOutputOption(app, &a->json_path, "Write every metric of every run as JSON ('-': stdout, alone)");
  app->add_option("--jobs-csv", a->csv_path, "Write one row per counted job as CSV");
  app->add_option("--power-model", a->power_model,
                  "Cluster energy per run with this power model: a built-in name "
                  "(dell-poweredge-r640, dell-poweredge-r740, g5k-taurus) or a CSV file with one "
                  "row (columns of data/power_models.csv)");
  app->add_option("--power-off-idle", a->power_off_idle,
                  "Switch idle nodes off after this many seconds (off by default; needs a model "
                  "with off/boot figures)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--carbon-intensity", a->carbon_intensity,
                  "gCO2eq/kWh for the cluster energy (default: the built-in world average)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--pue", a->pue, "Power usage effectiveness for the cluster energy (>= 1)")
      ->capture_default_str();

  // Numeric options: range checked at parse time (cli_util.h).
  CheckNumbers(app, {{"--procs", 0, 1e7, NumberRule::kWhole},
                     {"--window-days", 0, 3650, NumberRule::kRealAboveLo},
                     {"--state-jobs", 0, 1e6, NumberRule::kWhole},
                     {"--max-windows", 0, 1e6, NumberRule::kWhole},
                     {"--lookahead", 0, 1e7, NumberRule::kWhole},
                     {"--sequences", 1, 1e6, NumberRule::kWhole},
                     {"--length", 1, 1e7, NumberRule::kWhole},
                     {"--first", 0, 1e12, NumberRule::kWhole},
                     {"--seed", 0, kMaxSeed, NumberRule::kWhole},
                     {"--tau", 0, 1e7, NumberRule::kRealAboveLo},
                     {"--small-procs", 0, 1e7, NumberRule::kWhole},
                     {"--short-runtime", 0, 1e12, NumberRule::kWhole}});
  app->footer("Examples:\n"
              "  airgrid simulate --workload lublin:2000 --policy fcfs --policy f1 --backfill easy\n"
              "  airgrid simulate --workload SDSC-SP2-1998-4.2-cln.swf.gz --protocol sc17 --max-windows 47 --policy fcfs -o out.json");
  return [a] { return RunSimulate(*a); };
}

const Registration kReg{"simulate",
                        "Simulate scheduling policies on a workload; compare them in one table",
                        &Setup};

}  // namespace
}  // namespace airgrid::cli
