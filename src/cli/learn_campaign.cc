// `airgrid learn campaign`: the SC'17 trial campaign. Draws tuples (|S| state jobs + |Q| queued
// jobs) from a workload, simulates random orders of each queue and writes the scores table
// (learn/scores.h) that `learn fit` and `learn mlp` learn from, plus a JSON sidecar.
//
// Long runs: progress on stderr; every finished tuple is checkpointed (<output>.ckpt); Ctrl-C
// stops after the tuples in flight and `--resume` continues. Under `mpirun -np N` the tuples
// are shared by the ranks and rank 0 writes the outputs (identical to a single-process run).
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/progress.h"
#include "airgrid/base/provenance.h"
#include "airgrid/learn/campaign.h"
#include "airgrid/learn/scores.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/lublin.h"
#include "airgrid/workload/swf.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

struct CampaignArgs {
  std::string workload;
  bool lublin = false;
  int64_t lublin_jobs = 10000;
  uint64_t lublin_seed = 1;
  int32_t procs = 0;
  std::string invalid = "error";
  std::string filter = "sc17";
  learn::CampaignOptions options;
  std::string shuffle = "fisher-yates";
  std::string output;
  std::string json_path;
  std::string checkpoint;
  bool no_checkpoint = false;
  bool no_progress = false;
};

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) {
  g_interrupted.store(true);
  // A second Ctrl-C kills at once (finished tuples are already on disk).
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

struct LoadedWorkload {
  workload::Workload w;
  nlohmann::json json;
  std::string describe;
};

LoadedWorkload Load(const CampaignArgs& a) {
  LoadedWorkload out;
  if (a.lublin) {
    workload::LublinOptions o;
    o.procs = a.procs > 0 ? a.procs : 256;
    o.jobs = a.lublin_jobs;
    o.seed = a.lublin_seed;
    out.w = ValueOrThrow(workload::GenerateLublin(o));
    out.json = {{"source", out.w.source}, {"generator", "lublin"}, {"lublin_jobs", o.jobs},
                {"lublin_seed", o.seed}, {"machine_procs", out.w.machine_procs},
                {"jobs", out.w.jobs.size()}};
    out.describe = fmt::format("Lublin model, {} jobs, seed {}, {} processors", o.jobs, o.seed,
                               out.w.machine_procs);
    return out;
  }
  out.w = ReadSwfOrThrow(a.workload, a.procs, a.invalid);
  const workload::FilterReport report = ValueOrThrow(workload::ApplyFilter(a.filter, out.w));
  nlohmann::json dropped = nlohmann::json::object();
  for (const auto& [reason, count] : report.dropped) dropped[reason] = count;
  out.json = {{"source", a.workload},
              {"machine_procs", out.w.machine_procs},
              {"jobs", out.w.jobs.size()},
              {"invalid", a.invalid},
              {"skipped_records", SkippedJson(out.w)},
              {"filter", {{"name", report.filter},
                          {"jobs_in", report.jobs_in},
                          {"jobs_kept", report.jobs_kept},
                          {"perfect_estimates", report.perfect_estimates},
                          {"dropped", dropped},
                          {"description", report.Describe()}}}};
  out.describe = fmt::format("{} ({} processors; {})", a.workload, out.w.machine_procs,
                             report.Describe());
  return out;
}

nlohmann::json SidecarJson(const CampaignArgs& a, const LoadedWorkload& lw,
                           const learn::CampaignResult& r, const std::string& checkpoint) {
  const learn::CampaignOptions& o = a.options;
  nlohmann::json j = ProvenanceJson(CommandLine());
  j["command"] = "learn campaign";
  j["workload"] = lw.json;
  j["workload"]["fingerprint"] = fmt::format("{:016x}", learn::WorkloadFingerprint(lw.w));
  j["parameters"] = {{"tuples", o.tuples},
                     {"trials", o.trials},
                     {"seed", o.seed},
                     {"shuffle", learn::ShuffleName(o.shuffle)},
                     {"state_jobs", o.shape.state_jobs},
                     {"queue_jobs", o.shape.queue_jobs},
                     {"tau", o.tau},
                     {"value", "AVEbsld over the queue jobs; score(k) = sum of values of trials "
                               "starting with k / sum over all trials; lower is better"}};
  j["seeds"] = {{"campaign", o.seed}};
  if (a.lublin) j["seeds"]["lublin"] = a.lublin_seed;
  j["execution"] = {{"threads_per_rank", r.threads},
                    {"ranks", r.ranks},
                    {"mpi_compiled", learn::CampaignHasMpi()},
                    {"seconds", r.seconds},
                    {"trials_per_second", r.trials_per_second},
                    {"tuples_computed", r.tuples_computed},
                    {"tuples_resumed", r.tuples_resumed},
                    {"trials_computed", r.trials_computed},
                    {"checkpoint", checkpoint.empty() ? nlohmann::json() : nlohmann::json(checkpoint)},
                    {"ignored_checkpoint_lines", r.ignored_checkpoint_lines}};
  j["output"] = {{"path", a.output},
                 {"rows", r.rows.size()},
                 {"columns", {"p", "q", "r", "score", "tuple", "k", "job_id", "estimate", "n_first"}}};
  j["tuple_positions"] = r.positions;
  return j;
}

int Run(CampaignArgs& a) {
  CheckOutputPath("-o", a.output);
  CheckOutputPath("--json", a.json_path);
  a.options.shuffle = ValueOrThrow(learn::ParseShuffle(a.shuffle));
  const learn::CampaignPlace place = learn::CampaignProcess(a.options.use_mpi);
  const bool root = place.rank == 0;
  const std::string checkpoint =
      a.no_checkpoint ? "" : (a.checkpoint.empty() ? a.output + ".ckpt" : a.checkpoint);
  const std::string json_path = a.json_path.empty() ? a.output + ".json" : a.json_path;
  a.options.checkpoint_path = checkpoint;

  RunOutputs outputs;
  if (root) {
    outputs.Input("--workload", a.workload).Output("-o", a.output).Output("--json", json_path);
    outputs.Output("--checkpoint", checkpoint);
    outputs.Prepare();
  }
  LoadedWorkload lw = Load(a);
  if (root) {
    std::cerr << fmt::format(
        "campaign: {} tuples x {} trials (|S| {}, |Q| {}, {} shuffle, seed {}) on {}\n",
        a.options.tuples, a.options.trials, a.options.shape.state_jobs,
        a.options.shape.queue_jobs, learn::ShuffleName(a.options.shuffle), a.options.seed,
        lw.describe);
  }

  g_interrupted = false;
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
  a.options.cancel = &g_interrupted;
  std::unique_ptr<ProgressDisplay> progress;
  if (root && !a.no_progress) {
    progress = std::make_unique<ProgressDisplay>(std::cerr, IsTerminal(stderr), "trials");
  }
  learn::CampaignResult r = ValueOrThrow(learn::RunCampaign(lw.w, a.options, progress.get()));
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  if (r.cancelled) {
    if (root) {
      std::cerr << fmt::format(
          "campaign: interrupted; {} finished tuples are saved in {}: rerun the same command "
          "with --resume to continue\n",
          r.tuples_computed + r.tuples_resumed, checkpoint.empty() ? "(no checkpoint)" : checkpoint);
    }
    return 130;
  }
  if (!root) return 0;

  outputs.Put(a.output, learn::FormatScoresCsv(r.rows));
  outputs.Put(json_path, JsonText(SidecarJson(a, lw, r, checkpoint)));
  outputs.Commit();
  if (!checkpoint.empty()) std::filesystem::remove(checkpoint);

  std::cout << fmt::format(
      "computed {} tuples ({} trials) in {:.2f} s: {} trials/s with {} thread{} x {} rank{}{}\n",
      r.tuples_computed, HumanCount(static_cast<double>(r.trials_computed)), r.seconds,
      HumanCount(r.trials_per_second), r.threads, r.threads == 1 ? "" : "s", r.ranks,
      r.ranks == 1 ? "" : "s",
      r.tuples_resumed > 0 ? fmt::format("; {} tuples resumed from the checkpoint", r.tuples_resumed)
                           : "");
  std::cout << fmt::format("wrote {} ({} rows) and {}\n", a.output, r.rows.size(), json_path);
  return 0;
}

Runner Setup(CLI::App* app) {
  auto a = std::make_shared<CampaignArgs>();
  app->description(
      "SC'17 trial campaign: score each queued job of random workload tuples by the average\n"
      "bounded slowdown of random orders that start with it (lower is better). Output: CSV\n"
      "p,q,r,score,tuple,k,job_id,estimate,n_first, and a JSON sidecar.");
  auto* wl = app->add_option("--workload", a->workload, "SWF trace (plain or .gz)")
                 ->check(CLI::ExistingFile);
  auto* lub = app->add_flag("--lublin", a->lublin, "generate a Lublin-Feitelson workload instead");
  wl->excludes(lub);
  app->add_option("--lublin-jobs", a->lublin_jobs, "jobs of the generated workload")
      ->default_val(10000)->check(CLI::PositiveNumber);
  app->add_option("--lublin-seed", a->lublin_seed, "seed of the generated workload")->default_val(1);
  app->add_option("--procs", a->procs, "machine size (default: the trace header; 256 for --lublin)")
      ->check(CLI::PositiveNumber);
  AddInvalidOption(app, &a->invalid);
  app->add_option("--filter", a->filter, "job filter for --workload: sc17, rlscheduler, none")
      ->default_val("sc17");
  app->add_option("--tuples", a->options.tuples, "tuples (S, Q) drawn from the workload")
      ->default_val(216);
  app->add_option("--trials", a->options.trials, "random queue orders simulated per tuple")
      ->default_val(5000);
  app->add_option("--seed", a->options.seed, "campaign seed (tuple positions and orders)")
      ->default_val(1);
  app->add_option("--shuffle", a->shuffle,
                  "fisher-yates (uniform orders) or sc17 (the artifact's biased shuffle)")
      ->default_val("fisher-yates");
  app->add_option("--state-jobs", a->options.shape.state_jobs, "|S|: jobs setting the machine state")
      ->default_val(16);
  app->add_option("--queue-jobs", a->options.shape.queue_jobs, "|Q|: queued jobs ordered by trials")
      ->default_val(32);
  app->add_option("--tau", a->options.tau, "bounded-slowdown threshold in seconds")->default_val(10);
  app->add_option("--threads", a->options.threads, "worker threads per process (0: all cores)")
      ->default_val(0);
  app->add_option("-o,--output", a->output, "scores CSV to write")->required();
  app->add_option("--json", a->json_path, "JSON sidecar (default: <output>.json)");
  app->add_option("--checkpoint", a->checkpoint, "checkpoint file (default: <output>.ckpt)");
  app->add_flag("--no-checkpoint", a->no_checkpoint, "do not checkpoint finished tuples");
  app->add_flag("--resume", a->options.resume, "continue an interrupted run from its checkpoint");
  app->add_flag("--no-progress", a->no_progress, "no progress display on stderr");
  // Numeric options: range checked at parse time (cli_util.h).
  CheckNumbers(app, {{"--lublin-jobs", 1, 1e9, NumberRule::kWhole},
                     {"--lublin-seed", 0, kMaxSeed, NumberRule::kWhole},
                     {"--procs", 0, 1e7, NumberRule::kWhole},
                     {"--tuples", 1, 1e9, NumberRule::kWhole},
                     {"--trials", 1, 1e12, NumberRule::kWhole},
                     {"--seed", 0, kMaxSeed, NumberRule::kWhole},
                     {"--state-jobs", 0, 1e6, NumberRule::kWhole},
                     {"--queue-jobs", 1, 1e6, NumberRule::kWhole},
                     {"--tau", 0, 1e7, NumberRule::kRealAboveLo},
                     {"--threads", 0, 1024, NumberRule::kWhole}});
  app->footer("Example: airgrid learn campaign --workload lublin_256.swf --tuples 216 --trials 5000 -o scores.csv\n"
              "         airgrid learn campaign --lublin --lublin-jobs 10000 --tuples 24 --trials 400 -o scores.csv");
  return [a]() {
    if (a->workload.empty() && !a->lublin) {
      throw InputError("learn campaign: give a workload: --workload FILE or --lublin");
    }
    return Run(*a);
  };
}

const Registration kReg{"learn campaign",
                        "SC'17 trial campaign: scores of queued jobs from random orders (CSV)",
                        &Setup};

}  // namespace
}  // namespace airgrid::cli
