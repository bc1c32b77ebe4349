// Trials per second of the SC'17 campaign (learn::TrialSimulator / RunTrials / RunCampaign) on
// real tuples of lublin_256.swf, against a naive per-processor list scheduler (the artifact's
// machine model without SimGrid) as the baseline. Figures: bench/results/learn-campaign.md.
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

#include <benchmark/benchmark.h>

#include "airgrid/learn/campaign.h"
#include "airgrid/learn/trial.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/swf.h"
#include "learn/naive_trial.h"
#include "learn/trial_rng.h"

namespace {

using airgrid::learn::Tuple;
using airgrid::learn::TupleJob;

const airgrid::workload::Workload& Lublin256() {
  static airgrid::workload::Workload w = [] {
    auto r = airgrid::workload::ReadSwf(std::string(AIRGRID_SHARED_DIR) + "/traces/lublin_256.swf");
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      std::exit(1);
    }
    airgrid::workload::Workload w = std::move(r).value();
    (void)airgrid::workload::ApplyFilter("sc17", w);
    return w;
  }();
  return w;
}

// 16 tuples at the campaign's positions for seed 1.
std::vector<Tuple> SomeTuples() {
  const auto& w = Lublin256();
  std::vector<Tuple> out;
  const int64_t positions = airgrid::learn::TuplePositions(w, {});
  for (int t = 0; t < 16; ++t) {
    auto d = airgrid::learn::DrawTuple(1, t, positions);
    out.push_back(*airgrid::learn::ExtractTuple(w, d.position, {}));
  }
  return out;
}

// Times `trial(k, order)` over fresh Fisher–Yates orders of 32 jobs, cycling over 16 tuples
// (k = 0..15); the shuffle is part of what is timed, as in the campaign.
template <typename Trial>
void TimeRandomOrders(benchmark::State& state, Trial trial) {
  airgrid::learn::Xoshiro256 rng(7);
  airgrid::learn::TrialOrder order[32];
  size_t i = 0;
  double sink = 0;
  for (auto _ : state) {
    std::iota(order, order + 32, 0);
    for (int k = 31; k > 0; --k) std::swap(order[k], order[rng.Below(static_cast<uint64_t>(k) + 1)]);
    sink += trial(i++ & 15, order);
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
}

// One trial = Fisher–Yates shuffle + list scheduling of S (precomputed) and Q.
void BM_Trial(benchmark::State& state) {
  std::vector<Tuple> tuples = SomeTuples();
  std::vector<airgrid::learn::TrialSimulator> sims;
  for (const Tuple& t : tuples) sims.emplace_back(t, 256);
  TimeRandomOrders(state, [&](size_t k, const airgrid::learn::TrialOrder* order) { return sims[k].Run(order); });
}
BENCHMARK(BM_Trial);

// Baseline: the same trial on a per-processor array scanned for every job (naive_trial.h).
void BM_TrialNaiveBaseline(benchmark::State& state) {
  std::vector<Tuple> tuples = SomeTuples();
  std::vector<int64_t> release(256);
  TimeRandomOrders(state, [&](size_t k, const airgrid::learn::TrialOrder (&order)[32]) {
    return airgrid::learn::NaiveTrialAveBsld(tuples[k], order, 10.0, release);
  });
}
BENCHMARK(BM_TrialNaiveBaseline);

// Whole campaign (tuple draws, trials, score rows), no checkpoint: 8 tuples x 25,000 trials.
void BM_Campaign(benchmark::State& state) {
  const auto& w = Lublin256();
  airgrid::learn::CampaignOptions o;
  o.tuples = 8;
  o.trials = 25000;
  o.threads = static_cast<int>(state.range(0));
  o.use_mpi = false;
  for (auto _ : state) {
    auto r = airgrid::learn::RunCampaign(w, o);
    benchmark::DoNotOptimize(r.ok());
  }
  state.SetItemsProcessed(state.iterations() * o.tuples * o.trials);
}
BENCHMARK(BM_Campaign)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
