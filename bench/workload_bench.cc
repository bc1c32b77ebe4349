// Workload module benchmarks: SWF parsing (gzip and plain) and Lublin generation.
#include <benchmark/benchmark.h>

#include <string>

#include "airgrid/base/atomic_file.h"
#include "airgrid/workload/lublin.h"
#include "airgrid/workload/swf.h"
#include "workload/gzip.h"

namespace {

using airgrid::Result;
using airgrid::workload::Workload;

const std::string kTraces = std::string(AIRGRID_SHARED_DIR) + "/traces/";

// Reads the file once; each iteration parses the bytes already in memory (gunzip included).
void ParseFile(benchmark::State& state, const std::string& file, bool decompress_first) {
  Result<std::string> bytes = airgrid::ReadFile(kTraces + file);
  if (!bytes.ok()) {
    state.SkipWithError((file + " absent").c_str());
    return;
  }
  std::string data = bytes.value();
  if (decompress_first) data = airgrid::workload::GunzipString(data, file).value();
  size_t jobs = 0;
  for (auto _ : state) {
    Result<Workload> w = airgrid::workload::ParseSwf(data, file);
    if (!w.ok()) {
      state.SkipWithError(w.status().message().c_str());
      return;
    }
    jobs = w->jobs.size();
    benchmark::DoNotOptimize(w->jobs.data());
  }
  state.counters["jobs"] = static_cast<double>(jobs);
  state.counters["jobs/s"] =
      benchmark::Counter(static_cast<double>(jobs), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ParseHpc2nGzip(benchmark::State& s) { ParseFile(s, "HPC2N-2002-2.2-cln.swf.gz", false); }
void BM_ParseHpc2nPlainText(benchmark::State& s) { ParseFile(s, "HPC2N-2002-2.2-cln.swf.gz", true); }
void BM_ParseSdscGzip(benchmark::State& s) { ParseFile(s, "SDSC-SP2-1998-4.2-cln.swf.gz", false); }
void BM_ParseSdscPlainText(benchmark::State& s) { ParseFile(s, "SDSC-SP2-1998-4.2-cln.swf.gz", true); }

void BM_GunzipHpc2n(benchmark::State& state) {
  Result<std::string> bytes = airgrid::ReadFile(kTraces + "HPC2N-2002-2.2-cln.swf.gz");
  if (!bytes.ok()) {
    state.SkipWithError("HPC2N trace absent");
    return;
  }
  for (auto _ : state) {
    auto text = airgrid::workload::GunzipString(bytes.value(), "hpc2n");
    benchmark::DoNotOptimize(text->data());
  }
}

// 100,000 jobs of the combined mix on 256 processors (batch runtimes draw Gamma(639.1, .)).
void BM_GenerateLublin100k(benchmark::State& state) {
  airgrid::workload::LublinOptions o;
  o.procs = 256;
  o.jobs = 100000;
  o.mix = static_cast<airgrid::workload::LublinOptions::Mix>(state.range(0));
  for (auto _ : state) {
    Result<Workload> w = airgrid::workload::GenerateLublin(o);
    benchmark::DoNotOptimize(w->jobs.data());
  }
  state.SetLabel(airgrid::workload::MixName(o.mix));
  state.counters["jobs/s"] =
      benchmark::Counter(static_cast<double>(o.jobs), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_FormatSwfHpc2n(benchmark::State& state) {
  Result<Workload> w = airgrid::workload::ReadSwf(kTraces + "HPC2N-2002-2.2-cln.swf.gz");
  if (!w.ok()) {
    state.SkipWithError("HPC2N trace absent");
    return;
  }
  for (auto _ : state) {
    std::string text = airgrid::workload::FormatSwf(w.value());
    benchmark::DoNotOptimize(text.data());
  }
}

BENCHMARK(BM_ParseHpc2nGzip)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseHpc2nPlainText)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GunzipHpc2n)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseSdscGzip)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseSdscPlainText)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FormatSwfHpc2n)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GenerateLublin100k)
    ->Arg(static_cast<int>(airgrid::workload::LublinOptions::Mix::kCombined))
    ->Arg(static_cast<int>(airgrid::workload::LublinOptions::Mix::kTypeless))
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
