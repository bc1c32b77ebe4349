// The Lublin–Feitelson (2003) workload model, as in the reference generator m_lublin99:
// job sizes (serial fraction, power-of-two preference, two-stage uniform in log2), runtimes
// (hyper-Gamma whose mixing depends on the size), arrivals (Gamma inter-arrivals with a daily
// cycle), for batch and interactive job types. Deterministic for a seed, and draw for draw the
// reference: the same drand48 stream seeded as srand48(seed) (seeds 0..2^32-1; larger ones are
// refused), the same algorithms and order of draws, so the same seed and options give the
// reference's workload (lublin_256.swf = typeless, 256 processors, seed 1487089399).
//
// Mixes: kBatch / kInteractive use one job type's parameters; kCombined runs both arrival
// processes and interleaves them, as the reference does with its job-type flag on; kTypeless is
// the reference with that flag off: the "whole sample" parameter set, every job typed
// interactive (queue 0). The Parallel Workloads Archive's lublin_256.swf (SC'17's training workload) is
// kTypeless output. The size parameters scale with the machine: UHI = log2(procs) (batch and
// typeless), log2(procs) - 1.5 (interactive), UMED = UHI - 2 / - 2.5 / - 2.5; procs = 128
// gives the reference constants exactly. SWF output: field 15 (queue) = job type (0
// interactive, 1 batch) as in the reference; requested processors/time are -1 (the model has no
// user estimates) while the simulation view has procs = size and estimate = runtime.
#pragma once

#include <cstdint>
#include <string>

#include "airgrid/base/status.h"
#include "airgrid/workload/job.h"

namespace airgrid::workload {

struct LublinOptions {
  int32_t procs = 256;      // machine size (a power of two is typical, not required)
  int64_t jobs = 10000;
  uint64_t seed = 1;
  enum class Mix { kBatch, kInteractive, kCombined, kTypeless } mix = Mix::kCombined;
  int start_hour = 0;       // hour of the day (0..23) at time 0; the daily cycle starts there
};

// "batch", "interactive", "combined", "typeless".
const char* MixName(LublinOptions::Mix mix);
// Inverse of MixName; InvalidInput listing the accepted names otherwise.
Result<LublinOptions::Mix> ParseMix(const std::string& name);

// Generated jobs are already filtered-ready: procs and estimate are set (estimate = runtime,
// the model has no user estimates), the header carries MaxProcs and the model's parameters.
Result<Workload> GenerateLublin(const LublinOptions& options);

}  // namespace airgrid::workload
