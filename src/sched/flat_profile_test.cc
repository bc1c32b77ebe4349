// FlatProfile (the profile as a flat array, with Place for replans) against hand-computed
// placements and against the other two implementations on random sequences of the
// simulator's operations: LinearProfile (the std::map reference) for every answer, the treap
// Profile for FirstInstantWith and for the steps handed back and forth (Assign, ExportSteps).
#include "sched/flat_profile.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sched/profile.h"
#include "sched/test_util.h"

namespace airgrid::sched {
namespace {

using Steps = std::vector<std::pair<int64_t, int64_t>>;
constexpr int64_t kFar = int64_t{1} << 40;

// `procs` processors from `now`, each (end, p) of `busy` holding p until its end: the running
// jobs' occupancy a replan starts from, made as the simulator makes it (one Add per job).
FlatProfile Running(int64_t now, int64_t procs, const Steps& busy) {
  FlatProfile running;
  running.Reset(now, procs);
  for (const auto& [end, p] : busy) running.Add(now, end, -p);
  FlatProfile plan;
  plan.Reset(now, procs);
  plan.AssignSteps(running);
  return plan;
}

// 4 processors from 0; a running job holds 3 until 10.
TEST(FlatProfile, HandComputedPlacements) {
  FlatProfile plan = Running(0, 4, {{10, 3}});
  EXPECT_EQ(plan.Place(2, 5), 10);  // 1 free before 10: (0,1) (10,2) (15,4)
  EXPECT_EQ(plan.Place(1, 20), 0);  // 1 over [0,20): (0,0) (10,1) (15,3) (20,4)
  EXPECT_EQ(plan.Place(4, 1), 20);  // (0,0) (10,1) (15,3) (20,0) (21,4)
  EXPECT_EQ(plan.Place(3, 5), 15);  // [15,20) holds 3; 20 merges into 15's step
  EXPECT_EQ(plan.Steps(), (Steps{{0, 0}, {10, 1}, {15, 0}, {21, 4}}));
  EXPECT_EQ(plan.Place(2, 3), 21);
  // Other operations: giving [15,21) x 3 back, then the clock moving to 12.
  plan.Add(15, 21, 3);
  EXPECT_EQ(plan.Steps(), (Steps{{0, 0}, {10, 1}, {15, 3}, {21, 2}, {24, 4}}));
  plan.AdvanceTo(12);
  EXPECT_EQ(plan.Steps(), (Steps{{12, 1}, {15, 3}, {21, 2}, {24, 4}}));
  EXPECT_EQ(plan.EarliestFit(12, kFar, 2, 4), 15);
  EXPECT_EQ(plan.EarliestFit(12, kFar, 3, 7), 24);      // from 15 the window meets 21's 2
  EXPECT_EQ(plan.EarliestFit(12, 20, 3, 7), 20);        // none before `latest`
  EXPECT_EQ(plan.EarliestFitBefore(12, 21, 3, 7), 15);  // the window cut at 21 fits from 15
  EXPECT_EQ(plan.FirstInstantWith(12, 3), 15);
  EXPECT_EQ(plan.FirstInstantWith(12, 5), FlatProfile::kUnbounded);
  EXPECT_TRUE(plan.AtLeast(15, 21, 3));
  EXPECT_FALSE(plan.AtLeast(15, 22, 3));
  EXPECT_EQ(plan.Place(4, 1), 24);  // after other changes Place searches from the start again
}

// Running jobs already over (end <= now) hold nothing; ends repeat; a new plan forgets the
// instants Place remembered in the previous one.
TEST(FlatProfile, EachPlanStartsAfresh) {
  FlatProfile plan = Running(5, 4, {{5, 2}, {30, 1}, {30, 1}, {3, 4}});
  EXPECT_EQ(plan.Steps(), (Steps{{5, 2}, {30, 4}}));
  EXPECT_EQ(plan.Place(4, 10), 30);
  FlatProfile idle;
  idle.Reset(100, 4);
  plan.AssignSteps(idle);
  EXPECT_EQ(plan.Place(4, 10), 100);  // not 30's remembered instant
}

void ExpectSameFunction(const FlatProfile& flat, const LinearProfile& ref, const std::string& what) {
  const Steps& steps = flat.Steps();
  ASSERT_EQ(steps.size(), ref.steps()) << what;
  for (size_t k = 0; k < steps.size(); ++k) {
    ASSERT_EQ(steps[k].second, ref.FreeAt(steps[k].first)) << what << " step " << k;
    if (k > 0) {
      ASSERT_NE(steps[k].second, steps[k - 1].second) << what;  // canonical
    }
  }
}

// The clock advancing step by step over a long profile: the past is dropped in bulk (once it
// is half the array), and every answer stays the reference's on the way.
TEST(FlatProfile, ForgetsThePastInBulk) {
  FlatProfile flat;
  LinearProfile ref;
  flat.Reset(0, 10);
  ref.Reset(0, 10);
  for (int64_t k = 0; k < 300; ++k) {  // 1..3 processors taken over [k, k + 2): 300 steps
    flat.Add(k, k + 2, -(1 + k % 3));
    ref.Add(k, k + 2, -(1 + k % 3));
  }
  for (int64_t now = 1; now < 310; now += 1 + now % 3) {
    flat.AdvanceTo(now);
    ref.AdvanceTo(now);
    ExpectSameFunction(flat, ref, "now " + std::to_string(now));
    ASSERT_EQ(flat.EarliestFit(now, kFar, 6, 3), ref.EarliestFit(now, kFar, 6, 3));
    flat.Add(now, now + 1, -1);
    ref.Add(now, now + 1, -1);
  }
  ExpectSameFunction(flat, ref, "end");
  EXPECT_EQ(flat.FreeAt(400), 10);
}

// Replans: the running jobs' occupancy, then Place job after job, as EarliestFit + Add on
// the reference; the steps then make the same treap and come back from it.
TEST(FlatProfile, PlacesAsTheReference) {
  std::mt19937_64 gen(2026);
  auto next = [&gen](int64_t bound) {
    return static_cast<int64_t>(gen() % static_cast<uint64_t>(bound));
  };
  FlatProfile plan;  // reused: plans must not leak into each other
  int64_t later = 0;
  for (int rep = 0; rep < 400; ++rep) {
    const int64_t m = 1 + next(64), now = next(1000);
    const Steps busy = testing::RandomRunningJobs(gen, m, now);
    LinearProfile ref;
    ref.Reset(now, m);
    for (const auto& [end, p] : busy) ref.Add(now, end, -p);
    FlatProfile running;
    running.Reset(now, m);
    for (const auto& [end, p] : busy) running.Add(now, end, -p);
    plan.AssignSteps(running);
    const std::string what = "rep " + std::to_string(rep);
    for (int job = static_cast<int>(next(60)); job > 0; --job) {
      const int64_t procs = 1 + next(m), d = 1 + next(next(2) ? 10 : 150);
      const int64_t expected = ref.EarliestFit(now, kFar, procs, d);
      ASSERT_EQ(plan.Place(procs, d), expected) << what;
      ref.Add(expected, expected + d, -procs);
      later += expected > now;
    }
    ExpectSameFunction(plan, ref, what);
    Profile treap;
    treap.Reset(0, 1);
    treap.Assign(plan.Steps());
    Steps back;
    treap.ExportSteps(&back);
    ASSERT_EQ(back, plan.Steps()) << what;
  }
  EXPECT_GT(later, 3000);  // most jobs had to wait: the searches were exercised
}

// The simulator's other operations in random order: reservations taken and given back, the
// clock advancing, queries; Place mixed in (it must forget what it remembered after them).
TEST(FlatProfile, AnswersAsTheReferenceOnRandomOperations) {
  std::mt19937_64 gen(1818);
  auto next = [&gen](int64_t bound) {
    return static_cast<int64_t>(gen() % static_cast<uint64_t>(bound));
  };
  int64_t compared = 0;
  for (int rep = 0; rep < 200; ++rep) {
    const int64_t m = 1 + next(32);
    int64_t now = next(100);
    FlatProfile flat;
    LinearProfile ref;
    Profile treap;
    flat.Reset(now, m);
    ref.Reset(now, m);
    treap.Reset(now, m);
    std::vector<std::pair<int64_t, std::pair<int64_t, int64_t>>> held;  // (procs, [from, to))
    const std::string what = "rep " + std::to_string(rep);
    for (int op = 0; op < 300; ++op) {
      const int64_t kind = next(10);
      const int64_t procs = 1 + next(m), d = 1 + next(60), t = now + next(120);
      if (kind < 3) {  // a reservation at its earliest fit (through Place half of the time)
        const int64_t at = ref.EarliestFit(now, kFar, procs, d);
        ASSERT_EQ(next(2) ? flat.Place(procs, d) : (flat.Add(at, at + d, -procs), at), at) << what;
        ref.Add(at, at + d, -procs);
        treap.Add(at, at + d, -procs);
        held.push_back({procs, {at, at + d}});
      } else if (kind < 5 && !held.empty()) {  // given back, whole or from some instant on
        const size_t k = static_cast<size_t>(next(static_cast<int64_t>(held.size())));
        const auto [p, span] = held[k];
        const int64_t from = std::max(span.first, span.first + next(span.second - span.first + 1));
        flat.Add(from, span.second, p);
        ref.Add(from, span.second, p);
        treap.Add(from, span.second, p);
        held.erase(held.begin() + static_cast<std::ptrdiff_t>(k));
      } else if (kind == 5) {  // the clock moves
        now += next(15);
        flat.AdvanceTo(now);
        ref.AdvanceTo(now);
        treap.AdvanceTo(now);
      } else {  // queries
        const int64_t from = now + next(40), limit = from + 1 + next(80);
        ASSERT_EQ(flat.EarliestFit(from, limit, procs, d), ref.EarliestFit(from, limit, procs, d))
            << what;
        ASSERT_EQ(flat.EarliestFitBefore(from, limit, procs, d),
                  ref.EarliestFitBefore(from, limit, procs, d)) << what;
        ASSERT_EQ(flat.AtLeast(from, limit, procs), ref.AtLeast(from, limit, procs)) << what;
        ASSERT_EQ(flat.FreeAt(t), ref.FreeAt(t)) << what;
        ASSERT_EQ(flat.FirstInstantWith(from, procs), treap.FirstInstantWith(from, procs)) << what;
        ++compared;
      }
      ExpectSameFunction(flat, ref, what + " op " + std::to_string(op));
    }
  }
  EXPECT_GT(compared, 20000);
}

}  // namespace
}  // namespace airgrid::sched
