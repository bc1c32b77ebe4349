#include "airgrid/sched/decision_cost.h"

#include <cmath>

#include <gtest/gtest.h>

namespace airgrid::sched {
namespace {

std::vector<workload::Job> Jobs(size_t n) {
  std::vector<workload::Job> jobs(n);
  for (size_t i = 0; i < n; ++i) {
    jobs[i].id = static_cast<int64_t>(i + 1);
    jobs[i].submit = static_cast<int64_t>(10 * i);
    jobs[i].runtime = static_cast<int64_t>(100 + 37 * (i % 11));
    jobs[i].estimate = jobs[i].runtime * 2;
    jobs[i].procs = static_cast<int32_t>(1 + i % 8);
  }
  return jobs;
}

// A policy whose cost per job is known to be much larger than FCFS's.
class SlowPolicy : public Policy {
 public:
  std::string Name() const override { return "slow"; }
  bool TimeDependent() const override { return false; }
  void Score(std::span<const JobFeatures> jobs, std::span<double> scores) override {
    for (size_t i = 0; i < jobs.size(); ++i) {
      double x = jobs[i].p;
      for (int k = 0; k < 200; ++k) x = std::sqrt(x + k);
      scores[i] = x;
    }
  }
};

TEST(MedianConfidenceInterval, OrderStatisticsByHand) {
  // n = 15: P(B <= 3) = (1 + 15 + 105 + 455) / 2^15 = 576/32768; coverage = 1 - 2 x 0.017578.
  const MedianInterval m = MedianConfidenceInterval(15);
  EXPECT_EQ(m.lo, 3u);
  EXPECT_EQ(m.hi, 11u);
  EXPECT_NEAR(m.coverage, 1 - 2 * 576.0 / 32768, 1e-12);
  // n = 5 cannot reach 95 %: the range, with its true coverage 1 - 2/32.
  const MedianInterval small = MedianConfidenceInterval(5);
  EXPECT_EQ(small.lo, 0u);
  EXPECT_EQ(small.hi, 4u);
  EXPECT_NEAR(small.coverage, 0.9375, 1e-12);
}

TEST(DecisionCost, MedianWithIntervalSeparatesACheapFromAnExpensivePolicy) {
  const auto jobs = Jobs(500);
  auto fcfs = MakePolicy("fcfs");
  ASSERT_TRUE(fcfs.ok());
  SlowPolicy slow;
  DecisionBenchmarkOptions o;
  o.min_repetition_s = 1e-3;
  o.repetitions = 9;
  auto a = MeasureDecisionCost(**fcfs, jobs, o);
  auto b = MeasureDecisionCost(slow, jobs, o);
  ASSERT_TRUE(a.ok() && b.ok());
  for (const auto* e : {&*a, &*b}) {
    EXPECT_GT(e->median_s, 0);
    EXPECT_LE(e->ci_low_s, e->median_s);
    EXPECT_GE(e->ci_high_s, e->median_s);
    EXPECT_EQ(e->queue_length, 32u);
    EXPECT_GE(e->decisions_per_repetition, o.decisions);
    EXPECT_NE(e->method.find("median"), std::string::npos);
  }
  // 200 square roots per job against a comparison: far apart, intervals disjoint.
  EXPECT_GT(b->ci_low_s, a->ci_high_s) << a->method << "\n" << b->method;
}

TEST(DecisionCost, RefusesAnEmptyBenchmark) {
  auto fcfs = MakePolicy("fcfs");
  ASSERT_TRUE(fcfs.ok());
  EXPECT_FALSE(MeasureDecisionCost(**fcfs, {}).ok());
  DecisionBenchmarkOptions o;
  o.repetitions = 2;
  const auto jobs = Jobs(10);
  EXPECT_FALSE(MeasureDecisionCost(**fcfs, jobs, o).ok());
}

}  // namespace
}  // namespace airgrid::sched
