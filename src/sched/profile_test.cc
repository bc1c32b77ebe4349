// The treap Profile against hand-computed step functions and against LinearProfile (the
// std::map reference) on random sequences of the simulator's operations: reservations taken
// and given back, early completions, the clock advancing, and earliest-fit queries.
#include "sched/profile.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sched/flat_profile.h"
#include "sched/test_util.h"

namespace airgrid::sched {
namespace {

// 4 processors from 0; a job of 3 over [0, 10), then one of 2 over [10, 20).
TEST(Profile, HandComputedSteps) {
  Profile p;
  p.Reset(0, 4);
  p.Add(0, 10, -3);   // free: 1 on [0,10), 4 after
  p.Add(10, 20, -2);  // free: 1 on [0,10), 2 on [10,20), 4 after
  EXPECT_EQ(p.steps(), 3u);
  EXPECT_EQ(p.FreeAt(0), 1);
  EXPECT_EQ(p.FreeAt(9), 1);
  EXPECT_EQ(p.FreeAt(10), 2);
  EXPECT_EQ(p.FreeAt(25), 4);
  // 2 processors for 5 s: first at 10. 3 for 1 s: at 20. 1 for 100 s: at 0.
  EXPECT_EQ(p.EarliestFit(0, 1000, 2, 5), 10);
  EXPECT_EQ(p.EarliestFit(0, 1000, 3, 1), 20);
  EXPECT_EQ(p.EarliestFit(0, 1000, 1, 100), 0);
  EXPECT_EQ(p.EarliestFit(0, 15, 3, 1), 15);  // none before `latest`
  EXPECT_EQ(p.EarliestFit(3, 1000, 1, 1), 3);  // `from` inside a step
  // Giving back [0,10) x 3 restores 4 there; the steps merge into [0,10) 4, [10,20) 2, 4.
  p.Add(0, 10, 3);
  EXPECT_EQ(p.steps(), 3u);
  p.Add(10, 20, 2);
  EXPECT_EQ(p.steps(), 1u);
  EXPECT_EQ(p.FreeAt(12), 4);
}

TEST(Profile, AdvanceForgetsThePast) {
  Profile p;
  p.Reset(0, 8);
  p.Add(0, 10, -8);
  p.Add(20, 30, -4);
  p.AdvanceTo(15);  // [15,20) 8, [20,30) 4, 8 after
  EXPECT_EQ(p.steps(), 3u);
  EXPECT_EQ(p.FreeAt(15), 8);
  EXPECT_EQ(p.EarliestFit(15, 1000, 8, 6), 30);
  EXPECT_EQ(p.EarliestFit(15, 1000, 8, 5), 15);
  p.Add(5, 25, -1);  // clamped to [15, 25)
  EXPECT_EQ(p.FreeAt(15), 7);
  EXPECT_EQ(p.FreeAt(24), 3);
  EXPECT_EQ(p.FreeAt(25), 4);
  p.AdvanceTo(3);  // before the first step: no change
  EXPECT_EQ(p.FreeAt(15), 7);
}

// 4 processors; reserved: 4 over [0, 10), 2 over [10, 20) and a job of 2 over [30, 50) whose
// earlier start compression asks about: 2 are free from 10, but only until 20 would it need
// them for 20 s; truncated at its own slot (30) the window [20, 30) holds 4: it moves to 20.
TEST(Profile, EarliestFitBeforeTruncatesAtTheSlot) {
  Profile p;
  p.Reset(0, 4);
  p.Add(0, 10, -4);
  p.Add(10, 20, -3);
  p.Add(30, 50, -2);
  EXPECT_TRUE(p.AtLeast(30, 50, 0));
  EXPECT_FALSE(p.AtLeast(10, 20, 2));
  EXPECT_EQ(p.EarliestFitBefore(0, 30, 2, 20), 20);
  EXPECT_EQ(p.EarliestFitBefore(0, 30, 1, 20), 10);
  EXPECT_EQ(p.EarliestFitBefore(0, 30, 4, 20), 20);
  EXPECT_EQ(p.EarliestFitBefore(0, 20, 2, 20), 20);  // nothing before the limit
  EXPECT_EQ(p.FirstInstantWith(0, 1), 10);
  EXPECT_EQ(p.FirstInstantWith(12, 1), 12);
  EXPECT_EQ(p.FirstInstantWith(0, 3), 20);
  EXPECT_EQ(p.FirstInstantWith(0, 5), Profile::kUnbounded);
  p.Add(30, 50, 2);  // given back: the untruncated search agrees
  EXPECT_EQ(p.EarliestFit(0, 30, 2, 20), 20);
}

// Random operations as the simulator makes them (each reservation given back exactly once),
// both profiles compared after every operation on every query point.
TEST(Profile, AgreesWithTheLinearReferenceOnRandomOperations) {
  std::mt19937_64 gen(182);
  auto next = [&gen](int64_t bound) { return static_cast<int64_t>(gen() % static_cast<uint64_t>(bound)); };
  struct Slot {
    int64_t from, to, procs;
  };
  int64_t fits = 0, compared = 0;
  for (int rep = 0; rep < 300; ++rep) {
    const int64_t m = 1 + next(64);
    Profile fast;
    LinearProfile ref;
    int64_t now = next(100);
    fast.Reset(now, m);
    ref.Reset(now, m);
    std::vector<Slot> held;
    for (int op = 0; op < 120; ++op) {
      const std::string what = "rep " + std::to_string(rep) + " op " + std::to_string(op);
      const int64_t kind = next(10);
      if (kind < 4) {  // reserve at the earliest fit
        const int64_t procs = 1 + next(m), duration = 1 + next(200);
        const int64_t latest = next(4) == 0 ? now + next(300) : int64_t{1} << 50;
        const int64_t at = fast.EarliestFit(now, latest, procs, duration);
        ASSERT_EQ(at, ref.EarliestFit(now, latest, procs, duration)) << what;
        fits += at < latest;
        if (at < latest) {
          fast.Add(at, at + duration, -procs);
          ref.Add(at, at + duration, -procs);
          held.push_back({at, at + duration, procs});
        }
      } else if (kind < 7 && !held.empty()) {  // give back (all or the rest of) a slot
        const size_t k = static_cast<size_t>(next(static_cast<int64_t>(held.size())));
        const Slot s = held[k];
        const int64_t from = next(2) ? s.from : s.from + next(s.to - s.from);
        fast.Add(from, s.to, s.procs);
        ref.Add(from, s.to, s.procs);
        if (from > s.from) {  // the early part stays (an early completion): drop it later
          held[k].to = from;
        } else {
          held.erase(held.begin() + static_cast<std::ptrdiff_t>(k));
        }
      } else if (kind < 8) {
        now += next(50);
        fast.AdvanceTo(now);
        ref.AdvanceTo(now);
      } else if (kind < 9 && !held.empty()) {  // compression's question about a held slot
        const Slot& s = held[static_cast<size_t>(next(static_cast<int64_t>(held.size())))];
        const int64_t procs = 1 + next(m), duration = s.to - s.from;
        if (s.from <= now || !ref.AtLeast(s.from, s.to, 0)) continue;
        ASSERT_TRUE(fast.AtLeast(s.from, s.to, 0)) << what;
        const int64_t before = fast.EarliestFitBefore(now, s.from, s.procs, duration);
        ASSERT_EQ(before, ref.EarliestFitBefore(now, s.from, s.procs, duration)) << what;
        ref.Add(s.from, s.to, s.procs);  // the reference: give the slot back and search
        ASSERT_EQ(before, ref.EarliestFit(now, s.from, s.procs, duration)) << what;
        ref.Add(s.from, s.to, -s.procs);
        ASSERT_EQ(fast.AtLeast(now, now + duration, procs), ref.AtLeast(now, now + duration, procs))
            << what;
        const int64_t first = fast.FirstInstantWith(now, procs);
        ASSERT_EQ(first == Profile::kUnbounded ? int64_t{-1} : first,
                  ref.EarliestFitBefore(now, int64_t{1} << 50, procs, 1) == int64_t{1} << 50
                      ? int64_t{-1}
                      : ref.EarliestFitBefore(now, int64_t{1} << 50, procs, 1))
            << what;
        ++compared;
      } else {
        const int64_t from = now + next(300), procs = 1 + next(m), duration = 1 + next(300);
        const int64_t latest = from + next(500);
        ASSERT_EQ(fast.EarliestFit(from, latest, procs, duration),
                  ref.EarliestFit(from, latest, procs, duration))
            << what;
      }
      ASSERT_EQ(fast.steps(), ref.steps()) << what;
      for (int64_t t = now; t < now + 400; t += 1 + next(20)) {
        ASSERT_EQ(fast.FreeAt(t), ref.FreeAt(t)) << what << " t " << t;
      }
    }
  }
  EXPECT_GT(fits, 10000);  // the queries found slots, not only `latest`
  EXPECT_GT(compared, 1000);
}

// Assign (a replan's profile handed over from the flat array) against the reference built job
// by job, then both used further; ExportSteps gives the steps back.
TEST(Profile, AssignEqualsAddingTheRunningJobs) {
  std::mt19937_64 gen(1818);
  auto next = [&gen](int64_t bound) { return static_cast<int64_t>(gen() % static_cast<uint64_t>(bound)); };
  for (int rep = 0; rep < 300; ++rep) {
    const int64_t m = 1 + next(64), now = next(1000);
    LinearProfile ref;
    ref.Reset(now, m);
    FlatProfile flat;
    flat.Reset(now, m);
    for (const auto& [end, p] : testing::RandomRunningJobs(gen, m, now)) {
      ref.Add(now, end, -p);
      flat.Add(now, end, -p);
    }
    Profile fast;
    fast.Reset(0, 1);
    fast.Add(0, 1, -1);  // something to replace
    fast.Assign(flat.Steps());
    const std::string what = "rep " + std::to_string(rep);
    ASSERT_EQ(fast.steps(), ref.steps()) << what;
    for (int q = 0; q < 30; ++q) {
      const int64_t t = now + next(250), procs = 1 + next(m), d = 1 + next(100);
      ASSERT_EQ(fast.FreeAt(t), ref.FreeAt(t)) << what;
      ASSERT_EQ(fast.EarliestFit(now, int64_t{1} << 40, procs, d),
                ref.EarliestFit(now, int64_t{1} << 40, procs, d)) << what;
      const int64_t at = fast.EarliestFit(now, int64_t{1} << 40, procs, d);
      fast.Add(at, at + d, -procs);
      ref.Add(at, at + d, -procs);
      flat.Add(at, at + d, -procs);
    }
    ASSERT_EQ(fast.steps(), ref.steps()) << what;
    std::vector<std::pair<int64_t, int64_t>> back;
    fast.ExportSteps(&back);
    ASSERT_EQ(back, flat.Steps()) << what;
  }
}

}  // namespace
}  // namespace airgrid::sched
