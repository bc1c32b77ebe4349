#include "study/policies.h"

#include <gtest/gtest.h>

#include <cmath>

namespace airgrid::study {
namespace {

measure::EnergyRecord Phase(const char* name, double cpu_s) {
  measure::EnergyRecord r;
  r.phase = name;
  r.tracked_cpu_s = cpu_s;
  r.energy_j = 10 * cpu_s;
  return r;
}

struct Inputs {
  Inputs() {
    fit.policy = "expr:log10(p)*q + 3*r";
    fit.readable = "log10(p)*q + a*r";
    fit.parameters = 2;
    network.path = "/tmp/out/mlp.json";
    network.mlp.report.cost.parameters = 97;
    network.mlp.report.cost.model_bytes = 1000;
    network.mlp.report.cost.flops_per_job = 300;
  }
  FitOutput fit;
  NetworkOutput network;
};

TEST(Policies, TheFiveCandidatesWithTheirCostFacts) {
  Inputs in;
  auto p = StudyPolicies({in.fit, in.network});
  ASSERT_EQ(p.size(), 5u);
  const char* ids[] = {"fcfs", "spt", "f1", "learned", "mlp"};
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(p[i].id, ids[i]);
  EXPECT_EQ(p[0].parameters, 0);
  EXPECT_EQ(p[2].spec, "f1");
  EXPECT_EQ(p[2].parameters, 1);
  EXPECT_EQ(p[2].model_bytes, 8);
  EXPECT_EQ(p[3].spec, in.fit.policy);
  EXPECT_EQ(p[3].parameters, 2);
  EXPECT_EQ(p[3].model_bytes, 16);
  EXPECT_EQ(p[4].spec, "mlp:/tmp/out/mlp.json");
  EXPECT_EQ(p[4].parameters, 97);
  EXPECT_EQ(p[4].model_bytes, 1000);
  EXPECT_EQ(p[4].flops_per_job, 300);
  for (const auto& x : p) EXPECT_FALSE(x.model_note.empty()) << x.id;
}

TEST(Policies, EachLearnedPolicyIsChargedTheDevelopmentItNeeds) {
  Inputs in;
  auto p = StudyPolicies({in.fit, in.network});
  Development dev;
  dev.campaign = Phase("campaign", 30);
  dev.fit = Phase("fit", 2);
  dev.training = Phase("training", 5);
  dev.tuples = 24;
  dev.trials = 400;
  ChargeDevelopment(dev, &p);
  // Rules: nothing to develop, nothing to reproduce.
  EXPECT_TRUE(p[0].development.empty());
  EXPECT_TRUE(std::isnan(p[0].reproduce_cpu_s));
  // F1: developed by its authors (unknown); reproducing it costs campaign + fit here.
  EXPECT_TRUE(p[2].development.empty());
  EXPECT_DOUBLE_EQ(p[2].reproduce_cpu_s, 32);
  EXPECT_NE(p[2].reproduce_note.find("24 tuples x 400 trials"), std::string::npos);
  ASSERT_EQ(p[3].development.size(), 2u);
  EXPECT_EQ(p[3].development[1].phase, "fit");
  EXPECT_DOUBLE_EQ(p[3].reproduce_cpu_s, 32);
  ASSERT_EQ(p[4].development.size(), 2u);
  EXPECT_EQ(p[4].development[1].phase, "training");
  EXPECT_DOUBLE_EQ(p[4].reproduce_cpu_s, 35);
}

// A phase whose CPU time could not be read makes "compute to reproduce" not assessed, never 0.
TEST(Policies, AnUnreadableCpuTimeIsNotAssessedNotZero) {
  Inputs in;
  auto p = StudyPolicies({in.fit, in.network});
  Development dev;
  dev.campaign = Phase("campaign", 0);
  dev.campaign.cpu_times_known = false;
  dev.fit = Phase("fit", 2);
  dev.training = Phase("training", 5);
  ChargeDevelopment(dev, &p);
  EXPECT_TRUE(std::isnan(p[2].reproduce_cpu_s));
  EXPECT_TRUE(std::isnan(p[3].reproduce_cpu_s));
  EXPECT_TRUE(std::isnan(p[4].reproduce_cpu_s));
}

TEST(Policies, WithThePolicyNetworkSafAndTheBestRuleJoin) {
  Inputs in;
  PolicyNetOutput net;
  net.path = "/tmp/out/policy_net.json";
  net.cost.parameters = 57;
  net.best_rule = "f2";
  auto p = StudyPolicies({in.fit, in.network, &net});
  const char* ids[] = {"fcfs", "spt", "saf", "best-rule", "f1", "learned", "mlp", "network"};
  ASSERT_EQ(p.size(), 8u);
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(p[i].id, ids[i]);
  EXPECT_EQ(p[3].spec, "f2");
  EXPECT_EQ(p[7].spec, "mlp:/tmp/out/policy_net.json");
  EXPECT_EQ(p[7].parameters, 57);
  net.best_rule = "saf";  // already on the grid: no duplicate
  EXPECT_EQ(StudyPolicies({in.fit, in.network, &net}).size(), 7u);

  Development dev;
  dev.campaign = Phase("campaign", 30);
  dev.training = Phase("training", 5);
  dev.policy_training = Phase("policy-training", 7);
  ChargeDevelopment(dev, &p);
  ASSERT_EQ(p[7].development.size(), 1u);  // no campaign: ES needs only the simulator
  EXPECT_EQ(p[7].development[0].phase, "policy-training");
  EXPECT_DOUBLE_EQ(p[7].reproduce_cpu_s, 7);
  EXPECT_TRUE(p[2].development.empty());  // SAF: nothing to develop
}

}  // namespace
}  // namespace airgrid::study
