// Reproduction of the published SC'17-simulator figures on SDSC-SP2 (issue 2, "Evidence"):
// filter sc17, protocol sc17 (47 windows of 16 state jobs + 15 days, look-ahead 32), mean over
// windows of the average bounded slowdown (tau = 10 s) of the non-state jobs.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "airgrid/sched/protocol.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/swf.h"

namespace airgrid::sched {
namespace {

const std::string kTrace = std::string(AIRGRID_SHARED_DIR) + "/traces/SDSC-SP2-1998-4.2-cln.swf.gz";

struct Published {
  const char* policy;
  double actual_nobf, requested_nobf, requested_easy;
  double tolerance;  // relative
};

// Figures published from the SC'17 simulator (issue 2). SPT/SAF get 5%: equal p or p*q are
// frequent. SPT is run with the artifact's tie order (SimOptions::TieBreak::kSc17Artifact);
// every other policy with our default (submit order), which equals the artifact's.
constexpr Published kPublished[] = {
    {"fcfs", 841.14, 841.14, 109.08, 0.01},  {"wfp3", 187.35, 412.05, 51.80, 0.01},
    {"unicef", 52.74, 135.71, 43.02, 0.01},  {"f2", 35.38, 59.04, 28.26, 0.01},
    {"saf", 20.74, 43.14, 27.15, 0.05},
};
constexpr Published kSpt = {"spt", 66.32, 110.43, 29.75, 0.05};

class Sc17Reproduction : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::exists(kTrace)) return;
    auto w = workload::ReadSwf(kTrace);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    auto report = workload::ApplyFilter("sc17", *w);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    workload_ = new workload::Workload(std::move(*w));
  }
  static void TearDownTestSuite() { delete workload_; workload_ = nullptr; }

  double Run(const std::string& policy_name, Estimates est, Backfill bf,
             SimOptions::TieBreak ties = SimOptions::TieBreak::kSubmitOrder) {
    auto policy = MakePolicy(policy_name);
    EXPECT_TRUE(policy.ok());
    SimOptions sim;
    sim.estimates = est;
    sim.backfill = bf;
    sim.tie_break = ties;
    ProtocolOptions proto;
    proto.kind = ProtocolOptions::Kind::kSc17;
    proto.max_windows = 47;
    auto run = RunProtocol(*workload_, **policy, sim, proto);
    EXPECT_TRUE(run.ok()) << run.status().ToString();
    EXPECT_EQ(run->windows, 47);
    return MeanWindowBoundedSlowdown(*run, 10.0);
  }

  static workload::Workload* workload_;
};

workload::Workload* Sc17Reproduction::workload_ = nullptr;

// The trace holds 48 complete windows; the artifact's script simulated the first 47
// (NUM_EXPERIMENTS = 47 in test_sched_perfomrance_sdscsp2_*.py).
TEST_F(Sc17Reproduction, WindowsOfTheArtifact) {
  if (!workload_) GTEST_SKIP() << kTrace << " not found";
  ProtocolOptions proto;
  proto.kind = ProtocolOptions::Kind::kSc17;
  auto windows = MakeWindows(*workload_, proto);
  ASSERT_TRUE(windows.ok());
  ASSERT_EQ(windows->size(), 48u);
  EXPECT_EQ((*windows)[0].first, 0);
  EXPECT_EQ((*windows)[0].count, 1597);
  EXPECT_EQ((*windows)[1].first, 1597);
  for (size_t i = 1; i < windows->size(); ++i) {  // consecutive, non-overlapping
    EXPECT_EQ((*windows)[i].first, (*windows)[i - 1].first + (*windows)[i - 1].count);
  }
  proto.max_windows = 47;
  EXPECT_EQ(MakeWindows(*workload_, proto)->size(), 47u);
}

TEST_F(Sc17Reproduction, MatchesPublishedFigures) {
  if (!workload_) GTEST_SKIP() << kTrace << " not found";
  for (const Published& p : kPublished) {
    const double a = Run(p.policy, Estimates::kActual, Backfill::kNone);
    const double r = Run(p.policy, Estimates::kRequested, Backfill::kNone);
    const double e = Run(p.policy, Estimates::kRequested, Backfill::kEasy);
    std::printf("%-7s actual/none %8.2f (pub %8.2f)  requested/none %8.2f (pub %8.2f)  "
                "requested/easy %8.2f (pub %8.2f)\n",
                p.policy, a, p.actual_nobf, r, p.requested_nobf, e, p.requested_easy);
    EXPECT_NEAR(a, p.actual_nobf, p.tolerance * p.actual_nobf) << p.policy << " actual/none";
    EXPECT_NEAR(r, p.requested_nobf, p.tolerance * p.requested_nobf)
        << p.policy << " requested/none";
    EXPECT_NEAR(e, p.requested_easy, p.tolerance * p.requested_easy)
        << p.policy << " requested/easy";
  }
}

// SPT with the artifact's tie order (SimOptions::TieBreak::kSc17Artifact, its exchange sort run
// as written). With submit-order ties the requested/no-backfill figure would be 146.88, 33%
// above the published one: users ask for round durations, so equal requested times abound.
TEST_F(Sc17Reproduction, SptWithTheArtifactsTieOrder) {
  if (!workload_) GTEST_SKIP() << kTrace << " not found";
  const auto ties = SimOptions::TieBreak::kSc17Artifact;
  const double a = Run("spt", Estimates::kActual, Backfill::kNone, ties);
  const double r = Run("spt", Estimates::kRequested, Backfill::kNone, ties);
  const double e = Run("spt", Estimates::kRequested, Backfill::kEasy, ties);
  std::printf("spt (artifact ties) actual/none %8.2f (pub %8.2f)  requested/none %8.2f "
              "(pub %8.2f)  requested/easy %8.2f (pub %8.2f)\n",
              a, kSpt.actual_nobf, r, kSpt.requested_nobf, e, kSpt.requested_easy);
  EXPECT_NEAR(a, kSpt.actual_nobf, kSpt.tolerance * kSpt.actual_nobf);
  EXPECT_NEAR(r, kSpt.requested_nobf, kSpt.tolerance * kSpt.requested_nobf);
  EXPECT_NEAR(e, kSpt.requested_easy, kSpt.tolerance * kSpt.requested_easy);
}

}  // namespace
}  // namespace airgrid::sched
