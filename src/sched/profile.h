// The availability profile of conservative backfilling (internal to sched): free processors as
// a step function of time, from the current instant on. Three implementations of one contract:
//
//  - Profile: a treap of the steps keyed by their start time, each subtree carrying a pending
//    addition and the minimum and maximum of its steps' values. Every operation costs
//    O(log S) expected, S = number of steps (running jobs + reservations), plus, for
//    EarliestFit, O(log S) per step that blocks a candidate start. The simulator's for
//    profiles of more than a few thousand steps (deep queues).
//  - FlatProfile (flat_profile.h): the steps in a contiguous array, O(steps walked or moved)
//    per operation; the simulator's while the profile is small, where that is faster.
//  - LinearProfile: the same steps in a std::map; Add touches every step of its interval and
//    EarliestFit walks the steps one by one (O(S) each). The reference the treap is tested
//    against (and the structure airgrid used until issue 18 item 2).
//
// Contract (both): the function is stored canonically (no two consecutive steps with the same
// value), so it is a pure function of the additions made, and
//  - Reset(origin, procs): `procs` free from `origin` on;
//  - AdvanceTo(now): forgets the steps before now (no-op when now precedes the first step);
//  - Add(from, to, delta): adds delta over [max(from, first step), to);
//  - EarliestFit(from, latest, procs, duration): the earliest t in [from, latest) such that at
//    least `procs` are free over all of [t, t + duration), else `latest` (such a t is always
//    `from` or a step's start, since the function only changes there);
//  - EarliestFitBefore(from, limit, procs, duration): the earliest t in [from, limit) such that
//    at least `procs` are free over [t, min(t + duration, limit)), else `limit`. Compression
//    asks it instead of giving a reservation at `limit` back and calling EarliestFit: when at
//    least 0 are free over the reservation's own slot (AtLeast), the two answers are the same,
//    because giving the slot back adds `procs` exactly over [limit, limit + duration);
//  - AtLeast(from, to, procs): whether at least `procs` are free over all of [from, to);
//  - FreeAt(t) (t >= the first step), Min() (over every step; treap and flat only), steps().
// Profile::Assign(steps) and ExportSteps move a profile to and from FlatProfile
// (flat_profile.h) in O(S): replans start from the running jobs' occupancy kept as one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace airgrid::sched {

class Profile {
 public:
  void Reset(int64_t origin, int64_t procs);
  // The function given as canonical (start, free) steps, the first at the current instant,
  // and the steps back (flat_profile.h takes them).
  void Assign(const std::vector<std::pair<int64_t, int64_t>>& steps);
  void ExportSteps(std::vector<std::pair<int64_t, int64_t>>* steps) const;
  void AdvanceTo(int64_t now);
  void Add(int64_t from, int64_t to, int64_t delta);
  int64_t EarliestFit(int64_t from, int64_t latest, int64_t procs, int64_t duration) const;
  int64_t FreeAt(int64_t t) const;
  int64_t EarliestFitBefore(int64_t from, int64_t limit, int64_t procs, int64_t duration) const;
  bool AtLeast(int64_t from, int64_t to, int64_t procs) const;
  int64_t Min() const { return nodes_[static_cast<size_t>(root_)].min; }  // over every step
  // The first instant >= from with at least `procs` free, or kUnbounded.
  int64_t FirstInstantWith(int64_t from, int64_t procs) const;
  size_t steps() const { return size_; }

  static constexpr int64_t kUnbounded = INT64_MAX;

 private:
  static constexpr int32_t kNil = -1;
  struct Node {
    int64_t key;     // the step's start
    int64_t value;   // free processors over [key, next key), pending additions above excluded
    int64_t lazy;    // addition pending for both children's subtrees (already in this node)
    int64_t min;     // over the subtree, this node's pending additions included
    int64_t max;
    uint32_t priority;
    int32_t left;
    int32_t right;
  };

  uint32_t NextPriority();
  int32_t NewNode(int64_t key, int64_t value);
  int32_t BuildBalanced(const std::vector<std::pair<int64_t, int64_t>>& steps, size_t lo,
                        size_t hi, uint32_t depth);
  void FreeTree(int32_t t);
  void Export(int32_t t, int64_t acc, std::vector<std::pair<int64_t, int64_t>>* steps) const;
  void Apply(int32_t t, int64_t delta);
  void Push(int32_t t);
  void Pull(int32_t t);
  // Splits t into keys < key (*lo) and keys >= key (*hi).
  void Split(int32_t t, int64_t key, int32_t* lo, int32_t* hi);
  int32_t Merge(int32_t a, int32_t b);
  int64_t FirstValue(int32_t t);
  int64_t LastValue(int32_t t);
  int64_t FirstKey(int32_t t);
  int32_t DropFirst(int32_t t);

  int64_t FitBefore(int64_t from, int64_t latest, int64_t procs, int64_t duration,
                    int64_t truncate_at) const;
  // The step containing t (the last key <= t), as its key and value; t >= the first key.
  void Floor(int64_t t, int64_t* key, int64_t* value) const;
  // The first step with key >= lo and value < procs: its key, or false.
  bool FirstBelow(int32_t t, int64_t acc, int64_t lo, int64_t procs, int64_t* key) const;
  // The first step with key > lo and value >= procs: its key, or false.
  bool FirstAtLeast(int32_t t, int64_t acc, int64_t lo, int64_t procs, int64_t* key) const;

  std::vector<Node> nodes_;
  std::vector<int32_t> free_nodes_;
  int32_t root_ = kNil;
  size_t size_ = 0;
  uint32_t seed_ = 0x9e3779b9u;
};

class LinearProfile {
 public:
  void Reset(int64_t origin, int64_t procs);
  void AdvanceTo(int64_t now);
  void Add(int64_t from, int64_t to, int64_t delta);
  int64_t EarliestFit(int64_t from, int64_t latest, int64_t procs, int64_t duration) const;
  int64_t FreeAt(int64_t t) const;
  int64_t EarliestFitBefore(int64_t from, int64_t limit, int64_t procs, int64_t duration) const;
  bool AtLeast(int64_t from, int64_t to, int64_t procs) const;
  size_t steps() const { return steps_.size(); }

 private:
  using Steps = std::map<int64_t, int64_t>;
  Steps::iterator SplitAt(int64_t t);
  void MergeAround(Steps::iterator it);
  Steps steps_;
};

}  // namespace airgrid::sched
