// The naive model of one trial: one release time per processor, scanned in full for every job.
// Tests use it as an oracle independent of TrialSimulator's free-processor profile; the
// campaign benchmark uses it as the baseline (the artifact's machine model without SimGrid).
// Strict list scheduling as in trial.h: S in submit order, then the queue in `order`; each job
// starts at the first instant >= max(its submit, the previous start) with enough processors.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "airgrid/learn/trial.h"

namespace airgrid::learn {

// Returns the queue's average bounded slowdown (threshold tau). `release` is scratch space
// sized to the machine (its content is overwritten); `starts`, if given, receives each queued
// job's start time indexed by queue position. `order` holds queue positions.
template <typename Order>
double NaiveTrialAveBsld(const Tuple& t, const Order& order, double tau,
                         std::vector<int64_t>& release, std::vector<int64_t>* starts = nullptr) {
  std::fill(release.begin(), release.end(), 0);
  int64_t prev = 0;
  auto run = [&](const TupleJob& j) {
    int64_t at = std::max(prev, j.submit);
    while (true) {
      int64_t free = 0, next = std::numeric_limits<int64_t>::max();
      for (int64_t r : release) {
        if (r <= at) ++free; else next = std::min(next, r);
      }
      if (free >= j.procs) break;
      at = next;
    }
    int32_t need = j.procs;
    for (int64_t& r : release) {
      if (need == 0) break;
      if (r <= at) { r = at + j.runtime; --need; }
    }
    prev = at;
    return at;
  };
  for (const TupleJob& j : t.state) run(j);
  if (starts) starts->assign(t.queue.size(), 0);
  double sum = 0;
  for (const auto k : order) {
    const TupleJob& j = t.queue[static_cast<size_t>(k)];
    const int64_t s = run(j);
    if (starts) (*starts)[static_cast<size_t>(k)] = s;
    const double bsld = static_cast<double>(s - j.submit + j.runtime) /
                        std::max(static_cast<double>(j.runtime), tau);
    sum += std::max(bsld, 1.0);
  }
  return sum / static_cast<double>(t.queue.size());
}

}  // namespace airgrid::learn
