// A small multilayer perceptron that scores waiting jobs (lower runs first), on Eigen.
//
// Contract:
// - Inputs are features a scheduler can compute at decision time from the job alone (see
//   MlpFeature), each standardised with the training set's mean and standard deviation that
//   the model carries: x = (feature - mean) / std.
// - Layers are dense: z = W·a + b with W of shape out × in (PyTorch's nn.Linear layout), then
//   the layer's activation. The last layer has one output and the identity activation.
// - The output is a score: lower means "start this job first". It has no unit; only its order
//   within a decision matters.
// - The model is a value type; all numbers are float64. Parameters live in one flat vector
//   (per layer: W in column-major order, then b), which is what the optimiser and the gradient
//   check work on. The JSON file stores W row by row (see docs/formats.md).
// - MlpEvaluator scores a batch of jobs through the network with buffers reused across calls:
//   after the first call of a given batch size it never allocates.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "airgrid/base/status.h"

namespace airgrid::learn {

// Job features the network may use. log10 uses log10(1 + x), defined for x >= 0 (a zero
// runtime or the window's first job at r = 0 is legal input); for x >= 10 it differs from
// log10(x) by less than 0.05.
enum class MlpFeature {
  kLog10P,  // "log10p": log10(1 + p), p = processing time (s)
  kLog10Q,  // "log10q": log10(1 + q), q = processors
  kLog10R,  // "log10r": log10(1 + r), r = submit time since the window origin (s)
  kQ,       // "q": processors, linear (F1 uses q linearly)
  kLog10Area,  // "log10area": log10(1 + p·q), the job's area in processor-seconds
  // Decision-time features (model format 2; the policy is then re-scored at every decision):
  kLog10Wait,  // "log10wait": log10(1 + wait so far), wait = now - submit (s)
  kFreeShare,  // "free": free processors / machine processors, in [0, 1]
  kFits,       // "fits": 1 when the job fits in the free processors now, else 0
};

// One job as the network sees it. Tables of past decisions (scores.h) only know p, q, r.
struct MlpJob {
  double p = 0, q = 0, r = 0;
  double age = 0;      // wait so far (s)
  double free = 0;     // free processors now
  double machine = 0;  // machine processors
};

// True for features that change while a job waits (log10wait) or with the machine state
// (free, fits).
bool MlpFeatureIsDynamic(MlpFeature f);
bool MlpFeatureUsesMachine(MlpFeature f);

std::string_view MlpFeatureName(MlpFeature f);
Result<MlpFeature> ParseMlpFeature(std::string_view name);
// "log10p,log10q,log10r" -> features; InvalidInput naming the unknown one.
Result<std::vector<MlpFeature>> ParseMlpFeatureList(std::string_view list);

inline double MlpFeatureValue(MlpFeature f, const MlpJob& j) {
  const double p = j.p, q = j.q, r = j.r;
  switch (f) {
    case MlpFeature::kLog10P: return std::log10(1.0 + (p > 0 ? p : 0.0));
    case MlpFeature::kLog10Q: return std::log10(1.0 + (q > 0 ? q : 0.0));
    case MlpFeature::kLog10R: return std::log10(1.0 + (r > 0 ? r : 0.0));
    case MlpFeature::kQ: return q;
    case MlpFeature::kLog10Area: return std::log10(1.0 + (p > 0 && q > 0 ? p * q : 0.0));
    case MlpFeature::kLog10Wait: return std::log10(1.0 + (j.age > 0 ? j.age : 0.0));
    case MlpFeature::kFreeShare: return j.machine > 0 ? j.free / j.machine : 0.0;
    case MlpFeature::kFits: return q <= j.free ? 1.0 : 0.0;
  }
  return 0.0;
}

inline double MlpFeatureValue(MlpFeature f, double p, double q, double r) {
  return MlpFeatureValue(f, MlpJob{p, q, r});
}

enum class Activation { kIdentity, kTanh, kRelu };
std::string_view ActivationName(Activation a);  // "identity", "tanh", "relu"
Result<Activation> ParseActivation(std::string_view name);

// What scoring one job costs, counted from the architecture (the grid's "cost" criteria).
struct MlpCost {
  int64_t parameters = 0;        // weights + biases
  int64_t model_bytes = 0;       // parameters + standardisation, stored as float64
  // Floating-point operations per job: dense layers 2·in·out each (a multiply and an add per
  // weight; the bias add replaces the first add), standardisation 2 per input, ReLU 1 per
  // unit, tanh and log10 counted as 1 each (also listed in `transcendentals_per_job`).
  int64_t flops_per_job = 0;
  int64_t transcendentals_per_job = 0;  // log10 of the features + tanh units
};

class MlpModel {
 public:
  struct Layer {
    int in = 0;
    int out = 0;
    Activation activation = Activation::kIdentity;
    std::size_t weight_offset = 0;  // into params(): W column-major (out × in)
    std::size_t bias_offset = 0;    // then b (out)
  };

  MlpModel() = default;
  // An architecture with zero parameters, unit standardisation: features.size() inputs,
  // hidden layers of the given widths with `hidden_activation`, one identity output.
  MlpModel(std::vector<MlpFeature> features, const std::vector<int>& hidden,
           Activation hidden_activation);

  const std::vector<MlpFeature>& features() const { return features_; }
  int input_size() const { return static_cast<int>(features_.size()); }
  const std::vector<Layer>& layers() const { return layers_; }

  Eigen::VectorXd& params() { return params_; }
  const Eigen::VectorXd& params() const { return params_; }
  Eigen::Map<const Eigen::MatrixXd> weight(std::size_t l) const {
    const Layer& L = layers_[l];
    return {params_.data() + L.weight_offset, L.out, L.in};
  }
  Eigen::Map<Eigen::MatrixXd> weight(std::size_t l) {
    const Layer& L = layers_[l];
    return {params_.data() + L.weight_offset, L.out, L.in};
  }
  Eigen::Map<const Eigen::VectorXd> bias(std::size_t l) const {
    return {params_.data() + layers_[l].bias_offset, layers_[l].out};
  }
  Eigen::Map<Eigen::VectorXd> bias(std::size_t l) {
    return {params_.data() + layers_[l].bias_offset, layers_[l].out};
  }

  // Standardisation: x = (feature - mean) / std, per input.
  Eigen::VectorXd& feature_mean() { return mean_; }
  Eigen::VectorXd& feature_std() { return std_; }
  const Eigen::VectorXd& feature_mean() const { return mean_; }
  const Eigen::VectorXd& feature_std() const { return std_; }

  // Hidden widths, e.g. {16, 16}, and the hidden activation (all hidden layers share it).
  std::vector<int> hidden() const;
  Activation hidden_activation() const;

  MlpCost Cost() const;

  // Whether any input changes while jobs wait / with the machine state (see MlpFeature).
  bool time_dependent() const;
  bool machine_dependent() const;

  // Standardised inputs of one job, written to x (input_size() values).
  void Inputs(const MlpJob& job, double* x) const {
    for (std::size_t i = 0; i < features_.size(); ++i)
      x[i] = (MlpFeatureValue(features_[i], job) - mean_[i]) / std_[i];
  }
  void Inputs(double p, double q, double r, double* x) const { Inputs(MlpJob{p, q, r}, x); }

  // Score of one job (allocates; for tests and tools, not for the simulator).
  double ScoreOne(double p, double q, double r) const;
  double ScoreOne(const MlpJob& job) const;

 private:
  std::vector<MlpFeature> features_;
  Eigen::VectorXd mean_, std_;
  std::vector<Layer> layers_;
  Eigen::VectorXd params_;
};

// Applies an activation in place.
void ApplyActivation(Activation a, double* z, std::size_t n);

// Scores batches through a model with reusable buffers. The model must outlive the evaluator.
class MlpEvaluator {
 public:
  explicit MlpEvaluator(const MlpModel* model);

  // out[i] = network(p_of(i), q_of(i), r_of(i)) for i < n. `job(i)` returns something with
  // fields p, q, r (e.g. sched::JobFeatures or ScoreRow). Allocates only when n exceeds every
  // earlier n.
  template <typename JobAt>
  void Score(std::size_t n, JobAt job, double* out) {
    Reserve(n);
    const int d = model_->input_size();
    for (std::size_t i = 0; i < n; ++i) {
      const auto& j = job(i);
      if constexpr (requires { j.age; j.free; j.machine; }) {
        model_->Inputs(MlpJob{j.p, j.q, j.r, j.age, j.free, j.machine}, input_.data() + i * d);
      } else {
        model_->Inputs(MlpJob{j.p, j.q, j.r}, input_.data() + i * d);
      }
    }
    Run(n, out);
  }

 private:
  void Reserve(std::size_t n);
  void Run(std::size_t n, double* out);

  const MlpModel* model_;
  std::size_t capacity_ = 0;
  std::vector<double> input_;              // d × capacity, column per job
  std::vector<std::vector<double>> act_;   // per layer: out × capacity
};

// JSON (schema in docs/formats.md). format_version 1 when every feature is one of the
// original five, 2 when the model uses a decision-time feature; the reader accepts both and
// refuses any other version (InvalidInput naming the file and the key).
// `ToJson` writes the network part
// (format, features, standardisation, layers, cost); callers add provenance and training.
nlohmann::json MlpModelToJson(const MlpModel& model);
// Reads the network part. `name` (the file) is used in messages, which name the key, e.g.
// "mlp.json: key 'layers[1].weight': expected 16 rows of 16 numbers".
Result<MlpModel> MlpModelFromJson(const nlohmann::json& j, const std::string& name);
Result<MlpModel> LoadMlpModel(const std::string& path);

}  // namespace airgrid::learn
