// Simulator benchmarks (figures in bench/results/sched-core.md):
//  - the whole HPC2N trace with EASY + F1;
//  - the full sc17 protocol (every window x 9 policies x 3 configurations) on SDSC-SP2 and
//    HPC2N;
//  - peak heap bytes per job of a trace run (counted by the global operator new below);
//  - scaling with trace size and with the look-ahead (queue length seen by the policy).
// Traces come from AIRGRID_SHARED_DIR; a benchmark whose trace is absent reports an error.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <new>
#include <string>

#include "airgrid/sched/protocol.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/swf.h"

// Heap accounting: current and peak live bytes (malloc_usable_size, so frees need no size).
namespace {
std::atomic<int64_t> g_live{0};
std::atomic<int64_t> g_peak{0};
void Account(void* p) {
  if (!p) return;
  const int64_t now = g_live += static_cast<int64_t>(malloc_usable_size(p));
  int64_t peak = g_peak.load();
  while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {}
}
}  // namespace

// These replace the global allocation functions with malloc/free on purpose; GCC cannot see
// that the pair matches.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  Account(p);
  return p;
}
void operator delete(void* p) noexcept {
  if (!p) return;
  g_live -= static_cast<int64_t>(malloc_usable_size(p));
  std::free(p);
}
void operator delete(void* p, size_t) noexcept { operator delete(p); }

namespace airgrid::sched {
namespace {

const workload::Workload* Load(const std::string& file, const std::string& filter) {
  static std::map<std::string, workload::Workload*> cache;
  const std::string key = file + "|" + filter;
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto w = workload::ReadSwf(std::string(AIRGRID_SHARED_DIR) + "/traces/" + file);
  if (!w.ok() || !workload::ApplyFilter(filter, *w).ok()) return cache[key] = nullptr;
  return cache[key] = new workload::Workload(std::move(*w));
}

constexpr const char* kSdsc = "SDSC-SP2-1998-4.2-cln.swf.gz";
constexpr const char* kHpc2n = "HPC2N-2002-2.2-cln.swf.gz";

void RunOrFail(benchmark::State& state, const workload::Workload& w, const std::string& name,
               const SimOptions& sim, const ProtocolOptions& proto, int64_t* jobs = nullptr) {
  auto policy = MakePolicy(name);
  auto run = RunProtocol(w, **policy, sim, proto);
  if (!run.ok()) {
    state.SkipWithError(run.status().ToString().c_str());
    return;
  }
  if (jobs) *jobs += static_cast<int64_t>(run->jobs.size());
  benchmark::DoNotOptimize(run->jobs.data());
}

void BM_Hpc2nTraceEasyF1(benchmark::State& state) {
  const workload::Workload* w = Load(kHpc2n, "none");
  if (!w) return state.SkipWithError("HPC2N trace not found");
  SimOptions sim;
  sim.backfill = Backfill::kEasy;
  sim.estimates = Estimates::kRequested;
  ProtocolOptions proto;  // trace
  int64_t jobs = 0;
  for (auto _ : state) RunOrFail(state, *w, "f1", sim, proto, &jobs);
  state.counters["jobs"] = static_cast<double>(w->jobs.size());
  state.SetItemsProcessed(jobs);
}
BENCHMARK(BM_Hpc2nTraceEasyF1)->Unit(benchmark::kMillisecond);

// 9 policies x {actual/none, requested/none, requested/easy} over every sc17 window.
void Sc17Campaign(benchmark::State& state, const char* file, int max_windows) {
  const workload::Workload* w = Load(file, "sc17");
  if (!w) return state.SkipWithError("trace not found");
  ProtocolOptions proto;
  proto.kind = ProtocolOptions::Kind::kSc17;
  proto.max_windows = max_windows;
  const int windows = static_cast<int>(MakeWindows(*w, proto)->size());
  SimOptions configs[3];
  configs[1].estimates = Estimates::kRequested;
  configs[2].estimates = Estimates::kRequested;
  configs[2].backfill = Backfill::kEasy;
  int64_t jobs = 0;
  for (auto _ : state) {
    for (const std::string& name : BuiltinPolicyNames()) {
      for (const SimOptions& sim : configs) RunOrFail(state, *w, name, sim, proto, &jobs);
    }
  }
  state.counters["simulations"] = 9.0 * 3 * windows;
  state.SetItemsProcessed(jobs);
}

void BM_Sc17ProtocolSdsc(benchmark::State& state) { Sc17Campaign(state, kSdsc, 47); }
BENCHMARK(BM_Sc17ProtocolSdsc)->Unit(benchmark::kMillisecond);

void BM_Sc17ProtocolHpc2n(benchmark::State& state) { Sc17Campaign(state, kHpc2n, 0); }
BENCHMARK(BM_Sc17ProtocolHpc2n)->Unit(benchmark::kMillisecond);

// Peak heap growth during one whole-trace run (records included), per job.
void BM_PeakBytesPerJob(benchmark::State& state) {
  const workload::Workload* w = Load(kHpc2n, "none");
  if (!w) return state.SkipWithError("HPC2N trace not found");
  SimOptions sim;
  sim.backfill = Backfill::kEasy;
  sim.estimates = Estimates::kRequested;
  double per_job = 0;
  for (auto _ : state) {
    const int64_t before = g_live.load();
    g_peak = before;
    RunOrFail(state, *w, "f1", sim, ProtocolOptions{});
    per_job = static_cast<double>(g_peak.load() - before) / static_cast<double>(w->jobs.size());
  }
  state.counters["peak_bytes_per_job"] = per_job;
}
BENCHMARK(BM_PeakBytesPerJob)->Unit(benchmark::kMillisecond)->Iterations(3);

// Cost vs trace size: the first N jobs of HPC2N, EASY + F1 and EASY + WFP3 (re-scored).
void BM_TraceSize(benchmark::State& state, const char* policy) {
  const workload::Workload* full = Load(kHpc2n, "none");
  if (!full) return state.SkipWithError("HPC2N trace not found");
  workload::Workload w = *full;
  workload::KeepJobs(w, 0, std::min<size_t>(w.jobs.size(), static_cast<size_t>(state.range(0))));
  SimOptions sim;
  sim.backfill = Backfill::kEasy;
  sim.estimates = Estimates::kRequested;
  sim.lookahead = 32;
  int64_t jobs = 0;
  for (auto _ : state) RunOrFail(state, w, policy, sim, ProtocolOptions{}, &jobs);
  state.SetItemsProcessed(jobs);
}
BENCHMARK_CAPTURE(BM_TraceSize, f1, "f1")
    ->Arg(25000)->Arg(50000)->Arg(100000)->Arg(200000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TraceSize, wfp3, "wfp3")
    ->Arg(25000)->Arg(50000)->Arg(100000)->Arg(200000)->Unit(benchmark::kMillisecond);

// Cost vs look-ahead (the queue length the policy sees; 0 = whole queue) on SDSC-SP2, whose
// queue grows long under FCFS without backfilling.
void BM_LookAhead(benchmark::State& state, const char* policy, Backfill bf) {
  const workload::Workload* w = Load(kSdsc, "sc17");
  if (!w) return state.SkipWithError("SDSC-SP2 trace not found");
  SimOptions sim;
  sim.backfill = bf;
  sim.estimates = Estimates::kRequested;
  sim.lookahead = static_cast<int>(state.range(0));
  int64_t jobs = 0;
  for (auto _ : state) RunOrFail(state, *w, policy, sim, ProtocolOptions{}, &jobs);
  state.SetItemsProcessed(jobs);
}
BENCHMARK_CAPTURE(BM_LookAhead, wfp3_none, "wfp3", Backfill::kNone)
    ->Arg(8)->Arg(32)->Arg(128)->Arg(512)->Arg(0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LookAhead, f1_easy, "f1", Backfill::kEasy)
    ->Arg(8)->Arg(32)->Arg(128)->Arg(512)->Arg(0)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace airgrid::sched

BENCHMARK_MAIN();
