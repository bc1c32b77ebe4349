// OpenAI-ES policy training: determinism across thread counts, resume after a "kill",
// refused inputs, and the model format of decision-time features.
#include "airgrid/learn/policy_es.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "airgrid/learn/mlp_policy.h"
#include "airgrid/workload/lublin.h"

namespace airgrid::learn {
namespace {

workload::Workload Tiny(int64_t jobs = 400) {
  workload::LublinOptions lo;
  lo.procs = 64;
  lo.jobs = jobs;
  lo.seed = 7;
  return *workload::GenerateLublin(lo);
}

PolicyEsOptions TinyOptions() {
  PolicyEsOptions o;
  o.episode_length = 48;
  o.episodes = 2;
  o.validation_episodes = 2;
  o.population = 4;
  o.iterations = 4;
  o.patience = 50;
  o.hidden = {4};
  o.use_mpi = false;
  return o;
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          (name + "." + std::to_string(::getpid()))).string();
}

TEST(PolicyEs, SameWeightsWhateverTheThreadCount) {
  const workload::Workload w = Tiny();
  PolicyEsOptions o = TinyOptions();
  o.threads = 1;
  auto one = TrainPolicyEs(w, o);
  ASSERT_TRUE(one.ok()) << one.status().message();
  o.threads = 2;
  auto two = TrainPolicyEs(w, o);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(one->model.params().size(), two->model.params().size());
  for (Eigen::Index i = 0; i < one->model.params().size(); ++i)
    EXPECT_EQ(one->model.params()[i], two->model.params()[i]) << i;  // bit-identical
  ASSERT_EQ(one->history.size(), 4u);
  for (size_t i = 0; i < one->history.size(); ++i)
    EXPECT_EQ(one->history[i].validation, two->history[i].validation);
}

TEST(PolicyEs, ResumeAfterAKillGivesTheSameWeights) {
  const workload::Workload w = Tiny();
  PolicyEsOptions o = TinyOptions();
  auto straight = TrainPolicyEs(w, o);
  ASSERT_TRUE(straight.ok());

  const std::string ckpt = TempPath("es_ckpt.json");
  std::filesystem::remove(ckpt);
  o.checkpoint_path = ckpt;
  o.resume = true;
  o.stop_after = 2;  // "killed" after two iterations
  auto first = TrainPolicyEs(w, o);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->finished);
  o.stop_after = 0;
  auto resumed = TrainPolicyEs(w, o);
  ASSERT_TRUE(resumed.ok()) << resumed.status().message();
  EXPECT_EQ(resumed->resumed_from, 2);
  EXPECT_TRUE(resumed->finished);
  for (Eigen::Index i = 0; i < straight->model.params().size(); ++i)
    EXPECT_EQ(straight->model.params()[i], resumed->model.params()[i]) << i;

  // The same checkpoint with other options is refused, naming the option.
  o.sigma = 0.2;
  auto other = TrainPolicyEs(w, o);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().ExitCode(), 2);
  EXPECT_NE(other.status().message().find("sigma"), std::string::npos) << other.status().message();
  std::filesystem::remove(ckpt);
}

TEST(PolicyEs, RefusesTooFewJobsAndBadSizes) {
  PolicyEsOptions o = TinyOptions();
  o.episode_length = 300;  // the validation pool (20 % of 400 jobs) holds 80
  auto few = TrainPolicyEs(Tiny(), o);
  ASSERT_FALSE(few.ok());
  EXPECT_EQ(few.status().ExitCode(), 2);
  EXPECT_NE(few.status().message().find("at least one episode"), std::string::npos);
  o = TinyOptions();
  o.population = 3;
  EXPECT_EQ(TrainPolicyEs(Tiny(), o).status().ExitCode(), 2);
  o = TinyOptions();
  o.episode_length = 0;
  EXPECT_EQ(TrainPolicyEs(Tiny(), o).status().ExitCode(), 2);
}

TEST(PolicyEs, ValidationCurveKeepsTheBest) {
  auto r = TrainPolicyEs(Tiny(), TinyOptions());
  ASSERT_TRUE(r.ok());
  double best = INFINITY;
  for (const auto& x : r->history) {
    best = std::min(best, x.validation);
    EXPECT_EQ(x.best_validation, best);
  }
  EXPECT_EQ(r->best_validation, best);
  // The returned weights reproduce the best validation objective.
  EXPECT_EQ(r->history[r->best_iteration].validation, r->best_validation);
}

TEST(PolicyEsModel, DecisionTimeFeaturesAndFormatVersion) {
  MlpJob j{100, 3, 0, 99, 2, 8};
  EXPECT_DOUBLE_EQ(MlpFeatureValue(MlpFeature::kLog10Wait, j), 2.0);
  EXPECT_DOUBLE_EQ(MlpFeatureValue(MlpFeature::kFreeShare, j), 0.25);
  EXPECT_DOUBLE_EQ(MlpFeatureValue(MlpFeature::kFits, j), 0.0);  // 3 procs, 2 free
  j.free = 3;
  EXPECT_DOUBLE_EQ(MlpFeatureValue(MlpFeature::kFits, j), 1.0);

  MlpModel old({MlpFeature::kLog10P}, {2}, Activation::kTanh);
  EXPECT_EQ(MlpModelToJson(old)["format_version"], 1);  // old readers still read it
  MlpModel m({MlpFeature::kLog10P, MlpFeature::kFits}, {2}, Activation::kTanh);
  m.params().setConstant(0.5);
  nlohmann::json j2 = MlpModelToJson(m);
  EXPECT_EQ(j2["format_version"], 2);
  auto back = MlpModelFromJson(j2, "m.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_TRUE(back->machine_dependent());
  EXPECT_EQ(back->params(), m.params());
  j2["format_version"] = 3;
  auto bad = MlpModelFromJson(j2, "m.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("format_version"), std::string::npos);

  MlpPolicy policy(m, "m.json");
  EXPECT_TRUE(policy.TimeDependent());
  EXPECT_TRUE(policy.MachineDependent());
}

// init saf: the untrained network orders jobs exactly as (1 + p)(1 + q) ascending, whatever
// the standardisation, and refuses an architecture it cannot express.
// Paired differences −1, −1, −1.5: mean −7/6, sample variance 1/12, standard error
// sqrt(1/12 / 3) = 1/6: the mean is 7 standard errors below 0 (by hand).
TEST(PolicyEs, SignificanceRuleByHand) {
  const std::vector<double> now = {1, 2, 3}, best = {2, 3, 4.5};
  EXPECT_TRUE(SignificantlyBetter(now, best, 6.9));
  EXPECT_FALSE(SignificantlyBetter(now, best, 7.1));
  EXPECT_TRUE(SignificantlyBetter(now, {}, 7.1));     // no best yet
  EXPECT_TRUE(SignificantlyBetter(best, now, 0));     // margin 0: the mean alone decides
  EXPECT_FALSE(SignificantlyBetter(best, best, 0.5)); // equal: a tie keeps the best
}

// With an unreachable margin the start (iteration 0) is kept: the same weights as a run of one
// iteration, whatever the later validation means. The workload is large enough that the two
// validation episodes are distinct windows: two copies of one window give paired differences
// with no spread, which the rule (like n < 2) leaves to the mean alone.
TEST(PolicyEs, ReplaceMarginKeepsTheStartUnlessSignificant) {
  PolicyEsOptions o = TinyOptions();
  o.init = PolicyInit::kSaf;
  o.features = {MlpFeature::kLog10P, MlpFeature::kLog10Q, MlpFeature::kLog10Wait};
  o.replace_margin = 1e9;
  const workload::Workload w = Tiny(2000);
  auto kept = TrainPolicyEs(w, o);
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  EXPECT_EQ(kept->best_iteration, 0);
  EXPECT_EQ(kept->best_validation, kept->history[0].validation);
  for (const auto& x : kept->history) EXPECT_EQ(x.best_validation, kept->history[0].validation);
  o.replace_margin = 0;
  o.iterations = 1;
  auto start = TrainPolicyEs(w, o);
  ASSERT_TRUE(start.ok());
  for (Eigen::Index i = 0; i < start->model.params().size(); ++i)
    EXPECT_EQ(kept->model.params()[i], start->model.params()[i]) << i;
  // Recorded with the options only when set (earlier files and checkpoints keep theirs).
  EXPECT_FALSE(PolicyEsOptionsJson(o).contains("replace_margin"));
  o.replace_margin = 2;
  EXPECT_EQ(PolicyEsOptionsJson(o)["replace_margin"], 2.0);
}

TEST(PolicyEs, SmallestAreaFirstStartOrdersByArea) {
  MlpModel m({MlpFeature::kLog10P, MlpFeature::kLog10Q, MlpFeature::kLog10Wait}, {8}, Activation::kTanh);
  m.params().setConstant(0.3);  // stands for the random start: must not matter
  m.feature_mean() << 2.5, 1.0, 1.5;
  m.feature_std() << 1.2, 0.6, 0.9;
  ASSERT_TRUE(StartAtSmallestAreaFirst(&m).ok());
  const std::vector<std::pair<double, double>> jobs = {{10, 1}, {1, 64}, {3600, 2}, {100, 100},
                                                       {5, 5}, {86400, 1}, {2, 128}, {600, 8}};
  for (size_t a = 0; a < jobs.size(); ++a) {
    for (size_t b = 0; b < jobs.size(); ++b) {
      const double area_a = (1 + jobs[a].first) * (1 + jobs[a].second);
      const double area_b = (1 + jobs[b].first) * (1 + jobs[b].second);
      if (area_a < area_b) {
        EXPECT_LT(m.ScoreOne(jobs[a].first, jobs[a].second, 0), m.ScoreOne(jobs[b].first, jobs[b].second, 0))
            << a << " vs " << b;
      }
    }
  }
  // The wait does not move the score at the start.
  EXPECT_DOUBLE_EQ(m.ScoreOne(10, 1, 0), m.ScoreOne(10, 1, 5000));
  MlpModel two_layers({MlpFeature::kLog10P, MlpFeature::kLog10Q}, {8, 8}, Activation::kTanh);
  EXPECT_EQ(StartAtSmallestAreaFirst(&two_layers).code(), Status::Code::kInvalidInput);
  MlpModel no_q({MlpFeature::kLog10P, MlpFeature::kLog10Wait}, {8}, Activation::kTanh);
  EXPECT_EQ(StartAtSmallestAreaFirst(&no_q).code(), Status::Code::kInvalidInput);
}

}  // namespace
}  // namespace airgrid::learn
