#include "airgrid/study/repeats.h"

#include <cmath>

#include <gtest/gtest.h>

#include "airgrid/grid/rubric.h"

namespace airgrid::study {
namespace {

using grid::ProvenanceKind;
using grid::Value;

grid::Grid Tiny(double a_energy, double b_energy, double u, ProvenanceKind kind = ProvenanceKind::kModelled,
                std::string formula = "p*q") {
  grid::Grid g(grid::BuiltinRubric());
  grid::Criterion c;
  c.id = "energy";
  c.label = "Energy";
  c.area = grid::Area::kEnvironment;
  c.unit = "kWh";
  c.direction = grid::Direction::kLowerIsBetter;
  EXPECT_TRUE(g.AddCriterion(c).ok());
  grid::Criterion e = c;
  e.id = "fairness";
  e.label = "Fairness";
  e.area = grid::Area::kFairness;
  EXPECT_TRUE(g.AddCriterion(e).ok());
  EXPECT_TRUE(g.AddAlternative({"fcfs", "FCFS", "rule"}).ok());
  EXPECT_TRUE(g.AddAlternative({"learned", "Re-learned", "formula " + formula}).ok());
  const grid::Provenance p{kind, "test", "by hand", ""};
  EXPECT_TRUE(g.Set("fcfs", "energy", Value::Number(a_energy, u, p)).ok());
  EXPECT_TRUE(g.Set("learned", "energy", Value::Number(b_energy, u, p)).ok());
  EXPECT_TRUE(g.Set("fcfs", "fairness", Value::Number(1, 0, p)).ok());
  EXPECT_TRUE(g.Set("learned", "fairness", Value::NotAssessed("no user ids")).ok());
  return g;
}

TEST(Repeats, StudentQuantilesFromTheTable) {
  EXPECT_DOUBLE_EQ(StudentT975(1), 12.706);
  EXPECT_DOUBLE_EQ(StudentT975(2), 4.303);
  EXPECT_DOUBLE_EQ(StudentT975(30), 2.042);
  EXPECT_DOUBLE_EQ(StudentT975(1000), 1.960);
  EXPECT_TRUE(std::isnan(StudentT975(0)));
}

TEST(Repeats, SeedsAndFoldersOfRunK) {
  StudyOptions o;
  o.out_dir = "out";
  o.seed = 7;
  o.train_seed = 1;
  o.eval_seed = 2;
  const StudyOptions r = RepeatOptions(o, 2);
  EXPECT_EQ(r.seed, 9u);
  EXPECT_EQ(r.train_seed, 3u);
  EXPECT_EQ(r.eval_seed, 4u);
  EXPECT_EQ(r.out_dir, "out/repeat-3");
}

TEST(Repeats, MeanWithTheWiderOfTheTIntervalAndTheRunsUncertainty) {
  // Three runs of FCFS: 1, 2, 3 (s = 1, t(2) = 4.303: half-width 4.303 / sqrt(3) = 2.484 > 0.1).
  // Learned: 10 each time: half-width 0, so the runs' own ±0.1 stays.
  std::vector<RepeatRun> runs = {{1, Tiny(1, 10, 0.1), 1}, {2, Tiny(2, 10, 0.1), 1}, {3, Tiny(3, 10, 0.1), 1}};
  auto g = CombineRepeats(runs);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_DOUBLE_EQ(g->at(0, 0).number(), 2);
  EXPECT_NEAR(g->at(0, 0).uncertainty(), 4.303 / std::sqrt(3.0), 1e-12);
  EXPECT_DOUBLE_EQ(g->at(1, 0).number(), 10);
  EXPECT_NEAR(g->at(1, 0).uncertainty(), 0.1, 1e-12);
  EXPECT_EQ(g->at(0, 0).provenance().kind, ProvenanceKind::kModelled);
  EXPECT_NE(g->at(0, 0).provenance().method.find("mean of 3 runs (1, 2, 3)"), std::string::npos);
  EXPECT_FALSE(g->at(1, 1).assessed());
  EXPECT_NE(g->at(1, 1).reason().find("run 1: no user ids"), std::string::npos);
  EXPECT_EQ(g->setup.back().first, "Repeats");
}

TEST(Repeats, MeasuredOnlyWhenEveryRunMeasured) {
  std::vector<RepeatRun> runs = {{1, Tiny(1, 2, 0.1, ProvenanceKind::kMeasured), 1},
                                 {2, Tiny(1, 2, 0.1, ProvenanceKind::kModelled), 1}};
  auto g = CombineRepeats(runs);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->at(0, 0).provenance().kind, ProvenanceKind::kModelled);
}

TEST(Repeats, FindingsSayWhetherTheConclusionsMoved) {
  // Same formula, FCFS far better in both runs: nothing moves.
  std::vector<RepeatRun> same = {{1, Tiny(1, 10, 0.1), 5}, {2, Tiny(1.1, 10.2, 0.1), 5}};
  auto g = CombineRepeats(same);
  ASSERT_TRUE(g.ok());
  auto report = grid::BuildReport(*g, {});
  ASSERT_TRUE(report.ok());
  auto lines = RepeatFindings(same, *report);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_NE(lines[0].find("2 independent runs"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("same in every run: formula p*q"), std::string::npos) << lines[1];
  EXPECT_NE(lines[3].find("best group of every criterion is the same"), std::string::npos) << lines[3];
  EXPECT_NE(lines[4].find("changed no conclusion"), std::string::npos) << lines[4];
  // Run 1 has learned clearly better, run 2 clearly worse, and another formula: the best group
  // moves, the combined ranks (a tie of the means 5.5 ± t-interval) differ from run 1's.
  std::vector<RepeatRun> moved = {{1, Tiny(10, 1, 0.1, ProvenanceKind::kModelled, "p*q"), 5},
                                  {2, Tiny(1, 10, 0.1, ProvenanceKind::kModelled, "log(p)"), 5}};
  g = CombineRepeats(moved);
  ASSERT_TRUE(g.ok());
  report = grid::BuildReport(*g, {});
  ASSERT_TRUE(report.ok());
  lines = RepeatFindings(moved, *report);
  EXPECT_NE(lines[1].find("changed between runs (2 different forms)"), std::string::npos) << lines[1];
  EXPECT_NE(lines[3].find("changed between runs on 1 criteria: Energy"), std::string::npos) << lines[3];
  EXPECT_NE(lines[4].find("differ from run 1's on 1 of 2 criteria: Energy"), std::string::npos) << lines[4];
}

TEST(Repeats, AnAlternativeOfSomeRunsOnlyIsNotAssessedAndNamed) {
  grid::Grid extra = Tiny(1, 2, 0.1);
  ASSERT_TRUE(extra.AddAlternative({"best-rule", "Best rule", "a rule"}).ok());
  std::vector<RepeatRun> runs = {{1, Tiny(1, 2, 0.1), 1}, {2, extra, 1}};
  auto g = CombineRepeats(runs);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  ASSERT_EQ(g->num_alternatives(), 3u);
  EXPECT_FALSE(g->at(2, 0).assessed());
  EXPECT_EQ(g->at(2, 0).reason(), "not an alternative of run 1 (of 2)");
  auto report = grid::BuildReport(*g, {});
  ASSERT_TRUE(report.ok());
  const auto lines = RepeatFindings(runs, *report);
  EXPECT_NE(lines[2].find("Not an alternative of every run (the runs chose differently): Best rule."), std::string::npos)
      << lines[2];
}

TEST(Repeats, RefusesRunsOfDifferentCriteria) {
  grid::Grid other(grid::BuiltinRubric());
  std::vector<RepeatRun> runs = {{1, Tiny(1, 2, 0.1), 1}, {2, other, 1}};
  EXPECT_FALSE(CombineRepeats(runs).ok());
  EXPECT_FALSE(CombineRepeats({}).ok());
}

}  // namespace
}  // namespace airgrid::study
