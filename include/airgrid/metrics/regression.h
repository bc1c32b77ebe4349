// Regression metrics with scikit-learn 1.2.1 conventions (uniform weights, one output).
//
//  MAE  = mean |y − ŷ|                       (sklearn.metrics.mean_absolute_error)
//  RMSE = sqrt(mean (y − ŷ)²)                (mean_squared_error(squared=False))
//  R²   = 1 − SS_res / SS_tot                (r2_score, force_finite=True): when y is constant,
//         R² = 1 if the prediction is perfect, else 0 (instead of ±inf/NaN); with fewer than two
//         samples R² is NaN (sklearn warns "not well-defined").
// Inputs must have the same non-zero length, else InvalidInput.
#pragma once

#include <span>

#include "airgrid/base/status.h"

namespace airgrid::metrics {

struct RegressionReport {
  double mae = 0, rmse = 0, r2 = 0;
  long n = 0;
};

Result<RegressionReport> Regression(std::span<const double> truth, std::span<const double> pred);

}  // namespace airgrid::metrics
