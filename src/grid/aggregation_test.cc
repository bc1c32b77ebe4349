#include "airgrid/grid/aggregation.h"

#include <cmath>

#include <gtest/gtest.h>

#include "grid/test_util.h"

namespace airgrid::grid {
namespace {

using testing::MakeGrid;
using testing::Numeric;

// Worked example, computed by hand.
//   c1: higher is better, bounds [0, 10], weight 3 → 0.75.
//   c2: lower is better, bounds [0, 100], weight 1 → 0.25.
//   A = (8, 40): n = (0.8, 0.6);  B = (5, 10): n = (0.5, 0.9);  C = (2, 80): n = (0.2, 0.2).
// Weighted sum: A = 0.75·0.8 + 0.25·0.6 = 0.75;  B = 0.375 + 0.225 = 0.6;  C = 0.15 + 0.05 = 0.2.
// TOPSIS, v = (0.75·n1, 0.25·n2): A = (0.6, 0.15), B = (0.375, 0.225), C = (0.15, 0.05).
//  Ideal from the bounds: v+ = (0.75, 0.25), v− = (0, 0).
//   A: D+ = √(0.15² + 0.1²) = √0.0325 = 0.180278;  D− = √(0.6² + 0.15²) = √0.3825 = 0.618466;
//      C = 0.618466 / 0.798744 = 0.774299 (0.7742985 unrounded).
//   B: D+ = √(0.375² + 0.025²) = √0.14125 = 0.375832;  D− = √(0.375² + 0.225²) = √0.19125 = 0.437321;
//      C = 0.437321 / 0.813153 = 0.537809.
//   C: D+ = √(0.6² + 0.2²) = √0.4 = 0.632456;  D− = √(0.15² + 0.05²) = √0.025 = 0.158114;  C = 0.2.
//  Ideal from the alternatives: v+ = (0.6, 0.225), v− = (0.15, 0.05).
//   A: D+ = 0.075;  D− = √(0.45² + 0.1²) = √0.2125 = 0.460977;  C = 0.460977 / 0.535977 = 0.860069.
//   B: D+ = 0.225;  D− = √(0.225² + 0.175²) = √0.08125 = 0.285044;  C = 0.285044 / 0.510044 = 0.558861.
//   C: D+ = √(0.45² + 0.175²) = 0.482830;  D− = 0;  C = 0.
Grid WorkedGrid() {
  return MakeGrid({Numeric("c1", Direction::kHigherIsBetter), Numeric("c2", Direction::kLowerIsBetter)},
                  {{8, 40}, {5, 10}, {2, 80}});
}

AggregationSpec WorkedSpec() {
  AggregationSpec spec;
  spec.weights = {{"c1", 3, {0, 10}}, {"c2", 1, {0, 100}}};
  return spec;
}

TEST(Normalise, OrientsAndClamps) {
  EXPECT_DOUBLE_EQ(Normalise(8, {0, 10}, Direction::kHigherIsBetter), 0.8);
  EXPECT_DOUBLE_EQ(Normalise(40, {0, 100}, Direction::kLowerIsBetter), 0.6);
  EXPECT_DOUBLE_EQ(Normalise(120, {0, 100}, Direction::kLowerIsBetter), 0.0);
  EXPECT_DOUBLE_EQ(Normalise(-5, {0, 10}, Direction::kHigherIsBetter), 0.0);
}

TEST(Aggregate, WeightedSumMatchesTheWorkedExample) {
  Grid g = WorkedGrid();
  Analysis an = Analyze(g, {});
  auto r = Aggregate(g, an, WorkedSpec());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_NEAR(r->weights[0], 0.75, 1e-12);
  EXPECT_NEAR(*r->weighted_sum[0], 0.75, 1e-12);
  EXPECT_NEAR(*r->weighted_sum[1], 0.6, 1e-12);
  EXPECT_NEAR(*r->weighted_sum[2], 0.2, 1e-12);
}

TEST(Aggregate, TopsisWithBoundsIdealMatchesTheWorkedExample) {
  Grid g = WorkedGrid();
  auto r = Aggregate(g, Analyze(g, {}), WorkedSpec());
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(*r->topsis[0], 0.774299, 1e-6);
  EXPECT_NEAR(*r->topsis[1], 0.537809, 1e-6);
  EXPECT_NEAR(*r->topsis[2], 0.2, 1e-6);
}

TEST(Aggregate, ClassicalTopsisMatchesTheWorkedExample) {
  Grid g = WorkedGrid();
  AggregationSpec spec = WorkedSpec();
  spec.topsis_ideal = AggregationSpec::TopsisIdeal::kAlternatives;
  auto r = Aggregate(g, Analyze(g, {}), spec);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(*r->topsis[0], 0.860069, 1e-6);
  EXPECT_NEAR(*r->topsis[1], 0.558861, 1e-6);
  EXPECT_NEAR(*r->topsis[2], 0.0, 1e-9);
}

TEST(Aggregate, SensitivitySweepFindsTheWinnerChange) {
  Grid g = WorkedGrid();
  AggregationSpec spec = WorkedSpec();
  spec.sweep_steps = 4;
  auto r = Aggregate(g, Analyze(g, {}), spec);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->sweeps.size(), 2u);
  const auto& c1 = r->sweeps[0];
  ASSERT_EQ(c1.points.size(), 5u);
  // Share 0 on c1: only c2 counts; B (n2 = 0.9) wins.  Share 1: only c1; A (0.8) wins.
  EXPECT_EQ(c1.points[0].weighted_sum_winner, 1u);
  EXPECT_EQ(c1.points[4].weighted_sum_winner, 0u);
  // Share 0.5: A = 0.5·0.8 + 0.5·0.6 = 0.7; B = 0.5·0.5 + 0.5·0.9 = 0.7; C = 0.2 → tie, first wins.
  EXPECT_NEAR(*c1.points[2].weighted_sum[0], 0.7, 1e-12);
  EXPECT_NEAR(*c1.points[2].weighted_sum[1], 0.7, 1e-12);
}

TEST(Aggregate, NotAssessedAndVetoedGetNoScoreNeverZero) {
  std::vector<Criterion> c = {Numeric("c1", Direction::kHigherIsBetter), Numeric("c2", Direction::kLowerIsBetter)};
  c[1].veto = Veto{50, ""};
  Grid g = MakeGrid(c, {{8, 40}, {5, std::nan("")}, {2, 80}});
  auto r = Aggregate(g, Analyze(g, {}), WorkedSpec());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->weighted_sum[0].has_value());
  EXPECT_FALSE(r->weighted_sum[1].has_value());
  EXPECT_FALSE(r->topsis[1].has_value());
  EXPECT_NE(r->unscored_reason[1].find("not assessed on c2"), std::string::npos);
  EXPECT_FALSE(r->weighted_sum[2].has_value());
  EXPECT_NE(r->unscored_reason[2].find("vetoed"), std::string::npos);
}

TEST(Aggregate, AddingAnAlternativeDoesNotChangeBoundsIdealScores) {
  Grid g = WorkedGrid();
  auto before = Aggregate(g, Analyze(g, {}), WorkedSpec());
  ASSERT_TRUE(g.AddAlternative({"d", "D", ""}).ok());
  ASSERT_TRUE(g.Set("d", "c1", testing::Num(10)).ok());
  ASSERT_TRUE(g.Set("d", "c2", testing::Num(0)).ok());
  auto after = Aggregate(g, Analyze(g, {}), WorkedSpec());
  ASSERT_TRUE(before.ok() && after.ok());
  for (size_t a = 0; a < 3; ++a) EXPECT_DOUBLE_EQ(*before->topsis[a], *after->topsis[a]);
  EXPECT_DOUBLE_EQ(*after->topsis[3], 1.0);
}

TEST(Aggregate, RejectsOrdinalWeightsBadBoundsAndUnknownCriteria) {
  Grid g(BuiltinRubric());
  Criterion need;
  need.id = "need";
  need.scale = Scale::kOrdinal;
  ASSERT_TRUE(g.AddCriterion(need).ok());
  ASSERT_TRUE(g.AddCriterion(Numeric("t", Direction::kLowerIsBetter)).ok());
  Analysis an = Analyze(g, {});
  AggregationSpec spec;
  spec.weights = {{"need", 1, {0, 4}}};
  auto r = Aggregate(g, an, spec);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("ordinal"), std::string::npos);
  spec.weights = {{"t", 1, {5, 5}}};
  EXPECT_FALSE(Aggregate(g, an, spec).ok());
  spec.weights = {{"nope", 1, {0, 1}}};
  EXPECT_FALSE(Aggregate(g, an, spec).ok());
  spec.weights = {{"t", 0, {0, 1}}};
  EXPECT_FALSE(Aggregate(g, an, spec).ok());
  spec.weights.clear();
  EXPECT_FALSE(Aggregate(g, an, spec).ok());
}

TEST(Aggregate, AssumptionsMentionClampedValues) {
  Grid g = MakeGrid({Numeric("c1", Direction::kHigherIsBetter)}, {{12}});
  AggregationSpec spec;
  spec.weights = {{"c1", 1, {0, 10}}};
  auto r = Aggregate(g, Analyze(g, {}), spec);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(*r->weighted_sum[0], 1.0);
  bool clamped = false;
  for (const auto& line : r->assumptions) clamped = clamped || line.find("clamped") != std::string::npos;
  EXPECT_TRUE(clamped);
}

}  // namespace
}  // namespace airgrid::grid
