#include "study/phase_evaluate.h"

#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "study/phase_workloads.h"
#include "study/test_util.h"

namespace airgrid::study {
namespace {

using testing::Rule;
using testing::TestContext;

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
  EXPECT_EQ(e->use.size(), 2u);
  for (const auto& p : policies) {
    ASSERT_EQ(p.configs.size(), 3u) << p.id;
    EXPECT_GT(p.configs[0].windows, 0) << p.id;
    EXPECT_TRUE(std::isnan(p.use_j_per_decision)) << p.id;  // charged by the decision-cost phase
    const auto j = nlohmann::json::parse(t.Read("results/" + p.id + ".json"));
    EXPECT_EQ(j["policy"], p.id);
    EXPECT_EQ(j["workload"], w->eval_description);
    EXPECT_EQ(j["configurations"].size(), 3u);
  }
  EXPECT_EQ(t.folder.files(), (std::vector<std::string>{"results/fcfs.json", "results/spt.json"}));
}

}  // namespace
}  // namespace airgrid::study
