// The MLP as a scheduling policy: `airgrid simulate --policy mlp:FILE`.
//
// MlpPolicy scores the whole look-ahead window in one batched pass through the network
// (MlpEvaluator: buffers reused, no allocation per job or per decision once the largest
// window was seen). A model on p, q, r only is scored once per job (TimeDependent() false);
// one with decision-time features (log10wait, free, fits: format 2) is re-scored at every
// decision, and after every start when it reads the machine state. Score is the network
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
  bool TimeDependent() const override { return model_->time_dependent(); }
  bool MachineDependent() const override { return model_->machine_dependent(); }
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
