// `airgrid simulate`: runs one or more scheduling policies on a workload (an SWF trace or a
// generated Lublin workload) under a protocol, prints one comparison table, and optionally
// writes the full metrics as JSON and one row per job as CSV.
//
// Every run of the table (policy × backfill × estimates) simulates the same filtered workload
// under the same protocol. Outputs are written only after every run succeeded, atomically.
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
  bool kill_at_estimate = false;
  std::string ties = "submit";
  std::string decision = "repick";
  double tau = 10;
  int32_t small_procs = 0;
  int64_t short_runtime = 3600;
  bool classes = false;
  std::string json_path;
  std::string csv_path;
};

// Fails before any simulation when an output could not be written.
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
          {"kill_at_estimate", a.kill_at_estimate},
          {"ties", a.ties},
          {"decision", a.decision},
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
      return fmt::format("sequences: {} of {} jobs (seed {}{})", windows, p.length, p.seed,
                         p.first_jobs > 0 ? fmt::format(", from the first {} jobs", p.first_jobs)
                                          : std::string());
    case sched::ProtocolOptions::Kind::kTrace:
      break;
  }
  return "trace: the whole workload from an empty machine";
}

int RunSimulate(const SimulateArgs& a) {
  CheckOutputPath("--json", a.json_path);
  CheckOutputPath("--jobs-csv", a.csv_path);
  const sched::ProtocolOptions protocol = MakeProtocolOptions(a);

  // Policies and simulator settings first: a typo fails before a long trace is read.
  std::vector<std::unique_ptr<sched::Policy>> policies;
  for (const std::string& spec : a.policies) {
    Result<std::unique_ptr<sched::Policy>> p = sched::MakePolicy(spec);
    if (!p.ok()) throw InputError(fmt::format("--policy '{}': {}", spec, p.status().message()));
    policies.push_back(std::move(p).value());
  }
  const sched::SimOptions::TieBreak ties = ValueOrThrow(sched::ParseTieBreak(a.ties));
  const sched::SimOptions::Decision decision = ValueOrThrow(sched::ParseDecision(a.decision));
  std::vector<sched::SimOptions> configs;
  for (const std::string& b : a.backfills) {
    for (const std::string& e : a.estimates) {
      sched::SimOptions s;
      s.backfill = ValueOrThrow(sched::ParseBackfill(b));
      s.estimates = ValueOrThrow(sched::ParseEstimates(e));
      s.kill_at_estimate = a.kill_at_estimate;
      s.tie_break = ties;
      s.decision = decision;
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
          : ValueOrThrow(workload::ReadSwf(a.workload, workload::SwfReadOptions{a.procs}));
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
  std::string csv = sched::kJobsCsvHeader;
  for (const sched::SimOptions& config : configs) {
    for (auto& policy : policies) {
      sched::RunResult run =
          ValueOrThrow(sched::RunProtocol(w, *policy, config, protocol));
      metrics.push_back(sched::ComputeRunMetrics(run, metric_options));
      if (!a.csv_path.empty()) sched::AppendJobsCsv(run, a.tau, &csv);
    }
  }

  std::printf("workload: %s, %d processors; %s\n", w.source.c_str(), w.machine_procs,
              report.Describe().c_str());
  std::printf("protocol %s; tau %g s\n\n", ProtocolLine(protocol, metrics[0].windows).c_str(),
              a.tau);
  std::fputs(sched::RenderTable(metrics).c_str(), stdout);
  if (a.classes) {
    std::printf("\njob classes: small = procs <= %d, short = runtime <= %lld s\n",
                metric_options.small_procs, static_cast<long long>(metric_options.short_runtime));
    std::fputs(sched::RenderClassTable(metrics).c_str(), stdout);
  }

  if (!a.json_path.empty()) {
    nlohmann::json j = ProvenanceJson(CommandLine());
    j["workload"] = {{"source", w.source},
                     {"machine_procs", w.machine_procs},
                     {"jobs", static_cast<int64_t>(w.jobs.size())},
                     {"filter", FilterJson(report)}};
    j["options"] = OptionsJson(a, protocol, metric_options);
    j["avg_bsld"] = sched::ToJson(metrics[0])["avg_bsld"];
    j["windows"] = metrics[0].windows;
    nlohmann::json runs = nlohmann::json::array();
    for (const sched::RunMetrics& m : metrics) runs.push_back(sched::ToJson(m));
    j["runs"] = std::move(runs);
    WriteJson(a.json_path, j);
  }
  if (!a.csv_path.empty()) ThrowIfError(WriteFileAtomic(a.csv_path, csv), "--jobs-csv");
  return 0;
}

Runner Setup(CLI::App* app) {
  auto a = std::make_shared<SimulateArgs>();
  app->add_option("--workload,-w", a->workload,
                  "SWF trace (plain or .gz), or lublin:JOBS[:SEED] to generate one")
      ->required();
  app->add_option("--procs", a->procs,
                  "Machine size (processors); default: the trace's MaxProcs/MaxNodes, 256 for "
                  "lublin:")
      ->check(CLI::NonNegativeNumber);
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
  app->add_flag("--kill-at-estimate", a->kill_at_estimate,
                "Stop jobs at their requested time (off, as in SC'17)");
  app->add_option("--ties", a->ties,
                  "Order of equal scores: submit (submit time, then id) or sc17 (the SC'17 "
                  "artifact's order, reproduction only: changes spt)")
      ->capture_default_str();
  app->add_option("--decision", a->decision,
                  "When the first job does not fit: repick (order the queue again at the next "
                  "event, airgrid's default) or commit (wait for the picked job, RLScheduler's "
                  "loop)")
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
  app->add_option("-o,--output,--json", a->json_path, "Write every metric of every run as JSON ('-': stdout, alone)");
  app->add_option("--jobs-csv", a->csv_path, "Write one row per counted job as CSV");
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
