#include "study/phase_evaluate.h"

#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "study/phase_workloads.h"
#include "study/test_util.h"

namespace airgrid::study {
namespace {

using testing::TestContext;

PolicyResult Rule(const char* id) {
  PolicyResult p;
  p.id = id;
  p.label = id;
  p.spec = id;
  return p;
}

TEST(EvaluationPhase, EachPolicyIsATrackedPhaseWithItsResultsFile) {
  TestContext t;
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(w.ok());
  std::vector<PolicyResult> policies = {Rule("fcfs"), Rule("spt")};
  ASSERT_TRUE(t.phases.Start(UsePhase(policies.front())).ok());
  auto e = RunEvaluationPhase(t.ctx, {w->eval, w->eval_description, policies});
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(t.phases.names(), (std::vector<std::string>{"use:fcfs", "use:spt"}));
  EXPECT_TRUE(t.phases.stopped);
  EXPECT_DOUBLE_EQ(e->total.energy_j, 200);
  for (const auto& p : policies) {
    ASSERT_EQ(p.configs.size(), 3u) << p.id;
    EXPECT_GT(p.configs[0].windows, 0) << p.id;
    EXPECT_FALSE(std::isnan(p.use_j_per_decision)) << p.id;
    const auto j = nlohmann::json::parse(t.Read("results/" + p.id + ".json"));
    EXPECT_EQ(j["policy"], p.id);
    EXPECT_EQ(j["workload"], w->eval_description);
    EXPECT_EQ(j["configurations"].size(), 3u);
  }
  EXPECT_EQ(t.folder.files(), (std::vector<std::string>{"results/fcfs.json", "results/spt.json"}));
}

TEST(EvaluationPhase, UseEnergyIsChargedByTheShareOfTimeInsideThePolicy) {
  measure::EnergyRecord use;
  use.energy_j = 100;
  use.tracked_cpu_s = 2;
  PolicyResult p;
  ChargeUse(use, 0.5, 50, &p);
  EXPECT_DOUBLE_EQ(p.use_j_per_decision, 100 * (0.5 / 2) / 50);  // 0.5 J
  // More time in the policy than tracked (clock granularity): the share is capped at 1.
  ChargeUse(use, 3, 50, &p);
  EXPECT_DOUBLE_EQ(p.use_j_per_decision, 2);
  // No decision or no tracked CPU time: not assessed.
  PolicyResult q;
  ChargeUse(use, 0.5, 0, &q);
  EXPECT_TRUE(std::isnan(q.use_j_per_decision));
}

}  // namespace
}  // namespace airgrid::study
