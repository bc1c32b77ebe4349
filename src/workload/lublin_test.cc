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
    // Mean time between jobs: seeds 1-10 give 851-956 s, the reference 771 s (one run of the
    // same generator, with a light tail: its longest gap is 139,588 s): a band of 25%.
    EXPECT_NEAR(MeanInterArrival(gen) / MeanInterArrival(*ref), 1.0, 0.25);
  }
  const Workload shifted = Generate(Mix::kTypeless, 1, 10000, 256, /*start=*/8);
  EXPECT_GT(TotalVariation(HourShares(shifted), HourShares(*ref)), 0.2);
}

// SC'17's training workload lublin_256.swf (RLScheduler's "Lublin-1") is m_lublin99's typeless
// output for 256 processors from srand48(1487089399) (2017-02-14 16:23:19 UTC, the reference
// seeds with time(NULL)); found by replaying the reference's draws over the seeds of 2010-2017.
// Our generator draws exactly as the reference, so it gives the file record for record.
constexpr uint64_t kLublin256Seed = 1487089399;

// The file's first records (submit, runtime, size), copied by hand: this check needs no ../shared.
TEST(GenerateLublin, StartsAsLublin256WithItsSeed) {
  const int64_t expected[][3] = {{5094, 12072, 16}, {5170, 2, 1},  {6742, 24089, 1},
                                 {7287, 9053, 128}, {7454, 8843, 1}, {8071, 8, 1},
                                 {8184, 82, 1},     {9213, 652, 32}};
  const Workload w = Generate(Mix::kTypeless, kLublin256Seed, 8);
  ASSERT_EQ(w.jobs.size(), 8u);
  ASSERT_EQ(w.extra.size(), 8u);
  for (size_t i = 0; i < 8; ++i) {
    SCOPED_TRACE("job " + std::to_string(i + 1));
    EXPECT_EQ(w.jobs[i].submit, expected[i][0]);
    EXPECT_EQ(w.jobs[i].runtime, expected[i][1]);
    EXPECT_EQ(w.jobs[i].alloc_procs, expected[i][2]);
    EXPECT_EQ(w.extra[i].queue, 0);
  }
}

TEST(GenerateLublin, ReproducesLublin256RecordForRecord) {
  const std::string path = std::string(AIRGRID_SHARED_DIR) + "/traces/lublin_256.swf";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent (a fresh clone has no ../shared)";
  Result<Workload> ref = ReadSwf(path);
  ASSERT_TRUE(ref.ok()) << ref.status().message();
  const Workload gen = Generate(Mix::kTypeless, kLublin256Seed, 10000);
  ASSERT_EQ(gen.jobs.size(), ref->jobs.size());
  ASSERT_EQ(gen.extra.size(), gen.jobs.size());
  ASSERT_EQ(ref->extra.size(), ref->jobs.size());
  int differing = 0;
  for (size_t i = 0; i < gen.jobs.size(); ++i) {
    const Job& a = gen.jobs[i];
    const Job& b = ref->jobs[i];
    const bool same = a.id == b.id && a.submit == b.submit && a.runtime == b.runtime &&
                      a.alloc_procs == b.alloc_procs && gen.extra[i].queue == ref->extra[i].queue &&
                      gen.extra[i].status == ref->extra[i].status;
    if (!same && differing++ < 3) ADD_FAILURE() << "job " << b.id << " differs from " << path;
  }
  EXPECT_EQ(differing, 0);
}

// The gaps between submits (issue 15): a two-sample KS test at 5 % against lublin_256 (made
// here from its seed, so this runs without ../shared; the test above ties it to the file).
// The textbook critical value 1.36 * sqrt((n + m) / (n m)) = 0.0192 assumes independent gaps;
// Lublin's gaps are not (a daily cycle, and each draw carries the previous one's remainder), so
// two independent runs of the exact reference generator exceed 0.0192 in about 12 % of seed
// pairs. The test therefore takes its 5 % critical value from the generator itself: the 95th
// percentile of the KS statistic between 60 pairs of independent seeds. Seeds 1-5 must pass.
// Measured: critical 0.0222 (iid value 0.0192); seeds 1-5 0.0079, 0.0128, 0.0200, 0.0154, 0.0079.
TEST(GenerateLublin, TypelessInterArrivalsPassKsAgainstLublin256ForSeeds1To5) {
  const std::vector<double> ref_gaps = InterArrivals(Generate(Mix::kTypeless, kLublin256Seed));
  std::vector<double> null_ks;
  for (uint64_t k = 0; k < 60; ++k) {
    null_ks.push_back(KolmogorovSmirnov(InterArrivals(Generate(Mix::kTypeless, 1000 + 2 * k)),
                                        InterArrivals(Generate(Mix::kTypeless, 1001 + 2 * k))));
  }
  std::sort(null_ks.begin(), null_ks.end());
  const double critical = null_ks[56];  // the 57th of 60: the empirical 95th percentile
  RecordProperty("ks_critical_5_percent", std::to_string(critical));
  EXPECT_GT(critical, 0.0192) << "gaps look independent: the textbook value would do";
  EXPECT_LT(critical, 0.0276) << "the generator's runs disagree more than the 0.1 % iid value";
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const double ks = KolmogorovSmirnov(InterArrivals(Generate(Mix::kTypeless, seed)), ref_gaps);
    EXPECT_LT(ks, critical) << "seed " << seed << " (5 % critical value " << critical << ")";
  }
}

TEST(GenerateLublin, RefusesSeedsTheReferenceCannotTake) {
  LublinOptions o;
  o.jobs = 3;
  o.seed = 4294967295u;
  EXPECT_TRUE(GenerateLublin(o).ok());
  o.seed = 4294967296u;
  const Status s = GenerateLublin(o).status();
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("4294967296"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace airgrid::workload
