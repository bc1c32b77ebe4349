// The SC'17 artifact's timing (SimOptions::Timing::kSc17Artifact) when a chain of serialised
// starts runs past a whole second. The artifact's master sends one job at a time, each send
// taking kSc17StartDelay (2.61 ms), so the 384th start of a chain lands in the next second
// (383 delays = 0.99972 s): from then on the master's `(int) MSG_get_clock()` is one more, so it
// sees that second's arrivals and scores with the later time, and the jobs it started there end
// in the second after `base + runtime`. HPC2N (240 processors) has chains of 991 starts; SDSC-SP2
// stays under 383. The scenario below was run through the artifact's own simulator (built
// against SimGrid 3.32, docs/methodology.md "Other traces, window by window"): it starts A at
// 61.007556 and B at 71.010166 with UNICEF, and B at 61.007556 then A at 451.010166 with FCFS,
// which is what these tests expect.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "airgrid/sched/simulator.h"
#include "sched/test_util.h"

namespace airgrid::sched {
namespace {

using testing::MakeJob;
using workload::Job;

constexpr int64_t kA = 422;
constexpr int64_t kB = 421;

// M = 420. 16 state jobs (1 processor, 100,000 s, submit 0) leave 404 processors; 404 jobs of
// 1 processor arrive at t = 10 and start as one chain (the k-th at 10 + k delays): the 384th and
// 385th run 50 s, the others 100,000 s. B: submit 20, 2 processors, 390 s; A: submit 59,
// 2 processors, 10 s. The machine is full from the chain until 60 + 384 delays = 61.0023 s.
std::vector<Job> ChainPastASecond() {
  std::vector<Job> jobs;
  int64_t id = 1;
  for (int i = 0; i < 16; ++i) jobs.push_back(MakeJob(id++, 0, 100000, 1));
  for (int c = 0; c < 404; ++c) {
    jobs.push_back(MakeJob(id++, 10, (c == 383 || c == 384) ? 50 : 100000, 1));
  }
  jobs.push_back(MakeJob(kB, 20, 390, 2));
  jobs.push_back(MakeJob(kA, 59, 10, 2));
  return jobs;
}

std::map<int64_t, JobRecord> RunChain(const std::string& policy_name) {
  auto policy = MakePolicy(policy_name);
  EXPECT_TRUE(policy.ok());
  SimOptions opt;
  opt.timing = SimOptions::Timing::kSc17Artifact;
  opt.lookahead = 32;
  Simulator sim(opt);
  const std::vector<Job> jobs = ChainPastASecond();
  SimInput in;
  in.machine_procs = 420;
  in.jobs = jobs;
  in.state_jobs = 16;
  std::vector<JobRecord> records;
  DecisionCost cost;
  const Status st = sim.Run(in, **policy, &records, &cost);
  EXPECT_TRUE(st.ok()) << st.ToString();
  std::map<int64_t, JobRecord> by_id;
  for (const JobRecord& r : records) by_id[r.id] = r;
  return by_id;
}

double RealStart(const JobRecord& r) { return static_cast<double>(r.start) + r.start_delay; }

// The chain's 384th start is the first past t = 11: its record says second 11.
TEST(ArtifactTiming, ChainStartsPastTheSecondAreRecordedInIt) {
  const auto r = RunChain("fcfs");
  EXPECT_EQ(r.at(16 + 383).start, 10);  // 383 delays: 10.99972
  EXPECT_EQ(r.at(16 + 384).start, 11);  // 384 delays: 11.00234
  EXPECT_NEAR(RealStart(r.at(16 + 384)), 10 + 384 * kSc17StartDelay, 1e-9);
  EXPECT_NEAR(r.at(16 + 384).start_delay, 384 * kSc17StartDelay - 1, 1e-9);
}

// UNICEF, (age + eps) / (log2(q) p), higher first. Two processors are free at the 385th chain
// job's end, 60 + 385 delays = 61.0049: the master's second is 61, where A scores
// (61 - 59) / 10 = 0.2 and B (61 - 20) / 390 = 0.105, so A starts (386 delays after 60) and
// B waits for A's end (70 + 386 delays), starting one delay later. Seeing the completion as
// part of second 60 instead (A: 0.1, B: 0.1026) starts B first and keeps A waiting 390 s.
TEST(ArtifactTiming, AWakeUpPastTheSecondScoresWithTheLaterSecond) {
  const auto r = RunChain("unicef");
  EXPECT_EQ(r.at(kA).start, 61);
  EXPECT_NEAR(RealStart(r.at(kA)), 60 + 386 * kSc17StartDelay, 1e-9);
  EXPECT_EQ(r.at(kB).start, 71);
  EXPECT_NEAR(RealStart(r.at(kB)), 70 + 387 * kSc17StartDelay, 1e-9);
  EXPECT_NEAR(BoundedSlowdown(r.at(kA)), (61 - 59 + 386 * kSc17StartDelay - 1 + 10) / 10, 1e-9);
}

// FCFS: B first at the same instant; A after B's end, 450 + 386 delays = 451.0076.
TEST(ArtifactTiming, CompletionsPastTheSecondEndInTheNextOne) {
  const auto r = RunChain("fcfs");
  EXPECT_EQ(r.at(kB).start, 61);
  EXPECT_EQ(r.at(kB).end, 61 + 390);
  EXPECT_EQ(r.at(kA).start, 451);
  EXPECT_NEAR(RealStart(r.at(kA)), 450 + 387 * kSc17StartDelay, 1e-9);
}

}  // namespace
}  // namespace airgrid::sched
