#include "study/phase_grid.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "airgrid/grid/grid_file.h"
#include "study/phase_evaluate.h"
#include "study/phase_workloads.h"
#include "study/test_util.h"

namespace airgrid::study {
namespace {

using testing::Rule;
using testing::TestContext;

// Evaluated FCFS and SPT on the tiny workload, as the grid phase receives them.
std::vector<PolicyResult> Evaluated(TestContext& t, const Workloads& w) {
  std::vector<PolicyResult> policies = {Rule("fcfs"), Rule("spt")};
  EXPECT_TRUE(t.phases.Start(UsePhase(policies.front())).ok());
  EXPECT_TRUE(RunEvaluationPhase(t.ctx, {w.eval, w.eval_description, policies}).ok());
  return policies;
}

TEST(GridPhase, OneAlternativePerPolicyAndAnEditableGridInput) {
  TestContext t;
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(w.ok());
  auto policies = Evaluated(t, *w);
  measure::CarbonSettings carbon;
  carbon.factor = {100, "test table", 2020, "Testland", "test"};
  auto report = RunGridPhase(t.ctx, {*w, policies, carbon, {}});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->grid.alternatives().size(), 2u);
  EXPECT_EQ(report->grid.alternatives()[0].label, "fcfs");
  const auto j = nlohmann::json::parse(t.Read("grid-input.json"));
  EXPECT_EQ(j["comment"]["study_options"]["tuples"], 4);
  // The written grid input reads back as a grid file.
  EXPECT_TRUE(grid::ParseGridFile(t.Read("grid-input.json"), "grid-input.json").ok());
}

// Issue 16's criteria are on the grid, assessed or not assessed with a reason.
TEST(GridPhase, CarriesPrivacySecurityDurabilityAndEfficiency) {
  TestContext t;
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(w.ok());
  auto policies = Evaluated(t, *w);
  measure::CarbonSettings carbon;
  carbon.factor = {100, "test table", 2020, "Testland", "test"};
  auto report = RunGridPhase(t.ctx, {*w, policies, carbon, {}});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const grid::Grid& g = report->grid;
  for (const char* id : {"rai.privacy", "rai.security", "lowtech.durability", "eff.gain_per_dev_kwh",
                         "eff.gain_per_parameter", "eff.gain_per_flop"}) {
    auto c = g.FindCriterion(id);
    ASSERT_TRUE(c) << id;
    for (size_t a = 0; a < g.num_alternatives(); ++a) {
      const grid::Value& v = g.at(a, *c);
      EXPECT_TRUE(v.assessed() || !v.reason().empty()) << id << " of " << g.alternatives()[a].id;
    }
  }
  // SPT is a rule: no development energy, so no gain per kWh (not infinite).
  EXPECT_FALSE(g.at(1, *g.FindCriterion("eff.gain_per_dev_kwh")).assessed());
  EXPECT_EQ(g.at(1, *g.FindCriterion("rai.security")).level(), 1);
}

}  // namespace
}  // namespace airgrid::study
