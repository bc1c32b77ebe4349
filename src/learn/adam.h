// Adam (Kingma & Ba, 2015) on a flat parameter vector, with the paper's bias correction.
// Internal to the learn module.
#pragma once

#include <Eigen/Core>

namespace airgrid::learn {

class Adam {
 public:
  Adam(Eigen::Index size, double learning_rate, double beta1 = 0.9, double beta2 = 0.999,
       double epsilon = 1e-8);

  // params -= lr · m̂ / (sqrt(v̂) + eps), with m, v the running moments of `grad`.
  void Step(Eigen::VectorXd& params, const Eigen::VectorXd& grad);

  long steps() const { return t_; }

  // State for checkpoints: the moments and the step count (the bias-correction powers are
  // recomputed by the same repeated products, so a restored optimiser continues bit-identically).
  const Eigen::VectorXd& first_moment() const { return m_; }
  const Eigen::VectorXd& second_moment() const { return v_; }
  void Restore(long steps, const Eigen::VectorXd& m, const Eigen::VectorXd& v);

 private:
  double lr_, beta1_, beta2_, eps_;
  long t_ = 0;
  double beta1_power_ = 1, beta2_power_ = 1;
  Eigen::VectorXd m_, v_;
};

}  // namespace airgrid::learn
