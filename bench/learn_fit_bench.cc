// Formula search (learn fit): the 576 weighted LM fits on the published SC'17 scores (6,912
// rows), on one thread and on all; one form alone; the per-search data preparation.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>

#include "airgrid/learn/formula_search.h"
#include "airgrid/learn/scores.h"

namespace {

using namespace airgrid::learn;

const std::vector<ScoreRow>* PublishedRows() {
  static const std::vector<ScoreRow>* rows = [] {
    const std::string path = std::string(AIRGRID_SHARED_DIR) + "/sc17/score-distribution.csv";
    auto read = ReadScoresCsv(path);
    return read.ok() ? new std::vector<ScoreRow>(std::move(read).value()) : nullptr;
  }();
  return rows;
}

void BM_Search576(benchmark::State& state) {
  const auto* rows = PublishedRows();
  if (!rows) {
    state.SkipWithError("../shared/sc17/score-distribution.csv is absent");
    return;
  }
  SearchOptions options;
  options.threads = static_cast<int>(state.range(0));
  int iterations = 0;
  for (auto _ : state) {
    auto search = SearchFormulas(*rows, options);
    benchmark::DoNotOptimize(search);
    iterations = 0;
    for (const FittedForm& f : search->forms) iterations += f.iterations;
  }
  state.counters["forms"] = kFormCount;
  state.counters["lm_iterations"] = iterations;
  state.counters["fits_per_s"] =
      benchmark::Counter(kFormCount, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Search576)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FitF1(benchmark::State& state) {
  const auto* rows = PublishedRows();
  if (!rows) {
    state.SkipWithError("../shared/sc17/score-distribution.csv is absent");
    return;
  }
  const FormSpec f1{Op::kMul, Op::kAdd, Fn::kLog10, Fn::kId, Fn::kLog10};
  for (auto _ : state) benchmark::DoNotOptimize(FitForm(f1, *rows));
}
BENCHMARK(BM_FitF1)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
