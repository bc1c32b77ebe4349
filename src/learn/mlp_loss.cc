#include "learn/mlp_loss.h"

#include <cassert>
#include <cmath>
#include <utility>

namespace airgrid::learn {

namespace {

// Forward pass keeping every layer's activations: acts[0] = x, acts[l + 1] = layer l's output.
std::vector<Eigen::MatrixXd> ForwardAll(const MlpModel& model, const Eigen::MatrixXd& x) {
  std::vector<Eigen::MatrixXd> acts;
  acts.reserve(model.layers().size() + 1);
  acts.push_back(x);
  for (std::size_t l = 0; l < model.layers().size(); ++l) {
    Eigen::MatrixXd z = model.weight(l).lazyProduct(acts.back());
    z.colwise() += model.bias(l);
    ApplyActivation(model.layers()[l].activation, z.data(), static_cast<std::size_t>(z.size()));
    acts.push_back(std::move(z));
  }
  return acts;
}

// log(1 + e^x) without overflow.
double Softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
double Sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  double e = std::exp(x);
  return e / (1.0 + e);
}

// Loss of outputs f and dLoss/df.
double RegressionLoss(const Eigen::VectorXd& f, const MlpBatch& b, Eigen::VectorXd* df) {
  const double n = static_cast<double>(f.size());
  Eigen::VectorXd diff = f - b.target;
  *df = (2.0 / n) * diff;
  return diff.squaredNorm() / n;
}

double PairwiseLoss(const Eigen::VectorXd& f, const MlpBatch& b, Eigen::VectorXd* df) {
  df->setZero(f.size());
  double sum = 0;
  long pairs = 0;
  for (std::size_t t = 0; t + 1 < b.tuple_begin.size(); ++t) {
    for (int i = b.tuple_begin[t]; i < b.tuple_begin[t + 1]; ++i) {
      for (int j = b.tuple_begin[t]; j < b.tuple_begin[t + 1]; ++j) {
        if (!(b.score[i] < b.score[j])) continue;  // i should run first: want f_i < f_j
        double margin = f[i] - f[j];
        sum += Softplus(margin);
        double s = Sigmoid(margin);
        (*df)[i] += s;
        (*df)[j] -= s;
        ++pairs;
      }
    }
  }
  if (pairs == 0) return 0;
  *df /= static_cast<double>(pairs);
  return sum / static_cast<double>(pairs);
}

double ActivationDerivative(Activation a, double out) {
  switch (a) {
    case Activation::kIdentity: return 1.0;
    case Activation::kTanh: return 1.0 - out * out;
    case Activation::kRelu: return out > 0 ? 1.0 : 0.0;
  }
  return 1.0;
}

}  // namespace

Eigen::VectorXd MlpForward(const MlpModel& model, const Eigen::MatrixXd& x) {
  return ForwardAll(model, x).back().row(0).transpose();
}

double MlpLossAndGradient(const MlpModel& model, const MlpBatch& batch, MlpLoss loss,
                          double weight_decay, Eigen::VectorXd* grad) {
  assert(batch.x.rows() == model.input_size());
  std::vector<Eigen::MatrixXd> acts = ForwardAll(model, batch.x);
  Eigen::VectorXd f = acts.back().row(0).transpose();
  Eigen::VectorXd df;
  double value = loss == MlpLoss::kRegression ? RegressionLoss(f, batch, &df)
                                              : PairwiseLoss(f, batch, &df);
  for (std::size_t l = 0; l < model.layers().size(); ++l)
    value += 0.5 * weight_decay * model.weight(l).squaredNorm();
  if (grad == nullptr) return value;

  grad->setZero(model.params().size());
  Eigen::MatrixXd delta = df.transpose();  // dLoss/d(layer output), 1 × n
  for (std::size_t l = model.layers().size(); l-- > 0;) {
    const MlpModel::Layer& L = model.layers()[l];
    const Eigen::MatrixXd& out = acts[l + 1];
    for (Eigen::Index k = 0; k < delta.size(); ++k)
      delta.data()[k] *= ActivationDerivative(L.activation, out.data()[k]);  // now dLoss/dz
    Eigen::Map<Eigen::MatrixXd> gW(grad->data() + L.weight_offset, L.out, L.in);
    Eigen::Map<Eigen::VectorXd> gb(grad->data() + L.bias_offset, L.out);
    gW = delta.lazyProduct(acts[l].transpose());
    gW += weight_decay * model.weight(l);
    gb = delta.rowwise().sum();
    if (l > 0) {
      // A lazy product reads `delta` while writing: evaluate into a fresh matrix first.
      Eigen::MatrixXd below = model.weight(l).transpose().lazyProduct(delta);
      delta = std::move(below);
    }
  }
  return value;
}

}  // namespace airgrid::learn
