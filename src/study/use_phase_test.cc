#include "airgrid/study/use_phase.h"

#include <limits>

#include <gtest/gtest.h>

namespace airgrid::study {
namespace {

sched::JobRecord Rec(int64_t id, int64_t submit, int64_t start, int64_t end, int32_t procs) {
  sched::JobRecord r;
  r.id = id;
  r.submit = submit;
  r.start = start;
  r.end = end;
  r.procs = procs;
  r.runtime = end - start;
  return r;
}

sched::PowerModel RoundModel() {
  sched::PowerModel m;
  m.name = "round";
  m.idle_w = 10;
  m.busy_w = 100;
  m.cores = 4;
  m.uncertainty = 0.2;
  m.source = "hand-made: for tests";
  m.year = 2024;
  return m;
}

// Two processors, one window spanning one day of submits. Job 1: 0-100 on one processor; job 2,
// submitted at 86 400 s on both, starts at once (policy) or waits 200 s (FCFS).
// Busy 300 processor-seconds = 30 000 J either way; idle 2·86 500 − 300 = 172 700 processor-
// seconds = 1 727 000 J (policy) against 2·86 700 − 300 = 173 100 -> 1 731 000 J (FCFS).
sched::RunResult TwoJobRun(int64_t wait) {
  sched::RunResult r;
  r.machine_procs = 2;
  r.jobs = {Rec(1, 0, 0, 100, 1), Rec(2, 86400, 86400 + wait, 86500 + wait, 2)};
  return r;
}

TEST(UsePhaseTest, ClusterEnergyPerDayOfWorkload) {
  const ClusterUse u = *AssessClusterUse(TwoJobRun(0), RoundModel());
  EXPECT_DOUBLE_EQ(u.days, 1);
  EXPECT_NEAR(u.kwh_per_day, 1757000 / 3.6e6, 1e-12);
  EXPECT_NEAR(u.kwh_per_day_unc, 0.2 * 1757000 / 3.6e6, 1e-12);  // one window: the model band only
}

TEST(UsePhaseTest, BreakEvenWorkedByHand) {
  const ClusterUse fcfs = *AssessClusterUse(TwoJobRun(200), RoundModel());
  const ClusterUse policy = *AssessClusterUse(TwoJobRun(0), RoundModel());
  // Saving 4 000 J/day = 1/900 kWh/day; development 0.01 kWh -> 9 days, [7.5, 11.25] with ±20%.
  const BreakEven b = ComputeBreakEven(0.01, 0, policy, fcfs);
  EXPECT_FALSE(b.never);
  EXPECT_NEAR(b.saving_kwh_per_day, 1.0 / 900, 1e-12);
  EXPECT_NEAR(b.days, 9, 1e-9);
  EXPECT_NEAR(b.days_low, 7.5, 1e-9);
  EXPECT_NEAR(b.days_high, 11.25, 1e-9);
  EXPECT_NEAR(b.per_year, 365.0 / 9, 1e-9);
  EXPECT_NE(b.text.find("after 9 days"), std::string::npos) << b.text;
  // The other way round: FCFS "against" the faster policy saves nothing: never.
  const BreakEven worse = ComputeBreakEven(0.01, 0, fcfs, policy);
  EXPECT_TRUE(worse.never);
  EXPECT_DOUBLE_EQ(worse.per_year, 0);  // never pays back: 0 times a year
  EXPECT_NE(worse.text.find("never"), std::string::npos);
}

TEST(UsePhaseTest, F1PublishedDevelopmentFrom150Hours) {
  // 150 h x 100 W / 4 cores = 3.75 kWh ± 20%; x PUE 1.5 x 400 g/kWh = 2.25 kg.
  const PublishedDevelopment d = *F1PublishedDevelopment(RoundModel(), 400, 1.5);
  EXPECT_DOUBLE_EQ(d.watts_per_core, 25);
  EXPECT_DOUBLE_EQ(d.kwh, 3.75);
  EXPECT_DOUBLE_EQ(d.kwh_unc, 0.75);
  EXPECT_DOUBLE_EQ(d.co2_kg, 2.25);
  EXPECT_NE(d.source.find("150 h"), std::string::npos);
  sched::PowerModel no_cores = RoundModel();
  no_cores.cores = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(F1PublishedDevelopment(no_cores, 400, 1).ok());
  // The shipped default: Dell R640, 469 W / 56 cores = 8.375 W per core -> 1.256 kWh.
  const PublishedDevelopment r640 =
      *F1PublishedDevelopment(*sched::ResolvePowerModel("dell-poweredge-r640"), 480, 1);
  EXPECT_NEAR(r640.kwh, 150 * 469.0 / 56 / 1000, 1e-12);
}

}  // namespace
}  // namespace airgrid::study
