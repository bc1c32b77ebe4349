#include "sched/flat_profile.h"

#include <algorithm>

namespace airgrid::sched {

void FlatProfile::Reset(int64_t origin, int64_t procs) {
  steps_.assign(1, Point{origin, procs});
  head_ = 0;
  Forget();
}

// Place remembers an instant per processor count: up to the machine's, every processor free
// on the last step.
void FlatProfile::Forget() {
  ++version_;
  const size_t counts = static_cast<size_t>(std::max<int64_t>(steps_.back().second, 0)) + 1;
  if (first_with_.size() < counts) {
    first_with_.resize(counts, 0);
    first_version_.resize(counts, 0);
  }
}

void FlatProfile::Assign(const std::vector<Step>& steps) {
  steps_.clear();
  head_ = 0;
  for (const auto& [start, free] : steps) steps_.push_back(Point{start, free});
  Forget();
}

void FlatProfile::AssignSteps(const FlatProfile& other) {
  steps_.assign(other.steps_.begin() + static_cast<std::ptrdiff_t>(other.head_),
                other.steps_.end());
  head_ = 0;
  Forget();
}

std::vector<FlatProfile::Step> FlatProfile::Steps() const {
  std::vector<Step> steps;
  steps.reserve(steps_.size() - head_);
  for (size_t k = head_; k < steps_.size(); ++k) steps.emplace_back(steps_[k].first, steps_[k].second);
  return steps;
}

size_t FlatProfile::IndexOf(int64_t t) const {
  const auto after = std::upper_bound(steps_.begin() + static_cast<std::ptrdiff_t>(head_),
                                      steps_.end(), t,
                                      [](int64_t x, const Point& s) { return x < s.first; });
  return static_cast<size_t>(after - steps_.begin()) - 1;
}

size_t FlatProfile::SplitAt(int64_t t) {
  const size_t i = IndexOf(t);
  if (steps_[i].first == t) return i;
  steps_.insert(steps_.begin() + static_cast<std::ptrdiff_t>(i) + 1, Point{t, steps_[i].second});
  return i + 1;
}

void FlatProfile::AdvanceTo(int64_t now) {
  if (steps_[head_].first > now) return;
  // The past steps stay behind head_ until they are half the array: the clock advancing costs
  // O(1) amortized instead of moving every step at every event.
  head_ = IndexOf(now);
  steps_[head_].first = now;
  if (head_ >= 64 && 2 * head_ >= steps_.size()) {
    steps_.erase(steps_.begin(), steps_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
  Forget();
}

void FlatProfile::Add(int64_t from, int64_t to, int64_t delta) {
  from = std::max(from, steps_[head_].first);
  if (from >= to || delta == 0) return;
  const size_t a = SplitAt(from);
  const size_t b = SplitAt(to);  // after a: a stays
  for (size_t k = a; k < b; ++k) steps_[k].second += delta;
  // Canonical form: a step equal to the one before it is not a step.
  if (b < steps_.size() && steps_[b].second == steps_[b - 1].second) {
    steps_.erase(steps_.begin() + static_cast<std::ptrdiff_t>(b));
  }
  if (a > head_ && steps_[a].second == steps_[a - 1].second) {
    steps_.erase(steps_.begin() + static_cast<std::ptrdiff_t>(a));
  }
  Forget();
}

// A candidate start fails at the first step of its window holding too few processors; every
// start up to the next step holding enough would fail there too.
int64_t FlatProfile::Fit(size_t i, int64_t from, int64_t latest, int64_t procs,
                         int64_t duration, int64_t window_limit) const {
  int64_t start = from;
  const size_t n = steps_.size();
  while (start < latest) {
    const int64_t window_end = std::min(start + duration, window_limit);
    size_t j = i;
    while (j < n && steps_[j].first < window_end && steps_[j].second >= procs) ++j;
    if (j == n || steps_[j].first >= window_end) return start;
    i = j + 1;
    while (i < n && steps_[i].second < procs) ++i;
    if (i == n) return latest;
    start = steps_[i].first;
  }
  return latest;
}

int64_t FlatProfile::EarliestFit(int64_t from, int64_t latest, int64_t procs,
                                 int64_t duration) const {
  return Fit(IndexOf(from), from, latest, procs, duration, kUnbounded);
}

int64_t FlatProfile::EarliestFitBefore(int64_t from, int64_t limit, int64_t procs,
                                       int64_t duration) const {
  return Fit(IndexOf(from), from, limit, procs, duration, limit);
}

int64_t FlatProfile::Place(int64_t procs, int64_t duration) {
  const size_t p = static_cast<size_t>(procs);
  size_t i = first_version_[p] == version_ ? IndexOf(first_with_[p]) : head_;
  while (steps_[i].second < procs) ++i;  // the last step has every processor free
  first_with_[p] = steps_[i].first;
  const int64_t start = Fit(i, steps_[i].first, kUnbounded, procs, duration, kUnbounded);
  const uint64_t version = version_;
  Add(start, start + duration, -procs);
  version_ = version;  // a Place only adds load: the remembered instants still bound
  first_version_[p] = version_;
  return start;
}

bool FlatProfile::AtLeast(int64_t from, int64_t to, int64_t procs) const {
  for (size_t k = IndexOf(from); k < steps_.size() && steps_[k].first < to; ++k) {
    if (steps_[k].second < procs) return false;
  }
  return true;
}

int64_t FlatProfile::FirstInstantWith(int64_t from, int64_t procs) const {
  size_t k = IndexOf(from);
  if (steps_[k].second >= procs) return from;
  for (++k; k < steps_.size(); ++k) {
    if (steps_[k].second >= procs) return steps_[k].first;
  }
  return kUnbounded;
}

int64_t FlatProfile::Min() const {
  int64_t least = steps_[head_].second;
  for (size_t k = head_; k < steps_.size(); ++k) least = std::min(least, steps_[k].second);
  return least;
}

}  // namespace airgrid::sched
