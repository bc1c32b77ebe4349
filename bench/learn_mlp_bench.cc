// Benchmarks of the MLP policy: nanoseconds per job scored (through sched::Policy::Score, as
// the simulator calls it), against the F1 formula computed inline as a baseline, and the
// training time on the published SC'17 scores with each loss.
#include <cmath>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "airgrid/learn/mlp.h"
#include "airgrid/learn/mlp_policy.h"
#include "airgrid/learn/mlp_train.h"
#include "airgrid/learn/scores.h"
#include "airgrid/sched/policy.h"

namespace {

using airgrid::learn::Activation;
using airgrid::learn::MlpFeature;
using airgrid::learn::MlpModel;

MlpModel BenchModel(std::vector<int> hidden, Activation act) {
  MlpModel m({MlpFeature::kLog10P, MlpFeature::kLog10Q, MlpFeature::kLog10R}, hidden, act);
  std::mt19937_64 rng(1);
  for (Eigen::Index i = 0; i < m.params().size(); ++i)
    m.params()[i] = static_cast<double>(rng() >> 11) * 0x1.0p-53 - 0.5;
  return m;
}

std::vector<airgrid::sched::JobFeatures> Window(int n) {
  std::mt19937_64 rng(2);
  std::vector<airgrid::sched::JobFeatures> jobs(n);
  for (auto& j : jobs) {
    j.p = static_cast<double>(1 + rng() % 50000);
    j.q = static_cast<double>(1 + rng() % 256);
    j.r = static_cast<double>(rng() % 1000000);
  }
  return jobs;
}

// Args: window size, hidden width (two layers), activation (0 tanh, 1 relu).
void BM_MlpPolicyScore(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int width = static_cast<int>(state.range(1));
  const Activation act = state.range(2) == 0 ? Activation::kTanh : Activation::kRelu;
  airgrid::learn::MlpPolicy policy(BenchModel({width, width}, act), "bench.json");
  auto jobs = Window(n);
  std::vector<double> scores(n);
  for (auto _ : state) {
    policy.Score(jobs, scores);
    benchmark::DoNotOptimize(scores.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["ns_per_job"] = benchmark::Counter(
      static_cast<double>(state.iterations() * n), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["flops_per_job"] = static_cast<double>(policy.model().Cost().flops_per_job);
}
BENCHMARK(BM_MlpPolicyScore)
    ->Args({32, 16, 0})
    ->Args({1, 16, 0})
    ->Args({256, 16, 0})
    ->Args({32, 16, 1})
    ->Args({32, 32, 0})
    ->Args({32, 64, 0});

// Baseline: the F1 formula log10(p)·q + 870·log10(r) on the same window, as a policy would
// compute it without any interpretation overhead.
void BM_F1InlineScore(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto jobs = Window(n);
  std::vector<double> scores(n);
  for (auto _ : state) {
    for (int i = 0; i < n; ++i)
      scores[i] = std::log10(jobs[i].p) * jobs[i].q + 870.0 * std::log10(jobs[i].r + 1e-10);
    benchmark::DoNotOptimize(scores.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["ns_per_job"] = benchmark::Counter(
      static_cast<double>(state.iterations() * n), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_F1InlineScore)->Arg(32);

// Baseline through the sched module's own F1 policy (same virtual call per decision).
void BM_F1PolicyScore(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto policy = airgrid::sched::MakePolicy("f1");
  if (!policy.ok()) {
    state.SkipWithError("MakePolicy(\"f1\") failed");
    return;
  }
  auto jobs = Window(n);
  std::vector<double> scores(n);
  for (auto _ : state) {
    (*policy)->Score(jobs, scores);
    benchmark::DoNotOptimize(scores.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["ns_per_job"] = benchmark::Counter(
      static_cast<double>(state.iterations() * n), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_F1PolicyScore)->Arg(32);

const std::vector<airgrid::learn::ScoreRow>* Sc17() {
  static const auto* rows = [] {
    auto r = airgrid::learn::ReadScoresCsv(std::string(AIRGRID_SHARED_DIR) +
                                           "/sc17/score-distribution.csv");
    return r.ok() ? new std::vector<airgrid::learn::ScoreRow>(std::move(*r)) : nullptr;
  }();
  return rows;
}

// Full default training (2×16 tanh, up to 300 epochs, early stopping) on the 6,912 rows.
// Arg: 0 regression, 1 pairwise.
void BM_MlpTrainSc17(benchmark::State& state) {
  if (!Sc17()) {
    state.SkipWithError("../shared/sc17/score-distribution.csv not found");
    return;
  }
  airgrid::learn::MlpTrainOptions o;
  o.loss = state.range(0) == 0 ? airgrid::learn::MlpLoss::kRegression
                               : airgrid::learn::MlpLoss::kPairwise;
  int epochs = 0;
  double tau = 0;
  for (auto _ : state) {
    auto r = airgrid::learn::TrainMlp(*Sc17(), o);
    if (!r.ok()) {
      state.SkipWithError("training failed");
      return;
    }
    epochs = r->report.epochs_run;
    tau = r->report.test.kendall_tau;
  }
  state.counters["epochs"] = epochs;
  state.counters["test_tau"] = tau;
  state.counters["s_per_epoch"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * epochs,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_MlpTrainSc17)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
