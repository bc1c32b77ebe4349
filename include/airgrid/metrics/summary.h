// Descriptive statistics of a sample, with the conventions of NumPy's defaults:
// Quantile uses linear interpolation between order statistics (numpy.quantile's "linear"
// method, h = (n−1)·q). Mean/Quantile of an empty sample are NaN (the caller decides how to
// report "no data"); StdDev is the population standard deviation (ddof = 0).
#pragma once

#include <span>
#include <vector>

namespace airgrid::metrics {

double Mean(std::span<const double> x);
double StdDev(std::span<const double> x);
// q in [0, 1]. Copies and partially sorts; O(n).
double Quantile(std::span<const double> x, double q);

struct Summary {
  double mean = 0, median = 0, p95 = 0, p99 = 0, max = 0, min = 0, stddev = 0;
  long count = 0;
};
// All of the above; the quantiles by selection on one copy (O(n), no full sort), equal to the
// sorted copy's. NaNs in every field when x is empty.
Summary Summarize(std::span<const double> x);
// The same figures without the copy: reorders x (the quantiles' selection).
Summary SummarizeInPlace(std::span<double> x);

}  // namespace airgrid::metrics
