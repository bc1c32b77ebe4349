#include "airgrid/grid/analysis.h"

#include <cmath>

#include <gtest/gtest.h>

#include "grid/test_util.h"

namespace airgrid::grid {
namespace {

using testing::MakeGrid;
using testing::Num;
using testing::Numeric;

const double kNA = std::nan("");
const AnalysisOptions kExact{/*uncertainty_ties=*/false};

std::vector<Criterion> TwoLower() {
  return {Numeric("c1", Direction::kLowerIsBetter), Numeric("c2", Direction::kLowerIsBetter, Area::kEnvironment)};
}

TEST(Compare, FollowsDirectionAndTreatsMissingAsIncomparable) {
  Criterion low = Numeric("t", Direction::kLowerIsBetter);
  Criterion high = Numeric("t", Direction::kHigherIsBetter);
  EXPECT_EQ(Compare(low, Num(1), Num(2), kExact), Comparison::kBetter);
  EXPECT_EQ(Compare(high, Num(1), Num(2), kExact), Comparison::kWorse);
  EXPECT_EQ(Compare(high, Num(2), Num(2), kExact), Comparison::kEqual);
  EXPECT_EQ(Compare(low, Value(), Num(2), kExact), Comparison::kIncomparable);
  EXPECT_EQ(Compare(low, Num(2), Value::NotAssessed("x"), kExact), Comparison::kIncomparable);
  EXPECT_EQ(Compare(low, Value(), Value(), kExact), Comparison::kIncomparable);
}

TEST(Compare, DifferencesWithinSummedUncertaintiesAreTies) {
  Criterion low = Numeric("t", Direction::kLowerIsBetter);
  // |10 − 11| = 1 ≤ 0.6 + 0.5: the data cannot tell them apart.
  EXPECT_EQ(Compare(low, Num(10, 0.6), Num(11, 0.5), AnalysisOptions{}), Comparison::kEqual);
  // |10 − 12| = 2 > 1.1.
  EXPECT_EQ(Compare(low, Num(10, 0.6), Num(12, 0.5), AnalysisOptions{}), Comparison::kBetter);
  EXPECT_EQ(Compare(low, Num(10, 0.6), Num(11, 0.5), kExact), Comparison::kBetter);
}

TEST(Analyze, DominanceAndParetoOnAHandMadeCase) {
  // Both criteria lower-is-better.  a0 = (1,1) dominates a1 = (2,2); a2 = (0,3) trades off with a0
  // (better on c1, worse on c2) and dominates nobody: a1 has c2 = 2 < 3.  a3 = (1,1) equals a0.
  Grid g = MakeGrid(TwoLower(), {{1, 1}, {2, 2}, {0, 3}, {1, 1}});
  Analysis an = Analyze(g, kExact);
  EXPECT_TRUE(an.dominance[0][1]);
  EXPECT_FALSE(an.dominance[1][0]);
  EXPECT_FALSE(an.dominance[0][2]);
  EXPECT_FALSE(an.dominance[2][0]);
  EXPECT_FALSE(an.dominance[2][1]);
  EXPECT_FALSE(an.dominance[0][3]);  // equal everywhere: no strict improvement
  EXPECT_TRUE(an.dominance[3][1]);
  EXPECT_EQ(an.pareto, (std::vector<size_t>{0, 2, 3}));
  EXPECT_FALSE(an.in_pareto[1]);
}

TEST(Analyze, NotAssessedNeverDominatesNorIsDominated) {
  // a1 would be dominated by a0 on c1 alone, but its c2 is unknown: it might be better there.
  // a2 is better than a0 on c1 but unknown on c2: it cannot dominate a0 either.
  Grid g = MakeGrid(TwoLower(), {{1, 1}, {2, kNA}, {0, kNA}});
  Analysis an = Analyze(g, kExact);
  for (size_t a = 0; a < 3; ++a)
    for (size_t b = 0; b < 3; ++b) EXPECT_FALSE(an.dominance[a][b]) << a << " vs " << b;
  EXPECT_EQ(an.pareto, (std::vector<size_t>{0, 1, 2}));
  // No rank for the missing values; ranks of the others ignore them.
  EXPECT_EQ(an.rank[1][0], 1);
  EXPECT_FALSE(an.rank[1][1].has_value());
  EXPECT_EQ(an.rank[0][2], 1);
  EXPECT_EQ(an.rank[0][0], 2);
  EXPECT_EQ(an.rank[0][1], 3);
}

TEST(Analyze, CriterionAssessedForNobodyIsLeftOutAndReported) {
  Grid g = MakeGrid(TwoLower(), {{1, kNA}, {2, kNA}});
  Analysis an = Analyze(g, kExact);
  EXPECT_EQ(an.criteria_excluded, (std::vector<size_t>{1}));
  EXPECT_TRUE(an.dominance[0][1]);
  ASSERT_EQ(an.warnings.size(), 1u);
  EXPECT_NE(an.warnings[0].find("c2"), std::string::npos);
}

TEST(Analyze, RanksUseCompetitionRankingWithTies) {
  std::vector<Criterion> c = {Numeric("score", Direction::kHigherIsBetter)};
  Grid g = MakeGrid(c, {{5}, {9}, {9}, {1}});
  Analysis an = Analyze(g, kExact);
  EXPECT_EQ(an.rank[0][1], 1);
  EXPECT_EQ(an.rank[0][2], 1);
  EXPECT_EQ(an.rank[0][0], 3);
  EXPECT_EQ(an.rank[0][3], 4);
}

TEST(Analyze, VetoExcludesFromParetoWhateverTheOtherScores) {
  std::vector<Criterion> c = TwoLower();
  c[1].veto = Veto{50, "over budget"};
  // a0 = (1, 60) is best on c1 and would dominate a1 = (2, 70) — but 60 > 50: vetoed.
  // a1 is vetoed too; a2 = (3, 50) sits exactly on the threshold: not vetoed (strictly worse only).
  Grid g = MakeGrid(c, {{1, 60}, {2, 70}, {3, 50}, {4, kNA}});
  Analysis an = Analyze(g, kExact);
  EXPECT_TRUE(an.vetoed[0]);
  EXPECT_TRUE(an.vetoed[1]);
  EXPECT_FALSE(an.vetoed[2]);
  EXPECT_FALSE(an.vetoed[3]);  // not assessed: cannot trigger, but reported
  EXPECT_NE(an.veto_reasons[0].find("over budget"), std::string::npos);
  EXPECT_EQ(an.pareto, (std::vector<size_t>{2, 3}));
  EXPECT_TRUE(an.dominance[0][1]);  // the matrix still shows it
  bool warned = false;
  for (const auto& w : an.warnings) warned = warned || w.find("not checked") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(Analyze, OrdinalValuesCompareByTheirMedianLevel) {
  Grid g(BuiltinRubric());
  Criterion need;
  need.id = "need";
  need.scale = Scale::kOrdinal;
  ASSERT_TRUE(g.AddCriterion(need).ok());
  ASSERT_TRUE(g.AddAlternative({"x", "", ""}).ok());
  ASSERT_TRUE(g.AddAlternative({"y", "", ""}).ok());
  // x: levels 0, 4, 4 → median 4; y: 3, 3, 3 → 3.  Mean of x would be 2.67 < 3 and rank y first:
  // the median keeps the ordinal reading.
  ASSERT_TRUE(g.Set("x", "need", Value::Levels({0, 4, 4}, "r", "", {})).ok());
  ASSERT_TRUE(g.Set("y", "need", Value::Levels({3, 3, 3}, "r", "", {})).ok());
  Analysis an = Analyze(g, AnalysisOptions{});
  EXPECT_TRUE(an.dominance[0][1]);
  EXPECT_EQ(an.rank[0][0], 1);
}

}  // namespace
}  // namespace airgrid::grid
