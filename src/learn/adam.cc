#include "learn/adam.h"

#include <cassert>
#include <cmath>

namespace airgrid::learn {

Adam::Adam(Eigen::Index size, double learning_rate, double beta1, double beta2, double epsilon)
    : lr_(learning_rate), beta1_(beta1), beta2_(beta2), eps_(epsilon),
      m_(Eigen::VectorXd::Zero(size)), v_(Eigen::VectorXd::Zero(size)) {}

void Adam::Step(Eigen::VectorXd& params, const Eigen::VectorXd& grad) {
  assert(params.size() == m_.size() && grad.size() == m_.size());
  ++t_;
  beta1_power_ *= beta1_;
  beta2_power_ *= beta2_;
  const double c1 = 1.0 / (1.0 - beta1_power_);
  const double c2 = 1.0 / (1.0 - beta2_power_);
  for (Eigen::Index i = 0; i < params.size(); ++i) {
    m_[i] = beta1_ * m_[i] + (1.0 - beta1_) * grad[i];
    v_[i] = beta2_ * v_[i] + (1.0 - beta2_) * grad[i] * grad[i];
    params[i] -= lr_ * (m_[i] * c1) / (std::sqrt(v_[i] * c2) + eps_);
  }
}

void Adam::Restore(long steps, const Eigen::VectorXd& m, const Eigen::VectorXd& v) {
  t_ = steps;
  m_ = m;
  v_ = v;
  beta1_power_ = beta2_power_ = 1;
  for (long i = 0; i < steps; ++i) {
    beta1_power_ *= beta1_;
    beta2_power_ *= beta2_;
  }
}

}  // namespace airgrid::learn
