#include "airgrid/learn/lm.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/QR>

namespace airgrid::learn {

std::string_view LmStopName(LmStop stop) {
  switch (stop) {
    case LmStop::kGradient: return "gradient";
    case LmStop::kCost: return "cost";
    case LmStop::kStep: return "step";
    case LmStop::kZeroResidual: return "zero-residual";
    case LmStop::kMaxIterations: return "max-iterations";
    case LmStop::kNonFinite: return "non-finite";
  }
  return "?";
}

namespace {

// The linearised problem at the current point, reduced by a QR factorisation of J:
// ||r + Jδ||² = ||qtr + Rδ||² + (cost − ||qtr||²), so steps only touch k×k quantities.
struct Linearisation {
  Eigen::MatrixXd R;         // k×k upper triangle of J = QR
  Eigen::VectorXd qtr;       // first k entries of Qᵀ r
  Eigen::VectorXd col_norm;  // ||J_j||
};

Linearisation Linearise(const Eigen::MatrixXd& J, const Eigen::VectorXd& r,
                        Eigen::HouseholderQR<Eigen::MatrixXd>* qr) {
  const Eigen::Index k = J.cols();
  qr->compute(J);
  Linearisation lin;
  lin.R = qr->matrixQR().topRows(k).triangularView<Eigen::Upper>();
  lin.qtr = (qr->householderQ().adjoint() * r).head(k);
  lin.col_norm = J.colwise().norm().transpose();
  return lin;
}

// Largest cosine between r and a column of J: zero at a stationary point whatever the scales.
double GradientCosine(const Linearisation& lin, double cost) {
  const Eigen::VectorXd g = lin.R.transpose() * lin.qtr;  // Jᵀ r
  double worst = 0;
  for (Eigen::Index j = 0; j < g.size(); ++j) {
    if (lin.col_norm[j] > 0) worst = std::max(worst, std::abs(g[j]) / (lin.col_norm[j] * std::sqrt(cost)));
  }
  return worst;
}

// Solves min ||qtr + Rδ||² + λ||Dδ||² through the QR of the stacked 2k×k matrix [R; √λ D].
Eigen::VectorXd DampedStep(const Linearisation& lin, const Eigen::VectorXd& D, double lambda) {
  const Eigen::Index k = lin.R.cols();
  Eigen::MatrixXd A(2 * k, k);
  A.topRows(k) = lin.R;
  A.bottomRows(k) = (std::sqrt(lambda) * D).asDiagonal();
  Eigen::VectorXd b = Eigen::VectorXd::Zero(2 * k);
  b.head(k) = -lin.qtr;
  return A.householderQr().solve(b);
}

}  // namespace

LmResult LevenbergMarquardt(const LmProblem& problem, const Eigen::VectorXd& theta0,
                            const LmOptions& options) {
  const int n = problem.Residuals();
  const int k = problem.Parameters();
  LmResult out;
  out.theta = theta0;
  Eigen::VectorXd r(n), r_trial(n);
  Eigen::MatrixXd J(n, k), J_trial(n, k);
  problem.Evaluate(out.theta, &r, &J);
  out.evaluations = 1;
  out.cost = r.squaredNorm();
  if (!std::isfinite(out.cost) || !J.allFinite()) {
    out.stop = LmStop::kNonFinite;
    return out;
  }
  if (out.cost == 0) {
    out.stop = LmStop::kZeroResidual;
    return out;
  }

  Eigen::HouseholderQR<Eigen::MatrixXd> qr(n, k);
  Eigen::VectorXd D = Eigen::VectorXd::Zero(k);
  double lambda = -1;
  double nu = 2;
  while (out.iterations < options.max_iterations) {
    ++out.iterations;
    const Linearisation lin = Linearise(J, r, &qr);
    if (GradientCosine(lin, out.cost) <= options.gtol) {
      out.stop = LmStop::kGradient;
      return out;
    }
    // Marquardt scaling: a column that is zero everywhere gets 1 so the damping stays regular.
    for (int j = 0; j < k; ++j) D[j] = std::max(D[j], lin.col_norm[j] > 0 ? lin.col_norm[j] : 1.0);
    // D carries the columns' scales, so λ is dimensionless: λ·D² is a fraction of diag(JᵀJ).
    if (lambda < 0) lambda = options.initial_damping;
    const double model_floor = out.cost - lin.qtr.squaredNorm();  // part no step can remove

    for (;;) {
      const Eigen::VectorXd step = DampedStep(lin, D, lambda);
      const double predicted = out.cost - model_floor - (lin.qtr + lin.R * step).squaredNorm();
      const Eigen::VectorXd trial = out.theta + step;
      problem.Evaluate(trial, &r_trial, &J_trial);
      ++out.evaluations;
      const double trial_cost = r_trial.squaredNorm();
      const bool finite = std::isfinite(trial_cost) && J_trial.allFinite();
      const double actual = finite ? out.cost - trial_cost : -std::numeric_limits<double>::infinity();
      const bool tiny_step = (D.cwiseProduct(step)).norm() <=
                             options.xtol * ((D.cwiseProduct(out.theta)).norm() + options.xtol);
      if (predicted > 0 && actual > 0) {
        const double rho = actual / predicted;
        const double old_cost = out.cost;
        out.theta = trial;
        out.cost = trial_cost;
        r.swap(r_trial);
        J.swap(J_trial);
        lambda *= std::max(1.0 / 3.0, 1.0 - std::pow(2.0 * rho - 1.0, 3));
        nu = 2;
        if (out.cost == 0) {
          out.stop = LmStop::kZeroResidual;
          return out;
        }
        if (actual <= options.ftol * old_cost && predicted <= options.ftol * old_cost) {
          out.stop = LmStop::kCost;
          return out;
        }
        if (tiny_step) {
          out.stop = LmStop::kStep;
          return out;
        }
        break;
      }
      // Rejected: the model promises nothing measurable, or the step is too small to matter.
      if (predicted <= options.ftol * out.cost) {
        out.stop = LmStop::kCost;
        return out;
      }
      if (tiny_step) {
        out.stop = LmStop::kStep;
        return out;
      }
      lambda *= nu;
      nu *= 2;
      if (!(lambda < 1e300)) {  // the damping can no longer produce a meaningful step
        out.stop = LmStop::kStep;
        return out;
      }
    }
  }
  out.stop = LmStop::kMaxIterations;
  return out;
}

}  // namespace airgrid::learn
