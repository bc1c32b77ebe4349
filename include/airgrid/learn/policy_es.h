// Training a job-scoring network on the scheduling objective itself, by simulation, with
// evolution strategies (OpenAI-ES: Salimans et al. 2017, "Evolution Strategies as a Scalable
// Alternative to Reinforcement Learning").
//
// Contract:
// - The network is an MlpModel (mlp.h): one shared network scores every waiting job from its
//   decision-time features (RLScheduler's kernel design); the simulator starts jobs in score
//   order. With decision-time features (log10wait, free, fits) it is re-scored at every
//   decision.
// - Episodes are windows of `episode_length` consecutive jobs of the training workload, run
//   from an empty machine (the sequences protocol). The workload's jobs are cut in time: the
//   first (1 - validation_fraction) are the training pool, the rest the validation pool.
//   Each iteration draws `episodes` training episodes (seed, iteration); all members of the
//   population are judged on the same episodes. `validation_episodes` are drawn once from the
//   validation pool (seed) and judge the current weights at every iteration.
// - One iteration: `population` members θ ± σ·ε_k (antithetic pairs, ε_k ~ N(0, I) from a
//   splitmix64 stream seeded by (seed, iteration, k)); each member's fitness is the mean over
//   episodes of log(objective) (bsld, 1 + wait) or −utilisation; fitnesses are replaced by
//   centered ranks in [−0.5, 0.5]; the gradient estimate Σ_k (rank⁺_k − rank⁻_k) ε_k /
//   (population · σ) plus l2·θ goes to Adam.
// - Initial weights: Glorot-uniform from the seed (`init` random), or the same with the first
//   hidden unit set to order jobs as smallest area first (`init` saf: pre-activation
//   c·(log10(1+p) + log10(1+q)) centred on the training pool, c small enough for tanh to stay
//   near-linear, the output reading that unit alone), so training starts from the strongest
//   rule that needs no learning and early stopping never returns worse weights on validation.
//   saf needs one tanh hidden layer and the log10p and log10q inputs (else InvalidInput).
// - Early stopping: the result is the weights with the best validation objective; training
//   stops after `patience` iterations without a better one, or after `iterations`. With
//   `replace_margin` k > 0, "better" must also be significant: the current weights replace the
//   best only when, paired over the validation episodes, the mean difference of their
//   per-episode fitness (log objective, as in training) is below −k standard errors; a smaller
//   gain is a tie and the best (e.g. the SAF start) is kept.
// - Parallel over threads and MPI ranks (members and validation episodes are tasks; task t
//   runs on rank t mod size). Results are assembled in task order and every rank applies the
//   same update, so the weights are bit-identical whatever the thread or rank count.
// - Checkpoint: after every iteration rank 0 atomically rewrites `checkpoint_path` (JSON:
//   the options, the iteration, θ, Adam's moments, the best weights, the history). Resuming
//   from it continues bit-identically; a checkpoint written with other options is refused
//   (InvalidInput naming the options that differ).
// - Bad input (InvalidInput): a pool with fewer jobs than one episode, non-positive episode
//   length, episodes, population (or odd), iterations, σ or learning rate.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "airgrid/base/status.h"
#include "airgrid/learn/mlp.h"
#include "airgrid/sched/simulator.h"
#include "airgrid/workload/job.h"

namespace airgrid::learn {

enum class PolicyObjective { kBsld, kWait, kUtilisation };
enum class PolicyInit { kRandom, kSaf };
std::string_view PolicyInitName(PolicyInit i);  // "random", "saf"
Result<PolicyInit> ParsePolicyInit(std::string_view name);
std::string_view PolicyObjectiveName(PolicyObjective o);  // "bsld", "wait", "utilisation"
Result<PolicyObjective> ParsePolicyObjective(std::string_view name);

struct PolicyEsOptions {
  std::vector<MlpFeature> features = {MlpFeature::kLog10P, MlpFeature::kLog10Q,
                                      MlpFeature::kLog10Wait, MlpFeature::kFreeShare,
                                      MlpFeature::kFits};
  std::vector<int> hidden = {8};
  Activation activation = Activation::kTanh;
  PolicyObjective objective = PolicyObjective::kBsld;
  PolicyInit init = PolicyInit::kRandom;
  sched::SimOptions sim;  // backfill, estimates (what p is), decision mode, look-ahead
  double tau = 10;        // bounded-slowdown threshold (s)
  int episode_length = 256;
  int episodes = 8;             // training episodes per iteration
  int validation_episodes = 16;
  double validation_fraction = 0.2;
  int population = 16;          // members per iteration (antithetic pairs: even)
  int iterations = 60;
  int patience = 15;
  double sigma = 0.05;
  double learning_rate = 0.03;
  double l2 = 0.005;
  // Early stopping's significance rule, in standard errors of the paired difference (0: off,
  // any better mean replaces the best). Stored in the options JSON only when > 0.
  double replace_margin = 0;
  uint64_t seed = 1;
  int threads = 1;              // per rank
  bool use_mpi = true;          // World() when launched by mpirun, else one process
  std::string checkpoint_path;  // empty: no checkpoint
  bool resume = false;          // continue from checkpoint_path when it exists
  // Test hook (a kill): return after this many iterations of this call, unfinished (0: off).
  int stop_after = 0;
};

// The options that determine the weights (not threads, MPI, checkpoint), as JSON: stored in
// checkpoints and output files.
nlohmann::json PolicyEsOptionsJson(const PolicyEsOptions& o);

struct EsIteration {
  int iteration = 0;
  double train = 0;       // mean objective of the population on this iteration's episodes
  double validation = 0;  // objective of θ (before this iteration's update) on validation
  double best_validation = 0;
  double wall_s = 0, cpu_s = 0;  // since training started (process CPU time, this rank)
};

struct PolicyEsResult {
  MlpModel model;  // the weights with the best validation objective
  std::vector<EsIteration> history;
  int best_iteration = 0;
  double best_validation = std::numeric_limits<double>::quiet_NaN();
  bool early_stopped = false;
  int resumed_from = 0;  // iterations read from the checkpoint (0: fresh start)
  bool finished = true;  // false when stop_after ended the call first
  int64_t simulated_jobs = 0;
  int ranks = 1, threads = 1;
};

// Sets a standardised one-tanh-layer model with log10p and log10q inputs to order jobs as
// smallest area first, (1 + p)(1 + q) ascending (the `init` saf starting point; contract).
// InvalidInput for another architecture.
Status StartAtSmallestAreaFirst(MlpModel* m);

// Early stopping's significance rule (replace_margin): true when the mean of now[i] − best[i]
// is below −margin standard errors of that paired difference (sample standard deviation /
// √n); always true with margin <= 0, an empty `best` (no best yet) or fewer than 2 episodes.
bool SignificantlyBetter(const std::vector<double>& now, const std::vector<double>& best,
                         double margin);

// Called on rank 0 after every iteration (progress lines).
using EsProgressFn = std::function<void(const EsIteration&)>;

// Trains on `train` (filtered, sorted by submit time). InvalidInput as in the contract.
Result<PolicyEsResult> TrainPolicyEs(const workload::Workload& train, const PolicyEsOptions& o,
                                     const EsProgressFn& progress = nullptr);

// Mean over episodes of the objective (per episode: mean bsld / mean wait / utilisation) of
// `model` on the given windows (first job index, length) of `w`.
double EpisodeObjective(const workload::Workload& w, const MlpModel& model,
                        const PolicyEsOptions& o, const std::vector<int64_t>& starts);

// The validation episodes' first jobs (drawn once from the validation pool, as in training).
std::vector<int64_t> ValidationStarts(const workload::Workload& w, const PolicyEsOptions& o);

// The same objective for any policy (a shipped rule, to compare on the same episodes).
double PolicyEpisodeObjective(const workload::Workload& w, sched::Policy& policy,
                              const PolicyEsOptions& o, const std::vector<int64_t>& starts);

// Whether this build and process run under MPI, and this process's rank.
int PolicyEsRank(bool use_mpi);

}  // namespace airgrid::learn
