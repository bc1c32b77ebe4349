// The Tsafrir–Etsion–Feitelson (2005) model of user runtime estimates. See estimates.h.
#include "airgrid/workload/estimates.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "airgrid/base/splitmix64.h"

namespace airgrid::workload {
namespace {

constexpr int64_t kMin = 60, kHour = 3600;
constexpr int kTop = 20;           // the head: the 20 most popular estimates
constexpr double kHeadShare = 89;  // % of jobs in the head (binsiz_head_sum)
// Head sizes for popularity ranks 2..20: a·e^(b·x) + c (binsiz_head_params).
constexpr double kHeadA = 14.0491, kHeadB = -0.177531, kHeadC = 0.462513;
// Tail sizes for ranks >= 21: a·x^b (binsiz_tail_params).
constexpr double kTailA = 795.6, kTailB = -2.267;
// Tail times: alpha = 1 + p·K^q (bintim_param).
constexpr double kTimeP = 12.1039, kTimeQ = -0.6026;

// The 15 popular values common to the four traces the model was fitted on.
constexpr int64_t kJoint[] = {5 * kMin,  15 * kMin, 10 * kMin, 20 * kMin, 30 * kMin,
                              1 * kHour, 2 * kHour, 3 * kHour, 4 * kHour, 5 * kHour,
                              6 * kHour, 8 * kHour, 10 * kHour, 12 * kHour, 18 * kHour};
// Round values completing the head, tried from the largest multiple down.
constexpr int64_t kRound[] = {200 * kHour, 100 * kHour, 50 * kHour, 10 * kHour, 5 * kHour,
                              2 * kHour,   1 * kHour,   20 * kMin,  10 * kMin,  5 * kMin};
// Observed popularity rank of each head time rank (0 = the maximum, then chronological) in
// the four traces SDSC SP2, CTC SP2, KTH SP2, SDSC Blue Horizon (TIMRNK_TO_POPRNK).
constexpr int kTimeRankToPopRank[kTop][4] = {
    {3, 1, 1, 1},    {1, 3, 4, 6},    {4, 4, 10, 5},   {17, 2, 14, 3},  {13, 12, 20, 7},
    {7, 9, 2, 2},    {8, 8, 3, 18},   {18, 18, 7, 19}, {2, 6, 12, 4},   {6, 7, 6, 11},
    {16, 11, 19, 20}, {10, 20, 5, 9}, {5, 16, 18, 10}, {15, 5, 16, 14}, {14, 14, 9, 13},
    {19, 13, 17, 16}, {11, 10, 15, 15}, {12, 15, 13, 17}, {9, 17, 8, 8}, {20, 19, 11, 12}};
// Number of distinct estimates as a function of jobs (piecewise linear, BINUM_LINEAR).
constexpr int64_t kBinsAt[][2] = {{0, 0},       {20, 10},     {200, 20},   {1000, 35},
                                  {10000, 90},  {70000, 340}, {250000, 565}};

// A seeded, platform-independent stream (base/splitmix64.h).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() { return SplitMix64(state_); }
  // Uniform integer in [0, n).
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  template <typename T>
  void Shuffle(std::vector<T>* v) {
    for (size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[Below(i)]);
  }

 private:
  uint64_t state_;
};

int64_t BinCount(int64_t jobs) {
  const size_t last = std::size(kBinsAt) - 1;
  if (jobs > kBinsAt[last][0]) return kBinsAt[last][1];
  size_t k = 1;
  while (jobs > kBinsAt[k][0]) ++k;
  const double slope = static_cast<double>(kBinsAt[k][1] - kBinsAt[k - 1][1]) /
                       static_cast<double>(kBinsAt[k][0] - kBinsAt[k - 1][0]);
  return kBinsAt[k - 1][1] +
         std::llround(static_cast<double>(jobs - kBinsAt[k - 1][0]) * slope);
}

// Head values: the maximum first, then the rest in increasing order.
std::vector<int64_t> HeadTimes(int64_t max_est) {
  std::vector<int64_t> v = {max_est};
  for (int64_t t : kJoint) {
    if (t < max_est) v.push_back(t);
  }
  for (int64_t mul : kRound) {
    for (int64_t t = (max_est / mul) * mul; t > 0 && v.size() < kTop; t -= mul) {
      if (std::find(v.begin(), v.end(), t) == v.end()) v.push_back(t);
    }
  }
  std::sort(v.begin() + 1, v.end());
  return v;
}

// Percent of jobs for popularity ranks 1..n (rank 1 = the rest of the head share).
std::vector<double> HeadSizes(size_t n) {
  std::vector<double> s(n, 0);
  double rest = 0;
  for (size_t i = 1; i < n; ++i) {
    s[i] = kHeadA * std::exp(kHeadB * static_cast<double>(i + 1)) + kHeadC;
    rest += s[i];
  }
  s[0] = kHeadShare - rest;
  return s;
}

// Popularity rank (1-based) of each head value, following one of the four traces' tables.
std::vector<size_t> HeadRanks(size_t n, Rng* rng) {
  const size_t trace = rng->Below(4);
  std::vector<size_t> order;  // head indexes 1..n-1 by their rank in that trace
  for (size_t i = 1; i < n; ++i) order.push_back(i);
  auto rank_in_trace = [&](size_t i) {
    const int r = kTimeRankToPopRank[i][trace];
    return r == 1 ? kTimeRankToPopRank[0][trace] : r;  // the maximum keeps rank 1
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return rank_in_trace(a) < rank_in_trace(b); });
  std::vector<size_t> rank(n, 1);
  for (size_t k = 0; k < order.size(); ++k) rank[order[k]] = k + 2;
  return rank;
}

// Tail values (s), rounded to minutes, distinct from each other and from `used`.
std::vector<int64_t> TailTimes(int64_t count, int64_t max_est, std::set<int64_t>* used) {
  std::vector<int64_t> v;
  const double alpha = 1 + kTimeP * std::pow(static_cast<double>(count + kTop), kTimeQ);
  for (int64_t i = 1; i <= count; ++i) {
    const double x = static_cast<double>(i) / static_cast<double>(count + 1);
    const double y = (alpha - 1) * x / (alpha - x);
    int64_t t = std::max<int64_t>(kMin, std::llround(y * static_cast<double>(max_est) / kMin) * kMin);
    while (used->count(t) && t > kMin) t -= kMin;
    while (used->count(t) && t < max_est) t += kMin;
    if (used->count(t)) continue;
    used->insert(t);
    v.push_back(t);
  }
  return v;
}

// Turns percents into job counts summing to `jobs` (each bin at least one job).
std::vector<int64_t> JobCounts(const std::vector<double>& percent, int64_t jobs) {
  std::vector<int64_t> n(percent.size());
  for (size_t i = 0; i < n.size(); ++i) {
    n[i] = std::max<int64_t>(1, std::llround(percent[i] * static_cast<double>(jobs) / 100));
  }
  std::vector<size_t> by_size(n.size());
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(), [&](size_t a, size_t b) { return n[a] > n[b]; });
  int64_t diff = jobs - std::accumulate(n.begin(), n.end(), int64_t{0});
  for (size_t k = 0; diff != 0; k = (k + 1) % by_size.size()) {
    int64_t& c = n[by_size[k]];
    if (diff > 0) { ++c; --diff; }
    else if (c > 1) { --c; ++diff; }
  }
  return n;
}

}  // namespace

Result<std::vector<EstimateBin>> TsafrirHistogram(int64_t jobs, int64_t max_estimate_s,
                                                  uint64_t seed) {
  if (jobs <= 0) return Status::InvalidInput("estimate model: expected at least one job");
  if (max_estimate_s < kHour) {
    return Status::InvalidInput(fmt::format(
        "estimate model: maximal estimate {} s, expected at least one hour (3600 s)", max_estimate_s));
  }
  Rng rng(seed);
  std::vector<int64_t> head = HeadTimes(max_estimate_s);
  const int64_t bins = std::min(jobs, std::max<int64_t>(BinCount(jobs), 1));
  if (static_cast<int64_t>(head.size()) > bins) head.resize(static_cast<size_t>(bins));
  const std::vector<double> head_size = HeadSizes(head.size());
  const std::vector<size_t> rank = HeadRanks(head.size(), &rng);
  std::vector<int64_t> times;
  std::vector<double> percent;
  for (size_t i = 0; i < head.size(); ++i) {
    times.push_back(head[i]);
    percent.push_back(head_size[rank[i] - 1]);
  }
  std::set<int64_t> used(head.begin(), head.end());
  const std::vector<int64_t> tail =
      TailTimes(bins - static_cast<int64_t>(head.size()), max_estimate_s, &used);
  std::vector<double> tail_size;
  for (size_t r = 0; r < tail.size(); ++r) {
    tail_size.push_back(kTailA * std::pow(static_cast<double>(r + kTop + 1), kTailB));
  }
  rng.Shuffle(&tail_size);
  const double tail_sum = std::accumulate(tail_size.begin(), tail_size.end(), 0.0);
  const double head_sum = std::accumulate(percent.begin(), percent.end(), 0.0);
  // The head keeps its 89% when there is a tail; alone, it is scaled to all jobs.
  const double head_scale = tail.empty() ? 100 / head_sum : 1;
  for (double& p : percent) p *= head_scale;
  for (size_t i = 0; i < tail.size(); ++i) {
    times.push_back(tail[i]);
    percent.push_back(tail_size[i] / tail_sum * (100 - kHeadShare));
  }
  const std::vector<int64_t> counts = JobCounts(percent, jobs);
  std::vector<EstimateBin> out;
  for (size_t i = 0; i < times.size(); ++i) out.push_back({times[i], counts[i]});
  std::sort(out.begin(), out.end(),
            [](const EstimateBin& a, const EstimateBin& b) { return a.seconds < b.seconds; });
  return out;
}

Status ApplyTsafrirEstimates(const TsafrirOptions& options, Workload* w) {
  if (w->jobs.empty()) return Status::Ok();
  int64_t longest = 0;
  for (const Job& j : w->jobs) longest = std::max(longest, j.runtime);
  int64_t max_est = options.max_estimate_s;
  if (max_est == 0) max_est = std::max<int64_t>(kHour, (longest + kHour - 1) / kHour * kHour);
  if (longest > max_est) {
    return Status::InvalidInput(fmt::format(
        "estimate model: a job runs {} s, longer than the maximal estimate {} s", longest, max_est));
  }
  Result<std::vector<EstimateBin>> hist =
      TsafrirHistogram(static_cast<int64_t>(w->jobs.size()), max_est, options.seed);
  if (!hist.ok()) return hist.status();
  std::vector<int64_t> ests;  // one per job, largest first
  for (auto it = hist->rbegin(); it != hist->rend(); ++it) ests.insert(ests.end(), it->jobs, it->seconds);
  std::vector<size_t> by_runtime(w->jobs.size());
  std::iota(by_runtime.begin(), by_runtime.end(), 0);
  std::stable_sort(by_runtime.begin(), by_runtime.end(),
                   [&](size_t a, size_t b) { return w->jobs[a].runtime > w->jobs[b].runtime; });
  const size_t n = ests.size();
  for (size_t k = 0; k < n; ++k) {
    if (w->jobs[by_runtime[k]].runtime > ests[k]) {
      return Status::InvalidInput(fmt::format(
          "estimate model: {} jobs run longer than the model's {}th largest estimate ({} s); "
          "raise the maximal estimate (now {} s)",
          k + 1, k + 1, ests[k], max_est));
    }
  }
  // Each job, longest first, draws among the unused estimates that cover its runtime.
  Rng rng(options.seed ^ 0x5eed5eed5eedULL);
  for (size_t j = 0, hi = 0; j < n; ++j) {
    Job& job = w->jobs[by_runtime[j]];
    hi = std::max(hi, j);
    while (hi + 1 < n && job.runtime <= ests[hi + 1]) ++hi;
    const size_t k = j + rng.Below(hi - j + 1);
    job.req_time = ests[k];
    job.estimate = ests[k];
    std::swap(ests[k], ests[j]);
  }
  const std::string note = fmt::format(
      "user estimates from the Tsafrir-Etsion-Feitelson 2005 model (seed {}, maximal estimate {} s)",
      options.seed, max_est);
  w->source += " + " + note;
  w->header.fields.push_back({"Note", "requested times are " + note});
  return Status::Ok();
}

Status CheckEstimateModel(const std::string& name) {
  if (name == "tsafrir" || name == "none") return Status::Ok();
  return Status::InvalidInput("estimate model '" + name + "': expected tsafrir or none");
}

}  // namespace airgrid::workload
