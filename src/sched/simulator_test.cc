// Hand-computed scenarios for the simulator: every policy's order, each backfilling variant
// (head blocked; extra processors; a job overrunning its estimate), state jobs, look-ahead.
#include "airgrid/sched/simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "airgrid/base/splitmix64.h"
#include "sched/test_util.h"

namespace airgrid::sched {
namespace {

using testing::MakeJob;
using workload::Job;

struct Outcome {
  std::map<int64_t, JobRecord> by_id;
  DecisionCost cost;
  int64_t Start(int64_t id) const { return by_id.at(id).start; }
};

Outcome Simulate(int32_t procs, const std::vector<Job>& jobs, const std::string& policy_name,
                 SimOptions opt = {}, int state_jobs = 0, SimObserver* observer = nullptr) {
  auto policy = MakePolicy(policy_name);
  EXPECT_TRUE(policy.ok());
  Simulator sim(opt);
  sim.set_observer(observer);
  SimInput in;
  in.machine_procs = procs;
  in.jobs = jobs;
  in.state_jobs = state_jobs;
  std::vector<JobRecord> records;
  Outcome out;
  Status st = sim.Run(in, **policy, &records, &out.cost);
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(records.size(), jobs.size());
  for (const JobRecord& r : records) out.by_id[r.id] = r;
  return out;
}

// M = 4. Job 1 holds the whole machine until t = 100; jobs 2..4 wait:
//   id 2: submit 10, p = 50, q = 1;  id 3: submit 20, p = 10, q = 4;  id 4: submit 30, p = 20, q = 2.
std::vector<Job> PolicyScenario() {
  return {MakeJob(1, 0, 100, 4), MakeJob(2, 10, 50, 1), MakeJob(3, 20, 10, 4),
          MakeJob(4, 30, 20, 2)};
}

TEST(SimulatorPolicies, Fcfs) {
  // 2 starts at 100; 3 (4 procs) waits for it (no backfilling): 150; then 4 at 160.
  Outcome o = Simulate(4, PolicyScenario(), "fcfs");
  EXPECT_EQ(o.Start(2), 100);
  EXPECT_EQ(o.Start(3), 150);
  EXPECT_EQ(o.Start(4), 160);
}

TEST(SimulatorPolicies, Spt) {
  // p: 3 (10) < 4 (20) < 2 (50): 3 at 100..110, then 4 and 2 together at 110.
  Outcome o = Simulate(4, PolicyScenario(), "spt");
  EXPECT_EQ(o.Start(3), 100);
  EXPECT_EQ(o.Start(4), 110);
  EXPECT_EQ(o.Start(2), 110);
}

TEST(SimulatorPolicies, SafTiesBySubmitOrder) {
  // p*q: 2 -> 50, 3 -> 40, 4 -> 40: 3 and 4 tie, 3 was submitted first.
  Outcome o = Simulate(4, PolicyScenario(), "saf");
  EXPECT_EQ(o.Start(3), 100);
  EXPECT_EQ(o.Start(4), 110);
  EXPECT_EQ(o.Start(2), 110);
}

// M = 1. Job 1 holds the machine until t = 100; 2 (p = 5), 3 (p = 5), 4 (p = 1) arrive at 1, 2, 3.
std::vector<Job> SptTieScenario() {
  return {MakeJob(1, 0, 100, 1), MakeJob(2, 1, 5, 1), MakeJob(3, 2, 5, 1), MakeJob(4, 3, 1, 1)};
}

TEST(SimulatorPolicies, SptTiesBySubmitOrder) {
  // 4 first; 2 and 3 tie on p = 5, 2 was submitted first.
  Outcome o = Simulate(1, SptTieScenario(), "spt");
  EXPECT_EQ(o.Start(4), 100);
  EXPECT_EQ(o.Start(2), 101);
  EXPECT_EQ(o.Start(3), 106);
}

TEST(SimulatorPolicies, SptWithTheSc17ArtifactsExchangeSort) {
  // The artifact re-sorts the array at every decision with "for i, for j: swap if a[i] < a[j]".
  // t = 2: [2, 3] (5 < 5 never swaps). t = 3: [2, 3, 4]; only i = 2, j = 0 swaps (1 < 5):
  // [4, 3, 2]. t = 100: sorting [4, 3, 2] swaps (0,1) then (1,0) back: still [4, 3, 2].
  // So 4 at 100, then 3 (not 2) at 101, 2 at 106.
  SimOptions opt;
  opt.tie_break = SimOptions::TieBreak::kSc17Artifact;
  Outcome o = Simulate(1, SptTieScenario(), "spt", opt);
  EXPECT_EQ(o.Start(4), 100);
  EXPECT_EQ(o.Start(3), 101);
  EXPECT_EQ(o.Start(2), 106);
}

TEST(SimulatorPolicies, TieBreakNames) {
  EXPECT_EQ(*ParseTieBreak("submit"), SimOptions::TieBreak::kSubmitOrder);
  EXPECT_EQ(*ParseTieBreak("sc17"), SimOptions::TieBreak::kSc17Artifact);
  EXPECT_EQ(TieBreakName(SimOptions::TieBreak::kSc17Artifact), "sc17");
  EXPECT_EQ(*ParseTieBreak("sc17-simgrid3.32"), SimOptions::TieBreak::kSc17ArtifactSimGrid332);
  EXPECT_EQ(TieBreakName(SimOptions::TieBreak::kSc17ArtifactSimGrid332), "sc17-simgrid3.32");
  Result<SimOptions::TieBreak> bad = ParseTieBreak("random");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("expected submit, sc17 or sc17-simgrid3.32"),
            std::string::npos);
}

TEST(SimulatorPolicies, Wfp3) {
  // At t = 100, (age/p)^3 q: 2 -> 1.8^3 = 5.832; 3 -> 8^3 * 4 = 2048; 4 -> 3.5^3 * 2 = 85.75.
  Outcome o = Simulate(4, PolicyScenario(), "wfp3");
  EXPECT_EQ(o.Start(3), 100);
  EXPECT_EQ(o.Start(4), 110);
  EXPECT_EQ(o.Start(2), 110);
}

TEST(SimulatorPolicies, Unicef) {
  // Serial job 2 scores +inf and starts at 100; then 3 (80/(2*10) = 4) beats 4 (70/(1*20)):
  // 3 waits for 2's processor until 150, and 4 waits behind it until 160.
  Outcome o = Simulate(4, PolicyScenario(), "unicef");
  EXPECT_EQ(o.Start(2), 100);
  EXPECT_EQ(o.Start(3), 150);
  EXPECT_EQ(o.Start(4), 160);
}

TEST(SimulatorPolicies, F1ToF4FollowSubmitTimeHere) {
  // r = 10, 20, 30: 870.96 log10(r) differs by >= 153 between jobs while log10(p) q <= 4, so
  // F1 orders by submit time; the same holds for F2..F4 (their r terms dominate too).
  for (const char* name : {"f1", "f2", "f3", "f4"}) {
    Outcome o = Simulate(4, PolicyScenario(), name);
    EXPECT_EQ(o.Start(2), 100) << name;
    EXPECT_EQ(o.Start(3), 150) << name;
    EXPECT_EQ(o.Start(4), 160) << name;
  }
}

TEST(SimulatorPolicies, F3PrefersSmallAreaAtEqualSubmit) {
  // Same submit (same r): F3 = p q + const: 3 (40) before 2 (50) ... 4 (40 but submitted with
  // 3 and listed after it) -> 3, 4, then 2.
  std::vector<Job> jobs = {MakeJob(1, 0, 100, 4), MakeJob(2, 10, 50, 1), MakeJob(3, 10, 10, 4),
                           MakeJob(4, 10, 20, 2)};
  Outcome o = Simulate(4, jobs, "f3");
  EXPECT_EQ(o.Start(3), 100);
  EXPECT_EQ(o.Start(4), 110);
  EXPECT_EQ(o.Start(2), 110);
}

TEST(SimulatorPolicies, EstimatesChooseP) {
  // Job 2 is really short (5 s) but asked for 500 s; job 3 ran 50 s and asked for 60 s.
  std::vector<Job> jobs = {MakeJob(1, 0, 100, 1), MakeJob(2, 1, 5, 1, 500),
                           MakeJob(3, 2, 50, 1, 60)};
  SimOptions actual;
  EXPECT_EQ(Simulate(1, jobs, "spt", actual).Start(2), 100);
  SimOptions requested;
  requested.estimates = Estimates::kRequested;
  Outcome o = Simulate(1, jobs, "spt", requested);
  EXPECT_EQ(o.Start(3), 100);
  EXPECT_EQ(o.Start(2), 150);
}

// M = 4: job 1 (3 procs, 0..10) blocks head job 2 (4 procs); job 3 (1 proc, 3 s) could fit.
std::vector<Job> HeadBlocked(int64_t estimate3) {
  return {MakeJob(1, 0, 10, 3), MakeJob(2, 1, 5, 4), MakeJob(3, 2, 3, 1, estimate3)};
}

TEST(SimulatorBackfill, NoneLeavesTheHoleIdle) {
  Outcome o = Simulate(4, HeadBlocked(3), "fcfs");
  EXPECT_EQ(o.Start(2), 10);
  EXPECT_EQ(o.Start(3), 15);
}

TEST(SimulatorBackfill, EasyFillsBeforeTheShadowTime) {
  // Shadow time 10 (job 1's requested end), extra 0: job 3 ends by 2 + 3 = 5 <= 10.
  SimOptions opt;
  opt.backfill = Backfill::kEasy;
  Outcome o = Simulate(4, HeadBlocked(3), "fcfs", opt);
  EXPECT_EQ(o.Start(3), 2);
  EXPECT_EQ(o.Start(2), 10);
}

TEST(SimulatorBackfill, EasyRefusesAJobThatWouldDelayTheHead) {
  // Job 3 asks for 20 s: 2 + 20 > 10 and there are no extra processors.
  SimOptions opt;
  opt.backfill = Backfill::kEasy;
  Outcome o = Simulate(4, HeadBlocked(20), "fcfs", opt);
  EXPECT_EQ(o.Start(2), 10);
  EXPECT_EQ(o.Start(3), 15);
}

TEST(SimulatorBackfill, EasyExtraProcessors) {
  // M = 6: job 1 (4 procs, until 10) blocks job 2 (4 procs). Shadow 10: 2 free + 4 = 6,
  // extra 2. Job 3 (1 proc, 100 s) runs past the shadow but fits in the extra processors:
  // starts at 2. Then extra = 1: job 4 (2 procs) may not start (and free is 1 anyway).
  std::vector<Job> jobs = {MakeJob(1, 0, 10, 4), MakeJob(2, 1, 5, 4), MakeJob(3, 2, 100, 1),
                           MakeJob(4, 3, 100, 2)};
  SimOptions opt;
  opt.backfill = Backfill::kEasy;
  Outcome o = Simulate(6, jobs, "fcfs", opt);
  EXPECT_EQ(o.Start(3), 2);
  EXPECT_EQ(o.Start(2), 10);   // never later than its reservation
  EXPECT_EQ(o.Start(4), 15);   // after job 2 ends: 6 - 1 (job 3) = 5 free
}

TEST(SimulatorBackfill, EasyJobOverrunningItsEstimate) {
  // Job 1 asked for 10 s but runs 20. At t = 2 the shadow is 10: job 3 (5 s) backfills.
  // At t = 12 job 4 arrives: job 1 is past its estimate (remaining -2), shadow = 10 < now,
  // extra 0: job 4 may not start. Head 2 starts when job 1 really ends, at 20.
  std::vector<Job> jobs = {MakeJob(1, 0, 20, 3, 10), MakeJob(2, 1, 5, 4), MakeJob(3, 2, 5, 1),
                           MakeJob(4, 12, 5, 1)};
  SimOptions opt;
  opt.backfill = Backfill::kEasy;
  Outcome o = Simulate(4, jobs, "fcfs", opt);
  EXPECT_EQ(o.Start(3), 2);
  EXPECT_EQ(o.Start(2), 20);
  EXPECT_EQ(o.Start(4), 25);
  EXPECT_EQ(o.by_id.at(1).end, 20);
  EXPECT_FALSE(o.by_id.at(1).killed);

  // Killed at its requested time instead, job 1 ends at 10 and the head starts there.
  opt.kill_at_estimate = true;
  Outcome k = Simulate(4, jobs, "fcfs", opt);
  EXPECT_EQ(k.by_id.at(1).end, 10);
  EXPECT_TRUE(k.by_id.at(1).killed);
  EXPECT_EQ(k.Start(2), 10);
  EXPECT_EQ(k.Start(4), 15);
}

// M = 4: job 1 (2 procs, until 10); head 2 (3 procs) reserved at 10..20; job 3 (4 procs)
// next; job 4 (1 proc, 100 s) arrives at 3.
std::vector<Job> EasyVersusConservative() {
  return {MakeJob(1, 0, 10, 2), MakeJob(2, 1, 10, 3), MakeJob(3, 2, 10, 4),
          MakeJob(4, 3, 100, 1)};
}

TEST(SimulatorBackfill, EasyProtectsOnlyTheHead) {
  // Shadow 10, extra 2 + 2 - 3 = 1: job 4 takes an extra processor at 3 and delays job 3
  // (which needs the whole machine) until job 4 ends at 103.
  SimOptions opt;
  opt.backfill = Backfill::kEasy;
  Outcome o = Simulate(4, EasyVersusConservative(), "fcfs", opt);
  EXPECT_EQ(o.Start(4), 3);
  EXPECT_EQ(o.Start(2), 10);
  EXPECT_EQ(o.Start(3), 103);
}

TEST(SimulatorBackfill, ConservativeProtectsEveryReservation) {
  // Reservations: 2 at 10..20, 3 at 20..30; job 4 (1 proc x 100 s) would collide with 3, so
  // its earliest slot is 30.
  SimOptions opt;
  opt.backfill = Backfill::kConservative;
  Outcome o = Simulate(4, EasyVersusConservative(), "fcfs", opt);
  EXPECT_EQ(o.Start(2), 10);
  EXPECT_EQ(o.Start(3), 20);
  EXPECT_EQ(o.Start(4), 30);
}

TEST(SimulatorBackfill, ConservativeFillsHolesThatFit) {
  SimOptions opt;
  opt.backfill = Backfill::kConservative;
  Outcome o = Simulate(4, HeadBlocked(3), "fcfs", opt);
  EXPECT_EQ(o.Start(3), 2);
  EXPECT_EQ(o.Start(2), 10);
}

class FirstReservations : public SimObserver {
 public:
  void OnReservation(int64_t job_id, int64_t reserved_start, int64_t now) override {
    first.emplace(job_id, std::max(reserved_start, now));
  }
  std::map<int64_t, int64_t> first;
};

// Issue 15's minimal case (M = 2; id submit run procs requested). Job 1 ends at 10, 90 s
// early. Before compression the plan was: job 3 at 100 (2 procs), job 4 at 50 (in the hole
// job 2 leaves). Compression in queue order, first pass: job 3 moves to 95 (the first instant
// with 2 free processors for 20 s while job 4 still holds 50..95), then job 4 to 10 (1 free
// processor from 10, 2 from 50). Second pass: job 3 moves to 55, the end of job 4's new slot.
// Third pass: nothing moves. Rebuilding the plan in priority order at every event instead
// started job 4 at 70, after its reservation.
TEST(SimulatorBackfill, ConservativeNeverMovesAReservationLater) {
  SimOptions opt;
  opt.backfill = Backfill::kConservative;
  FirstReservations observer;
  Outcome o = Simulate(2,
                       {MakeJob(1, 0, 10, 1, 100), MakeJob(2, 0, 50, 1, 50),
                        MakeJob(3, 1, 20, 2, 20), MakeJob(4, 2, 45, 1, 45)},
                       "fcfs", opt, 0, &observer);
  EXPECT_EQ(observer.first.at(3), 100);
  EXPECT_EQ(observer.first.at(4), 50);
  EXPECT_EQ(o.Start(1), 0);
  EXPECT_EQ(o.Start(2), 0);
  EXPECT_EQ(o.Start(4), 10);
  EXPECT_EQ(o.Start(3), 55);
}

// Property (Mu'alem & Feitelson 2001): with runtimes <= requested times, no job ever starts
// after the first reservation it was given, and the machine is never over-subscribed; over
// 1,500 random small traces with early completions, several policies, look-aheads, state jobs
// and both timing semantics.
TEST(SimulatorBackfill, ConservativeKeepsEveryFirstReservationOnRandomTraces) {
  uint64_t state = 15;
  auto next = [&state](int64_t bound) {  // modulo of splitmix64: uniform enough for a test
    return static_cast<int64_t>(SplitMix64(state) % static_cast<uint64_t>(bound));
  };
  const char* policies[] = {"fcfs", "spt", "wfp3", "f1"};
  int early = 0;
  for (int trace = 0; trace < 1500; ++trace) {
    const int32_t m = static_cast<int32_t>(2 + next(7));
    const int n = static_cast<int>(4 + next(20));
    std::vector<Job> jobs;
    int64_t submit = 0;
    for (int i = 0; i < n; ++i) {
      submit += next(4) == 0 ? 0 : next(30);
      const int64_t estimate = 1 + next(100);
      const int64_t runtime = next(3) == 0 ? estimate : next(estimate + 1);  // often early
      early += runtime < estimate;
      jobs.push_back(MakeJob(i + 1, submit, runtime, static_cast<int32_t>(1 + next(m)),
                             estimate));
    }
    SimOptions opt;
    opt.backfill = Backfill::kConservative;
    opt.estimates = next(2) ? Estimates::kActual : Estimates::kRequested;
    opt.lookahead = static_cast<int>(next(3) * 3);  // 0 (all), 3 or 6
    opt.timing = next(2) ? SimOptions::Timing::kExact : SimOptions::Timing::kSc17Artifact;
    const std::string policy = policies[next(4)];
    const int state_jobs = static_cast<int>(next(3));
    FirstReservations observer;
    Outcome o = Simulate(m, jobs, policy, opt, state_jobs, &observer);
    const std::string what = "trace " + std::to_string(trace) + " " + policy;
    std::vector<std::pair<int64_t, int32_t>> events;
    for (const auto& [id, r] : o.by_id) {
      auto it = observer.first.find(id);
      if (it != observer.first.end()) {
        ASSERT_LE(r.start, it->second) << what << ": job " << id << " started after its "
                                       << "first reservation";
      }
      events.push_back({r.start, r.procs});
      events.push_back({r.end, -r.procs});
    }
    std::sort(events.begin(), events.end());  // ends before starts at one instant
    int64_t busy = 0;
    for (const auto& [t, d] : events) {
      busy += d;
      ASSERT_LE(busy, m) << what << ": over-subscribed at " << t;
    }
  }
  EXPECT_GT(early, 10000);  // the traces do exercise early completions
}

TEST(Simulator, StateJobsRunFirstInSubmitOrder) {
  // M = 3. State jobs 1 (2 procs, 0..10) and 2 (2 procs, 5 s) then job 3 (1 proc, 1 s).
  // With EASY job 3 could start at 2, but no job starts before every state job has started.
  std::vector<Job> jobs = {MakeJob(1, 0, 10, 2), MakeJob(2, 1, 5, 2), MakeJob(3, 2, 1, 1)};
  SimOptions opt;
  opt.backfill = Backfill::kEasy;
  EXPECT_EQ(Simulate(3, jobs, "fcfs", opt, /*state_jobs=*/0).Start(3), 2);
  Outcome o = Simulate(3, jobs, "spt", opt, /*state_jobs=*/2);
  EXPECT_EQ(o.Start(2), 10);
  EXPECT_EQ(o.Start(3), 10);
  EXPECT_FALSE(o.by_id.at(1).counted);
  EXPECT_FALSE(o.by_id.at(2).counted);
  EXPECT_TRUE(o.by_id.at(3).counted);
}

// Records what the policy is shown.
class SpyPolicy : public Policy {
 public:
  std::string Name() const override { return "spy"; }
  bool TimeDependent() const override { return true; }
  void Score(std::span<const JobFeatures> jobs, std::span<double> scores) override {
    max_seen = std::max(max_seen, jobs.size());
    for (size_t i = 0; i < jobs.size(); ++i) {
      seen_ids.push_back(jobs[i].job->id);
      seen_r.push_back(jobs[i].r);
      scores[i] = -jobs[i].age;  // oldest first
    }
  }
  size_t max_seen = 0;
  std::vector<int64_t> seen_ids;
  std::vector<double> seen_r;
};

TEST(Simulator, LookAheadShowsOnlyTheFirstArrivedJobs) {
  // M = 1, job 1 runs 0..100, jobs 2..11 arrive meanwhile; look-ahead 3.
  std::vector<Job> jobs = {MakeJob(1, 0, 100, 1)};
  for (int i = 2; i <= 11; ++i) jobs.push_back(MakeJob(i, i, 1, 1));
  SimOptions opt;
  opt.lookahead = 3;
  SpyPolicy spy;
  Simulator sim(opt);
  SimInput in;
  in.machine_procs = 1;
  in.jobs = jobs;
  in.origin = 1;
  std::vector<JobRecord> records;
  DecisionCost cost;
  ASSERT_TRUE(sim.Run(in, spy, &records, &cost).ok());
  EXPECT_EQ(spy.max_seen, 3u);
  // Until t = 100 only jobs 2, 3, 4 are ever shown.
  for (size_t i = 0; i < spy.seen_ids.size() && spy.seen_ids[i] != 5; ++i) {
    EXPECT_LE(spy.seen_ids[i], 4);
  }
  // r = submit - origin (job i is submitted at i; job 1 at 0, before the origin: r = 0).
  for (size_t k = 0; k < spy.seen_ids.size(); ++k) {
    const int64_t id = spy.seen_ids[k];
    EXPECT_EQ(spy.seen_r[k], id == 1 ? 0.0 : static_cast<double>(id - 1)) << id;
  }
  EXPECT_GT(cost.decisions, 0);
  EXPECT_GE(cost.jobs_scored, cost.decisions);
  EXPECT_GE(cost.policy_seconds, 0.0);
  // The sampled timer: calls 1, 17, 33... are timed; the estimate scales their time per job.
  EXPECT_EQ(cost.timed_calls, (cost.decisions + kPolicyTimerStride - 1) / kPolicyTimerStride);
  EXPECT_GE(cost.timed_jobs, cost.timed_calls);
  EXPECT_LE(cost.timed_jobs, cost.jobs_scored);
  EXPECT_DOUBLE_EQ(cost.policy_seconds, cost.timed_seconds *
                                            static_cast<double>(cost.jobs_scored) /
                                            static_cast<double>(cost.timed_jobs));
}

TEST(Simulator, StaticPoliciesAreScoredOncePerJob) {
  std::vector<Job> jobs = PolicyScenario();
  Outcome o = Simulate(4, jobs, "f1");
  EXPECT_EQ(o.cost.jobs_scored, 4);  // each job scored once, when it became visible
}

TEST(Simulator, RejectsUnfilteredJobs) {
  std::vector<Job> jobs = {MakeJob(1, 0, 10, 8)};
  auto policy = MakePolicy("fcfs");
  Simulator sim({});
  SimInput in;
  in.machine_procs = 4;
  in.jobs = jobs;
  std::vector<JobRecord> records;
  DecisionCost cost;
  Status st = sim.Run(in, **policy, &records, &cost);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("job 1"), std::string::npos);
  jobs[0].procs = -1;
  EXPECT_FALSE(sim.Run(in, **policy, &records, &cost).ok());
}

TEST(Simulator, ParseNames) {
  EXPECT_EQ(*ParseBackfill("easy"), Backfill::kEasy);
  EXPECT_EQ(*ParseBackfill("conservative"), Backfill::kConservative);
  EXPECT_FALSE(ParseBackfill("EASY!").ok());
  EXPECT_EQ(*ParseEstimates("requested"), Estimates::kRequested);
  EXPECT_FALSE(ParseEstimates("guess").ok());
  EXPECT_EQ(BackfillName(Backfill::kNone), "none");
  EXPECT_EQ(EstimatesName(Estimates::kActual), "actual");
}

}  // namespace
}  // namespace airgrid::sched

namespace airgrid::sched {
namespace {

// The same static policy, declared time-dependent: the simulator then keeps the sorted vector
// and re-sorts it at every decision instead of using the ordered tree and the EASY index
// (simulator.cc, "Queue structures"). Scores do not use age, so the schedules must agree.
class AsTimeDependent : public Policy {
 public:
  explicit AsTimeDependent(std::unique_ptr<Policy> inner) : inner_(std::move(inner)) {}
  std::string Name() const override { return inner_->Name(); }
  bool TimeDependent() const override { return true; }
  void Score(std::span<const JobFeatures> jobs, std::span<double> scores) override {
    inner_->Score(jobs, scores);
  }

 private:
  std::unique_ptr<Policy> inner_;
};

std::vector<JobRecord> RunWith(Policy& policy, const std::vector<workload::Job>& jobs,
                               Backfill backfill, int32_t procs) {
  SimOptions opt;
  opt.backfill = backfill;
  opt.estimates = Estimates::kRequested;
  Simulator sim(opt);
  SimInput in;
  in.machine_procs = procs;
  in.jobs = jobs;
  std::vector<JobRecord> records;
  DecisionCost cost;
  EXPECT_TRUE(sim.Run(in, policy, &records, &cost).ok());
  return records;
}

TEST(Simulator, OrderedQueueAndEasyIndexGiveTheSortedVectorsSchedules) {
  std::mt19937_64 gen(1818);
  for (int rep = 0; rep < 20; ++rep) {
    const int32_t m = 8 + static_cast<int32_t>(gen() % 56);
    std::vector<workload::Job> jobs;
    int64_t submit = 0;
    for (int i = 1; i <= 400; ++i) {
      submit += static_cast<int64_t>(gen() % 40);  // overloaded: a deep queue builds up
      const int64_t runtime = 1 + static_cast<int64_t>(gen() % 900);
      const int64_t estimate = runtime + static_cast<int64_t>(gen() % 600);
      jobs.push_back(testing::MakeJob(i, submit, runtime,
                                      1 + static_cast<int32_t>(gen() % static_cast<uint64_t>(m)),
                                      estimate));
    }
    for (const char* name : {"fcfs", "spt", "f1", "saf"}) {
      // (Conservative keeps the vector in both cases: simulator.cc, ordered_mode_.)
      for (Backfill b : {Backfill::kNone, Backfill::kEasy}) {
        auto fast = MakePolicy(name);
        auto inner = MakePolicy(name);
        ASSERT_TRUE(fast.ok() && inner.ok());
        AsTimeDependent slow(std::move(inner.value()));
        const std::vector<JobRecord> a = RunWith(**fast, jobs, b, m);
        const std::vector<JobRecord> c = RunWith(slow, jobs, b, m);
        ASSERT_EQ(a.size(), c.size());
        for (size_t k = 0; k < a.size(); ++k) {
          ASSERT_EQ(a[k].id, c[k].id) << name << " " << BackfillName(b) << " rep " << rep;
          ASSERT_EQ(a[k].start, c[k].start) << name << " " << BackfillName(b) << " rep " << rep;
        }
      }
    }
  }
}

}  // namespace
}  // namespace airgrid::sched
