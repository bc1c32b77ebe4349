#include "airgrid/metrics/regression.h"

#include <cmath>
#include <limits>
#include <string>

namespace airgrid::metrics {

Result<RegressionReport> Regression(std::span<const double> truth, std::span<const double> pred) {
  if (truth.size() != pred.size())
    return Status::InvalidInput("truth has " + std::to_string(truth.size()) +
                                " values but prediction has " + std::to_string(pred.size()));
  if (truth.empty()) return Status::InvalidInput("no values to compare");
  const double n = static_cast<double>(truth.size());
  double mean_y = 0;
  for (double y : truth) mean_y += y;
  mean_y /= n;
  double abs_sum = 0, ss_res = 0, ss_tot = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    const double e = truth[i] - pred[i];
    abs_sum += std::fabs(e);
    ss_res += e * e;
    ss_tot += (truth[i] - mean_y) * (truth[i] - mean_y);
  }
  RegressionReport r;
  r.n = static_cast<long>(truth.size());
  r.mae = abs_sum / n;
  r.rmse = std::sqrt(ss_res / n);
  if (truth.size() < 2) r.r2 = std::numeric_limits<double>::quiet_NaN();  // sklearn: undefined
  else if (ss_tot != 0) r.r2 = 1.0 - ss_res / ss_tot;
  else r.r2 = (ss_res == 0) ? 1.0 : 0.0;
  return r;
}

}  // namespace airgrid::metrics
