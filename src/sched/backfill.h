// Backfilling building blocks (internal to sched): the running set ordered by requested end,
// EASY's shadow time and admission rule, and the availability profile of conservative
// backfilling.
//
// EASY, as in the SC'17 artifact (sched-simulator-estimate-backfilling.c, backFill()):
//  - when the head job needs more processors than are free, walk the running jobs by
//    requested remaining time (start + estimate - now; negative for a job past its estimate),
//    ties by start order, adding their processors to the free ones until the head fits: that
//    job's requested end is the shadow time, and the surplus over the head's need is the
//    extra processors;
//  - a waiting job c may start now iff (c.procs <= free and now + c.estimate <= shadow) or
//    c.procs <= min(free, extra).
// Conservative (Mu'alem & Feitelson 2001): a job gets the earliest reservation the profile
// allows for its requested time when it becomes visible, without moving any other; when a job
// ends before its requested time the reservations are compressed in queue (policy) order, each
// re-placed at its earliest fit, which is never later than before; a job starts when its
// reservation is now. A running job past its estimate is assumed to end at now + 1 (nothing
// better is known), and then every reservation is placed again in queue order: with wrong
// estimates no promise can be kept.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <vector>

#include "sched/profile.h"  // conservative backfilling's availability profile

namespace airgrid::sched {

struct RunningJob {
  int64_t req_end;   // start + estimate
  int64_t seq;       // start order
  int32_t procs;
  int32_t idx;       // job index in the run
  int64_t start = 0;  // s
  int64_t sub = 0;    // artifact timing: start delays after `start` (see simulator.h)
  bool operator<(const RunningJob& o) const {
    return req_end != o.req_end ? req_end < o.req_end : seq < o.seq;
  }
};

struct Shadow {
  int64_t time = 0;    // shadow time (s)
  int64_t extra = 0;   // processors free at the shadow time beyond the head's need
};

// Running jobs sorted by (requested end, start order). At most M entries.
class RunningSet {
 public:
  void clear() { jobs_.clear(); }
  void Add(const RunningJob& j) {
    jobs_.insert(std::upper_bound(jobs_.begin(), jobs_.end(), j), j);
  }
  void Remove(int32_t idx) {
    auto it = std::find_if(jobs_.begin(), jobs_.end(),
                           [idx](const RunningJob& j) { return j.idx == idx; });
    if (it != jobs_.end()) jobs_.erase(it);
  }
  const std::vector<RunningJob>& jobs() const { return jobs_; }

  // Shadow time and extra processors for a head needing `need` > free processors.
  Shadow ShadowFor(int64_t need, int64_t free, int64_t now) const {
    int64_t avail = free;
    for (const RunningJob& j : jobs_) {
      avail += j.procs;
      if (avail >= need) return {j.req_end, avail - need};
    }
    return {now, 0};  // unreachable when need <= M
  }

 private:
  std::vector<RunningJob> jobs_;
};

// The artifact's shadow computation, literally (sched-simulator-estimate-backfilling.c,
// backFill()), for Timing::kSc17Artifact: each running job's remaining requested time is
// req - (float)(now - real start), the real start being start + sub * delay; the walk picks,
// pass after pass over the jobs in start order, the first job whose remaining time is below
// the current minimum *truncated to int*, so among jobs past their estimate (negative
// remaining) the later-started one comes first, and a remaining of exactly -1.0 is taken for
// a finished job. The shadow time is now + the truncated remaining time of the job that lets
// the head fit. Differs from ShadowFor only for jobs past their estimate.
inline Shadow ArtifactShadowFor(const std::vector<RunningJob>& running, int64_t need,
                                int64_t free, int64_t now, double delay) {
  std::vector<RunningJob> by_start(running);
  std::sort(by_start.begin(), by_start.end(),
            [](const RunningJob& a, const RunningJob& b) { return a.seq < b.seq; });
  constexpr double kTaken = 2147483647.0;  // INT_MAX, as the artifact marks a picked job
  std::vector<double> remaining(by_start.size());
  for (size_t i = 0; i < by_start.size(); ++i) {
    const RunningJob& j = by_start[i];
    const double real_start = static_cast<double>(j.start) + static_cast<double>(j.sub) * delay;
    const float elapsed = static_cast<float>(static_cast<double>(now) - real_start);
    remaining[i] = static_cast<double>(j.req_end - j.start) - static_cast<double>(elapsed);
  }
  int64_t future = 0;
  for (size_t pass = 0; pass < by_start.size(); ++pass) {
    int min_remaining = 2147483647;
    size_t pick = by_start.size();
    for (size_t i = 0; i < by_start.size(); ++i) {
      if (remaining[i] != -1.0 && remaining[i] < min_remaining) {
        min_remaining = static_cast<int>(remaining[i]);
        pick = i;
      }
    }
    if (pick == by_start.size()) break;
    remaining[pick] = kTaken;
    future += by_start[pick].procs;
    if (free + future >= need) return {now + min_remaining, free + future - need};
  }
  return {0, 0};  // the artifact's initial values
}

// EASY's admission rule for a candidate while the head waits.
inline bool EasyAllows(int64_t procs, int64_t estimate, int64_t free, int64_t now,
                       const Shadow& shadow) {
  return (procs <= free && now + estimate <= shadow.time) ||
         procs <= std::min(free, shadow.extra);
}

// The waiting jobs EASY may backfill, indexed by processors: per processor count q, the
// multiset of requested times of the visible jobs needing q processors, and over q a segment
// tree of their minima. AnyAllowed answers in O(log M) whether some indexed job passes
// EasyAllows, so the simulator scans the queue (in policy order, for the first such job) only
// when the scan will find one. Disabled (every call a no-op, AnyAllowed true) after Reset(0).
class EasyIndex {
 public:
  void Reset(int64_t machine_procs) {
    per_procs_.assign(static_cast<size_t>(std::max<int64_t>(machine_procs, 0) + 1), {});
    leaves_ = 1;
    while (leaves_ < per_procs_.size()) leaves_ *= 2;
    tree_.assign(machine_procs > 0 ? 2 * leaves_ : 0, kNone);
  }

  void Add(int64_t procs, int64_t estimate) {
    if (tree_.empty()) return;
    auto& s = per_procs_[static_cast<size_t>(procs)];
    s.insert(estimate);
    if (*s.begin() == estimate) Set(procs, estimate);
  }

  void Remove(int64_t procs, int64_t estimate) {
    if (tree_.empty()) return;
    auto& s = per_procs_[static_cast<size_t>(procs)];
    s.erase(s.find(estimate));
    Set(procs, s.empty() ? kNone : *s.begin());
  }

  // Whether some indexed job c has (c.procs <= free and now + c.estimate <= shadow.time) or
  // c.procs <= min(free, shadow.extra): EasyAllows for the smallest estimate of each q.
  bool AnyAllowed(int64_t free, int64_t now, const Shadow& shadow) const {
    if (tree_.empty()) return true;
    if (MinEstimateUpTo(std::min(free, shadow.extra)) != kNone) return true;
    const int64_t e = MinEstimateUpTo(free);
    return e != kNone && now + e <= shadow.time;
  }

 private:
  static constexpr int64_t kNone = std::numeric_limits<int64_t>::max();

  void Set(int64_t procs, int64_t value) {
    size_t i = leaves_ + static_cast<size_t>(procs);
    tree_[i] = value;
    for (i /= 2; i >= 1; i /= 2) tree_[i] = std::min(tree_[2 * i], tree_[2 * i + 1]);
  }

  // Minimum over processor counts 0..q (clamped to the machine), kNone when no job.
  int64_t MinEstimateUpTo(int64_t q) const {
    if (q < 0) return kNone;
    q = std::min<int64_t>(q, static_cast<int64_t>(per_procs_.size()) - 1);
    int64_t best = kNone;
    size_t lo = leaves_, hi = leaves_ + static_cast<size_t>(q) + 1;  // [lo, hi)
    while (lo < hi) {
      if (lo & 1) best = std::min(best, tree_[lo++]);
      if (hi & 1) best = std::min(best, tree_[--hi]);
      lo /= 2;
      hi /= 2;
    }
    return best;
  }

  std::vector<std::multiset<int64_t>> per_procs_;
  size_t leaves_ = 1;
  std::vector<int64_t> tree_;
};

}  // namespace airgrid::sched
