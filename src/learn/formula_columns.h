// Internal to the formula search: the data of a scores table as column arrays, with every
// guarded transform of p, q, r computed once (4 functions × numerator/divisor × 3 variables),
// so building a form's basis is a few element-wise products.
#pragma once

#include <array>
#include <span>

#include <Eigen/Core>

#include "airgrid/learn/formula.h"
#include "airgrid/learn/scores.h"

namespace airgrid::learn {

struct FormColumns {
  explicit FormColumns(std::span<const ScoreRow> rows);

  // n × FreeCount() matrix of the form's basis terms (formula.h), in θ order.
  Eigen::MatrixXd Basis(const FormSpec& form) const;

  Eigen::VectorXd y;  // scores
  Eigen::VectorXd w;  // p·q: residual weights are w² (sigma = 1/(p·q))
  // factor[var][fn][0] = fn(x) as a numerator, [1] = 1 / fn(x + 1e-10) (a divisor).
  std::array<std::array<std::array<Eigen::ArrayXd, 2>, 4>, 3> factor;
};

}  // namespace airgrid::learn
