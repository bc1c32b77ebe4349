// The cost of a policy's scheduling decision, measured as a benchmark rather than read off a
// simulation (where it is tens of microseconds of wall time scattered over a run: noise).
//
// Contract.
// - The benchmark is fixed by its inputs: 1024 queues of `queue_length` jobs taken as sliding
//   windows over `jobs`, decision d scoring queue d mod 1024 (window w starts at job (w × stride) mod n; now = the latest
//   submit time in the window, so ages are >= 0), features p = requested time (actual runtime
//   when none), q = processors, r = submit − first submit, age = now − submit. Same jobs, same
//   options: same benchmark.
// - Timing is CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), warm: one untimed pass
//   first. The decisions per repetition double until one repetition takes at least
//   `min_repetition_s` of CPU time (at most `max_decisions`), so that every timed repetition
//   is far above the clock's resolution; then `repetitions` repetitions are timed.
// - Result: the median CPU seconds per decision and a distribution-free 95 % confidence
//   interval of the median (order statistics j, k with the binomial(n, 1/2) probability of
//   j <= median rank < k at least 95 %; n >= 6 needed, else the interval is the range).
// - `below_resolution` is set when the median per decision is below `min_decision_s` (100 ns by
//   default: a few hundred instructions, the order of the benchmark loop's own per-decision
//   overhead and of one read of the thread CPU clock), or when even `max_decisions` decisions
//   stay below `min_repetition_s` (a repetition of fewer decisions that comes out short under
//   load does not count). Such a figure is dominated by loop and call overhead, not by
//   the policy, and moves between runs by more than its CI: callers derive the cost from counted
//   operations instead (study/phase_decision_cost.h) and `method` says so.
// - Errors: empty `jobs`, queue_length or decisions < 1, repetitions < 3 (InvalidInput).
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "airgrid/base/status.h"
#include "airgrid/sched/policy.h"
#include "airgrid/workload/job.h"

namespace airgrid::sched {

struct DecisionBenchmarkOptions {
  size_t queue_length = 32;        // jobs scored per decision (the sc17 look-ahead)
  size_t decisions = 256;          // starting decisions per repetition (doubled as needed)
  size_t max_decisions = size_t{1} << 26;
  size_t stride = 7;               // window start step, in jobs
  int repetitions = 15;
  double min_repetition_s = 1e-2;  // CPU time a repetition must reach (>> clock resolution, jitter)
  double min_decision_s = 1e-7;    // below this per decision: below_resolution (see above)
};

struct DecisionCostEstimate {
  double median_s = 0;             // CPU seconds per decision
  double ci_low_s = 0, ci_high_s = 0;
  double confidence = 0;           // coverage of [ci_low_s, ci_high_s] (>= 0.95 when n >= 6)
  int repetitions = 0;
  size_t decisions_per_repetition = 0;
  size_t queue_length = 0;
  double clock_resolution_s = 0;   // clock_getres of the thread CPU clock
  bool below_resolution = false;
  std::string method;              // one line for reports
  // Half-width of the interval relative to the median (for uncertainty propagation).
  double RelativeUncertainty() const;
};

Result<DecisionCostEstimate> MeasureDecisionCost(Policy& policy, std::span<const workload::Job> jobs,
                                                 const DecisionBenchmarkOptions& options = {});

// Distribution-free confidence interval of the median of `n` sorted samples: 0-based indices
// (lo, hi) of the order statistics and the exact coverage. Exposed for tests.
struct MedianInterval {
  size_t lo = 0, hi = 0;
  double coverage = 0;
};
MedianInterval MedianConfidenceInterval(size_t n, double level = 0.95);

}  // namespace airgrid::sched
