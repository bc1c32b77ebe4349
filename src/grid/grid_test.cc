#include "airgrid/grid/grid.h"

#include <cmath>

#include <gtest/gtest.h>

#include "airgrid/grid/rubric.h"
#include "grid/test_util.h"

namespace airgrid::grid {
namespace {

using testing::Num;
using testing::Numeric;

TEST(OrdinalMedian, OddCountIsTheMiddleLevel) {
  EXPECT_EQ(OrdinalMedian({3}, true), 3);
  EXPECT_EQ(OrdinalMedian({2, 1, 2}, true), 2);
  EXPECT_EQ(OrdinalMedian({4, 0, 1}, false), 1);
}

TEST(OrdinalMedian, EvenCountTakesTheWorseMiddleLevelNeverTheirMean) {
  // Sorted 0 1 4 4: middle levels 1 and 4. Their mean 2.5 is not a level and is never used.
  EXPECT_EQ(OrdinalMedian({4, 0, 4, 1}, /*higher_is_better=*/true), 1);
  EXPECT_EQ(OrdinalMedian({4, 0, 4, 1}, /*higher_is_better=*/false), 4);
  EXPECT_EQ(OrdinalMedian({1, 2}, true), 1);
  EXPECT_EQ(OrdinalMedian({1, 2}, false), 2);
}

TEST(Grid, NotAssessedIsTheDefaultAndIsNotZero) {
  Grid g;
  ASSERT_TRUE(g.AddCriterion(Numeric("t", Direction::kLowerIsBetter)).ok());
  ASSERT_TRUE(g.AddAlternative({"x", "X", ""}).ok());
  EXPECT_FALSE(g.at(0, 0).assessed());
  EXPECT_EQ(g.at(0, 0).state(), Value::State::kNotAssessed);
  ASSERT_TRUE(g.Set("x", "t", Num(0)).ok());
  EXPECT_TRUE(g.at(0, 0).assessed());
  EXPECT_EQ(g.at(0, 0).number(), 0);
}

TEST(Grid, CriteriaAddedAfterAlternativesStartNotAssessed) {
  Grid g;
  ASSERT_TRUE(g.AddAlternative({"x", "", ""}).ok());
  ASSERT_TRUE(g.AddCriterion(Numeric("t", Direction::kLowerIsBetter)).ok());
  EXPECT_FALSE(g.at(0, 0).assessed());
  EXPECT_EQ(g.alternatives()[0].label, "x");  // label defaults to the id
}

TEST(Grid, RejectsBadIdsDuplicatesAndMismatchedValues) {
  Grid g(BuiltinRubric());
  EXPECT_FALSE(g.AddCriterion(Numeric("bad id", Direction::kLowerIsBetter)).ok());
  ASSERT_TRUE(g.AddCriterion(Numeric("t", Direction::kLowerIsBetter)).ok());
  EXPECT_FALSE(g.AddCriterion(Numeric("t", Direction::kLowerIsBetter)).ok());
  Criterion need;
  need.id = "need";
  need.scale = Scale::kOrdinal;
  ASSERT_TRUE(g.AddCriterion(need).ok());
  ASSERT_TRUE(g.AddAlternative({"x", "X", ""}).ok());
  EXPECT_FALSE(g.AddAlternative({"x", "X", ""}).ok());
  Status st = g.Set("x", "need", Num(2));
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("rubric level"), std::string::npos) << st.message();
  EXPECT_FALSE(g.Set("x", "t", Value::Level(2, "r", "e", {})).ok());
  EXPECT_FALSE(g.Set("x", "need", Value::Level(9, "r", "e", {})).ok());
  EXPECT_FALSE(g.Set("x", "t", Num(1, -1)).ok());
  EXPECT_FALSE(g.Set("x", "t", Num(std::nan(""))).ok());
  EXPECT_FALSE(g.Set("y", "t", Num(1)).ok());
  EXPECT_TRUE(g.Set("x", "need", Value::Level(3, "r", "e", {})).ok());
}

TEST(Grid, OrdinalCriterionTakesDirectionAndUnitFromItsRubric) {
  Grid g(BuiltinRubric());
  Criterion rebound;
  rebound.id = "rebound";
  rebound.scale = Scale::kOrdinal;
  rebound.direction = Direction::kHigherIsBetter;  // overridden: the rubric says lower is better
  ASSERT_TRUE(g.AddCriterion(rebound).ok());
  EXPECT_EQ(g.criteria()[0].direction, Direction::kLowerIsBetter);
  EXPECT_EQ(g.criteria()[0].unit, "level");
  ASSERT_TRUE(g.AddAlternative({"x", "X", ""}).ok());
  // Lower is better, so the worse middle level of {1, 2} is 2.
  ASSERT_TRUE(g.Set("x", "rebound", Value::Levels({2, 1}, "r", "e", {})).ok());
  EXPECT_EQ(g.at(0, 0).level(), 2);
  Criterion unknown;
  unknown.id = "vibes";
  unknown.scale = Scale::kOrdinal;
  EXPECT_FALSE(g.AddCriterion(unknown).ok());
}

TEST(Grid, SeriesAreValidated) {
  Grid g;
  ASSERT_TRUE(g.AddAlternative({"x", "X", ""}).ok());
  Series s;
  s.id = "energy";
  s.kind = Series::Kind::kPhases;
  s.categories = {"development", "use"};
  s.data = {{"x", {1, 2}}};
  EXPECT_TRUE(g.AddSeries(s).ok());
  EXPECT_FALSE(g.AddSeries(s).ok());  // duplicate id
  s.id = "e2";
  s.data = {{"x", {1}}};
  EXPECT_FALSE(g.AddSeries(s).ok());  // misaligned
  s.data = {{"nobody", {1, 2}}};
  EXPECT_FALSE(g.AddSeries(s).ok());
  s.data = {{"x", {-1, 2}}};
  EXPECT_FALSE(g.AddSeries(s).ok());  // negative stack
}

TEST(Rubric, BuiltinRubricParsesAndCoversTheNonQuantifiableCriteria) {
  const Rubric& r = BuiltinRubric();
  for (const char* id : {"need", "rebound", "acceptability", "conviviality", "low_tech", "explainability",
                         "reproducibility"}) {
    const RubricCriterion* c = r.Find(id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_GE(c->levels.size(), 3u) << id;
    for (const RubricLevel& l : c->levels) EXPECT_FALSE(l.anchor.empty()) << id;
  }
  EXPECT_FALSE(r.Find("rebound")->higher_is_better);
}

TEST(Rubric, ErrorsNameTheSourceAndPath) {
  auto r = ParseRubric(R"({"criteria":[{"id":"x","label":"X","area":"conviviality","direction":"higher",
    "levels":[{"level":0,"name":"a","anchor":"A"},{"level":2,"name":"b","anchor":"B"}]}]})", "mine.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("mine.json: /criteria/0/levels/1/level"), std::string::npos)
      << r.status().message();
  EXPECT_FALSE(ParseRubric("{", "bad.json").ok());
}

}  // namespace
}  // namespace airgrid::grid
