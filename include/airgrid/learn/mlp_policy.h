// The MLP as a scheduling policy: `airgrid simulate --policy mlp:FILE`.
//
// MlpPolicy scores the whole look-ahead window in one batched pass through the network
// (MlpEvaluator: buffers reused, no allocation per job or per decision once the largest
// window was seen). It uses p, q, r only, so TimeDependent() is false. Score is the network
// output: lower runs first.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "airgrid/base/status.h"
#include "airgrid/learn/mlp.h"
#include "airgrid/sched/policy.h"

namespace airgrid::learn {

class MlpPolicy : public sched::Policy {
 public:
  // `path` is only used for Name() ("mlp:<path>").
  MlpPolicy(MlpModel model, std::string path);

  std::string Name() const override { return "mlp:" + path_; }
  bool TimeDependent() const override { return false; }
  void Score(std::span<const sched::JobFeatures> jobs, std::span<double> scores) override;

  const MlpModel& model() const { return *model_; }

 private:
  std::unique_ptr<MlpModel> model_;  // stable address for the evaluator
  std::string path_;
  MlpEvaluator evaluator_;
};

// Loads a model file (LoadMlpModel: InvalidInput naming the file and the key when bad).
Result<std::unique_ptr<sched::Policy>> MakeMlpPolicy(const std::string& path);

// Registers the "mlp" scheme with sched::RegisterPolicyScheme, so that
// sched::MakePolicy("mlp:FILE") loads FILE. Idempotent.
void RegisterMlpPolicy();

}  // namespace airgrid::learn
