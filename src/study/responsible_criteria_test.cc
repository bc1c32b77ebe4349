#include "study/responsible_criteria.h"

#include <gtest/gtest.h>

#include "study/test_util.h"

namespace airgrid::study {
namespace {

TEST(ResponsibleCriteria, EveryPolicyGetsADeclaredLevelWithItsRationale) {
  std::vector<PolicyResult> policies = {testing::Rule("fcfs"), testing::Rule("spt")};
  PolicyResult mlp = testing::Rule("mlp");
  mlp.kind = PolicyKind::kMlp;
  policies.push_back(mlp);
  grid::Grid g(grid::BuiltinRubric());
  for (const auto& p : policies) ASSERT_TRUE(g.AddAlternative({p.id, p.label, ""}).ok());
  ASSERT_TRUE(AddResponsibleCriteria({policies, "a synthetic workload", "test"}, &g).ok());
  const size_t privacy = *g.FindCriterion("rai.privacy"), security = *g.FindCriterion("rai.security");
  // FCFS reads only the arrival order: the top levels; SPT can be gamed by splitting.
  EXPECT_EQ(g.at(0, privacy).level(), 4);
  EXPECT_EQ(g.at(0, security).level(), 4);
  EXPECT_EQ(g.at(1, security).level(), 1);
  EXPECT_NE(g.at(1, security).rationale().find("splitting"), std::string::npos);
  EXPECT_NE(g.at(2, privacy).rationale().find("a synthetic workload"), std::string::npos);
  for (size_t a = 0; a < 3; ++a) EXPECT_EQ(g.at(a, privacy).provenance().kind, grid::ProvenanceKind::kDeclared);
}

TEST(ResponsibleCriteria, TheShippedRubricDefinesBothWithFiveLevels) {
  for (const char* id : {"privacy", "security"}) {
    const grid::RubricCriterion* c = grid::BuiltinRubric().Find(id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_EQ(c->area, "responsible_ai");
    EXPECT_EQ(c->levels.size(), 5u);
    EXPECT_FALSE(c->question.empty());
  }
}

}  // namespace
}  // namespace airgrid::study
