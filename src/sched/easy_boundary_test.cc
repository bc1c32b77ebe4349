// EASY backfilling at its two boundaries, computed by hand: a candidate that ends exactly at the
// shadow time, and one that takes exactly the extra processors. Both may start (EASY's rule,
// Mu'alem & Feitelson 2001: a job may backfill if it ends by the shadow time, or if it uses no
// more than the processors left over at the shadow time); one second or one processor more may
// not.
#include <gtest/gtest.h>

#include <map>

#include "airgrid/sched/simulator.h"
#include "sched/test_util.h"

namespace airgrid::sched {
namespace {

using testing::MakeJob;
using workload::Job;

std::map<int64_t, int64_t> Starts(int32_t procs, const std::vector<Job>& jobs) {
  auto policy = MakePolicy("fcfs");
  EXPECT_TRUE(policy.ok());
  SimOptions opt;
  opt.backfill = Backfill::kEasy;
  Simulator sim(opt);
  SimInput in;
  in.machine_procs = procs;
  in.jobs = jobs;
  std::vector<JobRecord> records;
  DecisionCost cost;
  EXPECT_TRUE(sim.Run(in, **policy, &records, &cost).ok());
  std::map<int64_t, int64_t> start;
  for (const JobRecord& r : records) start[r.id] = r.start;
  return start;
}

// M = 4. Job 1 (3 procs) runs 0..10. Head job 2 (4 procs, 5 s) arrives at 1: shadow time 10,
// 4 processors free then, extra 4 - 4 = 0. Job 3 (1 proc) arrives at 2 with `estimate` s.
std::vector<Job> ShadowCase(int64_t estimate) {
  return {MakeJob(1, 0, 10, 3), MakeJob(2, 1, 5, 4), MakeJob(3, 2, estimate, 1)};
}

TEST(EasyBoundary, AJobEndingExactlyAtTheShadowTimeBackfills) {
  auto s = Starts(4, ShadowCase(8));  // 2 + 8 = 10 = shadow
  EXPECT_EQ(s[3], 2);
  EXPECT_EQ(s[2], 10);  // the head is not delayed
}

TEST(EasyBoundary, OneSecondPastTheShadowTimeWaits) {
  auto s = Starts(4, ShadowCase(9));  // 2 + 9 = 11 > 10, extra 0
  EXPECT_EQ(s[2], 10);
  EXPECT_EQ(s[3], 15);  // after the head (10..15)
}

// M = 8. Job 1 (4 procs) runs 0..10. Head job 2 (6 procs, 5 s) arrives at 1: 4 free now, shadow
// 10, 8 free then, extra 8 - 6 = 2. Job 3 (`procs`, 100 s: past the shadow) arrives at 2.
std::vector<Job> ExtraCase(int32_t procs) {
  return {MakeJob(1, 0, 10, 4), MakeJob(2, 1, 5, 6), MakeJob(3, 2, 100, procs)};
}

TEST(EasyBoundary, AJobTakingExactlyTheExtraProcessorsBackfills) {
  auto s = Starts(8, ExtraCase(2));
  EXPECT_EQ(s[3], 2);
  EXPECT_EQ(s[2], 10);  // 8 - 2 = 6 processors at 10: the head starts on time
}

TEST(EasyBoundary, OneProcessorMoreThanTheExtraWaits) {
  auto s = Starts(8, ExtraCase(3));  // 3 free processors now, but 3 > extra 2
  EXPECT_EQ(s[2], 10);
  EXPECT_EQ(s[3], 15);  // 8 - 6 = 2 free while the head runs (10..15)
}

}  // namespace
}  // namespace airgrid::sched
