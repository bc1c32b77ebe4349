#include "study/durability.h"

#include <gtest/gtest.h>

#include <cmath>

#include "airgrid/base/splitmix64.h"
#include "airgrid/sched/protocol.h"
#include "airgrid/sched/simulator.h"

namespace airgrid::study {
namespace {

std::vector<sched::WindowMetrics> Windows(std::vector<double> bsld) {
  std::vector<sched::WindowMetrics> w;
  for (size_t i = 0; i < bsld.size(); ++i) {
    sched::WindowMetrics m;
    m.window = static_cast<int32_t>(i);
    m.avg_bsld = bsld[i];
    w.push_back(m);
  }
  return w;
}

TEST(Durability, PeriodsAndSlopeByHand) {
  // Ratios per window: 0.5, 0.7 | 0.8, 0.8 | 0.9, 1.1. Periods: R = 0.6 ± 0.1, 0.8 ± 0, 1.0 ± 0.1
  // (standard error of two values = |a − b| / 2). Slope over k = 0, 1, 2: c = −1/2, 0, 1/2:
  // D = (1.0 − 0.6) / 2 = 0.2, u_D = sqrt(0.25 × 0.01 + 0.25 × 0.01) = 0.0707.
  auto base = Windows({10, 10, 10, 10, 10, 10});
  auto pol = Windows({5, 7, 8, 8, 9, 11});
  auto d = MeasureDurability(pol, base, 3);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->periods.size(), 3u);
  EXPECT_NEAR(d->periods[0].ratio, 0.6, 1e-12);
  EXPECT_NEAR(d->periods[0].ratio_unc, 0.1, 1e-12);
  EXPECT_EQ(d->periods[1].first_window, 2);
  EXPECT_NEAR(d->slope, 0.2, 1e-12);
  EXPECT_NEAR(d->slope_unc, std::sqrt(0.005), 1e-12);
}

TEST(Durability, UnevenPeriodsGiveTheFirstOnesTheExtraWindowAndTooFewWindowsAreAnError) {
  auto d = MeasureDurability(Windows({1, 1, 1, 1, 1}), Windows({1, 1, 1, 1, 1}), 2);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->periods[0].windows, 3);
  EXPECT_EQ(d->periods[1].windows, 2);
  EXPECT_EQ(d->slope, 0);
  EXPECT_FALSE(MeasureDurability(Windows({1}), Windows({1}), 2).ok());
}

// A synthetic workload whose distribution shifts at a known time: a heavily loaded machine
// (short and long jobs every 500 s) for 75 days, then a nearly idle one (a job every 20000 s:
// no queue, so every policy gives the same schedule).
constexpr int64_t kDay = 86400, kShift = 75 * kDay;

workload::Workload Shifting() {
  workload::Workload w;
  w.source = "synthetic shift at day 75";
  w.machine_procs = 8;
  uint64_t seed = 7;
  int64_t t = 0;
  for (int64_t id = 1; t < 150 * kDay; ++id) {
    workload::Job j;
    j.id = id;
    j.submit = t;
    j.runtime = SplitMix64(seed) % 10 < 3 ? 3000 : 60;
    j.procs = j.req_procs = j.alloc_procs = 4;
    j.estimate = j.req_time = j.runtime;
    w.jobs.push_back(j);
    t += t < kShift ? 500 : 20000;
  }
  return w;
}

// The part of `w` submitted in [from, to).
workload::Workload Part(const workload::Workload& w, int64_t from, int64_t to) {
  workload::Workload p = w;
  p.jobs.clear();
  for (const auto& j : w.jobs)
    if (j.submit >= from && j.submit < to) p.jobs.push_back(j);
  return p;
}

sched::RunMetrics Evaluate(const workload::Workload& w, const std::string& spec) {
  auto policy = sched::MakePolicy(spec);
  EXPECT_TRUE(policy.ok());
  sched::SimOptions sim;
  sim.estimates = sched::Estimates::kRequested;
  sim.backfill = sched::Backfill::kEasy;
  sched::ProtocolOptions po;
  po.kind = sched::ProtocolOptions::Kind::kSc17;
  auto run = sched::RunProtocol(w, **policy, sim, po);
  EXPECT_TRUE(run.ok()) << run.status().ToString();
  return sched::ComputeRunMetrics(*run);
}

TEST(Durability, APolicyTrainedBeforeAKnownShiftDecaysAfterIt) {
  const workload::Workload w = Shifting();
  // Training: choose the best of three policies on the first 30 days (before the shift).
  const workload::Workload train = Part(w, 0, 30 * kDay);
  std::string best;
  double best_bsld = 0;
  for (const char* spec : {"fcfs", "spt", "f1"}) {
    const double b = Evaluate(train, spec).avg_bsld;
    if (best.empty() || b < best_bsld) best = spec, best_bsld = b;
  }
  ASSERT_NE(best, "fcfs");
  // Evaluation on every later period: 45 days before the shift, 75 after.
  const workload::Workload later = Part(w, 30 * kDay, 150 * kDay);
  const sched::RunMetrics pol = Evaluate(later, best), base = Evaluate(later, "fcfs");
  ASSERT_GE(pol.per_window.size(), 6u);

  auto d = MeasureDurability(pol.per_window, base.per_window, 3);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  // Before the shift the trained policy beats FCFS; after it, the gain is gone (ratio 1: the
  // same schedules), so the decay is positive beyond its uncertainty.
  EXPECT_LT(d->periods.front().ratio, 0.8) << d->Text();
  EXPECT_NEAR(d->periods[1].ratio, 1.0, 1e-9) << d->Text();  // windows 3-4: the first after day 75
  EXPECT_NEAR(d->periods.back().ratio, 1.0, 1e-9) << d->Text();
  for (size_t k = 1; k < d->periods.size(); ++k) EXPECT_GE(d->periods[k].ratio, d->periods[k - 1].ratio - 1e-9);
  EXPECT_GT(d->slope, 0.1);
  EXPECT_GT(d->slope, 3 * d->slope_unc) << d->Text();
}

}  // namespace
}  // namespace airgrid::study
