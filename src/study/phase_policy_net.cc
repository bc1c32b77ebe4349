#include "study/phase_policy_net.h"

#include <fmt/format.h>

#include "airgrid/learn/policy_es.h"
#include "airgrid/sched/policy.h"

namespace airgrid::study {

Result<PolicyNetOutput> RunPolicyNetPhase(StudyContext& ctx, const PolicyNetInput& in) {
  learn::PolicyEsOptions o;
  o.iterations = ctx.options.policy_net_iterations;
  o.patience = 10;
  // Start at SAF, the best rule that needs no learning: the network has to earn any change
  // on the validation episodes (see docs/methodology.md, "The policy network in the study").
  o.init = learn::PolicyInit::kSaf;
  // ... and earn it beyond noise: a validation gain within 2 paired standard errors is a tie
  // that keeps the incumbent (the SAF start first), with smaller Adam steps around it. Before
  // (lr 0.03, any better mean replaced the best) the network picked a validation-lucky
  // iteration: 10.05 on validation, 25.3 against SAF's 20.5 on the evaluation (measured,
  // bench/RESULTS.md, with the other seeds and settings tried).
  o.learning_rate = 0.01;
  o.replace_margin = 2;
  // Per-job inputs only. With the machine-state inputs (free share, fits) the network learnt on
  // Lublin's 256-job episodes to start whatever fits, which starves wide jobs under the
  // evaluation's continuous arrivals: AVEbsld 1,728 against SAF's 20.5 on SDSC-SP2 (measured;
  // docs/methodology.md).
  o.features = {learn::MlpFeature::kLog10P, learn::MlpFeature::kLog10Q, learn::MlpFeature::kLog10Wait};
  o.seed = ctx.options.seed;
  o.threads = ctx.options.threads > 0 ? ctx.options.threads : 2;
  o.use_mpi = false;  // rank 0 alone runs the phases after the campaign
  ctx.log << fmt::format("training: policy network (ES on AVEbsld), {} iterations of {} x {} episodes of {} jobs...\n",
                         o.iterations, o.population, o.episodes, o.episode_length);
  ctx.log.flush();
  auto trained = learn::TrainPolicyEs(in.train, o);
  if (!trained.ok()) return trained.status();
  PolicyNetOutput out;
  out.path = ctx.out.Path("policy_net.json");
  out.cost = trained->model.Cost();
  out.validation = trained->best_validation;
  out.iterations = static_cast<int>(trained->history.size());

  const std::vector<int64_t> starts = learn::ValidationStarts(in.train, o);
  double best = 0;
  for (const std::string& spec : sched::BuiltinPolicyNames()) {
    auto policy = sched::MakePolicy(spec);
    if (!policy.ok()) return policy.status();
    const double v = learn::PolicyEpisodeObjective(in.train, **policy, o, starts);
    out.rules.emplace_back(spec, v);
    if (out.best_rule.empty() || v < best) {
      best = v;
      out.best_rule = spec;
    }
  }

  nlohmann::json file = learn::MlpModelToJson(trained->model);
  nlohmann::json curve = nlohmann::json::array();
  for (const auto& x : trained->history) curve.push_back({x.iteration, x.train, x.validation, x.wall_s, x.cpu_s});
  nlohmann::json rules = nlohmann::json::object();
  for (const auto& [spec, v] : out.rules) rules[spec] = v;
  file["training"] = {{"method", "openai-es"},
                      {"options", learn::PolicyEsOptionsJson(o)},
                      {"best_iteration", trained->best_iteration},
                      {"best_validation", trained->best_validation},
                      {"curve_columns", {"iteration", "train", "validation", "wall_s", "cpu_s"}},
                      {"curve", curve},
                      {"rules_on_validation_episodes", rules},
                      {"best_rule", out.best_rule}};
  file["command_line"] = ctx.command_line;
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write("policy_net.json", file.dump(2) + "\n"));
  ctx.log << fmt::format("training: policy network {} parameters, validation AVEbsld {:.2f} (best rule {} {:.2f}), "
                         "{} iterations, {:.1f} CPU s\n",
                         out.cost.parameters, out.validation, out.best_rule, best, out.iterations,
                         trained->history.back().cpu_s);
  return out;
}

}  // namespace airgrid::study
