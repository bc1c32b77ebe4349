// The Lublin–Feitelson (2003) workload model, as in the reference generator m_lublin99:
// job sizes (serial fraction, power-of-two preference, two-stage uniform in log2), runtimes
// (hyper-Gamma whose mixing depends on the size), arrivals (Gamma inter-arrivals with a daily
// cycle), for batch and interactive job types. Deterministic for a seed.
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
  enum class Mix { kBatch, kInteractive, kCombined } mix = Mix::kCombined;
};

// Generated jobs are already filtered-ready: procs and estimate are set (estimate = runtime,
// the model has no user estimates), the header carries MaxProcs and the model's parameters.
Result<Workload> GenerateLublin(const LublinOptions& options);

}  // namespace airgrid::workload
