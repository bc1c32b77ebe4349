#include "airgrid/sched/run_metrics.h"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

namespace airgrid::sched {
namespace {

JobRecord Rec(int64_t id, int64_t submit, int64_t start, int64_t end, int32_t procs,
              int32_t user, int32_t window = 0, bool counted = true) {
  JobRecord r;
  r.id = id;
  r.submit = submit;
  r.start = start;
  r.end = end;
  r.procs = procs;
  r.runtime = end - start;
  r.estimate = r.runtime;
  r.user = user;
  r.window = window;
  r.counted = counted;
  return r;
}

// Four jobs on 4 processors, worked out by hand:
//   id submit start  end  procs user | wait  turnaround slowdown          bsld(tau 10)
//   1    0      0    100    2    1   |   0     100      1                 1
//   2    0    100    105    4    2   | 100     105      21                10.5
//   3   50    105   4105    1    1   |  55    4055      4055/4000         1.01375
//   4   60    105    105    1   -1   |  45      45      45 (run 0 -> 1 s) 4.5
RunResult TraceRun() {
  RunResult run;
  run.policy = "fcfs";
  run.backfill = "none";
  run.estimates = "actual";
  run.protocol = "trace";
  run.machine_procs = 4;
  run.windows = 1;
  run.jobs = {Rec(1, 0, 0, 100, 2, 1), Rec(2, 0, 100, 105, 4, 2), Rec(3, 50, 105, 4105, 1, 1),
              Rec(4, 60, 105, 105, 1, -1)};
  run.cost = {7, 20, 0.002};
  return run;
}

TEST(RunMetricsTest, PerJobFormulas) {
  const RunResult run = TraceRun();
  EXPECT_DOUBLE_EQ(Slowdown(run.jobs[0]), 1.0);
  EXPECT_DOUBLE_EQ(Slowdown(run.jobs[1]), 21.0);
  EXPECT_DOUBLE_EQ(Slowdown(run.jobs[2]), 4055.0 / 4000.0);
  EXPECT_DOUBLE_EQ(Slowdown(run.jobs[3]), 45.0);  // zero-length job: run clamped to 1 s
}

TEST(RunMetricsTest, AggregatesOfATrace) {
  const RunMetrics m = ComputeRunMetrics(TraceRun());
  EXPECT_EQ(m.jobs, 4);
  EXPECT_EQ(m.windows, 1);
  // waits 0, 45, 55, 100 (sorted): numpy linear quantiles.
  EXPECT_DOUBLE_EQ(m.wait.mean, 50.0);
  EXPECT_DOUBLE_EQ(m.wait.median, 50.0);
  EXPECT_DOUBLE_EQ(m.wait.p95, 55.0 + 0.85 * 45.0);
  EXPECT_DOUBLE_EQ(m.wait.p99, 55.0 + 0.97 * 45.0);
  EXPECT_DOUBLE_EQ(m.wait.max, 100.0);
  EXPECT_DOUBLE_EQ(m.turnaround.mean, (100.0 + 105 + 4055 + 45) / 4);
  EXPECT_DOUBLE_EQ(m.slowdown.max, 45.0);
  EXPECT_DOUBLE_EQ(m.bsld.mean, (1 + 10.5 + 1.01375 + 4.5) / 4);
  EXPECT_DOUBLE_EQ(m.bsld.max, 10.5);
  // Trace mode: avg_bsld is the mean over jobs; one window, so no spread.
  EXPECT_DOUBLE_EQ(m.avg_bsld, (1 + 10.5 + 1.01375 + 4.5) / 4);
  EXPECT_DOUBLE_EQ(m.avg_bsld_stddev, 0.0);
  EXPECT_DOUBLE_EQ(m.avg_bsld_min, m.avg_bsld);
  EXPECT_DOUBLE_EQ(m.avg_bsld_max, m.avg_bsld);
  // Makespan 4105 - 0; busy 2*100 + 4*5 + 1*4000 + 0 = 4220 processor-seconds.
  EXPECT_EQ(m.makespan, 4105);
  EXPECT_DOUBLE_EQ(m.utilization, 4220.0 / (4.0 * 4105.0));
}

TEST(RunMetricsTest, FairnessOverUsers) {
  const RunMetrics m = ComputeRunMetrics(TraceRun());
  const FairnessMetrics& f = m.fairness;
  EXPECT_EQ(f.users, 2);
  EXPECT_EQ(f.jobs_without_user, 1);
  ASSERT_EQ(f.per_user.size(), 2u);
  EXPECT_EQ(f.per_user[0].user, 1);
  EXPECT_EQ(f.per_user[0].jobs, 2);
  EXPECT_DOUBLE_EQ(f.per_user[0].mean_bsld, (1 + 1.01375) / 2);
  EXPECT_DOUBLE_EQ(f.per_user[0].mean_wait, 27.5);
  EXPECT_DOUBLE_EQ(f.per_user[1].mean_bsld, 10.5);
  ASSERT_TRUE(f.worst_user.has_value());
  EXPECT_EQ(f.worst_user->user, 2);
  EXPECT_EQ(f.worst_user->jobs, 1);
  const double a = 1 / 1.006875, b = 1 / 10.5;
  EXPECT_DOUBLE_EQ(f.jain_service, (a + b) * (a + b) / (2 * (a * a + b * b)));
  // Gini of waits {0, 100, 55, 45}: sum over ordered pairs 620 / (2 * 16 * 50).
  EXPECT_DOUBLE_EQ(f.gini_wait, 620.0 / 1600.0);
}

TEST(RunMetricsTest, WorstUserTieGoesToLowestId) {
  RunResult run = TraceRun();
  run.jobs = {Rec(1, 0, 0, 10, 1, 7), Rec(2, 0, 0, 10, 1, 3)};
  const RunMetrics m = ComputeRunMetrics(run);
  ASSERT_TRUE(m.fairness.worst_user.has_value());
  EXPECT_EQ(m.fairness.worst_user->user, 3);
  EXPECT_DOUBLE_EQ(m.fairness.jain_service, 1.0);
}

TEST(RunMetricsTest, JobClassesWithDefaultThresholds) {
  const RunMetrics m = ComputeRunMetrics(TraceRun());
  EXPECT_EQ(m.options.small_procs, 1);  // max(1, 4 / 32)
  EXPECT_EQ(m.options.short_runtime, 3600);
  ASSERT_EQ(m.classes.size(), 4u);
  EXPECT_EQ(m.classes[0].name, "small-short");  // job 4
  EXPECT_EQ(m.classes[0].jobs, 1);
  EXPECT_DOUBLE_EQ(m.classes[0].mean_bsld, 4.5);
  EXPECT_EQ(m.classes[1].name, "small-long");  // job 3 (4000 s)
  EXPECT_EQ(m.classes[1].jobs, 1);
  EXPECT_DOUBLE_EQ(m.classes[1].mean_wait, 55.0);
  EXPECT_EQ(m.classes[2].name, "large-short");  // jobs 1 and 2
  EXPECT_EQ(m.classes[2].jobs, 2);
  EXPECT_DOUBLE_EQ(m.classes[2].mean_bsld, 5.75);
  EXPECT_DOUBLE_EQ(m.classes[2].mean_wait, 50.0);
  EXPECT_EQ(m.classes[3].name, "large-long");
  EXPECT_EQ(m.classes[3].jobs, 0);
  EXPECT_TRUE(std::isnan(m.classes[3].mean_bsld));
}

TEST(RunMetricsTest, ClassThresholdsAreOptions) {
  MetricsOptions o;
  o.small_procs = 2;
  o.short_runtime = 5000;
  const RunMetrics m = ComputeRunMetrics(TraceRun(), o);
  EXPECT_EQ(m.classes[0].jobs, 3);  // jobs 1, 3, 4
  EXPECT_EQ(m.classes[2].jobs, 1);  // job 2
  EXPECT_EQ(m.classes[1].jobs + m.classes[3].jobs, 0);
  EXPECT_EQ(ResolveMetricsOptions({}, 128).small_procs, 4);
  EXPECT_EQ(ResolveMetricsOptions({}, 256).small_procs, 8);
}

TEST(RunMetricsTest, TauChangesBoundedSlowdown) {
  MetricsOptions o;
  o.tau = 1;
  const RunMetrics m = ComputeRunMetrics(TraceRun(), o);
  // Job 2: 105 / max(5, 1) = 21; job 4: 45 / max(0, 1) = 45.
  EXPECT_DOUBLE_EQ(m.bsld.max, 45.0);
  EXPECT_DOUBLE_EQ(m.bsld.mean, (1 + 21 + 1.01375 + 45) / 4);
}

TEST(RunMetricsTest, DecisionCost) {
  const RunMetrics m = ComputeRunMetrics(TraceRun());
  EXPECT_EQ(m.cost.decisions, 7);
  EXPECT_EQ(m.cost.jobs_scored, 20);
  EXPECT_DOUBLE_EQ(m.cost.policy_seconds, 0.002);
  EXPECT_DOUBLE_EQ(m.cost.ns_per_job_scored, 1e5);
}

// sc17-like: window 0 = state job S + counted X; window 1 = counted Y, Z; window 2 holds only
// a state job (no counted job: left out of the mean and the spread).
RunResult WindowedRun() {
  RunResult run;
  run.policy = "f1";
  run.backfill = "easy";
  run.estimates = "requested";
  run.protocol = "sc17";
  run.machine_procs = 4;
  run.windows = 3;
  run.jobs = {Rec(1, 0, 0, 1000, 4, 1, 0, false),   Rec(2, 10, 1000, 1010, 4, 1, 0),
              Rec(3, 5000, 5000, 5020, 2, 2, 1),    Rec(4, 5000, 5000, 5040, 2, 2, 1),
              Rec(5, 9000, 9000, 9100, 4, 3, 2, false)};
  return run;
}

TEST(RunMetricsTest, WindowsAverageTheirOwnMeans) {
  const RunMetrics m = ComputeRunMetrics(WindowedRun());
  EXPECT_EQ(m.jobs, 3);
  EXPECT_EQ(m.windows, 3);
  ASSERT_EQ(m.per_window.size(), 2u);
  // Window 0: X waits 990 for a 10 s run: bsld 1000 / 10 = 100. Window 1: both bsld 1.
  EXPECT_DOUBLE_EQ(m.per_window[0].avg_bsld, 100.0);
  EXPECT_DOUBLE_EQ(m.per_window[1].avg_bsld, 1.0);
  EXPECT_DOUBLE_EQ(m.avg_bsld, 50.5);             // mean of window means, not of jobs (34)
  EXPECT_DOUBLE_EQ(m.bsld.mean, 34.0);
  EXPECT_DOUBLE_EQ(m.avg_bsld_stddev, 49.5);
  EXPECT_DOUBLE_EQ(m.avg_bsld_min, 1.0);
  EXPECT_DOUBLE_EQ(m.avg_bsld_max, 100.0);
  // Window 0 spans [10, 1010]; the state job fills it until 1000: (4*990 + 4*10) / (4*1000).
  EXPECT_EQ(m.per_window[0].makespan, 1000);
  EXPECT_DOUBLE_EQ(m.per_window[0].utilization, 1.0);
  // Window 1 spans [5000, 5040]: (2*20 + 2*40) / (4*40).
  EXPECT_DOUBLE_EQ(m.per_window[1].utilization, 0.75);
  EXPECT_EQ(m.makespan, 1040);
  EXPECT_DOUBLE_EQ(m.utilization, 4120.0 / 4160.0);
  // State jobs do not count for fairness either: user 3 ran only a state job.
  EXPECT_EQ(m.fairness.users, 2);
  EXPECT_EQ(m.fairness.worst_user->user, 1);
}

TEST(RunMetricsTest, EmptyRunIsNaNNotACrash) {
  RunResult run = WindowedRun();
  run.jobs = {Rec(1, 0, 0, 1000, 4, 1, 0, false)};
  const RunMetrics m = ComputeRunMetrics(run);
  EXPECT_EQ(m.jobs, 0);
  EXPECT_TRUE(std::isnan(m.avg_bsld));
  EXPECT_FALSE(m.fairness.worst_user.has_value());
  const nlohmann::json j = ToJson(m);
  EXPECT_TRUE(j["avg_bsld"].is_null());
  EXPECT_TRUE(j["fairness"]["worst_user"].is_null());
  EXPECT_TRUE(j["fairness"]["jain_service"].is_null());  // no user: no index
  EXPECT_NE(RenderTable(std::span<const RunMetrics>(&m, 1)).find(" - "), std::string::npos);
}

TEST(RunMetricsTest, JsonCarriesEveryMetric) {
  const nlohmann::json j = ToJson(ComputeRunMetrics(TraceRun()));
  for (const char* key : {"policy", "backfill", "estimates", "protocol", "machine_procs", "tau_s",
                          "jobs", "windows", "avg_bsld", "avg_bsld_spread", "wait_s",
                          "turnaround_s", "slowdown", "bsld", "utilization", "makespan_s",
                          "fairness", "job_classes", "decision_cost", "per_window"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_DOUBLE_EQ(j["wait_s"]["p99"].get<double>(), 55.0 + 0.97 * 45.0);
  EXPECT_EQ(j["fairness"]["worst_user"]["user"].get<int>(), 2);
  EXPECT_EQ(j["job_classes"]["small_procs"].get<int>(), 1);
  EXPECT_TRUE(j["job_classes"]["classes"][3]["mean_bsld"].is_null());  // large-long: no job
  EXPECT_EQ(j["decision_cost"]["jobs_scored"].get<int>(), 20);
  EXPECT_EQ(j["per_window"].size(), 1u);
}

TEST(RunMetricsTest, TableHasOneRowPerRun) {
  const std::vector<RunMetrics> runs = {ComputeRunMetrics(TraceRun()),
                                        ComputeRunMetrics(WindowedRun())};
  const std::string table = RenderTable(runs);
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 3);
  EXPECT_NE(table.find("fcfs"), std::string::npos);
  EXPECT_NE(table.find("50.50"), std::string::npos);  // f1's avg_bsld
  EXPECT_NE(table.find("2 (10.5; 1 job)"), std::string::npos);
  EXPECT_NE(table.find("2.00 ms"), std::string::npos);  // fcfs' 0.002 s inside the policy
  const std::string classes = RenderClassTable(runs);
  EXPECT_EQ(std::count(classes.begin(), classes.end(), '\n'), 9);
}

TEST(RunMetricsTest, JobsCsvSkipsStateJobsAndQuotesPolicies) {
  RunResult run = WindowedRun();
  run.policy = "expr:max(p,q)";
  std::string csv;
  AppendJobsCsv(run, 10.0, &csv);
  EXPECT_EQ(csv,
            "\"expr:max(p,q)\",2,10,1000,1010,4,990,100,1,0,easy,requested\n"
            "\"expr:max(p,q)\",3,5000,5000,5020,2,0,1,2,1,easy,requested\n"
            "\"expr:max(p,q)\",4,5000,5000,5040,2,0,1,2,1,easy,requested\n");
}

}  // namespace
}  // namespace airgrid::sched
