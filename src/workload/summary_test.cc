#include "airgrid/workload/summary.h"

#include <gtest/gtest.h>

namespace airgrid::workload {
namespace {

Job MakeJob(int64_t submit, int32_t procs, int64_t runtime, int64_t req_time, int32_t user) {
  Job j;
  j.submit = submit;
  j.procs = procs;
  j.runtime = runtime;
  j.req_time = req_time;
  j.user = user;
  return j;
}

TEST(Summarize, HandComputedSmallWorkload) {
  Workload w;
  w.machine_procs = 10;
  w.jobs = {MakeJob(0, 1, 100, 200, 3), MakeJob(50, 4, 300, 100, 3), MakeJob(100, 2, 50, -1, 9),
            MakeJob(200, 1, 0, 100, -1)};
  const WorkloadSummary s = Summarize(w);
  EXPECT_EQ(s.jobs, 4);
  EXPECT_EQ(s.span_s, 200);
  // area = 1*100 + 4*300 + 2*50 + 0 = 1400; load = 1400 / (10 * 200)
  EXPECT_DOUBLE_EQ(s.offered_load, 0.7);
  EXPECT_EQ(s.users, 2);
  EXPECT_DOUBLE_EQ(s.serial_share, 0.5);
  EXPECT_DOUBLE_EQ(s.median_procs, 1.5);
  EXPECT_DOUBLE_EQ(s.median_runtime_s, 75);
  EXPECT_DOUBLE_EQ(s.mean_runtime_s, 112.5);
  // estimates: 100/200 = 0.5, 300/100 = 3, 0/100 = 0 (job 3 has none)
  EXPECT_EQ(s.jobs_with_estimate, 3);
  EXPECT_DOUBLE_EQ(s.mean_accuracy, 3.5 / 3);
  EXPECT_DOUBLE_EQ(s.median_accuracy, 0.5);
  EXPECT_DOUBLE_EQ(s.overrun_share, 1.0 / 3);
}

TEST(Summarize, EmptyAndSingleJob) {
  Workload w;
  w.machine_procs = 4;
  EXPECT_EQ(Summarize(w).jobs, 0);
  w.jobs = {MakeJob(7, 2, 10, -1, -1)};
  const WorkloadSummary s = Summarize(w);
  EXPECT_EQ(s.span_s, 0);
  EXPECT_EQ(s.offered_load, 0);
  EXPECT_EQ(s.users, 0);
  EXPECT_EQ(s.jobs_with_estimate, 0);
}

}  // namespace
}  // namespace airgrid::workload
