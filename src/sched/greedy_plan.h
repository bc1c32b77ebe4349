// A whole conservative plan made in one pass (internal to sched): the replan after an overrun,
// where every waiting job is placed again, in queue order, at its earliest fit on the profile of
// the running jobs and of the jobs placed before it.
//
// Same answers as the treap Profile's EarliestFit + Add (profile.h) and LinearProfile's, on a
// flat array of steps: a replan only adds load, so
//  - the first instant with p processors free only moves later while the plan is made: it is
//    remembered per processor count (as a time, a lower bound checked on use), and the search
//    for a job of p processors starts there instead of at now;
//  - the steps are few (running jobs + 2 x waiting jobs) and a job is mostly placed where
//    capacity opens, so a contiguous array scanned from that instant beats the tree's descents
//    and splits (measured on RICC: bench/RESULTS.md, "Conservative backfilling at scale").
// Contract:
//  - Reset(now, procs, busy): `procs` free from `now` on, each (end, p) of `busy` holding p over
//    [now, end) (ends <= now hold nothing); sorts `busy`.
//  - Place(procs, duration): the earliest t >= now with at least `procs` free over all of
//    [t, t + duration) (procs <= the machine), then holds them there; returns t.
//  - steps(): the function as (start, free) steps, canonical (no two consecutive steps with the
//    same value), the first at now: what Profile::Assign takes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace airgrid::sched {

class GreedyPlan {
 public:
  using Step = std::pair<int64_t, int64_t>;  // (start, free processors)

  void Reset(int64_t now, int64_t procs, std::vector<std::pair<int64_t, int64_t>>* busy);
  int64_t Place(int64_t procs, int64_t duration);
  const std::vector<Step>& steps();

 private:
  size_t IndexOf(int64_t t) const;  // the step containing t (t >= the first step)
  size_t SplitAt(int64_t t);        // the step starting at t, made if needed
  size_t FirstWith(int64_t procs);  // the first step with at least `procs` free

  std::vector<Step> steps_;
  std::vector<int64_t> first_with_;      // per processor count: a lower bound of that instant
  std::vector<uint32_t> first_version_;  // first_with_[p] is valid when == version_
  uint32_t version_ = 0;
  bool dirty_ = false;  // steps_ may hold equal neighbours
};

}  // namespace airgrid::sched
