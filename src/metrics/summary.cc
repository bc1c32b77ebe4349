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

namespace {

// The quantiles of `s` at increasing q, by selection instead of a full sort: each order
// statistic the interpolation needs is placed by std::nth_element in the part of `s` right of
// the previous one, so the whole costs O(n) and gives exactly the sorted copy's values (an order
// statistic is one number, whatever the algorithm that finds it).
void SelectQuantiles(std::span<double> s, std::span<const double> qs, std::span<double> out) {
  size_t done = 0;  // s[0, done) holds the smallest `done` values, s[done - 1] in place
  for (size_t i = 0; i < qs.size(); ++i) {
    const double h = (static_cast<double>(s.size()) - 1.0) * qs[i];
    const size_t lo = static_cast<size_t>(std::floor(h));
    const size_t hi = std::min(lo + 1, s.size() - 1);
    if (lo >= done) {
      std::nth_element(s.begin() + static_cast<std::ptrdiff_t>(done),
                       s.begin() + static_cast<std::ptrdiff_t>(lo), s.end());
    }
    // The next order statistic is the smallest value right of lo.
    if (hi > lo) {
      std::iter_swap(s.begin() + static_cast<std::ptrdiff_t>(hi),
                     std::min_element(s.begin() + static_cast<std::ptrdiff_t>(hi), s.end()));
    }
    done = std::max(done, hi + 1);
    out[i] = s[lo] + (h - static_cast<double>(lo)) * (s[hi] - s[lo]);
  }
}

}  // namespace

Summary Summarize(std::span<const double> x) {
  std::vector<double> s(x.begin(), x.end());
  return SummarizeInPlace(s);
}

Summary SummarizeInPlace(std::span<double> x) {
  Summary out;
  out.count = static_cast<long>(x.size());
  if (x.empty()) {
    out.mean = out.median = out.p95 = out.p99 = out.max = out.min = out.stddev = kNaN;
    return out;
  }
  out.mean = Mean(x);
  out.stddev = StdDev(x);
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  out.min = *lo;
  out.max = *hi;
  const double qs[3] = {0.5, 0.95, 0.99};
  double values[3];
  SelectQuantiles(x, qs, values);
  out.median = values[0];
  out.p95 = values[1];
  out.p99 = values[2];
  return out;
}

}  // namespace airgrid::metrics
