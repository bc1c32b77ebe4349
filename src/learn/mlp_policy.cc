#include "airgrid/learn/mlp_policy.h"

#include <cassert>
#include <utility>

namespace airgrid::learn {

MlpPolicy::MlpPolicy(MlpModel model, std::string path)
    : model_(std::make_unique<MlpModel>(std::move(model))),
      path_(std::move(path)),
      evaluator_(model_.get()) {}

void MlpPolicy::Score(std::span<const sched::JobFeatures> jobs, std::span<double> scores) {
  assert(jobs.size() == scores.size());
  evaluator_.Score(jobs.size(), [&](std::size_t i) -> const sched::JobFeatures& { return jobs[i]; },
                   scores.data());
}

Result<std::unique_ptr<sched::Policy>> MakeMlpPolicy(const std::string& path) {
  if (path.empty()) return Status::InvalidInput("policy 'mlp:': expected a model file after 'mlp:'");
  Result<MlpModel> model = LoadMlpModel(path);
  if (!model.ok()) return model.status();
  return std::unique_ptr<sched::Policy>(std::make_unique<MlpPolicy>(std::move(*model), path));
}

void RegisterMlpPolicy() { sched::RegisterPolicyScheme("mlp", &MakeMlpPolicy); }

}  // namespace airgrid::learn
