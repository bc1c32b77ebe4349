// Trials of one tuple: the hot path of the campaign.
//
// A trial starts the jobs of S (in submit order) and then those of Q in a given order with
// strict list scheduling on M identical processors: a job starts once every job before it has
// started, it has arrived (t >= submit) and `procs` processors are free; no backfilling. Its
// value is the average bounded slowdown of the |Q| queue jobs,
//   AVEbsld = 1/|Q| Σ max((wait + p) / max(p, τ), 1),   τ = 10 s by default,
// the definition of the SC'17 artifact's trials simulator.
//
// Design (see docs/design.md): the machine state after S is computed once
// per tuple as (time the last S job started, processors already free at that time, sorted list of
// (release time, processor count) of the running S jobs). Because start times never decrease,
// processors released before the current start time are interchangeable, so a trial only keeps a
// free counter plus a sorted array of at most |S| + |Q| future releases: a job costs a short scan
// and one insertion, and a trial allocates nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/learn/tuple.h"

namespace airgrid::learn {

// How a trial's queue order is drawn.
//  kFisherYates: uniform random permutation (Fisher–Yates, Durstenfeld).
//  kSc17:        the SC'17 artifact's shuffle: from the identity, for k in 0..|Q|-1 swap(k, u)
//                with u uniform in 0..|Q|-1 — biased (not all orders equally likely).
enum class Shuffle { kFisherYates, kSc17 };

// "fisher-yates" | "sc17"; anything else -> InvalidInput listing the names.
Result<Shuffle> ParseShuffle(std::string_view name);
const char* ShuffleName(Shuffle s);

// Simulates trials of one tuple. Construct once per tuple; Run() is allocation-free.
class TrialSimulator {
 public:
  TrialSimulator(const Tuple& tuple, int32_t machine_procs, double tau = 10.0);

  // AVEbsld of the queue jobs when they start in `order` (a permutation of 0..|Q|-1).
  double Run(const TrialOrder* order);

  // Start times of the queue jobs of the last Run(), indexed by queue position k (for tests).
  const std::vector<int64_t>& last_starts() const { return last_starts_; }
  // Time the last S job started: no Q job starts earlier.
  int64_t state_ready_time() const { return ready_time_; }

 private:
  struct Release {
    int64_t time;
    int32_t procs;
  };
  int32_t queue_jobs_;
  double tau_;
  // Queue jobs in k order, as structure of arrays.
  std::vector<int64_t> submit_, runtime_;
  std::vector<int32_t> procs_;
  std::vector<double> inv_bound_;  // 1 / max(p, τ)
  // State after S.
  int64_t ready_time_ = 0;
  int32_t ready_free_ = 0;
  std::vector<Release> ready_releases_;  // sorted by time, all > ready_time_
  // Scratch space of one trial.
  std::vector<Release> work_;
  std::vector<int64_t> last_starts_;
};

// Per queue job k of a tuple: Σ trial values of the trials whose first job was k, and their
// count. score(k) = value_sum[k] / Σ_j value_sum[j].
struct TupleScores {
  std::vector<double> value_sum;
  std::vector<int64_t> n_first;
  double Total() const;
};

// Runs `trials` trials of `tuple` with orders drawn from a generator seeded by `seed`.
// Deterministic: same inputs, same result, on any platform.
TupleScores RunTrials(const Tuple& tuple, int32_t machine_procs, int64_t trials, Shuffle shuffle,
                      uint64_t seed, double tau = 10.0);

}  // namespace airgrid::learn
