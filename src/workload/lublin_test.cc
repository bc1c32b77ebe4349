#include "airgrid/workload/lublin.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <vector>

#include "airgrid/workload/swf.h"
#include "workload/lublin_random.h"

namespace airgrid::workload {
namespace {

using Mix = LublinOptions::Mix;

Workload Generate(Mix mix, uint64_t seed, int64_t jobs = 10000, int32_t procs = 256, int start = 0) {
  LublinOptions o;
  o.mix = mix;
  o.seed = seed;
  o.jobs = jobs;
  o.procs = procs;
  o.start_hour = start;
  Result<Workload> w = GenerateLublin(o);
  EXPECT_TRUE(w.ok()) << w.status().message();
  return w.ok() ? std::move(w).value() : Workload{};
}

// Two-sample Kolmogorov–Smirnov statistic sup |F_a - F_b| (ties handled by stepping both).
double KolmogorovSmirnov(std::vector<double> a, std::vector<double> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  size_t i = 0, j = 0;
  double d = 0;
  while (i < a.size() && j < b.size()) {
    const double v = std::min(a[i], b[j]);
    while (i < a.size() && a[i] == v) ++i;
    while (j < b.size() && b[j] == v) ++j;
    d = std::max(d, std::fabs(double(i) / a.size() - double(j) / b.size()));
  }
  return d;
}

std::vector<double> Column(const Workload& w, const std::function<double(const Job&)>& f) {
  std::vector<double> out;
  out.reserve(w.jobs.size());
  for (const Job& j : w.jobs) out.push_back(f(j));
  return out;
}

double Fraction(const Workload& w, const std::function<bool(const Job&)>& pred) {
  return double(std::count_if(w.jobs.begin(), w.jobs.end(), pred)) / w.jobs.size();
}

bool IsSerial(const Job& j) { return j.alloc_procs == 1; }
bool IsParallelPowerOfTwo(const Job& j) {
  return j.alloc_procs > 1 && (j.alloc_procs & (j.alloc_procs - 1)) == 0;
}

std::vector<double> HourShares(const Workload& w) {
  std::vector<double> h(24, 0.0);
  for (const Job& j : w.jobs) h[(j.submit / 3600) % 24] += 1.0 / w.jobs.size();
  return h;
}

double TotalVariation(const std::vector<double>& p, const std::vector<double>& q) {
  double tv = 0;
  for (size_t i = 0; i < p.size(); ++i) tv += std::fabs(p[i] - q[i]);
  return tv / 2;
}

std::vector<double> InterArrivals(const Workload& w) {
  std::vector<double> gaps;
  for (size_t i = 1; i < w.jobs.size(); ++i) gaps.push_back(double(w.jobs[i].submit - w.jobs[i - 1].submit));
  return gaps;
}

double CoefficientOfVariation(const std::vector<double>& x) {
  double sum = 0, sum2 = 0;
  for (double v : x) sum += v, sum2 += v * v;
  const double mean = sum / x.size();
  return std::sqrt(sum2 / x.size() - mean * mean) / mean;
}

double MeanInterArrival(const Workload& w) {
  return double(w.jobs.back().submit - w.jobs.front().submit) / (w.jobs.size() - 1);
}

TEST(GammaCdf, MatchesClosedForms) {
  EXPECT_NEAR(GammaCdf(1.5, 1, 1), 1 - std::exp(-1.5), 1e-9);        // exponential
  EXPECT_NEAR(GammaCdf(2, 2, 1), 1 - 3 * std::exp(-2.0), 1e-9);      // Erlang-2: 1 - e^-x(1+x)
  EXPECT_NEAR(GammaCdf(8, 2, 2), 1 - 5 * std::exp(-4.0), 1e-9);      // scale 2: x/beta = 4
  EXPECT_NEAR(GammaCdf(30, 3, 2), 1 - std::exp(-15.0) * (1 + 15 + 112.5), 1e-9);  // CF branch
  EXPECT_EQ(GammaCdf(0, 3, 2), 0);
}

TEST(LublinRandom, GammaHasTheRightMeanAndVariance) {
  LublinRandom rng(7);
  for (auto [a, b] : {std::pair{6.355, 0.8531}, std::pair{0.4, 2.0}, std::pair{639.1, 0.0156}}) {
    const int n = 40000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
      const double g = rng.Gamma(a, b);
      sum += g;
      sum2 += g * g;
    }
    const double mean = sum / n, var = sum2 / n - mean * mean;
    // Mean a*b, variance a*b^2; 5 standard errors of the mean, 5% on the variance.
    EXPECT_NEAR(mean, a * b, 5 * std::sqrt(a * b * b / n)) << a << "," << b;
    EXPECT_NEAR(var, a * b * b, 0.05 * a * b * b) << a << "," << b;
  }
}

TEST(GenerateLublin, SameSeedSameJobsOtherSeedOtherJobs) {
  const Workload a = Generate(Mix::kCombined, 42, 2000);
  const Workload b = Generate(Mix::kCombined, 42, 2000);
  const Workload c = Generate(Mix::kCombined, 43, 2000);
  EXPECT_EQ(FormatSwf(a), FormatSwf(b));
  EXPECT_NE(FormatSwf(a), FormatSwf(c));
}

TEST(GenerateLublin, EveryMixGivesValidRigidJobs) {
  for (Mix mix : {Mix::kBatch, Mix::kInteractive, Mix::kCombined, Mix::kTypeless}) {
    const Workload w = Generate(mix, 5, 5000, 128);
    ASSERT_EQ(w.jobs.size(), 5000u) << MixName(mix);
    EXPECT_EQ(w.machine_procs, 128);
    int batch = 0;
    for (size_t i = 0; i < w.jobs.size(); ++i) {
      const Job& j = w.jobs[i];
      ASSERT_EQ(j.id, int64_t(i) + 1);
      if (i > 0) {
        ASSERT_GE(j.submit, w.jobs[i - 1].submit);
      }
      ASSERT_GE(j.alloc_procs, 1);
      ASSERT_LE(j.alloc_procs, 128);
      ASSERT_GE(j.runtime, 1);                 // exp(Gamma) with a positive Gamma
      ASSERT_LE(j.runtime, 162755);            // redrawn above e^12
      ASSERT_EQ(j.procs, j.alloc_procs);
      ASSERT_EQ(j.estimate, j.runtime);
      ASSERT_EQ(j.req_time, -1);
      ASSERT_EQ(w.extra.size(), w.jobs.size());
      ASSERT_EQ(w.extra[i].status, 1);
      batch += w.extra[i].queue == 1;
    }
    if (mix == Mix::kBatch) {
      EXPECT_EQ(batch, 5000);
    }
    if (mix == Mix::kInteractive || mix == Mix::kTypeless) {
      EXPECT_EQ(batch, 0);
    }
    if (mix == Mix::kCombined) {
      EXPECT_GT(batch, 250);  // both streams contribute (about 1 job in 5 is batch)
      EXPECT_LT(batch, 2500);
    }
    // Interactive jobs top out at 2^(7 - 1.5) = 45 processors on 128, as the reference says.
    if (mix == Mix::kInteractive) {
      for (const Job& j : w.jobs) ASSERT_LE(j.alloc_procs, 45);
    }
  }
}

TEST(GenerateLublin, HeaderNamesModelAndRoundTripsThroughSwf) {
  const Workload w = Generate(Mix::kTypeless, 9, 300, 64);
  EXPECT_EQ(w.header.max_procs, 64);
  Result<Workload> back = ParseSwf(FormatSwf(w), "gen.swf");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->machine_procs, 64);
  EXPECT_EQ(back->header.fields, w.header.fields);
  ASSERT_EQ(back->jobs.size(), w.jobs.size());
  for (size_t i = 0; i < w.jobs.size(); ++i) {
    EXPECT_EQ(back->jobs[i].submit, w.jobs[i].submit);
    EXPECT_EQ(back->jobs[i].runtime, w.jobs[i].runtime);
    EXPECT_EQ(back->jobs[i].alloc_procs, w.jobs[i].alloc_procs);
  }
  const std::string text = FormatSwf(w);
  EXPECT_NE(text.find("m_lublin99"), std::string::npos);
  EXPECT_NE(text.find("mix=typeless seed=9"), std::string::npos);
  EXPECT_NE(text.find("SERIAL_PROB=0.244"), std::string::npos);
}

TEST(GenerateLublin, RejectsBadOptions) {
  LublinOptions o;
  o.procs = 0;
  EXPECT_EQ(GenerateLublin(o).status().code(), Status::Code::kInvalidInput);
  o.procs = 8;
  o.jobs = 0;
  EXPECT_EQ(GenerateLublin(o).status().code(), Status::Code::kInvalidInput);
  o.jobs = 5;
  o.start_hour = 24;
  EXPECT_EQ(GenerateLublin(o).status().code(), Status::Code::kInvalidInput);
  EXPECT_FALSE(ParseMix("mixed").ok());
  EXPECT_EQ(ParseMix("typeless").value(), Mix::kTypeless);
}

// lublin_256.swf (SC'17's training workload, RLScheduler's "Lublin-1") was made by m_lublin99
// with the typeless ("whole sample") parameters on 256 processors: every job is in queue 0,
// 24.9% serial (model: 24.4%), sizes up to 256. Compare our generator with it.
//
// Bounds. n = m = 10,000 jobs. For the two-sample KS statistic the critical value at
// alpha = 0.001 is 1.95 * sqrt((n + m) / (n m)) = 0.0276; with discrete data (integer seconds,
// integer sizes) the test is conservative, so 0.0276 is a fair bound for "same distribution".
// Fractions: the standard error of a difference of two proportions near 0.25 (0.6) is
// 0.0061 (0.0069); we allow 4 standard errors (0.025, 0.028). Daily cycle: the total
// variation distance between 24-bin hour-of-day histograms; arrivals are bursty (Gamma
// inter-arrivals in a cycle), so two seeds of our own generator differ by about 0.04 and the
// reference by 0.067-0.086 (seeds 1-3); 0.12 still rejects a cycle shifted by a few hours (checked below:
// starting at 08:00 instead of midnight gives well over 0.2).
TEST(GenerateLublin, MatchesTheReferenceLublin256Workload) {
  const std::string path = std::string(AIRGRID_SHARED_DIR) + "/traces/lublin_256.swf";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
  Result<Workload> ref = ReadSwf(path);
  ASSERT_TRUE(ref.ok()) << ref.status().message();
  ASSERT_EQ(ref->jobs.size(), 10000u);
  auto log_runtime = [](const Job& j) { return std::log(double(std::max<int64_t>(j.runtime, 1))); };
  auto log2_size = [](const Job& j) { return std::log2(double(j.alloc_procs)); };
  for (uint64_t seed : {1, 2, 3}) {
    const Workload gen = Generate(Mix::kTypeless, seed);
    SCOPED_TRACE("seed " + std::to_string(seed));
    EXPECT_NEAR(Fraction(gen, IsSerial), Fraction(*ref, IsSerial), 0.025);
    EXPECT_NEAR(Fraction(gen, IsParallelPowerOfTwo), Fraction(*ref, IsParallelPowerOfTwo), 0.028);
    EXPECT_LT(KolmogorovSmirnov(Column(gen, log_runtime), Column(*ref, log_runtime)), 0.0276);
    EXPECT_LT(KolmogorovSmirnov(Column(gen, log2_size), Column(*ref, log2_size)), 0.0276);
    EXPECT_LT(TotalVariation(HourShares(gen), HourShares(*ref)), 0.12);
    // Mean time between jobs: over ten seeds ours is 857 s with a standard deviation of
    // 38 s (4%), the reference 771 s (one draw, 2.3 sd below ours): a band of 25%.
    EXPECT_NEAR(MeanInterArrival(gen) / MeanInterArrival(*ref), 1.0, 0.25);
  }
  const Workload shifted = Generate(Mix::kTypeless, 1, 10000, 256, /*start=*/8);
  EXPECT_GT(TotalVariation(HourShares(shifted), HourShares(*ref)), 0.2);
}

// The gaps between submits (issue 15). Two-sample KS at 5 %: critical value
// 1.36 * sqrt((n + m) / (n m)) = 0.0192. A generator with exactly the reference's distribution
// still exceeds it in 5 % of seeds (more, as gaps within a day are correlated), so a fixed list of
// seeds cannot all be required to pass: over seeds 1-10 at most 2 may exceed 0.0192 (binomial
// tail at p = 0.05: 1.2 %), none may exceed the 0.1 % value 0.0276, and the mean KS must stay
// under the independent-sample expectation 0.87 * sqrt(2 / 10,000) = 0.0123 plus 25 %.
// Observed (seeds 1-10): 0.0108, 0.0252, 0.0084, 0.0078, 0.0107, 0.0148, 0.0116, 0.0159,
// 0.0122, 0.0122 (mean 0.0130); see docs/methodology.md.
// The published cap e^13 on a draw fails the CV (7.2 median against 5.11) and the longest gap.
TEST(GenerateLublin, TypelessInterArrivalsMatchLublin256) {
  const std::string path = std::string(AIRGRID_SHARED_DIR) + "/traces/lublin_256.swf";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
  Result<Workload> ref = ReadSwf(path);
  ASSERT_TRUE(ref.ok()) << ref.status().message();
  const std::vector<double> ref_gaps = InterArrivals(*ref);
  const double ref_max = *std::max_element(ref_gaps.begin(), ref_gaps.end());
  int above_5_percent = 0;
  double ks_sum = 0, max_sum = 0, cv_sum = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const std::vector<double> gaps = InterArrivals(Generate(Mix::kTypeless, seed));
    const double ks = KolmogorovSmirnov(gaps, ref_gaps);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", KS " + std::to_string(ks));
    EXPECT_LT(ks, 0.0276);
    above_5_percent += ks > 0.0192;
    ks_sum += ks;
    max_sum += *std::max_element(gaps.begin(), gaps.end());
    cv_sum += CoefficientOfVariation(gaps);
  }
  EXPECT_LE(above_5_percent, 2);
  EXPECT_LT(ks_sum / 10, 0.0123 * 1.25);
  // The tail: mean longest gap within 30 % of the file's 139,588 s, mean CV within 20 % of 5.11.
  EXPECT_NEAR(max_sum / 10 / ref_max, 1.0, 0.3);
  EXPECT_NEAR(cv_sum / 10 / CoefficientOfVariation(ref_gaps), 1.0, 0.2);
}

}  // namespace
}  // namespace airgrid::workload
