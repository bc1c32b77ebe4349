// The commit decision mode (RLScheduler's loop) and machine-dependent re-scoring, on
// hand-computed schedules.
#include <gtest/gtest.h>

#include <map>

#include "airgrid/sched/policy.h"
#include "airgrid/sched/simulator.h"
#include "sched/test_util.h"

namespace airgrid::sched {
namespace {

using testing::MakeJob;

std::map<int64_t, int64_t> Starts(const SimOptions& o, Policy& policy,
                                  const std::vector<workload::Job>& jobs, int32_t procs = 4) {
  Simulator sim(o);
  SimInput in;
  in.machine_procs = procs;
  in.jobs = jobs;
  std::vector<JobRecord> records;
  DecisionCost cost;
  Status st = sim.Run(in, policy, &records, &cost);
  EXPECT_TRUE(st.ok()) << st.message();
  std::map<int64_t, int64_t> out;
  for (const auto& r : records) out[r.id] = r.start;
  return out;
}

// 4 processors. J1 (3 procs, 10 s) runs from 0; J2 (2 procs, 5 s) arrives at 1 and does not
// fit; J3 (1 proc, 1 s) arrives at 2 and fits.
std::vector<workload::Job> Blocked() {
  return {MakeJob(1, 0, 10, 3), MakeJob(2, 1, 5, 2), MakeJob(3, 2, 1, 1)};
}

TEST(DecisionCommit, RepickLetsTheShorterArrivalOvertake) {
  auto spt = MakePolicy("spt");
  SimOptions o;  // repick, no backfilling
  auto s = Starts(o, **spt, Blocked());
  EXPECT_EQ(s[3], 2);   // at 2 the queue is re-ordered: J3 (p = 1) first, and it fits
  EXPECT_EQ(s[2], 10);
}

TEST(DecisionCommit, CommitWaitsForThePickedJob) {
  auto spt = MakePolicy("spt");
  SimOptions o;
  o.decision = SimOptions::Decision::kCommit;
  auto s = Starts(o, **spt, Blocked());
  EXPECT_EQ(s[2], 10);  // committed at 1 (the only job), starts when J1 ends
  EXPECT_EQ(s[3], 10);  // picked next, at the same instant
}

TEST(DecisionCommit, CommitWithEasyBackfillsAroundTheCommittedJob) {
  auto spt = MakePolicy("spt");
  SimOptions o;
  o.decision = SimOptions::Decision::kCommit;
  o.backfill = Backfill::kEasy;
  auto s = Starts(o, **spt, Blocked());
  EXPECT_EQ(s[3], 2);   // ends at 3, before J2's reservation at 10
  EXPECT_EQ(s[2], 10);
}

TEST(DecisionCommit, CommitWithConservativeIsRefused) {
  auto fcfs = MakePolicy("fcfs");
  SimOptions o;
  o.decision = SimOptions::Decision::kCommit;
  o.backfill = Backfill::kConservative;
  Simulator sim(o);
  std::vector<workload::Job> jobs = Blocked();
  SimInput in;
  in.machine_procs = 4;
  in.jobs = jobs;
  std::vector<JobRecord> records;
  DecisionCost cost;
  Status st = sim.Run(in, **fcfs, &records, &cost);
  EXPECT_EQ(st.ExitCode(), 2);
  EXPECT_NE(st.message().find("commit"), std::string::npos);
}

TEST(DecisionCommit, ParseNames) {
  EXPECT_EQ(*ParseDecision("commit"), SimOptions::Decision::kCommit);
  EXPECT_EQ(*ParseDecision("repick"), SimOptions::Decision::kRepick);
  EXPECT_FALSE(ParseDecision("pick").ok());
  EXPECT_EQ(DecisionName(SimOptions::Decision::kCommit), "commit");
}

// "Fits first": reads the machine state, so it must be re-scored after every start.
class FitsFirst : public Policy {
 public:
  std::string Name() const override { return "fits-first"; }
  bool TimeDependent() const override { return true; }
  bool MachineDependent() const override { return true; }
  void Score(std::span<const JobFeatures> jobs, std::span<double> scores) override {
    for (size_t i = 0; i < jobs.size(); ++i) {
      EXPECT_EQ(jobs[i].machine, 4);
      scores[i] = jobs[i].q <= jobs[i].free ? 0.0 : 1.0;
    }
  }
};

TEST(DecisionCommit, MachineDependentPolicyIsRescoredAfterEachStart) {
  // All submitted at 0: J1 (3 procs) starts first (all fit, submit order); then only J3
  // (1 proc) fits: with scores from before J1's start, J2 would stay first and block it.
  std::vector<workload::Job> jobs = {MakeJob(1, 0, 10, 3), MakeJob(2, 0, 10, 2),
                                     MakeJob(3, 0, 10, 1)};
  FitsFirst policy;
  auto s = Starts(SimOptions{}, policy, jobs);
  EXPECT_EQ(s[1], 0);
  EXPECT_EQ(s[3], 0);
  EXPECT_EQ(s[2], 10);
}

// RLScheduler's backfilling ends strictly before the committed job's earliest start. 4
// processors: J1 (3 procs, 10 s) from 0; J2 (4 procs, 5 s) at 1 is committed, earliest start
// 10; J3 (1 proc, 8 s) at 2 would end exactly at 10: EASY starts it (end <= shadow),
// RLScheduler's rule does not (2 + 8 < 10 is false), so J3 follows J2 (10..15).
TEST(DecisionCommit, RlschedulerBackfillingIsStrict) {
  auto fcfs = MakePolicy("fcfs");
  const std::vector<workload::Job> jobs = {MakeJob(1, 0, 10, 3), MakeJob(2, 1, 5, 4),
                                           MakeJob(3, 2, 8, 1)};
  SimOptions o;
  o.decision = SimOptions::Decision::kCommit;
  o.backfill = Backfill::kEasy;
  EXPECT_EQ(Starts(o, **fcfs, jobs)[3], 2);
  o.commit_backfill = SimOptions::CommitBackfill::kRlscheduler;
  auto s = Starts(o, **fcfs, jobs);
  EXPECT_EQ(s[2], 10);
  EXPECT_EQ(s[3], 15);
}

// Candidates in submit order, whatever the policy: J3 (40 s) and J4 (10 s) both arrive at 2
// with one processor free and J2 committed until 100. SPT's EASY takes J4 first (2..12), then
// J3 at 12 (ends 52 <= 100); RLScheduler's takes J3 first (2..42), then J4 at 42 (52 < 100).
TEST(DecisionCommit, RlschedulerBackfillingTakesSubmitOrder) {
  auto spt = MakePolicy("spt");
  const std::vector<workload::Job> jobs = {MakeJob(1, 0, 100, 3), MakeJob(2, 1, 5, 4),
                                           MakeJob(3, 2, 40, 1), MakeJob(4, 2, 10, 1)};
  SimOptions o;
  o.decision = SimOptions::Decision::kCommit;
  o.backfill = Backfill::kEasy;
  auto easy = Starts(o, **spt, jobs);
  EXPECT_EQ(easy[4], 2);
  EXPECT_EQ(easy[3], 12);
  o.commit_backfill = SimOptions::CommitBackfill::kRlscheduler;
  auto theirs = Starts(o, **spt, jobs);
  EXPECT_EQ(theirs[3], 2);
  EXPECT_EQ(theirs[4], 42);
  EXPECT_EQ(theirs[2], 100);
}

TEST(DecisionCommit, RlschedulerBackfillingNeedsCommitAndEasy) {
  auto fcfs = MakePolicy("fcfs");
  SimOptions o;
  o.commit_backfill = SimOptions::CommitBackfill::kRlscheduler;
  o.backfill = Backfill::kEasy;  // repick decisions
  Simulator sim(o);
  SimInput in;
  in.machine_procs = 4;
  const std::vector<workload::Job> jobs = {MakeJob(1, 0, 10, 3)};
  in.jobs = jobs;
  std::vector<JobRecord> records;
  DecisionCost cost;
  EXPECT_FALSE(sim.Run(in, **fcfs, &records, &cost).ok());
  EXPECT_EQ(*ParseCommitBackfill("rlscheduler"), SimOptions::CommitBackfill::kRlscheduler);
  EXPECT_FALSE(ParseCommitBackfill("fcfs").ok());
}

}  // namespace
}  // namespace airgrid::sched
