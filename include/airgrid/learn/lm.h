// Levenberg–Marquardt for small nonlinear least-squares problems: minimise ||r(θ)||² over a
// handful of parameters θ and many residuals r (thousands of rows).
//
// Contract:
// - The problem evaluates the residual vector r(θ) (length Residuals()) and, when asked, its
//   Jacobian J = ∂r/∂θ (Residuals() × Parameters()). Weights belong in the residuals: for a
//   weighted fit with standard deviations σ_i pass r_i = (f_i(θ) − y_i) / σ_i (SciPy's
//   curve_fit with `sigma`).
// - Steps solve min ||J δ + r||² + λ ||D δ||² through a QR factorisation of J (never the normal
//   equations, whose condition number is squared), with Marquardt's scaling D = running maximum
//   of J's column norms (as MINPACK), and Nielsen's (1999) update of the damping λ.
// - Stops when the gradient, the relative decrease of the cost or the scaled step falls below
//   its tolerance, or after max_iterations; the result says which. A non-finite residual at a
//   trial point counts as a failed step (λ grows); at the starting point it stops at once.
// - Deterministic: no randomness, no threads; same input, same bits.
#pragma once

#include <cstdint>
#include <string_view>

#include <Eigen/Core>

namespace airgrid::learn {

class LmProblem {
 public:
  virtual ~LmProblem() = default;
  virtual int Residuals() const = 0;
  virtual int Parameters() const = 0;
  // Writes r(θ) into *residuals (already sized) and, if `jacobian` is not null, J(θ).
  virtual void Evaluate(const Eigen::VectorXd& theta, Eigen::VectorXd* residuals,
                        Eigen::MatrixXd* jacobian) const = 0;
};

struct LmOptions {
  int max_iterations = 200;
  double ftol = 1e-14;   // relative decrease of the cost (actual and predicted) below which we stop
  double xtol = 1e-13;   // scaled step ||Dδ|| below xtol·(||Dθ|| + xtol)
  double gtol = 1e-15;   // max_j |J_jᵀ r| / (||J_j||·||r||) below which we stop
  double initial_damping = 1e-3;  // λ0: the first step damps by λ0·diag(JᵀJ) (Marquardt)
};

enum class LmStop {
  kGradient,       // gradient (cosine between r and J's columns) below gtol
  kCost,           // relative cost decrease below ftol
  kStep,           // scaled step below xtol
  kZeroResidual,   // the cost is exactly zero
  kMaxIterations,
  kNonFinite,      // r(θ0) is not finite
};
std::string_view LmStopName(LmStop stop);

struct LmResult {
  Eigen::VectorXd theta;
  double cost = 0;        // ||r(θ)||² at the returned θ
  int iterations = 0;     // Jacobian evaluations
  int evaluations = 0;    // residual evaluations
  LmStop stop = LmStop::kMaxIterations;
  // True unless it ran out of iterations or started at a non-finite point.
  bool converged() const { return stop != LmStop::kMaxIterations && stop != LmStop::kNonFinite; }
};

LmResult LevenbergMarquardt(const LmProblem& problem, const Eigen::VectorXd& theta0,
                            const LmOptions& options = {});

}  // namespace airgrid::learn
