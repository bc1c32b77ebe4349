// Ties are ties (issue 12): ranks, stars, "best", dominance and the findings treat differences
// within the combined uncertainty, or within the display precision, as equal.
#include <cmath>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "airgrid/grid/findings.h"
#include "airgrid/grid/report.h"
#include "grid/test_util.h"

namespace airgrid::grid {
namespace {

using testing::Num;
using testing::Numeric;

// Alternatives a0..aN on one higher-is-better criterion "u" with the given values/uncertainties.
Grid OneCriterion(const std::vector<std::pair<double, double>>& values, Direction d = Direction::kHigherIsBetter) {
  Grid g;
  Criterion c = Numeric("u", d);
  c.unit = "1";
  EXPECT_TRUE(g.AddCriterion(c).ok());
  for (size_t a = 0; a < values.size(); ++a) {
    std::string id(1, 'a');
    id += std::to_string(a);
    EXPECT_TRUE(g.AddAlternative({id, id, ""}).ok());
    EXPECT_TRUE(g.Set(id, "u", Num(values[a].first, values[a].second)).ok());
  }
  return g;
}

TEST(Ties, UtilisationEqualAtDisplayPrecisionTiesEverywhere) {
  // The HPC2N case: five policies at 0.5155..0.5162, no uncertainty: all show "0.516".
  Grid g = OneCriterion({{0.5155, 0}, {0.5162, 0}, {0.5158, 0}, {0.5160, 0}, {0.5157, 0}});
  const Analysis an = Analyze(g, {});
  for (size_t a = 0; a < 5; ++a) EXPECT_EQ(an.rank[0][a], 1) << a;
  EXPECT_TRUE(an.all_tied[0]);
  for (size_t a = 0; a < 5; ++a)
    for (size_t b = 0; b < 5; ++b) EXPECT_FALSE(an.dominance[a][b]);
  auto r = BuildReport(std::move(g), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->findings.all_tied, std::vector<std::string>{"u"});
  EXPECT_TRUE(r->findings.areas.empty());
  // No star for anyone, in HTML and Markdown.
  EXPECT_EQ(RenderHtml(*r).find("★ 0"), std::string::npos);
  EXPECT_EQ(RenderMarkdown(*r).find("**0.5"), std::string::npos);
  EXPECT_FALSE(RenderJson(*r)["values"]["a0"]["u"]["best"].get<bool>());
}

TEST(Ties, BeyondDisplayPrecisionIsADifference) {
  Grid g = OneCriterion({{0.516, 0}, {0.530, 0}});
  const Analysis an = Analyze(g, {});
  EXPECT_EQ(an.rank[0][1], 1);
  EXPECT_EQ(an.rank[0][0], 2);
  EXPECT_FALSE(an.all_tied[0]);
  EXPECT_TRUE(an.dominance[1][0]);
}

TEST(Ties, WithinCombinedUncertaintyShareTheRankAndTheStar) {
  // a0 = 10 ± 1 and a1 = 11.5 ± 1 tie (1.5 ≤ 2); a2 = 20 ± 1 is beyond (8.5 > 2).
  Grid g = OneCriterion({{10, 1}, {11.5, 1}, {20, 1}}, Direction::kLowerIsBetter);
  auto r = BuildReport(std::move(g), {});
  ASSERT_TRUE(r.ok());
  const Analysis& an = r->analysis;
  EXPECT_EQ(an.rank[0][0], 1);
  EXPECT_EQ(an.rank[0][1], 1);
  EXPECT_EQ(an.rank[0][2], 3);
  EXPECT_FALSE(an.all_tied[0]);
  const std::string html = RenderHtml(*r);
  size_t stars = 0;
  for (size_t p = html.find("\">★ "); p != std::string::npos; p = html.find("\">★ ", p + 1)) ++stars;
  EXPECT_EQ(stars, 2u);  // shared by the tied best
  // The finding names both as tied best and gives the gap with its interval:
  // 20/10 = 2, interval [(20-1)/(10+1), (20+1)/(10-1)] = [1.73, 2.33].
  ASSERT_EQ(r->findings.areas.size(), 1u);
  const std::string line = r->findings.areas[0].lines[0];
  EXPECT_NE(line.find("a0 and a1 tie best"), std::string::npos) << line;
  EXPECT_NE(line.find("worst a2"), std::string::npos) << line;
  EXPECT_NE(line.find("2× (interval 1.73–2.33×)"), std::string::npos) << line;
}

TEST(Ties, DominanceNeedsADifferenceBeyondUncertainty) {
  Grid g;
  for (const char* id : {"x", "y"}) EXPECT_TRUE(g.AddCriterion(Numeric(id, Direction::kLowerIsBetter)).ok());
  for (const char* id : {"p", "q"}) EXPECT_TRUE(g.AddAlternative({id, id, ""}).ok());
  // p is lower on both, but within uncertainty on both: no dominance, both Pareto.
  EXPECT_TRUE(g.Set("p", "x", Num(10, 0.5)).ok());
  EXPECT_TRUE(g.Set("q", "x", Num(10.8, 0.5)).ok());
  EXPECT_TRUE(g.Set("p", "y", Num(5, 0.2)).ok());
  EXPECT_TRUE(g.Set("q", "y", Num(5.3, 0.2)).ok());
  Analysis an = Analyze(g, {});
  EXPECT_FALSE(an.dominance[0][1]);
  EXPECT_EQ(an.pareto.size(), 2u);
  // Beyond uncertainty on y: p dominates q.
  EXPECT_TRUE(g.Set("q", "y", Num(6, 0.2)).ok());
  an = Analyze(g, {});
  EXPECT_TRUE(an.dominance[0][1]);
  EXPECT_EQ(an.pareto, std::vector<size_t>{0});
}

TEST(Ties, UnknownLevelIsNotRankedAboveKnownOnes) {
  Grid g(BuiltinRubric());
  Criterion acc;
  acc.id = "acceptability";
  acc.scale = Scale::kOrdinal;
  ASSERT_TRUE(g.AddCriterion(acc).ok());
  for (const char* id : {"contested", "unknown", "accepted"}) ASSERT_TRUE(g.AddAlternative({id, id, ""}).ok());
  ASSERT_TRUE(g.Set("contested", "acceptability", Value::Level(1, "objections", "", {})).ok());
  ASSERT_TRUE(g.Set("unknown", "acceptability", Value::Level(2, "nobody asked", "", {})).ok());
  ASSERT_TRUE(g.Set("accepted", "acceptability", Value::Level(3, "survey", "", {})).ok());
  const Analysis an = Analyze(g, {});
  EXPECT_EQ(an.rank[0][2], 1);
  EXPECT_EQ(an.rank[0][0], 2);
  EXPECT_FALSE(an.rank[0][1].has_value());  // "unknown" is treated as not assessed
  EXPECT_FALSE(an.dominance[2][1]);         // and blocks dominance both ways
  EXPECT_FALSE(an.dominance[1][0]);
  EXPECT_TRUE(an.dominance[2][0]);
}

TEST(Ties, ChartNeverStretchesASpreadWithinUncertainty) {
  Grid g = OneCriterion({{0.5155, 0}, {0.5162, 0}, {0.5158, 0}});
  Criterion e = Numeric("e", Direction::kLowerIsBetter, Area::kEnvironment);
  ASSERT_TRUE(g.AddCriterion(e).ok());
  ASSERT_TRUE(g.Set("a0", "e", Num(1, 0.1)).ok());
  ASSERT_TRUE(g.Set("a1", "e", Num(3, 0.1)).ok());
  auto r = BuildReport(std::move(g), {});
  ASSERT_TRUE(r.ok());
  const std::string html = RenderHtml(*r);
  EXPECT_NE(html.find("u: all values tie within uncertainty: drawn at mid-axis"), std::string::npos);
  // All three "u" dots at the same x (mid-row).
  std::regex dot("data-criterion=\"u\" data-position=\"([0-9.]+)\"");
  std::set<std::string> xs;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), dot); it != std::sregex_iterator(); ++it) xs.insert((*it)[1]);
  EXPECT_EQ(xs, std::set<std::string>{"0.5"}) << html;
}

TEST(Findings, TradeOffsAndParetoReasonsNameTheGapBeyondUncertainty) {
  Grid g;
  Criterion bsld = Numeric("bsld", Direction::kLowerIsBetter);
  bsld.unit = "1";
  bsld.label = "AVEbsld";
  Criterion energy = Numeric("energy", Direction::kLowerIsBetter, Area::kEnvironment);
  energy.unit = "kWh";
  energy.label = "development energy";
  for (const Criterion& c : {bsld, energy}) ASSERT_TRUE(g.AddCriterion(c).ok());
  for (const char* id : {"X", "Y"}) ASSERT_TRUE(g.AddAlternative({id, id, ""}).ok());
  ASSERT_TRUE(g.Set("X", "bsld", Num(85, 2)).ok());
  ASSERT_TRUE(g.Set("Y", "bsld", Num(100, 2)).ok());
  ASSERT_TRUE(g.Set("X", "energy", Num(2.3, 0.1)).ok());
  ASSERT_TRUE(g.Set("Y", "energy", Num(1, 0.1)).ok());
  auto r = BuildReport(std::move(g), {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->findings.trade_offs.size(), 1u);
  // (100 − 85)/100 = 15 %, u = hypot(2, 0.85 × 2)/100 = 2.6 %; 2.3/1 = 2.3×.
  EXPECT_EQ(r->findings.trade_offs[0], "X against Y: 15.0 ± 2.6 % lower AVEbsld, at 2.3× higher development energy.");
  ASSERT_EQ(r->findings.pareto_reasons.size(), 2u);
  EXPECT_EQ(r->findings.pareto_reasons[0], "X: alone best on AVEbsld.");
  EXPECT_EQ(r->findings.pareto_reasons[1], "Y: alone best on development energy.");
  const std::string md = RenderMarkdown(*r);
  EXPECT_EQ(md.find("## Findings"), md.find("\n\n") + 2) << md.substr(0, 200);
  EXPECT_LT(md.find("## Setup"), md.find("| area |"));
}

TEST(Findings, GapIsADifferenceWhenARatioMeansNothing) {
  Criterion c = Numeric("t", Direction::kLowerIsBetter);
  c.scale = Scale::kInterval;
  EXPECT_EQ(Gap(c, Num(10, 1), Num(15, 2)), "5 ± 3 s");
  c.scale = Scale::kRatio;
  EXPECT_EQ(Gap(c, Num(10), Num(15)), "1.5×");
}

}  // namespace
}  // namespace airgrid::grid
