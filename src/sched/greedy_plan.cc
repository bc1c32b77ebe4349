#include "sched/greedy_plan.h"

#include <algorithm>

namespace airgrid::sched {

void GreedyPlan::Reset(int64_t now, int64_t procs,
                       std::vector<std::pair<int64_t, int64_t>>* busy) {
  // The running set comes ordered by requested end, which is mostly this order already.
  if (!std::is_sorted(busy->begin(), busy->end())) std::sort(busy->begin(), busy->end());
  int64_t free = procs;
  for (const auto& [end, p] : *busy) {
    if (end > now) free -= p;
  }
  steps_.clear();
  steps_.emplace_back(now, free);
  for (const auto& [end, p] : *busy) {
    if (end <= now) continue;
    free += p;
    if (steps_.back().first == end) {
      steps_.back().second = free;
    } else {
      steps_.emplace_back(end, free);
    }
  }
  const size_t counts = static_cast<size_t>(std::max<int64_t>(procs, 0)) + 1;
  if (first_with_.size() != counts || ++version_ == 0) {
    first_with_.assign(counts, 0);
    first_version_.assign(counts, 0);
    version_ = 1;
  }
  dirty_ = false;
}

size_t GreedyPlan::IndexOf(int64_t t) const {
  const auto after = std::upper_bound(steps_.begin(), steps_.end(), t,
                                      [](int64_t x, const Step& s) { return x < s.first; });
  return static_cast<size_t>(after - steps_.begin()) - 1;
}

size_t GreedyPlan::SplitAt(int64_t t) {
  const size_t i = IndexOf(t);
  if (steps_[i].first == t) return i;
  steps_.insert(steps_.begin() + static_cast<std::ptrdiff_t>(i) + 1, Step{t, steps_[i].second});
  return i + 1;
}

// Load is only added while a plan is made, so the remembered instant is a lower bound: the
// walk goes on from there.
size_t GreedyPlan::FirstWith(int64_t procs) {
  const size_t p = static_cast<size_t>(procs);
  size_t i = first_version_[p] == version_ ? IndexOf(first_with_[p]) : 0;
  while (steps_[i].second < procs) ++i;  // the last step has every processor free
  first_with_[p] = steps_[i].first;
  first_version_[p] = version_;
  return i;
}

int64_t GreedyPlan::Place(int64_t procs, int64_t duration) {
  size_t i = FirstWith(procs);
  int64_t start = steps_[i].first;
  while (true) {
    // The window's first step holding too few processors, if any.
    size_t j = i;
    while (j < steps_.size() && steps_[j].first < start + duration && steps_[j].second >= procs) {
      ++j;
    }
    if (j == steps_.size() || steps_[j].first >= start + duration) break;
    // Every start up to the next step holding enough would fail at j.
    i = j + 1;
    while (steps_[i].second < procs) ++i;
    start = steps_[i].first;
  }
  const size_t end = SplitAt(start + duration);  // after i: i stays the step starting at `start`
  for (size_t k = i; k < end; ++k) steps_[k].second -= procs;
  dirty_ = true;
  return start;
}

const std::vector<GreedyPlan::Step>& GreedyPlan::steps() {
  if (dirty_) {
    size_t kept = 0;
    for (size_t k = 0; k < steps_.size(); ++k) {
      if (kept > 0 && steps_[kept - 1].second == steps_[k].second) continue;
      steps_[kept++] = steps_[k];
    }
    steps_.resize(kept);
    dirty_ = false;
  }
  return steps_;
}

}  // namespace airgrid::sched
