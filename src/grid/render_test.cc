#include "airgrid/grid/report.h"

#include <cmath>
#include <map>
#include <regex>

#include <gtest/gtest.h>

#include "grid/test_util.h"

namespace airgrid::grid {
namespace {

using testing::Num;
using testing::Numeric;

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

Report SampleReport(bool with_aggregation = true) {
  Grid g(BuiltinRubric());
  g.title = "Policies <&> tests";
  Criterion bsld = Numeric("bsld", Direction::kLowerIsBetter);
  bsld.unit = "1";
  Criterion energy = Numeric("energy", Direction::kLowerIsBetter, Area::kEnvironment);
  energy.unit = "kWh";
  Criterion wait = Numeric("wait", Direction::kLowerIsBetter, Area::kFairness);
  Criterion need;
  need.id = "need";
  need.scale = Scale::kOrdinal;
  for (const Criterion& c : {bsld, energy, wait, need}) EXPECT_TRUE(g.AddCriterion(c).ok());
  for (const char* id : {"fcfs", "f1", "mlp"}) EXPECT_TRUE(g.AddAlternative({id, id, ""}).ok());
  EXPECT_TRUE(g.Set("fcfs", "bsld", Num(30, 2)).ok());
  EXPECT_TRUE(g.Set("f1", "bsld", Num(12)).ok());
  EXPECT_TRUE(g.Set("mlp", "bsld", Num(11)).ok());
  EXPECT_TRUE(g.Set("fcfs", "energy", Num(2)).ok());
  EXPECT_TRUE(g.Set("f1", "energy", Num(2.5)).ok());
  EXPECT_TRUE(g.Set("fcfs", "wait", Num(100)).ok());
  EXPECT_TRUE(g.Set("f1", "wait", Num(50)).ok());
  EXPECT_TRUE(g.Set("mlp", "wait", Num(60)).ok());
  EXPECT_TRUE(g.Set("fcfs", "need", Value::Level(3, "asked by operators", "minutes", {})).ok());
  EXPECT_TRUE(g.Set("f1", "need", Value::Levels({2, 3, 3}, "r", "", {})).ok());
  Series users{"users", "Per-user bsld", Series::Kind::kSamples, "1", "from the simulation", true, {},
               {{"fcfs", {1, 2, 30, 4}}, {"f1", {1, 1.5, 8}}}};
  Series groups{"groups", "Mean wait per user group", Series::Kind::kGroups, "s", "", false, {"small", "large"},
                {{"fcfs", {10, 200}}, {"f1", {20, 80}}, {"mlp", {15, 90}}}};
  Series phases{"phases", "Energy by phase", Series::Kind::kPhases, "kWh", "", false, {"development", "use"},
                {{"fcfs", {0, 2}}, {"f1", {0.4, 2.5}}}};
  for (const Series& s : {users, groups, phases}) EXPECT_TRUE(g.AddSeries(s).ok());
  ReportOptions o;
  o.provenance = {{"airgrid_version", "0.1.0"}, {"command_line", "airgrid grid x.json"}, {"created_utc", "2026-01-01T00:00:00Z"}};
  if (with_aggregation) {
    AggregationSpec spec;
    spec.weights = {{"bsld", 1, {1, 50}}, {"wait", 1, {0, 200}}};
    o.aggregation = spec;
  }
  auto r = BuildReport(std::move(g), o);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return std::move(r).value();
}

TEST(RenderText, ShowsNotAssessedParetoAndAggregation) {
  const std::string t = RenderText(SampleReport());
  EXPECT_NE(t.find("not assessed"), std::string::npos);
  EXPECT_NE(t.find("Pareto set: fcfs, f1, mlp"), std::string::npos) << t;
  EXPECT_NE(t.find("30.0 ± 2.0"), std::string::npos);
  EXPECT_NE(t.find("3 established"), std::string::npos);
  EXPECT_NE(t.find("3 established (median of 2 3 3)"), std::string::npos) << t;
  EXPECT_NE(t.find("Weight sensitivity"), std::string::npos);
}

TEST(RenderMarkdown, HasTableAndJudgements) {
  const std::string md = RenderMarkdown(SampleReport());
  EXPECT_NE(md.find("| area | criterion | unit | better |"), std::string::npos);
  EXPECT_NE(md.find("## Judgements on rubric levels"), std::string::npos);
  EXPECT_NE(md.find("asked by operators"), std::string::npos);
  EXPECT_NE(md.find("*not assessed*"), std::string::npos);
}

TEST(RenderJson, KeepsNotAssessedApartFromZero) {
  const nlohmann::json j = RenderJson(SampleReport());
  EXPECT_EQ(j["airgrid_version"], "0.1.0");
  const auto& na = j["values"]["mlp"]["energy"];
  EXPECT_EQ(na["state"], "not_assessed");
  EXPECT_FALSE(na.contains("value"));
  EXPECT_EQ(j["values"]["fcfs"]["bsld"]["uncertainty"], 2.0);
  EXPECT_EQ(j["values"]["f1"]["need"]["levels"], nlohmann::json({2, 3, 3}));
  EXPECT_TRUE(j["analysis"]["pareto"].is_array());
  EXPECT_TRUE(j["aggregation"]["scores"][2]["weighted_sum"].is_number());
  EXPECT_EQ(j["series"].size(), 3u);
}

TEST(RenderHtml, IsSelfContainedAndDrawsEveryChart) {
  const Report r = SampleReport();
  const std::string html = RenderHtml(r);
  EXPECT_GT(Count(html, "class=\"area-chart\""), 0u);
  EXPECT_EQ(Count(html, "<script"), 0u);
  EXPECT_EQ(Count(html, "src="), 0u);
  EXPECT_EQ(Count(html, "url("), 0u);
  EXPECT_EQ(Count(html, "@import"), 0u);
  // The only URL is the SVG namespace name, which is never fetched.
  std::regex url("https?://[^\"]*");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it)
    EXPECT_EQ(it->str(), "http://www.w3.org/2000/svg");
  EXPECT_NE(html.find("Policies &lt;&amp;&gt; tests"), std::string::npos);
  EXPECT_GT(Count(html, "class=\"bar\""), 0u);
  EXPECT_EQ(Count(html, "class=\"cdf\""), 2u);
  EXPECT_EQ(Count(html, "class=\"stack\""), 4u);
  EXPECT_NE(html.find("Chart normalisation"), std::string::npos);
  EXPECT_NE(html.find("observed range"), std::string::npos);
  // Findings and Setup open the page, before the table.
  EXPECT_LT(html.find("<h2>Findings</h2>"), html.find("<h2>Setup</h2>"));
  EXPECT_LT(html.find("<h2>Setup</h2>"), html.find("class=\"grid\""));
  EXPECT_NE(html.find("rubric levels"), std::string::npos);
  EXPECT_NE(html.find("id=\"pareto\""), std::string::npos);
  EXPECT_NE(html.find("airgrid grid x.json"), std::string::npos);
  // Every chart has a text alternative.
  EXPECT_EQ(Count(html, "role=\"img\" viewBox"), Count(html, "<desc id="));
  EXPECT_EQ(html, RenderHtml(r));  // deterministic
}

TEST(RenderHtml, MissingValueHasNoDotInsteadOfAZero) {
  const std::string html = RenderHtml(SampleReport(false));
  // mlp has no energy and no need: it has two dots fewer than fcfs.
  std::regex dot("class=\"dot\" data-alternative=\"(\\w+)\"");
  std::map<std::string, size_t> dots;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), dot); it != std::sregex_iterator(); ++it)
    ++dots[(*it)[1]];
  EXPECT_EQ(dots["fcfs"], 4u);
  EXPECT_EQ(dots["mlp"], 2u);
}

TEST(BuildReport, ValidatesParetoAxes) {
  Grid g;
  ASSERT_TRUE(g.AddCriterion(Numeric("x", Direction::kLowerIsBetter)).ok());
  ReportOptions o;
  o.pareto_axes = {"x", "y"};
  EXPECT_FALSE(BuildReport(g, o).ok());
  o.pareto_axes = {"x", "x"};
  EXPECT_FALSE(BuildReport(g, o).ok());
}

}  // namespace
}  // namespace airgrid::grid
