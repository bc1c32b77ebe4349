// Reproduction of the published SC'17-simulator figures on SDSC-SP2 (issue 2, "Evidence"):
// filter sc17, protocol sc17 (47 windows of 16 state jobs + 15 days, look-ahead 32), mean over
// windows of the average bounded slowdown (tau = 10 s) of the non-state jobs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "airgrid/sched/protocol.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/swf.h"

namespace airgrid::sched {
namespace {

const std::string kTrace = std::string(AIRGRID_SHARED_DIR) + "/traces/SDSC-SP2-1998-4.2-cln.swf.gz";
const std::string kPerWindow = std::string(AIRGRID_SHARED_DIR) + "/sc17/per-window-sdsc-sp2.csv";

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

  static RunResult RunAll(const std::string& policy_name, Estimates est, Backfill bf,
                          SimOptions::TieBreak ties, SimOptions::Timing timing) {
    auto policy = MakePolicy(policy_name);
    EXPECT_TRUE(policy.ok());
    SimOptions sim;
    sim.estimates = est;
    sim.backfill = bf;
    sim.tie_break = ties;
    sim.timing = timing;
    ProtocolOptions proto;
    proto.kind = ProtocolOptions::Kind::kSc17;
    proto.max_windows = 47;
    auto run = RunProtocol(*workload_, **policy, sim, proto);
    EXPECT_TRUE(run.ok()) << run.status().ToString();
    EXPECT_EQ(run->windows, 47);
    return std::move(run).value();
  }

  double Run(const std::string& policy_name, Estimates est, Backfill bf,
             SimOptions::TieBreak ties = SimOptions::TieBreak::kSubmitOrder,
             SimOptions::Timing timing = SimOptions::Timing::kExact) {
    return MeanWindowBoundedSlowdown(RunAll(policy_name, est, bf, ties, timing), 10.0);
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

class Sc17ReproductionTiming : public Sc17Reproduction,
                              public ::testing::WithParamInterface<SimOptions::Timing> {};

TEST_P(Sc17ReproductionTiming, MatchesPublishedFigures) {
  if (!workload_) GTEST_SKIP() << kTrace << " not found";
  const auto ties = SimOptions::TieBreak::kSubmitOrder;
  const SimOptions::Timing timing = GetParam();
  std::printf("timing %s\n", std::string(TimingName(timing)).c_str());
  for (const Published& p : kPublished) {
    const double a = Run(p.policy, Estimates::kActual, Backfill::kNone, ties, timing);
    const double r = Run(p.policy, Estimates::kRequested, Backfill::kNone, ties, timing);
    const double e = Run(p.policy, Estimates::kRequested, Backfill::kEasy, ties, timing);
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
TEST_P(Sc17ReproductionTiming, SptWithTheArtifactsTieOrder) {
  if (!workload_) GTEST_SKIP() << kTrace << " not found";
  const auto ties = SimOptions::TieBreak::kSc17Artifact;
  const SimOptions::Timing timing = GetParam();
  const double a = Run("spt", Estimates::kActual, Backfill::kNone, ties, timing);
  const double r = Run("spt", Estimates::kRequested, Backfill::kNone, ties, timing);
  const double e = Run("spt", Estimates::kRequested, Backfill::kEasy, ties, timing);
  std::printf("spt (artifact ties) actual/none %8.2f (pub %8.2f)  requested/none %8.2f "
              "(pub %8.2f)  requested/easy %8.2f (pub %8.2f)\n",
              a, kSpt.actual_nobf, r, kSpt.requested_nobf, e, kSpt.requested_easy);
  EXPECT_NEAR(a, kSpt.actual_nobf, kSpt.tolerance * kSpt.actual_nobf);
  EXPECT_NEAR(r, kSpt.requested_nobf, kSpt.tolerance * kSpt.requested_nobf);
  EXPECT_NEAR(e, kSpt.requested_easy, kSpt.tolerance * kSpt.requested_easy);
}

INSTANTIATE_TEST_SUITE_P(BothTimings, Sc17ReproductionTiming,
                         ::testing::Values(SimOptions::Timing::kExact,
                                           SimOptions::Timing::kSc17Artifact),
                         [](const ::testing::TestParamInfo<SimOptions::Timing>& info) {
                           return std::string(TimingName(info.param));
                         });

// The artifact's per-window figures (../shared/sc17/per-window-sdsc-sp2.csv, README beside it):
// (config, policy) -> window -> AVEbsld. For "runtime", windows 24, 27, 28 and 29 are taken from
// "runtime_reqfilter": the artifact's 2017 runtime script keeps the jobs without a requested
// time, which the sc17 filter (and the two other configurations) drop; those four windows are
// the only ones whose job set that changes.
using Figures = std::map<std::pair<std::string, std::string>, std::map<int, double>>;

struct WindowJobs { int64_t first_job_id; int n_jobs; };

bool ReadPerWindow(Figures* figures, std::map<int, WindowJobs>* jobs) {
  std::ifstream in(kPerWindow);
  if (!in) return false;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    if (f.size() < 9) continue;
    std::string config = f[1];
    const int window = std::stoi(f[3]);
    if (config == "runtime_reqfilter") config = "runtime";
    else if (config == "runtime" && (window == 24 || window == 27 || window == 28 || window == 29))
      continue;
    (*figures)[{config, f[2]}][window] = std::stod(f[7]);
    if (config == "estimate") (*jobs)[window] = {std::stoll(f[4]), std::stoi(f[5])};
  }
  return true;
}

// Windows whose AVEbsld equals the artifact's to 2 decimals, and a list of the others.
struct WindowMatch { int matched = 0; std::string mismatches; };
WindowMatch MatchWindows(const std::map<int, double>& expected, const std::vector<double>& ours) {
  WindowMatch m;
  for (const auto& [window, value] : expected) {
    if (std::llround(ours[window] * 100) == std::llround(value * 100)) {
      ++m.matched;
    } else {
      char buf[96];
      std::snprintf(buf, sizeof buf, " w%d %.4f (artifact %.4f)", window, ours[window], value);
      m.mismatches += buf;
    }
  }
  return m;
}

std::vector<double> PerWindowBsld(const RunResult& run) {
  std::vector<double> sum(run.windows, 0.0);
  std::vector<int> count(run.windows, 0);
  for (const JobRecord& r : run.jobs) {
    if (!r.counted) continue;
    sum[r.window] += BoundedSlowdown(r, 10.0);
    ++count[r.window];
  }
  for (int i = 0; i < run.windows; ++i) sum[i] = count[i] ? sum[i] / count[i] : 0.0;
  return sum;
}

// With the artifact's timing, FCFS, WFP3, UNICEF and F1-F4 equal the artifact window by window,
// to the two printed decimals, in the three configurations.
TEST_F(Sc17Reproduction, ArtifactTimingMatchesEveryWindow) {
  if (!workload_) GTEST_SKIP() << kTrace << " not found";
  Figures figures;
  std::map<int, WindowJobs> window_jobs;
  if (!ReadPerWindow(&figures, &window_jobs)) GTEST_SKIP() << kPerWindow << " not found";
  // The filter and the protocol give the artifact's windows: same first job, same job count.
  ProtocolOptions proto;
  proto.kind = ProtocolOptions::Kind::kSc17;
  proto.max_windows = 47;
  auto windows = MakeWindows(*workload_, proto);
  ASSERT_TRUE(windows.ok());
  ASSERT_EQ(window_jobs.size(), windows->size());
  for (size_t i = 0; i < windows->size(); ++i) {
    const Window& w = (*windows)[i];
    EXPECT_EQ(workload_->jobs[w.first].id, window_jobs[i].first_job_id) << "window " << i;
    EXPECT_EQ(w.count, window_jobs[i].n_jobs) << "window " << i;
  }
  struct Config { const char* name; Estimates est; Backfill bf; };
  const Config configs[] = {{"runtime", Estimates::kActual, Backfill::kNone},
                            {"estimate", Estimates::kRequested, Backfill::kNone},
                            {"backfilling", Estimates::kRequested, Backfill::kEasy}};
  const std::pair<const char*, const char*> policies[] = {
      {"FCFS", "fcfs"}, {"WFP3", "wfp3"}, {"UNICEF", "unicef"}, {"F1", "f1"},
      {"F2", "f2"},     {"F3", "f3"},     {"F4", "f4"}};
  int matched_all = 0, total_all = 0;
  for (const Config& c : configs) {
    for (const auto& [artifact_name, name] : policies) {
      const auto& expected = figures[{c.name, artifact_name}];
      ASSERT_EQ(expected.size(), 47u) << c.name << " " << artifact_name;
      const std::vector<double> ours = PerWindowBsld(
          RunAll(name, c.est, c.bf, SimOptions::TieBreak::kSubmitOrder,
                 SimOptions::Timing::kSc17Artifact));
      const auto [matched, mismatches] = MatchWindows(expected, ours);
      std::printf("%-11s %-6s %2d/47 windows equal to 2 decimals%s\n", c.name, artifact_name,
                  matched, mismatches.c_str());
      EXPECT_EQ(matched, 47) << c.name << " " << artifact_name << ":" << mismatches;
      matched_all += matched;
      total_all += 47;
    }
  }
  std::printf("total: %d/%d windows\n", matched_all, total_all);
}

// SPT too, with the exchange sort re-run once per arriving job as the artifact built against
// SimGrid 3.32 does (SimOptions::TieBreak::kSc17ArtifactSimGrid332): the CSV was made with that
// build. With TieBreak::kSc17Artifact (one pass per arrival second) only the means hold.
TEST_F(Sc17Reproduction, SptWithSimGrid332PassesMatchesEveryWindow) {
  if (!workload_) GTEST_SKIP() << kTrace << " not found";
  Figures figures;
  std::map<int, WindowJobs> window_jobs;
  if (!ReadPerWindow(&figures, &window_jobs)) GTEST_SKIP() << kPerWindow << " not found";
  struct Config { const char* name; Estimates est; Backfill bf; };
  const Config configs[] = {{"runtime", Estimates::kActual, Backfill::kNone},
                            {"estimate", Estimates::kRequested, Backfill::kNone},
                            {"backfilling", Estimates::kRequested, Backfill::kEasy}};
  for (const Config& c : configs) {
    const auto& expected = figures[{c.name, "SPT"}];
    ASSERT_EQ(expected.size(), 47u) << c.name;
    const std::vector<double> ours =
        PerWindowBsld(RunAll("spt", c.est, c.bf, SimOptions::TieBreak::kSc17ArtifactSimGrid332,
                             SimOptions::Timing::kSc17Artifact));
    const auto [matched, mismatches] = MatchWindows(expected, ours);
    std::printf("%-11s SPT    %2d/47 windows equal to 2 decimals%s\n", c.name, matched,
                mismatches.c_str());
    EXPECT_EQ(matched, 47) << c.name << " SPT:" << mismatches;
  }
}

}  // namespace
}  // namespace airgrid::sched
