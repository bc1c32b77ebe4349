// EasyIndex (backfill.h) against the rule it summarises: for random sets of waiting jobs, added
// and removed in random order, AnyAllowed must say true exactly when some job passes EasyAllows
// (it is a filter in front of the simulator's scan, so a false "none" would change schedules).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "sched/backfill.h"

namespace airgrid::sched {
namespace {

struct Waiting {
  int64_t procs;
  int64_t estimate;
};

bool BruteForce(const std::vector<Waiting>& jobs, int64_t free, int64_t now, const Shadow& s) {
  for (const Waiting& j : jobs) {
    if (EasyAllows(j.procs, j.estimate, free, now, s)) return true;
  }
  return false;
}

TEST(EasyIndex, AgreesWithEasyAllowsOnRandomQueues) {
  std::mt19937_64 gen(18);
  for (int rep = 0; rep < 200; ++rep) {
    const int64_t m = 1 + static_cast<int64_t>(gen() % 300);
    EasyIndex index;
    index.Reset(m);
    std::vector<Waiting> jobs;
    for (int step = 0; step < 60; ++step) {
      if (!jobs.empty() && gen() % 3 == 0) {
        const size_t k = gen() % jobs.size();
        index.Remove(jobs[k].procs, jobs[k].estimate);
        jobs.erase(jobs.begin() + static_cast<std::ptrdiff_t>(k));
      } else {
        const Waiting w{1 + static_cast<int64_t>(gen() % static_cast<uint64_t>(m)),
                        static_cast<int64_t>(gen() % 5000)};
        index.Add(w.procs, w.estimate);
        jobs.push_back(w);
      }
      const int64_t free = static_cast<int64_t>(gen() % static_cast<uint64_t>(m + 1));
      const int64_t now = 1000;
      const Shadow s{now + static_cast<int64_t>(gen() % 6000),
                     static_cast<int64_t>(gen() % static_cast<uint64_t>(m + 1))};
      ASSERT_EQ(index.AnyAllowed(free, now, s), BruteForce(jobs, free, now, s))
          << "rep " << rep << " step " << step << " free " << free << " shadow " << s.time
          << " extra " << s.extra;
    }
  }
}

TEST(EasyIndex, HandComputedBoundaries) {
  EasyIndex index;
  index.Reset(8);
  index.Add(4, 100);  // 4 processors, 100 s
  // free 4, shadow at now + 100: ends exactly at the shadow time -> allowed.
  EXPECT_TRUE(index.AnyAllowed(4, 0, Shadow{100, 0}));
  EXPECT_FALSE(index.AnyAllowed(4, 0, Shadow{99, 0}));   // one second too long
  EXPECT_TRUE(index.AnyAllowed(4, 0, Shadow{99, 4}));    // but uses only the extra processors
  EXPECT_FALSE(index.AnyAllowed(3, 0, Shadow{1000, 8}));  // needs more than are free
  index.Remove(4, 100);
  EXPECT_FALSE(index.AnyAllowed(8, 0, Shadow{1000, 8}));  // empty
  EasyIndex off;
  off.Reset(0);
  EXPECT_TRUE(off.AnyAllowed(0, 0, Shadow{0, 0}));  // disabled: never filters
}

}  // namespace
}  // namespace airgrid::sched
