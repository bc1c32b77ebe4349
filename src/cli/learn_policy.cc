// `airgrid learn policy`: trains a job-scoring network on the scheduling objective by
// simulation (OpenAI-ES, learn/policy_es.h) and writes it in the MLP model format, usable by
// `airgrid simulate --policy mlp:FILE`.
//
// The workload is cut in time: the first --train-fraction of its jobs is the training
// workload (itself cut into training and validation pools), the rest is held out. With
// --test-sequences N the network and the shipped policies are simulated on N held-out
// sequences (seeded, never seen in training) and compared with 95 % confidence intervals.
// The tracker measures the training's energy; the file carries it with the learning curve,
// whose rows (objective, wall and CPU time, energy so far, per iteration) --curve-csv also
// writes as CSV.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/provenance.h"
#include "airgrid/base/status.h"
#include "airgrid/learn/mlp.h"
#include "airgrid/learn/mlp_policy.h"
#include "airgrid/learn/mlp_train.h"
#include "airgrid/learn/policy_es.h"
#include "airgrid/measure/tracker.h"
#include "airgrid/sched/protocol.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/swf.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

struct PolicyArgs {
  std::string workload;
  int32_t procs = 0;
  std::string filter;
  std::string output;
  std::string curve_csv;
  double train_fraction = 0.7;
  std::string objective = "bsld";
  std::string init = "random";
  std::string backfill = "none";
  std::string estimates = "actual";
  std::string decision = "repick";
  std::string features = "log10p,log10q,log10wait,free,fits";
  std::string hidden = "8";
  std::string activation = "tanh";
  learn::PolicyEsOptions es;
  bool no_mpi = false;
  int test_sequences = 0;
  int test_length = 1024;
  uint64_t test_seed = 1001;
  std::vector<std::string> test_backfill = {"none"};
  std::vector<std::string> compare = {"fcfs", "spt", "saf", "wfp3", "unicef",
                                      "f1",   "f2",  "f3",  "f4"};
};


workload::Workload LoadWorkload(const PolicyArgs& a) {
  workload::Workload w =
      IsGeneratedWorkload(a.workload)
          ? GenerateWorkloadFromSpec("--workload", a.workload, a.procs)
          : ValueOrThrow(workload::ReadSwf(a.workload, workload::SwfReadOptions{a.procs}));
  const std::string filter = !a.filter.empty() ? a.filter
                             : IsGeneratedWorkload(a.workload) ? "none" : "sc17";
  ValueOrThrow(workload::ApplyFilter(filter, w));
  return w;
}

// Per-sequence AVEbsld of `policy` on the held-out workload.
std::vector<double> PerSequence(const workload::Workload& w, sched::Policy& policy,
                                const sched::SimOptions& sim, const sched::ProtocolOptions& p,
                                double tau) {
  sched::RunResult run = ValueOrThrow(sched::RunProtocol(w, policy, sim, p));
  std::vector<double> sum(run.windows, 0.0);
  std::vector<int> count(run.windows, 0);
  for (const auto& r : run.jobs) {
    sum[r.window] += sched::BoundedSlowdown(r, tau);
    ++count[r.window];
  }
  for (int i = 0; i < run.windows; ++i) sum[i] /= std::max(1, count[i]);
  return sum;
}

struct MeanCi {
  double mean = 0, half = 0;
};
// Mean and 95 % half-width (normal approximation, 1.96 standard errors).
MeanCi Ci(const std::vector<double>& x) {
  MeanCi c;
  if (x.empty()) return c;
  for (double v : x) c.mean += v;
  c.mean /= static_cast<double>(x.size());
  double ss = 0;
  for (double v : x) ss += (v - c.mean) * (v - c.mean);
  if (x.size() > 1) c.half = 1.96 * std::sqrt(ss / static_cast<double>(x.size() - 1) / x.size());
  return c;
}

// The held-out comparison: the network and every --compare policy on the same sequences.
nlohmann::json Evaluate(const PolicyArgs& a, const workload::Workload& test,
                        const learn::MlpModel& model) {
  sched::ProtocolOptions p;
  p.kind = sched::ProtocolOptions::Kind::kSequences;
  p.sequences = a.test_sequences;
  p.length = a.test_length;
  p.seed = a.test_seed;
  if (static_cast<int64_t>(test.jobs.size()) < a.test_length)
    throw InputError(fmt::format("--test-length {}: the held-out part holds only {} jobs",
                                 a.test_length, test.jobs.size()));
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& bf : a.test_backfill) {
    sched::SimOptions sim = a.es.sim;
    sim.backfill = ValueOrThrow(sched::ParseBackfill(bf));
    learn::MlpPolicy net(model, a.output);
    const std::vector<double> mine = PerSequence(test, net, sim, p, a.es.tau);
    const MeanCi n = Ci(mine);
    std::printf("held-out: %d sequences of %d jobs (seed %llu), backfill %s, %s decisions\n",
                p.sequences, p.length, static_cast<unsigned long long>(p.seed), bf.c_str(),
                std::string(sched::DecisionName(sim.decision)).c_str());
    std::printf("  %-10s AVEbsld %10.2f ± %.2f\n", "network", n.mean, n.half);
    nlohmann::json rows = nlohmann::json::array();
    rows.push_back({{"policy", "network"}, {"avebsld", n.mean}, {"ci95", n.half}});
    std::string best;
    std::vector<double> best_values;
    double best_mean = INFINITY;
    for (const std::string& spec : a.compare) {
      auto policy = ValueOrThrow(sched::MakePolicy(spec));
      const std::vector<double> v = PerSequence(test, *policy, sim, p, a.es.tau);
      const MeanCi c = Ci(v);
      std::printf("  %-10s AVEbsld %10.2f ± %.2f\n", spec.c_str(), c.mean, c.half);
      rows.push_back({{"policy", spec}, {"avebsld", c.mean}, {"ci95", c.half}});
      if (c.mean < best_mean) {
        best_mean = c.mean;
        best = spec;
        best_values = v;
      }
    }
    std::vector<double> diff(mine.size());
    for (size_t i = 0; i < mine.size(); ++i) diff[i] = mine[i] - best_values[i];
    const MeanCi d = Ci(diff);
    std::printf("  network - best (%s), paired: %+.2f ± %.2f (%+.1f %%)\n", best.c_str(), d.mean,
                d.half, 100.0 * (n.mean / best_mean - 1.0));
    out.push_back({{"backfill", bf},
                   {"decision", sched::DecisionName(sim.decision)},
                   {"sequences", p.sequences},
                   {"length", p.length},
                   {"seed", p.seed},
                   {"rows", rows},
                   {"best_shipped", best},
                   {"network_minus_best", {{"mean", d.mean}, {"ci95", d.half}}},
                   {"network_vs_best_percent", 100.0 * (n.mean / best_mean - 1.0)}});
  }
  return out;
}

// The tracker's record of the training so far, taken after an iteration (energy since the
// training of this process began: a resumed run's earlier iterations have none).
struct IterationEnergy {
  bool known = false;
  double energy_j = 0, uncertainty_j = 0;
  std::string kind;  // "measured" / "modelled" (EnergyRecord::kind)
};

nlohmann::json CurveJson(const std::vector<learn::EsIteration>& history,
                         const std::vector<IterationEnergy>& energy) {
  nlohmann::json curve = nlohmann::json::array();
  for (const auto& x : history) {
    nlohmann::json row = {{"iteration", x.iteration}, {"train", x.train},
                          {"validation", x.validation}, {"best_validation", x.best_validation},
                          {"wall_s", x.wall_s}, {"cpu_s", x.cpu_s}};
    const size_t i = static_cast<size_t>(x.iteration);
    const bool known = i < energy.size() && energy[i].known;
    row["energy_j"] = known ? nlohmann::json(energy[i].energy_j) : nlohmann::json(nullptr);
    row["energy_uncertainty_j"] =
        known ? nlohmann::json(energy[i].uncertainty_j) : nlohmann::json(nullptr);
    row["energy_kind"] = known ? energy[i].kind : "not assessed";
    curve.push_back(row);
  }
  return curve;
}

// The same rows as CSV (docs/formats.md); energy not assessed is an empty field, never 0.
std::string CurveCsv(const nlohmann::json& curve) {
  std::string out =
      "iteration,train,validation,best_validation,wall_s,cpu_s,energy_j,energy_uncertainty_j,"
      "energy_kind\n";
  auto number = [](const nlohmann::json& v) {
    return v.is_null() ? std::string() : fmt::format("{:.6g}", v.get<double>());
  };
  for (const auto& r : curve) {
    out += fmt::format("{},{:.6g},{:.6g},{:.6g},{:.3f},{:.3f},{},{},{}\n",
                       r["iteration"].get<int>(), r["train"].get<double>(),
                       r["validation"].get<double>(), r["best_validation"].get<double>(),
                       r["wall_s"].get<double>(), r["cpu_s"].get<double>(), number(r["energy_j"]),
                       number(r["energy_uncertainty_j"]), r["energy_kind"].get<std::string>());
  }
  return out;
}

int Run(PolicyArgs& a) {
  learn::PolicyEsOptions& o = a.es;
  o.features = ValueOrThrow(learn::ParseMlpFeatureList(a.features));
  o.hidden = ValueOrThrow(learn::ParseHiddenLayers(a.hidden));
  o.activation = ValueOrThrow(learn::ParseActivation(a.activation));
  if (o.activation == learn::Activation::kIdentity)
    throw InputError("--activation: expected tanh or relu for hidden layers");
  o.objective = ValueOrThrow(learn::ParsePolicyObjective(a.objective));
  o.init = ValueOrThrow(learn::ParsePolicyInit(a.init));
  o.sim.backfill = ValueOrThrow(sched::ParseBackfill(a.backfill));
  o.sim.estimates = ValueOrThrow(sched::ParseEstimates(a.estimates));
  o.sim.decision = ValueOrThrow(sched::ParseDecision(a.decision));
  for (const std::string& b : a.test_backfill) ValueOrThrow(sched::ParseBackfill(b));
  for (const std::string& c : a.compare) ValueOrThrow(sched::MakePolicy(c));
  o.use_mpi = !a.no_mpi;
  if (a.es.resume && o.checkpoint_path.empty())
    throw InputError("--resume: expected --checkpoint FILE to resume from");
  CheckOutputPath("-o", a.output);
  CheckOutputPath("--curve-csv", a.curve_csv);

  workload::Workload all = LoadWorkload(a);
  const size_t cut = static_cast<size_t>(std::floor(all.jobs.size() * a.train_fraction));
  workload::Workload train = all, test = all;
  workload::KeepJobs(train, 0, cut);
  workload::KeepJobs(test, cut, all.jobs.size() - cut);
  train.source = all.source + fmt::format(" (first {} of {} jobs)", cut, all.jobs.size());

  const bool root = learn::PolicyEsRank(o.use_mpi) == 0;
  std::unique_ptr<measure::Tracker> tracker;
  RunOutputs outputs;  // rank 0 writes
  measure::PhaseMark training_mark;
  std::vector<IterationEnergy> energy_by_iteration;
  if (root) {
    outputs.Input("--workload", a.workload).Output("-o", a.output).Output("--curve-csv", a.curve_csv);
    outputs.Prepare();
    measure::TrackerOptions topt;
    tracker = measure::Tracker::ForThisProcess(topt);
    ThrowIfError(tracker->Start());
    training_mark = tracker->Begin("training");
    std::printf("airgrid learn policy: %s, %d processors; training on %zu jobs, %zu held out\n",
                all.source.c_str(), all.machine_procs, cut, all.jobs.size() - cut);
    std::printf("%5s %12s %12s %12s %9s %9s\n", "iter", "train", "validation", "best val",
                "wall s", "cpu s");
  }
  auto progress = [&](const learn::EsIteration& x) {
    if (tracker) {
      const measure::EnergyRecord so_far = tracker->End(training_mark);
      const size_t i = static_cast<size_t>(x.iteration);
      if (energy_by_iteration.size() <= i) energy_by_iteration.resize(i + 1);
      energy_by_iteration[i] = {true, so_far.energy_j, so_far.energy_uncertainty_j, so_far.kind()};
    }
    std::printf("%5d %12.3f %12.3f %12.3f %9.2f %9.2f\n", x.iteration, x.train, x.validation,
                x.best_validation, x.wall_s, x.cpu_s);
    std::fflush(stdout);
  };
  Result<learn::PolicyEsResult> trained = learn::TrainPolicyEs(train, o, progress);
  if (!trained.ok()) {
    if (tracker) (void)tracker->Stop();
    ThrowIfError(trained.status(), "--workload '" + a.workload + "'");
  }
  if (!root) return 0;
  measure::EnergyRecord energy = ValueOrThrow(tracker->Stop());
  const learn::MlpCost cost = trained->model.Cost();
  std::printf("best validation objective %.3f at iteration %d (%s); %zu iterations, %.1f s wall, "
              "%.1f CPU s, %s\n",
              trained->best_validation, trained->best_iteration,
              trained->early_stopped ? "early stop" : "iteration limit", trained->history.size(),
              trained->history.back().wall_s, trained->history.back().cpu_s,
              energy.Summary().substr(0, energy.Summary().find('\n')).c_str());
  std::printf("model: %lld parameters, %lld FLOPs per job scored (%lld transcendental)\n",
              static_cast<long long>(cost.parameters), static_cast<long long>(cost.flops_per_job),
              static_cast<long long>(cost.transcendentals_per_job));

  nlohmann::json file = learn::MlpModelToJson(trained->model);
  file["provenance"] = ProvenanceJson(CommandLine());
  const nlohmann::json curve = CurveJson(trained->history, energy_by_iteration);
  file["training"] = {{"method", "openai-es"},
                      {"workload", all.source},
                      {"train_jobs", cut},
                      {"held_out_jobs", all.jobs.size() - cut},
                      {"train_fraction", a.train_fraction},
                      {"options", learn::PolicyEsOptionsJson(o)},
                      {"best_iteration", trained->best_iteration},
                      {"best_validation", trained->best_validation},
                      {"early_stopped", trained->early_stopped},
                      {"resumed_from_iteration", trained->resumed_from},
                      {"ranks", trained->ranks},
                      {"threads_per_rank", trained->threads},
                      {"simulated_jobs_rank0", trained->simulated_jobs},
                      {"curve", curve},
                      {"energy", energy.ToJson()},
                      {"energy_note", trained->ranks > 1
                                          ? "rank 0's process only (other ranks not tracked)"
                                          : "this process"}};
  if (a.test_sequences > 0) file["held_out"] = Evaluate(a, test, trained->model);
  outputs.Put(a.output, file.dump(2) + "\n");
  if (!a.curve_csv.empty()) outputs.Put(a.curve_csv, CurveCsv(curve));
  outputs.Commit();
  std::printf("wrote %s%s%s\n", a.output.c_str(), a.curve_csv.empty() ? "" : ", ",
              a.curve_csv.c_str());
  return 0;
}

Runner Setup(CLI::App* app) {
  auto a = std::make_shared<PolicyArgs>();
  app->description(
      "Train a job-scoring network on the scheduling objective by simulating it (OpenAI-ES),\n"
      "in parallel over --threads and MPI ranks (mpirun -np N), deterministically. Output: the\n"
      "MLP model format, for `simulate --policy mlp:FILE`.");
  app->add_option("--workload,-w", a->workload, "SWF trace or lublin:JOBS[:SEED]")->required();
  app->add_option("--procs", a->procs, "machine size (default: the trace header)")
      ->check(CLI::PositiveNumber);
  app->add_option("--filter", a->filter, "job filter: sc17, rlscheduler, none (default sc17; "
                  "none for lublin:)");
  app->add_option("-o,--output", a->output, "model JSON to write")->required();
  app->add_option("--curve-csv", a->curve_csv,
                  "also write the training curve as CSV: per iteration the objective (train, "
                  "validation, best), wall and CPU seconds and the tracker's energy so far "
                  "(docs/formats.md)");
  app->add_option("--train-fraction", a->train_fraction,
                  "first share of the jobs (by submit time) used for training; the rest is "
                  "held out")
      ->capture_default_str()->check(CLI::Range(0.01, 1.0));
  app->add_option("--objective", a->objective, "bsld (mean AVEbsld), wait or utilisation")
      ->capture_default_str();
  app->add_option("--init", a->init,
                  "initial weights: random (Glorot, from --seed) or saf (start at smallest area "
                  "first; needs one tanh hidden layer and the log10p, log10q inputs)")
      ->capture_default_str();
  app->add_option("--backfill", a->backfill, "none or easy (during training)")->capture_default_str();
  app->add_option("--estimates", a->estimates, "p seen by the network: actual or requested")
      ->capture_default_str();
  app->add_option("--decision", a->decision, "repick or commit (see simulate --decision)")
      ->capture_default_str();
  app->add_option("--features", a->features,
                  "inputs: log10p, log10q, log10r, q, log10area, log10wait, free, fits")
      ->capture_default_str();
  app->add_option("--hidden", a->hidden, "hidden widths, comma-separated, or none")
      ->capture_default_str();
  app->add_option("--activation", a->activation, "tanh or relu")->capture_default_str();
  app->add_option("--episode-length", a->es.episode_length, "jobs per training episode")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--episodes", a->es.episodes, "training episodes per iteration")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--validation-episodes", a->es.validation_episodes,
                  "episodes of the validation pool (early stopping)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--validation-fraction", a->es.validation_fraction,
                  "last share of the training jobs kept for validation episodes")
      ->capture_default_str()->check(CLI::Range(0.01, 0.99));
  app->add_option("--population", a->es.population, "perturbations per iteration (even)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--iterations", a->es.iterations, "maximum iterations")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--patience", a->es.patience,
                  "early stopping: iterations without a better validation objective")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--sigma", a->es.sigma, "perturbation scale")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--lr", a->es.learning_rate, "Adam learning rate")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--l2", a->es.l2, "L2 coefficient")->capture_default_str()->check(CLI::NonNegativeNumber);
  app->add_option("--lookahead", a->es.sim.lookahead,
                  "waiting jobs the network sees, in submit order (0 = the whole queue; the sc17 "
                  "protocol evaluates with 32)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app->add_option("--replace-margin", a->es.replace_margin,
                  "early stopping: the current weights replace the best only when better on "
                  "validation by more than K standard errors of the paired per-episode "
                  "difference (log objective); 0 = any better mean")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app->add_option("--seed", a->es.seed, "seed of initialisation, perturbations and episodes")
      ->capture_default_str();
  app->add_option("--threads", a->es.threads, "threads per rank")
      ->capture_default_str()->check(CLI::Range(1, 256));
  app->add_flag("--no-mpi", a->no_mpi, "ignore an MPI launcher (one process)");
  app->add_option("--checkpoint", a->es.checkpoint_path,
                  "rewrite this checkpoint after every iteration");
  app->add_flag("--resume", a->es.resume, "continue from --checkpoint when it exists");
  app->add_option("--test-sequences", a->test_sequences,
                  "held-out comparison: sequences of the held-out part (0: none)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  app->add_option("--test-length", a->test_length, "jobs per held-out sequence")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--test-seed", a->test_seed, "seed of the held-out sequences")
      ->capture_default_str();
  app->add_option("--test-backfill", a->test_backfill, "backfill of the held-out runs (several)")
      ->delimiter(',')
      ->capture_default_str();
  app->add_option("--compare", a->compare, "policies compared on the held-out sequences")
      ->delimiter(',')
      ->capture_default_str();
  return [a]() { return Run(*a); };
}

const Registration kReg{"learn policy",
                        "Train a job-scoring network on the scheduling objective (ES)", &Setup};

}  // namespace
}  // namespace airgrid::cli
