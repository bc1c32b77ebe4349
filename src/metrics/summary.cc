#include "airgrid/metrics/summary.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace airgrid::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Linear interpolation on an already sorted sample (numpy "linear").
double SortedQuantile(const std::vector<double>& s, double q) {
  if (s.empty()) return kNaN;
  const double h = (static_cast<double>(s.size()) - 1.0) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, s.size() - 1);
  return s[lo] + (h - static_cast<double>(lo)) * (s[hi] - s[lo]);
}

}  // namespace

double Mean(std::span<const double> x) {
  if (x.empty()) return kNaN;
  double sum = 0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

double StdDev(std::span<const double> x) {
  if (x.empty()) return kNaN;
  const double m = Mean(x);
  double ss = 0;
  for (double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(x.size()));
}

double Quantile(std::span<const double> x, double q) {
  std::vector<double> s(x.begin(), x.end());
  std::sort(s.begin(), s.end());
  return SortedQuantile(s, q);
}

Summary Summarize(std::span<const double> x) {
  Summary out;
  out.count = static_cast<long>(x.size());
  if (x.empty()) {
    out.mean = out.median = out.p95 = out.p99 = out.max = out.min = out.stddev = kNaN;
    return out;
  }
  std::vector<double> s(x.begin(), x.end());
  std::sort(s.begin(), s.end());
  out.mean = Mean(x);
  out.stddev = StdDev(x);
  out.median = SortedQuantile(s, 0.5);
  out.p95 = SortedQuantile(s, 0.95);
  out.p99 = SortedQuantile(s, 0.99);
  out.min = s.front();
  out.max = s.back();
  return out;
}

}  // namespace airgrid::metrics
