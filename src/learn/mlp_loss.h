// Losses of the MLP and their exact gradients by backpropagation. Internal to the learn module
// (the tests check the gradients against finite differences).
//
// Products use Eigen's coefficient-based evaluation (lazyProduct): Eigen's blocked GEMM may
// split work across OpenMP threads with thread-dependent blocking, which would make the
// summation order, hence the trained bits, depend on the thread count.
#pragma once

#include <vector>

#include <Eigen/Core>

#include "airgrid/learn/mlp.h"
#include "airgrid/learn/mlp_train.h"

namespace airgrid::learn {

// A mini-batch of whole tuples.
struct MlpBatch {
  Eigen::MatrixXd x;              // input_size × n standardised inputs, one column per job
  Eigen::VectorXd target;         // regression target per job
  Eigen::VectorXd score;          // true score per job (pairs are ordered by it)
  std::vector<int> tuple_begin;   // start column of each tuple, then n
};

// Network outputs (n) for the batch.
Eigen::VectorXd MlpForward(const MlpModel& model, const Eigen::MatrixXd& x);

// The loss of `model` on `batch` (plus weight_decay/2 · Σ W²); if `grad` is not null it
// receives dLoss/dparams (resized to params().size()).
double MlpLossAndGradient(const MlpModel& model, const MlpBatch& batch, MlpLoss loss,
                          double weight_decay, Eigen::VectorXd* grad);

}  // namespace airgrid::learn
