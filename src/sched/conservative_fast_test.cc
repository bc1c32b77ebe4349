// Conservative backfilling's fast path (the flat-array profile and the treap it switches to
// when the profile grows, compression that asks the profile instead of giving each slot back,
// the first-instant filter and what it remembers between moves, replans from the running jobs'
// profile) against its reference (Simulator::set_reference_conservative: the std::map profile
// and the whole-queue give-back walk of issue 15): every reservation made or moved, in order,
// and every record must be the same, on hand-made cases and on random small traces with early
// completions and overruns.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "airgrid/base/splitmix64.h"
#include "airgrid/sched/simulator.h"
#include "sched/test_util.h"

namespace airgrid::sched {
namespace {

using testing::MakeJob;
using workload::Job;

struct Log : SimObserver {
  std::vector<std::tuple<int64_t, int64_t, int64_t>> reservations;  // (job, start, now)
  void OnReservation(int64_t job, int64_t start, int64_t now) override {
    reservations.emplace_back(job, start, now);
  }
};

struct Trial {
  Log log;
  std::vector<JobRecord> records;
};

// flat_limit: the profile size past which the fast path uses the treap (0: always; small:
// back and forth between the two during a run).
// observe: log every reservation (an observer also keeps every replan whole; without one a
// replan may stop once no job left can start now: simulator.cc, MayLeaveThePlanUnfinished).
Trial Simulate(bool reference, int32_t m, const std::vector<Job>& jobs, const std::string& policy,
             const SimOptions& opt, int state_jobs, size_t flat_limit = 2048,
             bool observe = true) {
  auto p = MakePolicy(policy);
  EXPECT_TRUE(p.ok());
  Simulator sim(opt);
  sim.set_reference_conservative(reference);
  sim.set_flat_profile_limit(flat_limit);
  Trial run;
  if (observe) sim.set_observer(&run.log);
  SimInput in;
  in.machine_procs = m;
  in.jobs = jobs;
  in.state_jobs = state_jobs;
  DecisionCost cost;
  const Status st = sim.Run(in, **p, &run.records, &cost);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return run;
}

void ExpectSame(const Trial& fast, const Trial& ref, const std::string& what) {
  ASSERT_EQ(fast.log.reservations, ref.log.reservations) << what;
  ASSERT_EQ(fast.records.size(), ref.records.size()) << what;
  for (size_t i = 0; i < fast.records.size(); ++i) {
    ASSERT_EQ(fast.records[i].id, ref.records[i].id) << what << " record " << i;
    ASSERT_EQ(fast.records[i].start, ref.records[i].start) << what << " record " << i;
    ASSERT_EQ(fast.records[i].end, ref.records[i].end) << what << " record " << i;
  }
}

// M = 2 (the case of simulator_test.cc, ConservativeNeverMovesAReservationLater): job 1 ends
// at 10 instead of 100 and compression moves job 4 to 10, then job 3 to 55, by hand; the fast
// path must find the same moves without giving any slot back.
TEST(ConservativeFast, HandComputedCompression) {
  SimOptions opt;
  opt.backfill = Backfill::kConservative;
  const std::vector<Job> jobs = {MakeJob(1, 0, 10, 1, 100), MakeJob(2, 0, 50, 1, 50),
                                 MakeJob(3, 1, 20, 2, 20), MakeJob(4, 2, 45, 1, 45)};
  const Trial fast = Simulate(false, 2, jobs, "fcfs", opt, 0);
  ExpectSame(fast, Simulate(true, 2, jobs, "fcfs", opt, 0), "hand");
  ExpectSame(Simulate(false, 2, jobs, "fcfs", opt, 0, 0), fast, "hand" " on the treap");
  using R = std::tuple<int64_t, int64_t, int64_t>;
  const std::vector<R> expected = {R{1, 0, 0}, R{2, 0, 0}, R{3, 100, 1}, R{4, 50, 2},
                                   R{3, 95, 10}, R{4, 10, 10}, R{3, 55, 10}};
  EXPECT_EQ(fast.log.reservations, expected);
}

// M = 2: job 1 (1 proc, estimate 10) overruns to 30. Job 2 (2 procs, 5 s) is reserved at 10,
// job 1's requested end. No event comes at 10; at 12 (job 3 arrives: 1 proc, 4 s) job 1 is
// past its estimate: assumed to end at 13, and the plan is made again in queue order from the
// running jobs alone: job 2 at 13, job 3 at 18 (1 proc is free on [12, 13) but job 2 takes
// both from 13). At 30 job 1 ends, later than assumed: plan again, job 2 at 30, job 3 at 35.
TEST(ConservativeFast, HandComputedReplanAfterAnOverrun) {
  SimOptions opt;
  opt.backfill = Backfill::kConservative;
  const std::vector<Job> jobs = {MakeJob(1, 0, 30, 1, 10), MakeJob(2, 1, 5, 2, 5),
                                 MakeJob(3, 12, 4, 1, 4)};
  const Trial fast = Simulate(false, 2, jobs, "fcfs", opt, 0);
  ExpectSame(fast, Simulate(true, 2, jobs, "fcfs", opt, 0), "overrun");
  ExpectSame(Simulate(false, 2, jobs, "fcfs", opt, 0, 0), fast, "overrun" " on the treap");
  using R = std::tuple<int64_t, int64_t, int64_t>;
  const std::vector<R> expected = {R{1, 0, 0},   R{2, 10, 1},  R{2, 13, 12},
                                   R{3, 18, 12}, R{2, 30, 30}, R{3, 35, 30}};
  EXPECT_EQ(fast.log.reservations, expected);
  ASSERT_EQ(fast.records.size(), 3u);
  EXPECT_EQ(fast.records[1].id, 2);
  EXPECT_EQ(fast.records[1].start, 30);
  EXPECT_EQ(fast.records[2].start, 35);
}

// 1,200 random small traces: early completions (most jobs), overruns (some), equal submit
// times, state jobs, look-aheads, both timings, static and time-dependent policies; the fast
// path on the flat array, on the treap, and switching between them.
TEST(ConservativeFast, SameReservationsAsTheReferenceOnRandomTraces) {
  uint64_t state = 182;
  auto next = [&state](int64_t bound) {
    return static_cast<int64_t>(SplitMix64(state) % static_cast<uint64_t>(bound));
  };
  const char* policies[] = {"fcfs", "spt", "wfp3", "f1", "saf"};
  int early = 0, overrun = 0, moved = 0;
  for (int trace = 0; trace < 1200; ++trace) {
    const int32_t m = static_cast<int32_t>(2 + next(9));
    const int n = static_cast<int>(4 + next(24));
    std::vector<Job> jobs;
    int64_t submit = 0;
    for (int i = 0; i < n; ++i) {
      submit += next(4) == 0 ? 0 : next(30);
      const int64_t estimate = 1 + next(100);
      const int64_t kind = next(8);
      const int64_t runtime = kind == 0 ? estimate + 1 + next(50)          // overrun
                              : kind < 3 ? estimate : next(estimate + 1);  // on time or early
      early += runtime < estimate;
      overrun += runtime > estimate;
      jobs.push_back(MakeJob(i + 1, submit, runtime, static_cast<int32_t>(1 + next(m)),
                             estimate));
    }
    SimOptions opt;
    opt.backfill = Backfill::kConservative;
    opt.estimates = next(2) ? Estimates::kActual : Estimates::kRequested;
    opt.lookahead = static_cast<int>(next(3) * 3);
    opt.timing = next(3) ? SimOptions::Timing::kExact : SimOptions::Timing::kSc17Artifact;
    opt.kill_at_estimate = next(5) == 0;
    const std::string policy = policies[next(5)];
    const int state_jobs = static_cast<int>(next(3));
    const size_t flat_limit = trace % 3 == 0 ? 2048 : trace % 3 == 1 ? 0 : 12;
    const Trial fast = Simulate(false, m, jobs, policy, opt, state_jobs, flat_limit);
    const Trial ref = Simulate(true, m, jobs, policy, opt, state_jobs);
    ExpectSame(fast, ref, "trace " + std::to_string(trace) + " " + policy + " flat limit " +
                              std::to_string(flat_limit));
    moved += static_cast<int>(fast.log.reservations.size()) - n;
  }
  EXPECT_GT(early, 10000);
  EXPECT_GT(overrun, 1500);
  EXPECT_GT(moved, 3000);  // reservations moved or made again: the compression did run
}

// Without an observer, replans on the flat array may stop early and finish at the decision's
// end: the schedule must be the reference's, on traces where jobs overrun (replans) while
// others end early, arrive together or start at once (the next decision at the same instant).
TEST(ConservativeFast, SameScheduleWhenReplansStopEarly) {
  uint64_t state = 1818;
  auto next = [&state](int64_t bound) {
    return static_cast<int64_t>(SplitMix64(state) % static_cast<uint64_t>(bound));
  };
  const char* policies[] = {"fcfs", "f1", "saf", "wfp3"};
  int overrun = 0;
  for (int trace = 0; trace < 1500; ++trace) {
    const int32_t m = static_cast<int32_t>(2 + next(12));
    const int n = static_cast<int>(6 + next(40));
    std::vector<Job> jobs;
    int64_t submit = 0;
    for (int i = 0; i < n; ++i) {
      submit += next(3) == 0 ? 0 : next(20);
      const int64_t estimate = 1 + next(60);
      const int64_t kind = next(6);
      const int64_t runtime = kind == 0 ? estimate + 1 + next(80)          // overrun
                              : kind == 1 ? (next(4) == 0 ? 0 : estimate)  // instant or on time
                                          : next(estimate + 1);            // early
      overrun += runtime > estimate;
      jobs.push_back(MakeJob(i + 1, submit, runtime,
                             static_cast<int32_t>(1 + next(next(2) ? m : 2)), estimate));
    }
    SimOptions opt;
    opt.backfill = Backfill::kConservative;
    opt.estimates = Estimates::kRequested;
    opt.lookahead = next(4) == 0 ? 4 : 0;
    const std::string policy = policies[next(4)];
    const int state_jobs = next(5) == 0 ? 1 : 0;
    const Trial fast = Simulate(false, m, jobs, policy, opt, state_jobs, 2048, false);
    const Trial ref = Simulate(true, m, jobs, policy, opt, state_jobs);
    const std::string what = "trace " + std::to_string(trace) + " " + policy;
    ASSERT_EQ(fast.records.size(), ref.records.size()) << what;
    for (size_t i = 0; i < fast.records.size(); ++i) {
      ASSERT_EQ(fast.records[i].id, ref.records[i].id) << what << " record " << i;
      ASSERT_EQ(fast.records[i].start, ref.records[i].start) << what << " record " << i;
      ASSERT_EQ(fast.records[i].end, ref.records[i].end) << what << " record " << i;
    }
  }
  EXPECT_GT(overrun, 5000);
}

// One Simulator object runs many windows (the sc17 protocol, campaigns): nothing the fast
// path remembers may leak from one run into the next.
TEST(ConservativeFast, ReusedSimulatorMatchesFreshReference) {
  uint64_t state = 1815;
  auto next = [&state](int64_t bound) {
    return static_cast<int64_t>(SplitMix64(state) % static_cast<uint64_t>(bound));
  };
  SimOptions opt;
  opt.backfill = Backfill::kConservative;
  opt.estimates = Estimates::kRequested;
  Simulator reused(opt);
  for (int trace = 0; trace < 200; ++trace) {
    const int32_t m = 4;
    std::vector<Job> jobs;
    int64_t submit = 0;
    for (int i = 0; i < 12; ++i) {
      submit += next(10);
      const int64_t estimate = 1 + next(40);
      jobs.push_back(MakeJob(i + 1, submit, next(estimate + 1), static_cast<int32_t>(1 + next(m)),
                             estimate));
    }
    auto p = MakePolicy("f1");
    ASSERT_TRUE(p.ok());
    Trial again;
    reused.set_observer(&again.log);
    SimInput in;
    in.machine_procs = m;
    in.jobs = jobs;
    DecisionCost cost;
    ASSERT_TRUE(reused.Run(in, **p, &again.records, &cost).ok());
    ExpectSame(again, Simulate(true, m, jobs, "f1", opt, 0), "trace " + std::to_string(trace));
  }
}

}  // namespace
}  // namespace airgrid::sched
