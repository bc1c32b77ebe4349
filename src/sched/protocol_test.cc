#include "airgrid/sched/protocol.h"

#include <gtest/gtest.h>

#include <set>

#include "sched/test_util.h"

namespace airgrid::sched {
namespace {

using testing::MakeJob;
using testing::MakeWorkload;

// Submits 0, 10, 20, 50, 100, 150, 160, 170, 300, 400 on 4 processors, 1 s jobs.
workload::Workload TenJobs() {
  std::vector<workload::Job> jobs;
  const int64_t submits[] = {0, 10, 20, 50, 100, 150, 160, 170, 300, 400};
  for (int i = 0; i < 10; ++i) jobs.push_back(MakeJob(i + 1, submits[i], 1, 1));
  return MakeWorkload(4, jobs);
}

ProtocolOptions Sc17Small() {
  ProtocolOptions o;
  o.kind = ProtocolOptions::Kind::kSc17;
  o.state_jobs = 2;
  o.window_days = 100.0 / 86400.0;  // 100 s
  o.lookahead = 32;
  return o;
}

TEST(Protocol, Sc17WindowsByHand) {
  // Window 0: state jobs 1, 2 (origin 0) + every job within 100 s of job 1: 3, 4, 5 (100 is
  // included). Window 1 starts at job 6 (origin 150): state 6, 7 + job 8 (170); job 9 (300)
  // is past 250, so window 1 is complete. Window 2 would start at job 9 with no job after
  // its state jobs: not a window.
  auto windows = MakeWindows(TenJobs(), Sc17Small());
  ASSERT_TRUE(windows.ok()) << windows.status().ToString();
  ASSERT_EQ(windows->size(), 2u);
  EXPECT_EQ((*windows)[0].first, 0);
  EXPECT_EQ((*windows)[0].count, 5);
  EXPECT_EQ((*windows)[0].origin, 0);
  EXPECT_EQ((*windows)[1].first, 5);
  EXPECT_EQ((*windows)[1].count, 3);
  EXPECT_EQ((*windows)[1].origin, 150);
  auto limited = Sc17Small();
  limited.max_windows = 1;
  EXPECT_EQ(MakeWindows(TenJobs(), limited)->size(), 1u);
}

TEST(Protocol, Sc17RecordsAndMetric) {
  auto policy = MakePolicy("fcfs");
  auto run = RunProtocol(TenJobs(), **policy, {}, Sc17Small());
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->windows, 2);
  EXPECT_EQ(run->protocol, "sc17");
  ASSERT_EQ(run->jobs.size(), 8u);
  std::set<int64_t> uncounted;
  for (const JobRecord& r : run->jobs) {
    if (!r.counted) uncounted.insert(r.id);
    EXPECT_EQ(r.window, r.id <= 5 ? 0 : 1);
    EXPECT_EQ(r.start, r.submit);  // an idle machine: no waiting
  }
  EXPECT_EQ(uncounted, (std::set<int64_t>{1, 2, 6, 7}));
  // 1 s jobs, no wait: bounded slowdown max(1, 1/10) = 1 everywhere.
  EXPECT_DOUBLE_EQ(MeanWindowBoundedSlowdown(*run), 1.0);
}

TEST(Protocol, MeanOverWindowsNotOverJobs) {
  // Window 0: one counted job with bsld 3; window 1: three counted jobs with bsld 1.
  RunResult run;
  run.windows = 2;
  JobRecord slow;
  slow.submit = 0; slow.start = 20; slow.end = 30; slow.window = 0;
  run.jobs.push_back(slow);
  JobRecord fast;
  fast.submit = 0; fast.start = 0; fast.end = 10; fast.window = 1;
  for (int i = 0; i < 3; ++i) run.jobs.push_back(fast);
  JobRecord state = slow;
  state.counted = false;
  state.start = 1000;
  run.jobs.push_back(state);  // excluded
  EXPECT_DOUBLE_EQ(MeanWindowBoundedSlowdown(run), (3.0 + 1.0) / 2);
}

TEST(Protocol, Sc17RelativeSubmitTimes) {
  // r is measured from the window's first job: F1 with r relative to 150 in window 1.
  class RPolicy : public Policy {
   public:
    std::string Name() const override { return "r"; }
    bool TimeDependent() const override { return false; }
    void Score(std::span<const JobFeatures> jobs, std::span<double> scores) override {
      for (size_t i = 0; i < jobs.size(); ++i) {
        r_of[jobs[i].job->id] = jobs[i].r;
        scores[i] = 0;
      }
    }
    std::map<int64_t, double> r_of;
  } policy;
  ASSERT_TRUE(RunProtocol(TenJobs(), policy, {}, Sc17Small()).ok());
  EXPECT_EQ(policy.r_of.at(3), 20);
  EXPECT_EQ(policy.r_of.at(5), 100);
  EXPECT_EQ(policy.r_of.at(8), 20);  // 170 - 150
  EXPECT_EQ(policy.r_of.count(1), 0u);  // state jobs are never scored
}

TEST(Protocol, Sc17TooShortIsAnInputError) {
  auto o = Sc17Small();
  o.window_days = 1000;
  auto windows = MakeWindows(TenJobs(), o);
  ASSERT_FALSE(windows.ok());
  EXPECT_EQ(windows.status().code(), Status::Code::kInvalidInput);
}

TEST(Protocol, TraceIsOneWindow) {
  auto policy = MakePolicy("spt");
  ProtocolOptions o;
  auto run = RunProtocol(TenJobs(), **policy, {}, o);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->windows, 1);
  EXPECT_EQ(run->jobs.size(), 10u);
  for (const JobRecord& r : run->jobs) {
    EXPECT_TRUE(r.counted);
    EXPECT_EQ(r.window, 0);
  }
}

TEST(Protocol, SequencesAreSeededAndInRange) {
  ProtocolOptions o;
  o.kind = ProtocolOptions::Kind::kSequences;
  o.sequences = 20;
  o.length = 3;
  o.first_jobs = 6;
  o.seed = 42;
  auto a = MakeWindows(TenJobs(), o);
  auto b = MakeWindows(TenJobs(), o);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->size(), 20u);
  std::set<int64_t> starts;
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].first, (*b)[i].first);
    EXPECT_EQ((*a)[i].count, 3);
    EXPECT_LE((*a)[i].first + 3, 6);  // inside the first 6 jobs
    EXPECT_EQ((*a)[i].origin, TenJobs().jobs[(*a)[i].first].submit);
    starts.insert((*a)[i].first);
  }
  EXPECT_GT(starts.size(), 1u);  // 20 draws among 4 starts
  o.seed = 43;
  auto c = MakeWindows(TenJobs(), o);
  bool differs = false;
  for (size_t i = 0; i < a->size(); ++i) differs |= (*a)[i].first != (*c)[i].first;
  EXPECT_TRUE(differs);

  auto policy = MakePolicy("fcfs");
  auto run = RunProtocol(TenJobs(), **policy, {}, o);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->windows, 20);
  EXPECT_EQ(run->jobs.size(), 60u);
  o.length = 7;
  EXPECT_FALSE(MakeWindows(TenJobs(), o).ok());  // longer than the first 6 jobs
}

// RLScheduler's test starts (numpy_random_test.cc): the same for the whole 10,000-job
// Lublin-1 and for the first 10,000 jobs of a longer trace (their batch_job_slice).
TEST(Protocol, RlschedulerStartsAreTheirs) {
  const std::vector<int64_t> theirs = {1981, 2756, 4299, 8850, 3316, 2714, 5228, 7762, 4022, 7085};
  ProtocolOptions o;
  o.kind = ProtocolOptions::Kind::kSequences;
  o.starts = ProtocolOptions::Starts::kRlscheduler;
  o.sequences = 10;
  o.length = 1024;
  o.seed = 1;
  for (int64_t n : {10000, 20000}) {
    std::vector<workload::Job> jobs;
    for (int64_t i = 0; i < n; ++i) jobs.push_back(MakeJob(i + 1, 10 * i, 1, 1));
    o.first_jobs = n == 10000 ? 0 : 10000;
    auto windows = MakeWindows(MakeWorkload(4, jobs), o);
    ASSERT_TRUE(windows.ok()) << windows.status().ToString();
    std::vector<int64_t> starts;
    for (const Window& w : *windows) {
      starts.push_back(w.first);
      EXPECT_EQ(w.count, 1024);
      EXPECT_EQ(w.origin, 10 * w.first);
    }
    EXPECT_EQ(starts, theirs) << n << " jobs";
  }
}

// randint(length, pool - length - 1) needs pool >= 2 x length + 2.
TEST(Protocol, RlschedulerStartsNeedRoomBeforeAndAfter) {
  ProtocolOptions o;
  o.kind = ProtocolOptions::Kind::kSequences;
  o.starts = ProtocolOptions::Starts::kRlscheduler;
  o.sequences = 3;
  o.length = 4;  // 10 jobs: randint(4, 5) = 4 every time
  auto windows = MakeWindows(TenJobs(), o);
  ASSERT_TRUE(windows.ok()) << windows.status().ToString();
  for (const Window& w : *windows) EXPECT_EQ(w.first, 4);
  o.length = 5;
  auto refused = MakeWindows(TenJobs(), o);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("at least 2 x length + 2 jobs (12)"), std::string::npos)
      << refused.status().ToString();
  EXPECT_EQ(*ParseStarts("rlscheduler"), ProtocolOptions::Starts::kRlscheduler);
  EXPECT_FALSE(ParseStarts("numpy").ok());
}

TEST(Protocol, ParseNames) {
  EXPECT_EQ(*ParseProtocol("sc17"), ProtocolOptions::Kind::kSc17);
  EXPECT_FALSE(ParseProtocol("windows").ok());
  EXPECT_EQ(ProtocolName(ProtocolOptions::Kind::kSequences), "sequences");
}

TEST(Protocol, UnfilteredWorkloadIsRejected) {
  auto w = TenJobs();
  w.jobs[3].procs = -1;
  auto policy = MakePolicy("fcfs");
  auto run = RunProtocol(w, **policy, {}, {});
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find("job 4"), std::string::npos);
}

}  // namespace
}  // namespace airgrid::sched
