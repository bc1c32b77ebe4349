// Cost of the tracker: Start()+Stop() (with and without the sampling thread), one sample of
// every source detected on this machine, and one walk of a process tree in /proc.
// Figures go to bench/results/measure.md.
#include <unistd.h>

#include <benchmark/benchmark.h>

#include "airgrid/measure/proc.h"
#include "airgrid/measure/tracker.h"

namespace {

using namespace airgrid::measure;

void BM_StartStop(benchmark::State& state) {
  TrackerOptions o;
  o.interval_s = state.range(0) ? 1.0 : 0.0;  // 1: also creates and joins the sampling thread
  auto tracker = Tracker::ForThisProcess(o);
  for (auto _ : state) {
    if (!tracker->Start().ok()) state.SkipWithError("Start failed");
    auto r = tracker->Stop();
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_StartStop)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_ScopedPhase(benchmark::State& state) {
  TrackerOptions o;
  o.interval_s = 0;
  auto tracker = Tracker::ForThisProcess(o);
  for (auto _ : state) {
    ScopedPhase p(*tracker, "phase");
    benchmark::DoNotOptimize(p.Finish());
  }
}
BENCHMARK(BM_ScopedPhase)->Unit(benchmark::kMicrosecond);

// What the sampling thread does once per interval.
void BM_SampleNow(benchmark::State& state) {
  TrackerOptions o;
  o.interval_s = 0;
  auto tracker = Tracker::ForThisProcess(o);
  for (auto _ : state) tracker->SampleNow();
}
BENCHMARK(BM_SampleNow)->Unit(benchmark::kMicrosecond);

// What `airgrid track` does at each phase boundary: walk /proc for the tree.
void BM_TreeWalk(benchmark::State& state) {
  TreeCpuProbe probe(getpid(), "/proc", false);
  for (auto _ : state) benchmark::DoNotOptimize(probe.TrackedCpuSeconds());
}
BENCHMARK(BM_TreeWalk)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
