#include "study/data_phase.h"

#include <gtest/gtest.h>


namespace airgrid::study {
namespace {

std::vector<PolicyResult> Policies() {
  std::vector<PolicyResult> p(3);
  const std::string ids[3] = {"fcfs", "f1", "learned"};
  const PolicyKind kinds[3] = {PolicyKind::kRule, PolicyKind::kPublishedFormula, PolicyKind::kLearnedFormula};
  for (size_t i = 0; i < 3; ++i) {
    p[i].id = p[i].label = p[i].spec = ids[i];
    p[i].kind = kinds[i];
  }
  return p;
}

grid::Grid WithAlternatives(const std::vector<PolicyResult>& policies) {
  grid::Grid g;
  for (const auto& p : policies) EXPECT_TRUE(g.AddAlternative({p.id, p.label, ""}).ok());
  return g;
}

TEST(DataPhase, ALearnedPolicyIsChargedTheTrackedPhaseARuleNothingF1IsNotAssessed) {
  const auto policies = Policies();
  grid::Grid g = WithAlternatives(policies);
  measure::EnergyRecord r;
  r.phase = "workload";
  r.energy_j = 7200;  // 0.002 kWh
  r.energy_uncertainty_j = 360;
  DataPhaseInput in{policies, &r, 1234, "file size of train.swf", true, "test"};
  ASSERT_TRUE(AddDataPhaseCriteria(in, &g).ok());
  const size_t e = *g.FindCriterion("env.data_energy"), b = *g.FindCriterion("env.data_bytes");
  EXPECT_EQ(g.at(0, e).number(), 0);
  EXPECT_EQ(g.at(0, e).provenance().kind, grid::ProvenanceKind::kDeclared);
  EXPECT_FALSE(g.at(1, e).assessed());
  EXPECT_NE(g.at(1, e).reason().find("not published"), std::string::npos);
  EXPECT_DOUBLE_EQ(g.at(2, e).number(), 0.002);
  EXPECT_DOUBLE_EQ(g.at(2, e).uncertainty(), 0.0001);
  EXPECT_EQ(g.at(2, b).number(), 1234);
  EXPECT_EQ(g.at(2, b).provenance().kind, grid::ProvenanceKind::kMeasured);
}

TEST(DataPhase, AnUntrackedPhaseIsNotAssessedNeverZero) {
  const auto policies = Policies();
  grid::Grid g = WithAlternatives(policies);
  ASSERT_TRUE(AddDataPhaseCriteria({policies, nullptr, -1, "", false, "test"}, &g).ok());
  EXPECT_FALSE(g.at(2, *g.FindCriterion("env.data_energy")).assessed());
  EXPECT_FALSE(g.at(2, *g.FindCriterion("env.data_bytes")).assessed());
}

}  // namespace
}  // namespace airgrid::study
