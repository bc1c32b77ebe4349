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
// Conservative: every visible job, in policy order, gets the earliest reservation the
// profile allows for its requested time; a running job past its estimate is assumed to end at
// now + 1 (nothing better is known).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace airgrid::sched {

struct RunningJob {
  int64_t req_end;   // start + estimate
  int64_t seq;       // start order
  int32_t procs;
  int32_t idx;       // job index in the run
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

// EASY's admission rule for a candidate while the head waits.
inline bool EasyAllows(int64_t procs, int64_t estimate, int64_t free, int64_t now,
                       const Shadow& shadow) {
  return (procs <= free && now + estimate <= shadow.time) ||
         procs <= std::min(free, shadow.extra);
}

// Free processors as a step function of time from `now` on, for conservative backfilling.
class Profile {
 public:
  void Build(const RunningSet& running, int64_t free, int64_t now) {
    steps_.clear();
    steps_.push_back({now, free});
    for (const RunningJob& j : running.jobs()) {
      const int64_t t = std::max(j.req_end, now + 1);
      if (steps_.back().time == t) {
        steps_.back().free += j.procs;
      } else {
        steps_.push_back({t, steps_.back().free + j.procs});
      }
    }
  }

  // Earliest start >= now where `procs` are free for `duration` seconds; reserves them there.
  int64_t Reserve(int64_t procs, int64_t duration) {
    for (size_t s = 0; s < steps_.size(); ++s) {
      const int64_t start = steps_[s].time;
      const int64_t end = start + duration;
      bool fits = true;
      for (size_t k = s; k < steps_.size() && steps_[k].time < end; ++k) {
        if (steps_[k].free < procs) { fits = false; break; }
      }
      if (!fits) continue;
      Subtract(start, end, procs);
      return start;
    }
    return steps_.back().time;  // unreachable: the last step has the whole machine
  }

 private:
  struct Step { int64_t time; int64_t free; };

  // Index of the step starting exactly at t, splitting the step containing t if needed.
  size_t SplitAt(int64_t t) {
    auto it = std::upper_bound(steps_.begin(), steps_.end(), t,
                               [](int64_t v, const Step& s) { return v < s.time; });
    const size_t i = static_cast<size_t>(it - steps_.begin()) - 1;  // steps_[i].time <= t
    if (steps_[i].time == t) return i;
    steps_.insert(steps_.begin() + i + 1, Step{t, steps_[i].free});
    return i + 1;
  }

  void Subtract(int64_t start, int64_t end, int64_t procs) {
    const size_t a = SplitAt(start);
    SplitAt(end);
    for (size_t k = a; k < steps_.size() && steps_[k].time < end; ++k) steps_[k].free -= procs;
  }

  std::vector<Step> steps_;
};

}  // namespace airgrid::sched
