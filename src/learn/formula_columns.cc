#include "learn/formula_columns.h"

#include <vector>

namespace airgrid::learn {

FormColumns::FormColumns(std::span<const ScoreRow> rows) {
  const Eigen::Index n = static_cast<Eigen::Index>(rows.size());
  y.resize(n);
  w.resize(n);
  std::array<Eigen::ArrayXd, 3> x;
  for (auto& v : x) v.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const ScoreRow& row = rows[i];
    y[i] = row.score;
    w[i] = row.p * row.q;
    x[0][i] = row.p;
    x[1][i] = row.q;
    x[2][i] = row.r;
  }
  for (int var = 0; var < 3; ++var) {
    const Eigen::ArrayXd& v = x[var];
    for (int f = 0; f < 4; ++f) {
      const Fn fn = static_cast<Fn>(f);
      // The transforms in array form; the same values as ApplyFn (formula.cc), row by row.
      const Eigen::ArrayXd numerator = v.unaryExpr([fn](double s) { return ApplyFn(fn, s, false); });
      const Eigen::ArrayXd divisor = v.unaryExpr([fn](double s) { return ApplyFn(fn, s, true); });
      factor[var][f][0] = numerator;
      factor[var][f][1] = divisor.inverse();
    }
  }
}

Eigen::MatrixXd FormColumns::Basis(const FormSpec& form) const {
  const Eigen::Index n = y.size();
  auto col = [&](int var, Fn fn, bool divisor) -> const Eigen::ArrayXd& {
    return factor[var][static_cast<int>(fn)][divisor ? 1 : 0];
  };
  std::vector<Eigen::ArrayXd> terms;
  if (form.op1 == Op::kAdd) {
    terms = {col(0, form.g, false), col(1, form.h, false)};
  } else {
    terms = {col(0, form.g, false) * col(1, form.h, form.op1 == Op::kDiv)};
  }
  if (form.op2 == Op::kAdd) {
    terms.push_back(col(2, form.k, false));
  } else {
    for (auto& t : terms) t *= col(2, form.k, form.op2 == Op::kDiv);
  }
  Eigen::MatrixXd basis(n, static_cast<Eigen::Index>(terms.size()));
  for (size_t j = 0; j < terms.size(); ++j) basis.col(static_cast<Eigen::Index>(j)) = terms[j].matrix();
  return basis;
}

}  // namespace airgrid::learn
