#include "airgrid/workload/estimates.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>

#include <gtest/gtest.h>

#include "airgrid/workload/filter.h"
#include "airgrid/workload/lublin.h"
#include "airgrid/workload/swf.h"

namespace airgrid::workload {
namespace {

constexpr int64_t kHour = 3600;

// Share of jobs whose requested time is one of the `top` most popular values; and the values.
struct Popularity {
  double head_share = 0;
  int64_t distinct = 0;
  std::vector<std::pair<int64_t, int64_t>> by_count;  // (value, jobs), most popular first
};

Popularity Popular(const Workload& w, size_t top = 20) {
  std::map<int64_t, int64_t> count;
  int64_t n = 0;
  for (const Job& j : w.jobs) {
    if (j.req_time <= 0) continue;
    ++count[j.req_time];
    ++n;
  }
  Popularity p;
  p.distinct = static_cast<int64_t>(count.size());
  p.by_count.assign(count.begin(), count.end());
  std::stable_sort(p.by_count.begin(), p.by_count.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  int64_t head = 0;
  for (size_t i = 0; i < std::min(top, p.by_count.size()); ++i) head += p.by_count[i].second;
  p.head_share = static_cast<double>(head) / static_cast<double>(n);
  return p;
}

Workload LublinWithEstimates(int64_t jobs, uint64_t seed, int64_t max_est = 0) {
  LublinOptions lo;
  lo.procs = 128;
  lo.jobs = jobs;
  lo.seed = seed;
  Workload w = *GenerateLublin(lo);
  const Status st = ApplyTsafrirEstimates({seed, max_est}, &w);
  EXPECT_TRUE(st.ok()) << st.message();
  return w;
}

// The model's published statistics (est_model.cc defaults, JSSPP'05): the 20 most popular
// values take 89% of the jobs; the maximal estimate is the most popular, with
// 89 − Σ_{x=2..20} (14.0491·e^(−0.177531·x) + 0.462513) percent; the 15 values common to the
// four traces are all in the head; 10 000 jobs give 90 distinct values.
TEST(TsafrirEstimatesTest, StatisticsMatchThePublishedModel) {
  const Workload w = LublinWithEstimates(10000, 3);  // maximum: longest runtime, whole hours
  const Popularity p = Popular(w);
  // Tolerance: 1 percentage point (rounding percents to whole jobs and the ≥ 1 job per bin).
  EXPECT_NEAR(p.head_share, 0.89, 0.01);
  double rest = 0;
  for (int x = 2; x <= 20; ++x) rest += 14.0491 * std::exp(-0.177531 * x) + 0.462513;
  const double max_share = (89 - rest) / 100;
  ASSERT_FALSE(p.by_count.empty());
  int64_t max_est = 0;
  for (const Job& j : w.jobs) max_est = std::max(max_est, j.req_time);
  EXPECT_GT(max_est, 18 * kHour);
  EXPECT_EQ(max_est % kHour, 0);
  EXPECT_EQ(p.by_count[0].first, max_est);  // the maximum is the modal value
  EXPECT_NEAR(static_cast<double>(p.by_count[0].second) / 10000, max_share, 0.01);
  std::vector<int64_t> head;
  for (size_t i = 0; i < 20; ++i) head.push_back(p.by_count[i].first);
  for (int64_t joint : {300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 18000, 21600, 28800,
                        36000, 43200, 64800}) {
    EXPECT_NE(std::find(head.begin(), head.end(), joint), head.end()) << joint << " s";
  }
  // Distinct values: the model's 90, minus tail values lost to collisions (at most 5%).
  EXPECT_LE(p.distinct, 90);
  EXPECT_GE(p.distinct, 85);
  // No exact estimates are modelled: the model covers the runtime, never equals it on purpose.
  for (const Job& j : w.jobs) {
    ASSERT_GE(j.req_time, j.runtime) << "job " << j.id;
    ASSERT_EQ(j.estimate, j.req_time);
  }
}

TEST(TsafrirEstimatesTest, DeterministicForTheSeed) {
  const Workload a = LublinWithEstimates(2000, 5), b = LublinWithEstimates(2000, 5);
  bool same = true, differs = false;
  for (size_t i = 0; i < a.jobs.size(); ++i) {
    same = same && a.jobs[i].req_time == b.jobs[i].req_time;
  }
  const Workload d = [] {
    LublinOptions lo;
    lo.procs = 128;
    lo.jobs = 2000;
    lo.seed = 5;
    Workload w = *GenerateLublin(lo);
    EXPECT_TRUE(ApplyTsafrirEstimates({6, 0}, &w).ok());
    return w;
  }();
  for (size_t i = 0; i < a.jobs.size(); ++i) differs = differs || a.jobs[i].req_time != d.jobs[i].req_time;
  EXPECT_TRUE(same);
  EXPECT_TRUE(differs);  // same jobs, another estimates seed
}

TEST(TsafrirEstimatesTest, RefusesARuntimeAboveTheMaximum) {
  LublinOptions lo;
  lo.jobs = 500;
  Workload w = *GenerateLublin(lo);
  int64_t longest = 0;
  for (const Job& j : w.jobs) longest = std::max(longest, j.runtime);
  ASSERT_GT(longest, kHour);
  const Status st = ApplyTsafrirEstimates({1, kHour}, &w);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("maximal estimate"), std::string::npos) << st.message();
  EXPECT_FALSE(CheckEstimateModel("gaussian").ok());
}

// Against a real trace: SDSC-SP2's estimates put 85.9% of its jobs on its 20 most popular
// values (computed from the trace); the model, given the same jobs and the trace's own
// maximum, must land within 5 percentage points, and make runtime / estimate of the same
// order (the trace's mean accuracy within a factor of 2).
TEST(TsafrirEstimatesTest, CloseToSdscSp2) {
  const std::string path = std::string(AIRGRID_SOURCE_DIR) + "/data/traces/SDSC-SP2-1998-4.2-cln.swf.gz";
  const std::string shared = std::string(AIRGRID_SHARED_DIR) + "/traces/SDSC-SP2-1998-4.2-cln.swf.gz";
  std::string file = std::filesystem::exists(path) ? path : shared;
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "SDSC-SP2 trace not found at " << path << " or " << shared;
  Workload real = *ReadSwf(file);
  std::erase_if(real.jobs, [](const Job& j) { return j.req_time <= 0 || j.runtime < 0; });
  const Popularity rp = Popular(real);
  int64_t max_est = 0;
  double real_acc = 0;
  for (const Job& j : real.jobs) {
    max_est = std::max(max_est, j.req_time);
    real_acc += static_cast<double>(j.runtime) / static_cast<double>(j.req_time);
  }
  real_acc /= static_cast<double>(real.jobs.size());
  Workload model = real;
  for (Job& j : model.jobs) j.runtime = std::min(j.runtime, max_est);
  ASSERT_TRUE(ApplyTsafrirEstimates({1, max_est}, &model).ok());
  const Popularity mp = Popular(model);
  double model_acc = 0;
  for (const Job& j : model.jobs) {
    model_acc += static_cast<double>(j.runtime) / static_cast<double>(j.req_time);
  }
  model_acc /= static_cast<double>(model.jobs.size());
  EXPECT_NEAR(rp.head_share, 0.859, 0.001);  // the trace as shipped
  EXPECT_NEAR(mp.head_share, rp.head_share, 0.05);
  EXPECT_GT(model_acc, real_acc / 2);
  EXPECT_LT(model_acc, real_acc * 2);
  RecordProperty("sdsc_head_share", std::to_string(rp.head_share));
  RecordProperty("model_head_share", std::to_string(mp.head_share));
  RecordProperty("sdsc_mean_accuracy", std::to_string(real_acc));
  RecordProperty("model_mean_accuracy", std::to_string(model_acc));
}

}  // namespace
}  // namespace airgrid::workload
