// GreedyPlan (a replan's plan on a flat array) against hand-computed placements and against
// LinearProfile (the std::map reference) placing the same jobs with EarliestFit + Add; the
// steps it hands over must make the same treap Profile as the reference's function.
#include "sched/greedy_plan.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sched/profile.h"

namespace airgrid::sched {
namespace {

using Steps = std::vector<std::pair<int64_t, int64_t>>;

// 4 processors from 0; a running job holds 3 until 10.
TEST(GreedyPlan, HandComputedPlacements) {
  GreedyPlan plan;
  Steps busy = {{10, 3}};
  plan.Reset(0, 4, &busy);
  EXPECT_EQ(plan.Place(2, 5), 10);  // 1 free before 10: (0,1) (10,2) (15,4)
  EXPECT_EQ(plan.Place(1, 20), 0);  // 1 over [0,20): (0,0) (10,1) (15,3) (20,4)
  EXPECT_EQ(plan.Place(4, 1), 20);  // (0,0) (10,1) (15,3) (20,0) (21,4)
  EXPECT_EQ(plan.Place(3, 5), 15);  // [15,20) holds 3: (0,0) (10,1) (15,0) (20,0) (21,4)
  const Steps expected = {{0, 0}, {10, 1}, {15, 0}, {21, 4}};  // canonical: 20 merged
  EXPECT_EQ(plan.steps(), expected);
  EXPECT_EQ(plan.Place(2, 3), 21);  // after the steps() merge, placing goes on
}

// Running jobs already over (end <= now) hold nothing; ends repeat; a fresh Reset forgets the
// remembered first instants of the previous plan.
TEST(GreedyPlan, ResetStartsAFreshPlan) {
  GreedyPlan plan;
  Steps busy = {{5, 2}, {30, 1}, {30, 1}, {3, 4}};
  plan.Reset(5, 4, &busy);
  EXPECT_EQ(plan.steps(), (Steps{{5, 2}, {30, 4}}));
  EXPECT_EQ(plan.Place(4, 10), 30);
  busy = {};
  plan.Reset(100, 4, &busy);
  EXPECT_EQ(plan.Place(4, 10), 100);  // not 30's remembered instant
}

TEST(GreedyPlan, SamePlacementsAndStepsAsTheReference) {
  std::mt19937_64 gen(2026);
  auto next = [&gen](int64_t bound) {
    return static_cast<int64_t>(gen() % static_cast<uint64_t>(bound));
  };
  GreedyPlan plan;  // reused: plans must not leak into each other
  int64_t later = 0;
  for (int rep = 0; rep < 400; ++rep) {
    const int64_t m = 1 + next(64), now = next(1000);
    Steps busy;
    LinearProfile ref;
    ref.Reset(now, m);
    int64_t used = 0;
    for (int k = static_cast<int>(next(40)); k > 0 && used < m; --k) {
      const int64_t p = 1 + next(m - used), end = now - 5 + next(200);  // some already over
      used += p;
      busy.emplace_back(end, p);
      ref.Add(now, end, -p);
    }
    plan.Reset(now, m, &busy);
    const std::string what = "rep " + std::to_string(rep);
    for (int job = static_cast<int>(next(60)); job > 0; --job) {
      const int64_t procs = 1 + next(m), d = 1 + next(next(2) ? 10 : 150);
      const int64_t expected = ref.EarliestFit(now, int64_t{1} << 40, procs, d);
      ASSERT_EQ(plan.Place(procs, d), expected) << what;
      ref.Add(expected, expected + d, -procs);
      later += expected > now;
    }
    const Steps& steps = plan.steps();
    ASSERT_EQ(steps.size(), ref.steps()) << what;
    ASSERT_EQ(steps.front().first, now) << what;
    for (size_t k = 0; k < steps.size(); ++k) {
      ASSERT_EQ(steps[k].second, ref.FreeAt(steps[k].first)) << what;
      if (k > 0) {
        ASSERT_NE(steps[k].second, steps[k - 1].second) << what;  // canonical
      }
    }
    // The treap made from these steps answers as the reference.
    Profile fast;
    fast.Reset(0, 1);
    fast.Assign(steps);
    ASSERT_EQ(fast.steps(), ref.steps()) << what;
    for (int q = 0; q < 20; ++q) {
      const int64_t t = now + next(400), procs = 1 + next(m), d = 1 + next(100);
      ASSERT_EQ(fast.FreeAt(t), ref.FreeAt(t)) << what;
      const int64_t at = fast.EarliestFit(now, int64_t{1} << 40, procs, d);
      ASSERT_EQ(at, ref.EarliestFit(now, int64_t{1} << 40, procs, d)) << what;
      fast.Add(at, at + d, -procs);
      ref.Add(at, at + d, -procs);
    }
    ASSERT_EQ(fast.steps(), ref.steps()) << what;
  }
  EXPECT_GT(later, 3000);  // most jobs had to wait: the searches were exercised
}

}  // namespace
}  // namespace airgrid::sched
