#include "sched/profile.h"

#include <algorithm>
#include <functional>
#include <iterator>

namespace airgrid::sched {

// ---- Profile (treap) ----

void Profile::Reset(int64_t origin, int64_t procs) {
  nodes_.clear();
  free_nodes_.clear();
  size_ = 0;
  root_ = NewNode(origin, procs);
}

void Profile::Assign(const std::vector<std::pair<int64_t, int64_t>>& steps) {
  nodes_.clear();
  free_nodes_.clear();
  size_ = 0;
  root_ = BuildBalanced(steps, 0, steps.size(), 0);
}

void Profile::ExportSteps(std::vector<std::pair<int64_t, int64_t>>* steps) const {
  steps->clear();
  steps->reserve(size_);
  Export(root_, 0, steps);
}

// In key order; `acc` is the pending addition of the ancestors (recursion depth: the height).
void Profile::Export(int32_t t, int64_t acc,
                     std::vector<std::pair<int64_t, int64_t>>* steps) const {
  if (t == kNil) return;
  const Node& n = nodes_[static_cast<size_t>(t)];
  Export(n.left, acc + n.lazy, steps);
  steps->emplace_back(n.key, n.value + acc);
  Export(n.right, acc + n.lazy, steps);
}

// Steps [lo, hi) as a balanced subtree whose root is at `depth`. Its priority's top five bits
// fall with the depth, the rest are random: the heap property holds on the balanced tree
// without sorting priorities (the tree's shape never changes a result).
int32_t Profile::BuildBalanced(const std::vector<std::pair<int64_t, int64_t>>& steps, size_t lo,
                               size_t hi, uint32_t depth) {
  if (lo >= hi) return kNil;
  const size_t mid = lo + (hi - lo) / 2;
  const int32_t t = NewNode(steps[mid].first, steps[mid].second);
  nodes_[static_cast<size_t>(t)].priority =
      ((31u - std::min(depth, 31u)) << 27) | (nodes_[static_cast<size_t>(t)].priority >> 5);
  const int32_t left = BuildBalanced(steps, lo, mid, depth + 1);
  const int32_t right = BuildBalanced(steps, mid + 1, hi, depth + 1);
  nodes_[static_cast<size_t>(t)].left = left;
  nodes_[static_cast<size_t>(t)].right = right;
  Pull(t);
  return t;
}

uint32_t Profile::NextPriority() {
  seed_ ^= seed_ << 13;  // xorshift32: priorities only shape the tree, never a result
  seed_ ^= seed_ >> 17;
  seed_ ^= seed_ << 5;
  return seed_;
}

int32_t Profile::NewNode(int64_t key, int64_t value) {
  const Node n{key, value, 0, value, value, NextPriority(), kNil, kNil};
  ++size_;
  if (!free_nodes_.empty()) {
    const int32_t i = free_nodes_.back();
    free_nodes_.pop_back();
    nodes_[static_cast<size_t>(i)] = n;
    return i;
  }
  nodes_.push_back(n);
  return static_cast<int32_t>(nodes_.size() - 1);
}

void Profile::FreeTree(int32_t t) {
  if (t == kNil) return;  // recursion depth: the treap's height, O(log S) expected
  FreeTree(nodes_[static_cast<size_t>(t)].left);
  FreeTree(nodes_[static_cast<size_t>(t)].right);
  free_nodes_.push_back(t);
  --size_;
}

void Profile::Apply(int32_t t, int64_t delta) {
  if (t == kNil) return;
  Node& n = nodes_[static_cast<size_t>(t)];
  n.value += delta;
  n.min += delta;
  n.max += delta;
  n.lazy += delta;
}

void Profile::Push(int32_t t) {
  Node& n = nodes_[static_cast<size_t>(t)];
  if (n.lazy == 0) return;
  const int64_t d = n.lazy;
  n.lazy = 0;
  Apply(n.left, d);
  Apply(n.right, d);
}

void Profile::Pull(int32_t t) {
  Node& n = nodes_[static_cast<size_t>(t)];
  n.min = n.max = n.value;
  for (const int32_t c : {n.left, n.right}) {
    if (c == kNil) continue;
    n.min = std::min(n.min, nodes_[static_cast<size_t>(c)].min + n.lazy);
    n.max = std::max(n.max, nodes_[static_cast<size_t>(c)].max + n.lazy);
  }
}

void Profile::Split(int32_t t, int64_t key, int32_t* lo, int32_t* hi) {
  if (t == kNil) {
    *lo = *hi = kNil;
    return;
  }
  Push(t);
  Node& n = nodes_[static_cast<size_t>(t)];
  if (n.key < key) {
    int32_t a, b;
    Split(n.right, key, &a, &b);
    nodes_[static_cast<size_t>(t)].right = a;
    Pull(t);
    *lo = t;
    *hi = b;
  } else {
    int32_t a, b;
    Split(n.left, key, &a, &b);
    nodes_[static_cast<size_t>(t)].left = b;
    Pull(t);
    *lo = a;
    *hi = t;
  }
}

int32_t Profile::Merge(int32_t a, int32_t b) {
  if (a == kNil) return b;
  if (b == kNil) return a;
  if (nodes_[static_cast<size_t>(a)].priority > nodes_[static_cast<size_t>(b)].priority) {
    Push(a);
    const int32_t r = Merge(nodes_[static_cast<size_t>(a)].right, b);
    nodes_[static_cast<size_t>(a)].right = r;
    Pull(a);
    return a;
  }
  Push(b);
  const int32_t l = Merge(a, nodes_[static_cast<size_t>(b)].left);
  nodes_[static_cast<size_t>(b)].left = l;
  Pull(b);
  return b;
}

int64_t Profile::FirstKey(int32_t t) {
  while (nodes_[static_cast<size_t>(t)].left != kNil) t = nodes_[static_cast<size_t>(t)].left;
  return nodes_[static_cast<size_t>(t)].key;
}

int64_t Profile::FirstValue(int32_t t) {
  int64_t acc = 0;
  while (nodes_[static_cast<size_t>(t)].left != kNil) {
    acc += nodes_[static_cast<size_t>(t)].lazy;
    t = nodes_[static_cast<size_t>(t)].left;
  }
  return nodes_[static_cast<size_t>(t)].value + acc;
}

int64_t Profile::LastValue(int32_t t) {
  int64_t acc = 0;
  while (nodes_[static_cast<size_t>(t)].right != kNil) {
    acc += nodes_[static_cast<size_t>(t)].lazy;
    t = nodes_[static_cast<size_t>(t)].right;
  }
  return nodes_[static_cast<size_t>(t)].value + acc;
}

int32_t Profile::DropFirst(int32_t t) {
  int32_t first, rest;
  Split(t, FirstKey(t) + 1, &first, &rest);
  FreeTree(first);
  return rest;
}

void Profile::AdvanceTo(int64_t now) {
  if (FirstKey(root_) > now) return;
  int64_t key = 0, free_now = 0;
  Floor(now, &key, &free_now);
  int32_t past, rest;
  Split(root_, now + 1, &past, &rest);
  FreeTree(past);
  root_ = Merge(NewNode(now, free_now), rest);
}

void Profile::Add(int64_t from, int64_t to, int64_t delta) {
  from = std::max(from, FirstKey(root_));
  if (from >= to || delta == 0) return;
  int32_t a, b, c;
  Split(root_, from, &a, &b);  // a: steps before `from` (non-empty unless one starts there)
  if (b == kNil || FirstKey(b) != from) b = Merge(NewNode(from, LastValue(a)), b);
  int32_t rest = b;
  Split(rest, to, &b, &c);     // b: the steps in [from, to), c: from `to` on
  if (c == kNil || FirstKey(c) != to) c = Merge(NewNode(to, LastValue(b)), c);
  Apply(b, delta);
  // Canonical form: a step equal to the one before it is not a step.
  if (LastValue(b) == FirstValue(c)) c = DropFirst(c);
  if (a != kNil && LastValue(a) == FirstValue(b)) b = DropFirst(b);
  root_ = Merge(Merge(a, b), c);
}

void Profile::Floor(int64_t t, int64_t* key, int64_t* value) const {
  int32_t i = root_;
  int64_t acc = 0;
  while (i != kNil) {
    const Node& n = nodes_[static_cast<size_t>(i)];
    if (n.key <= t) {
      *key = n.key;
      *value = n.value + acc;
      acc += n.lazy;
      i = n.right;
    } else {
      acc += n.lazy;
      i = n.left;
    }
  }
}

bool Profile::FirstBelow(int32_t t, int64_t acc, int64_t lo, int64_t procs,
                         int64_t* key) const {
  if (t == kNil) return false;
  const Node& n = nodes_[static_cast<size_t>(t)];
  if (n.min + acc >= procs) return false;
  const int64_t below = acc + n.lazy;
  if (n.key < lo) return FirstBelow(n.right, below, lo, procs, key);
  if (FirstBelow(n.left, below, lo, procs, key)) return true;
  if (n.value + acc < procs) {
    *key = n.key;
    return true;
  }
  return FirstBelow(n.right, below, lo, procs, key);
}

bool Profile::FirstAtLeast(int32_t t, int64_t acc, int64_t lo, int64_t procs,
                           int64_t* key) const {
  if (t == kNil) return false;
  const Node& n = nodes_[static_cast<size_t>(t)];
  if (n.max + acc < procs) return false;
  const int64_t below = acc + n.lazy;
  if (n.key <= lo) return FirstAtLeast(n.right, below, lo, procs, key);
  if (FirstAtLeast(n.left, below, lo, procs, key)) return true;
  if (n.value + acc >= procs) {
    *key = n.key;
    return true;
  }
  return FirstAtLeast(n.right, below, lo, procs, key);
}

// A candidate start fails at the first step of its window holding too few processors; the
// next candidate is then the first later step holding enough (the steps in between would
// fail at once), so each blocking step costs two descents of the tree. Every candidate after
// the first is a step's start, so its window's first step is found without a Floor.
int64_t Profile::EarliestFit(int64_t from, int64_t latest, int64_t procs,
                             int64_t duration) const {
  return FitBefore(from, latest, procs, duration, kUnbounded);
}

int64_t Profile::EarliestFitBefore(int64_t from, int64_t limit, int64_t procs,
                                   int64_t duration) const {
  return FitBefore(from, limit, procs, duration, limit);
}

// The earliest t in [from, latest) with procs free over [t, min(t + duration, window_end)),
// else latest (truncate_at = the limit for EarliestFitBefore, kUnbounded for EarliestFit).
int64_t Profile::FitBefore(int64_t from, int64_t latest, int64_t procs, int64_t duration,
                           int64_t truncate_at) const {
  int64_t candidate = from, first_step = 0, floor_value = 0;
  if (candidate >= latest) return latest;
  Floor(candidate, &first_step, &floor_value);
  while (true) {
    int64_t block = 0, next = 0;
    const int64_t window_end = std::min(candidate + duration, truncate_at);
    if (!FirstBelow(root_, 0, first_step, procs, &block) || block >= window_end) {
      return candidate;
    }
    if (!FirstAtLeast(root_, 0, block, procs, &next) || next >= latest) return latest;
    candidate = first_step = next;
  }
}

bool Profile::AtLeast(int64_t from, int64_t to, int64_t procs) const {
  int64_t floor_key = 0, floor_value = 0, block = 0;
  Floor(from, &floor_key, &floor_value);
  return !FirstBelow(root_, 0, floor_key, procs, &block) || block >= to;
}

int64_t Profile::FirstInstantWith(int64_t from, int64_t procs) const {
  int64_t key = 0, value = 0, next = 0;
  Floor(from, &key, &value);
  if (value >= procs) return from;
  return FirstAtLeast(root_, 0, key, procs, &next) ? next : kUnbounded;
}

int64_t Profile::FreeAt(int64_t t) const {
  int64_t key = 0, value = 0;
  Floor(t, &key, &value);
  return value;
}

// ---- LinearProfile (std::map, the reference) ----

void LinearProfile::Reset(int64_t origin, int64_t procs) {
  steps_.clear();
  steps_[origin] = procs;
}

void LinearProfile::AdvanceTo(int64_t now) {
  auto it = steps_.upper_bound(now);
  if (it == steps_.begin()) return;
  const int64_t free_now = std::prev(it)->second;
  steps_.erase(steps_.begin(), it);
  steps_[now] = free_now;
}

void LinearProfile::Add(int64_t from, int64_t to, int64_t delta) {
  from = std::max(from, steps_.begin()->first);
  if (from >= to || delta == 0) return;
  auto a = SplitAt(from);
  auto b = SplitAt(to);
  for (auto it = a; it != b; ++it) it->second += delta;
  MergeAround(b);
  MergeAround(a);
}

int64_t LinearProfile::EarliestFit(int64_t from, int64_t latest, int64_t procs,
                                   int64_t duration) const {
  auto it = std::prev(steps_.upper_bound(from));
  int64_t candidate = from;
  while (candidate < latest) {
    // Walk from the step containing `candidate` while the job fits.
    auto k = it;
    bool fits = true;
    for (; k != steps_.end() && k->first < candidate + duration; ++k) {
      if (k->second < procs) {
        fits = false;
        break;
      }
    }
    if (fits) return candidate;
    // k holds too few processors: the next candidate is the next step after it.
    it = std::next(k);
    if (it == steps_.end()) break;
    candidate = it->first;
  }
  return latest;
}

int64_t LinearProfile::EarliestFitBefore(int64_t from, int64_t limit, int64_t procs,
                                         int64_t duration) const {
  for (auto it = std::prev(steps_.upper_bound(from)); it != steps_.end() && it->first < limit;
       ++it) {
    const int64_t t = std::max(from, it->first);
    if (AtLeast(t, std::min(t + duration, limit), procs)) return t;
  }
  return limit;
}

bool LinearProfile::AtLeast(int64_t from, int64_t to, int64_t procs) const {
  for (auto it = std::prev(steps_.upper_bound(from)); it != steps_.end() && it->first < to;
       ++it) {
    if (it->second < procs) return false;
  }
  return true;
}

int64_t LinearProfile::FreeAt(int64_t t) const {
  return std::prev(steps_.upper_bound(t))->second;
}

// The step starting exactly at t (t >= the first key), splitting the one containing t.
LinearProfile::Steps::iterator LinearProfile::SplitAt(int64_t t) {
  auto it = steps_.upper_bound(t);
  auto prev = std::prev(it);
  if (prev->first == t) return prev;
  return steps_.emplace_hint(it, t, prev->second);
}

// Removes the step at `it` when it repeats the previous step's value.
void LinearProfile::MergeAround(Steps::iterator it) {
  if (it == steps_.begin() || it == steps_.end()) return;
  if (std::prev(it)->second == it->second) steps_.erase(it);
}

}  // namespace airgrid::sched
