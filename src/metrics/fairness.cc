#include "airgrid/metrics/fairness.h"

#include <algorithm>
#include <cassert>
#include <vector>

namespace airgrid::metrics {

double JainIndex(std::span<const double> x) {
  double sum = 0, sum_sq = 0;
  for (double v : x) {
    assert(v >= 0);
    sum += v;
    sum_sq += v * v;
  }
  if (x.empty() || sum_sq == 0) return 1.0;
  return sum * sum / (static_cast<double>(x.size()) * sum_sq);
}

double Gini(std::span<const double> x) {
  std::vector<double> s(x.begin(), x.end());
  return GiniInPlace(s);
}

double GiniInPlace(std::span<double> s) {
  // Sorted form of the mean absolute difference: Σ_i (2i − n + 1)·x_(i) / (n²·mean), i from 0.
  std::sort(s.begin(), s.end());
  const double n = static_cast<double>(s.size());
  double sum = 0, weighted = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    assert(s[i] >= 0);
    sum += s[i];
    weighted += (2.0 * static_cast<double>(i) - n + 1.0) * s[i];
  }
  if (s.empty() || sum == 0) return 0.0;
  return weighted / (n * sum);
}

}  // namespace airgrid::metrics
