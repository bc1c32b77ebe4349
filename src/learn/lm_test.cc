#include "airgrid/learn/lm.h"

#include <cmath>

#include <Eigen/QR>
#include <gtest/gtest.h>

namespace airgrid::learn {
namespace {

// r = A θ − b.
class Linear : public LmProblem {
 public:
  Linear(Eigen::MatrixXd a, Eigen::VectorXd b) : a_(std::move(a)), b_(std::move(b)) {}
  int Residuals() const override { return static_cast<int>(a_.rows()); }
  int Parameters() const override { return static_cast<int>(a_.cols()); }
  void Evaluate(const Eigen::VectorXd& t, Eigen::VectorXd* r, Eigen::MatrixXd* j) const override {
    *r = a_ * t - b_;
    if (j) *j = a_;
  }

 private:
  Eigen::MatrixXd a_;
  Eigen::VectorXd b_;
};

// Rosenbrock as least squares: r = (10 (y − x²), 1 − x); minimum 0 at (1, 1).
class Rosenbrock : public LmProblem {
 public:
  int Residuals() const override { return 2; }
  int Parameters() const override { return 2; }
  void Evaluate(const Eigen::VectorXd& t, Eigen::VectorXd* r, Eigen::MatrixXd* j) const override {
    (*r)[0] = 10 * (t[1] - t[0] * t[0]);
    (*r)[1] = 1 - t[0];
    if (j) *j << -20 * t[0], 10, -1, 0;
  }
};

// y = a·exp(−b·t) sampled without noise: a = 3, b = 0.7.
class ExpDecay : public LmProblem {
 public:
  int Residuals() const override { return 20; }
  int Parameters() const override { return 2; }
  void Evaluate(const Eigen::VectorXd& t, Eigen::VectorXd* r, Eigen::MatrixXd* j) const override {
    for (int i = 0; i < 20; ++i) {
      const double x = 0.25 * i;
      const double e = std::exp(-t[1] * x);
      (*r)[i] = t[0] * e - 3.0 * std::exp(-0.7 * x);
      if (j) {
        (*j)(i, 0) = e;
        (*j)(i, 1) = -t[0] * x * e;
      }
    }
  }
};

class NanAtStart : public LmProblem {
 public:
  int Residuals() const override { return 1; }
  int Parameters() const override { return 1; }
  void Evaluate(const Eigen::VectorXd& t, Eigen::VectorXd* r, Eigen::MatrixXd* j) const override {
    (*r)[0] = std::sqrt(t[0]);  // NaN for t < 0
    if (j) (*j)(0, 0) = 0.5 / std::sqrt(t[0]);
  }
};

TEST(LevenbergMarquardt, LinearProblemMatchesQrSolution) {
  // Badly scaled columns (1e-3 .. 1e7), like weighted scores with p·q weights.
  Eigen::MatrixXd a(50, 3);
  Eigen::VectorXd b(50);
  for (int i = 0; i < 50; ++i) {
    const double x = 1 + i;
    a(i, 0) = 1e7 * std::log10(x + 1);
    a(i, 1) = 1e-3 * x * x;
    a(i, 2) = std::sqrt(x);
    b[i] = std::sin(x) + 0.1 * x;
  }
  const Eigen::VectorXd direct = a.colPivHouseholderQr().solve(b);
  const LmResult fit = LevenbergMarquardt(Linear(a, b), Eigen::VectorXd::Ones(3));
  ASSERT_TRUE(fit.converged()) << LmStopName(fit.stop);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(fit.theta[j], direct[j], 1e-6 * std::abs(direct[j])) << j;
  EXPECT_NEAR(fit.cost, (a * direct - b).squaredNorm(), 1e-12 * fit.cost);
}

TEST(LevenbergMarquardt, SolvesRosenbrockFromTheClassicStart) {
  const LmResult fit = LevenbergMarquardt(Rosenbrock(), Eigen::Vector2d(-1.2, 1.0));
  ASSERT_TRUE(fit.converged()) << LmStopName(fit.stop);
  EXPECT_NEAR(fit.theta[0], 1.0, 1e-9);
  EXPECT_NEAR(fit.theta[1], 1.0, 1e-9);
  EXPECT_LT(fit.cost, 1e-20);
}

TEST(LevenbergMarquardt, RecoversExponentialDecayExactly) {
  const LmResult fit = LevenbergMarquardt(ExpDecay(), Eigen::Vector2d(1.0, 0.1));
  ASSERT_TRUE(fit.converged()) << LmStopName(fit.stop);
  EXPECT_NEAR(fit.theta[0], 3.0, 1e-9);
  EXPECT_NEAR(fit.theta[1], 0.7, 1e-9);
}

TEST(LevenbergMarquardt, RankDeficientLinearProblemStopsAtTheMinimumCost) {
  // Columns 0 and 1 are identical: θ0 + θ1 is determined, not each.
  Eigen::MatrixXd a(10, 2);
  Eigen::VectorXd b(10);
  for (int i = 0; i < 10; ++i) {
    a(i, 0) = a(i, 1) = i + 1.0;
    b[i] = 2.5 * (i + 1.0) + (i % 2 ? 0.1 : -0.1);
  }
  const LmResult fit = LevenbergMarquardt(Linear(a, b), Eigen::Vector2d(1.0, 1.0));
  ASSERT_TRUE(fit.converged()) << LmStopName(fit.stop);
  const double best = (a.col(0) * a.col(0).dot(b) / a.col(0).squaredNorm() - b).squaredNorm();
  EXPECT_NEAR(fit.cost, best, 1e-10 * best);
  EXPECT_NEAR(fit.theta[0] + fit.theta[1], a.col(0).dot(b) / a.col(0).squaredNorm(), 1e-9);
}

TEST(LevenbergMarquardt, ExactFitStopsWithZeroResidual) {
  Eigen::MatrixXd a(3, 1);
  a << 1, 2, 4;
  Eigen::VectorXd b(3);
  b << 2, 4, 8;
  const LmResult fit = LevenbergMarquardt(Linear(a, b), Eigen::VectorXd::Ones(1));
  EXPECT_TRUE(fit.converged());
  EXPECT_NEAR(fit.theta[0], 2.0, 1e-12);
}

TEST(LevenbergMarquardt, NonFiniteStartIsReported) {
  const LmResult fit = LevenbergMarquardt(NanAtStart(), Eigen::VectorXd::Constant(1, -1.0));
  EXPECT_EQ(fit.stop, LmStop::kNonFinite);
  EXPECT_FALSE(fit.converged());
}

}  // namespace
}  // namespace airgrid::learn
