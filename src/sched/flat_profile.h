// Conservative backfilling's availability profile as a flat array of steps (internal to sched):
// the third implementation of profile.h's contract, for the common case of a profile of a few
// hundred steps (running jobs + 2 x waiting jobs), where a contiguous array walked from the
// right place beats the treap's descents, splits and merges (RICC, 8,192 processors, ~750
// running and ~160 waiting jobs: bench/RESULTS.md, "Conservative backfilling at scale"). Every
// operation is O(log S) to find its place plus O(steps walked or moved); the simulator switches
// to the treap when the profile grows past 2,048 steps (deep queues), so a deep queue
// keeps O(log S) per operation.
//
// Contract: profile.h's (Reset, AdvanceTo, Add, EarliestFit, EarliestFitBefore, AtLeast,
// FirstInstantWith, FreeAt, Min, steps; Assign), canonical steps, the same answers
// (tested against LinearProfile), plus
//  - Place(procs, duration): EarliestFit(first step, unbounded, procs, duration), then holds
//    the processors there; returns the start. A replan places every waiting job this way on a
//    copy of the running jobs' occupancy (AssignSteps), and since a plan only adds load the first instant with p processors free only
//    moves later: it is remembered per processor count between Places (any other change
//    forgets it), so a search starts there instead of at now. procs <= the machine.
//  - Steps(): the steps, for Profile::Assign (and Assign takes Profile::ExportSteps's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace airgrid::sched {

class FlatProfile {
 public:
  using Step = std::pair<int64_t, int64_t>;  // (start, free processors)
  static constexpr int64_t kUnbounded = INT64_MAX;

  void Reset(int64_t origin, int64_t procs);
  void Assign(const std::vector<Step>& steps);
  void AssignSteps(const FlatProfile& other);  // other's function (not what Place remembers)
  void AdvanceTo(int64_t now);
  void Add(int64_t from, int64_t to, int64_t delta);
  int64_t Place(int64_t procs, int64_t duration);
  int64_t EarliestFit(int64_t from, int64_t latest, int64_t procs, int64_t duration) const;
  int64_t EarliestFitBefore(int64_t from, int64_t limit, int64_t procs, int64_t duration) const;
  bool AtLeast(int64_t from, int64_t to, int64_t procs) const;
  int64_t FirstInstantWith(int64_t from, int64_t procs) const;
  int64_t FreeAt(int64_t t) const { return steps_[IndexOf(t)].second; }
  int64_t Min() const;  // over every step
  size_t steps() const { return steps_.size() - head_; }
  std::vector<Step> Steps() const;

 private:
  size_t IndexOf(int64_t t) const;  // the step containing t (t >= the first step)
  size_t SplitAt(int64_t t);        // the step starting at t, made if needed
  // The earliest start in [from, latest) whose window, cut at window_limit, fits; else latest.
  int64_t Fit(size_t i, int64_t from, int64_t latest, int64_t procs, int64_t duration,
              int64_t window_limit) const;
  void Forget();  // Place's remembered instants no longer hold

  // Trivially copyable, unlike std::pair, so that inserting and erasing move memory in bulk.
  struct Point {
    int64_t first;   // start
    int64_t second;  // free processors
  };
  std::vector<Point> steps_;  // the function from steps_[head_] on; before it, the past
  size_t head_ = 0;
  std::vector<int64_t> first_with_;      // per processor count, for Place (a lower bound)
  std::vector<uint64_t> first_version_;  // first_with_[p] holds while == version_
  uint64_t version_ = 1;
};

}  // namespace airgrid::sched
