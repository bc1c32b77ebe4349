#include "study/levers.h"

#include <gtest/gtest.h>

#include "airgrid/base/status.h"

namespace airgrid::study {
namespace {

constexpr int64_t kMon = 1704067200;  // 2024-01-01T00:00:00Z, a Monday

// Hours 0..5 of Monday: 300, 100, 200, 400, 50, 500 g.
std::vector<std::pair<int64_t, double>> Hand() {
  std::vector<std::pair<int64_t, double>> p;
  const double g[6] = {300, 100, 200, 400, 50, 500};
  for (int h = 0; h < 6; ++h) p.push_back({kMon + h * 3600, g[h]});
  return p;
}

TEST(Levers, BestWindowOfAnHourIsTheCleanestHour) {
  auto w = ChooseWindow(Hand(), 1800);  // half an hour: inside one hour
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->best.start, kMon + 4 * 3600);
  EXPECT_DOUBLE_EQ(w->best.g_per_kwh, 50);
  EXPECT_EQ(w->worst.start, kMon + 5 * 3600);
  EXPECT_DOUBLE_EQ(w->mean_g_per_kwh, 1550.0 / 6);
  EXPECT_EQ(w->starts, 6u);
  EXPECT_EQ(WeekdayHour(w->best.start), "Mon 04:00 UTC");
}

TEST(Levers, BestTwoHourWindowAveragesTheHoursItCovers) {
  // Two-hour windows: (300+100)/2 = 200, 150, 300, 225, (50+500)/2 = 275; the last start (hour 5)
  // would end past the series. Best: hours 1-2 (150), worst: hours 2-3 (300).
  auto w = ChooseWindow(Hand(), 7200);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->starts, 5u);
  EXPECT_EQ(w->best.start, kMon + 3600);
  EXPECT_DOUBLE_EQ(w->best.g_per_kwh, 150);
  EXPECT_EQ(w->worst.start, kMon + 2 * 3600);
  EXPECT_DOUBLE_EQ(w->worst.g_per_kwh, 300);
  // 90 minutes from hour 1: 100 for 60 min, 200 for 30 min = 133.3.
  auto w90 = ChooseWindow(Hand(), 5400);
  ASSERT_TRUE(w90.ok());
  EXPECT_NEAR(w90->best.g_per_kwh, 400.0 / 3, 1e-9);
}

TEST(Levers, AWindowLongerThanTheSeriesIsAnError) {
  EXPECT_EQ(ChooseWindow(Hand(), 7 * 3600).status().code(), Status::Code::kInvalidInput);
  EXPECT_FALSE(ChooseWindow({}, 60).ok());
}

TEST(Levers, HourOfDayAveragesTheSameHourAcrossDays) {
  std::vector<std::pair<int64_t, double>> p = {{kMon + 1 * 3600, 100}, {kMon + 2 * 3600, 300},
                                               {kMon + 86400 + 1 * 3600, 200}, {kMon + 86400 + 2 * 3600, 100}};
  const HourOfDay h = ChooseHourOfDay(p);
  EXPECT_EQ(h.best_hour, 1);
  EXPECT_DOUBLE_EQ(h.best_g, 150);
  EXPECT_EQ(h.worst_hour, 2);
  EXPECT_DOUBLE_EQ(h.worst_g, 200);
}

TEST(Levers, LowCarbonAndDataCentreRowsByHand) {
  auto series = measure::IntensitySeries::Parse(
      "timestamp,g_per_kwh\n2024-01-01T00:00:00Z,300\n2024-01-01T01:00:00Z,100\n", "hand.csv");
  ASSERT_TRUE(series.ok());
  CarbonLeverInput in;
  in.development = {2, 0.1};  // kWh
  in.duration_s = 60;
  in.factor = {500, "WORLD", 2023, "test", "world-default"};
  in.pue = 1;
  in.series = &*series;
  in.series_origin = "hand.csv";
  in.countries = {{20, "SWE", 2023, "t", "country-table"}, {800, "ZAF", 2023, "t", "country-table"},
                  {480, "WORLD", 2023, "t", "world-default"}};
  const Lever l = LowCarbonLever(in);
  // 2 kWh × 500 g = 1 kg; best window 100 g: 0.2 kg; cleanest SWE 20 g: 0.04 kg; ZAF: 1.6 kg.
  ASSERT_GE(l.rows.size(), 6u);
  EXPECT_EQ(l.rows[0].second, "1 ± 0.05 kgCO2eq");
  EXPECT_NE(l.rows[1].first.find("Mon 01:00 UTC"), std::string::npos);
  EXPECT_EQ(l.rows[1].second, "0.2 ± 0.01 kgCO2eq");
  EXPECT_NE(l.rows[l.rows.size() - 2].first.find("SWE"), std::string::npos);
  EXPECT_EQ(l.rows[l.rows.size() - 2].second, "0.04 ± 0.002 kgCO2eq");
  EXPECT_NE(l.rows.back().first.find("ZAF"), std::string::npos);
  const Lever dc = DataCentreLever(in);
  ASSERT_EQ(dc.rows.size(), 3u);
  EXPECT_EQ(dc.rows[2].second, "4 ± 0.2 kWh drawn, 2 ± 0.1 kgCO2eq");
}

TEST(Levers, SearchCountsTrainingsTimesTheMeasuredCost) {
  SearchLeverInput in;
  in.trainings_run = 2;
  in.hidden = {16, 16};
  in.training = {0.004, 0};
  const Lever l = SearchLever(in);
  // 3 widths ^ 2 layers × 2 losses = 18 trainings at 0.002 kWh each.
  EXPECT_EQ(l.rows[0].second, "0.002 kWh");
  EXPECT_EQ(l.rows[2].first, "exhaustive grid: 18 trainings");
  EXPECT_EQ(l.rows[2].second, "0.036 kWh");
  EXPECT_EQ(l.rows[3].second, "0.032 kWh");
}

TEST(Levers, AlgorithmReachesTheDecisionAtTheSmallestConfirmedScale) {
  AlgorithmLeverInput in;
  in.tuples = 10;
  in.trials = 6400;
  in.chosen_shape = "A";
  in.campaign = {1, 0};
  // 100: same by chance, 400: different, 1600: same and confirmed by being the finest tried.
  in.steps = {{100, "A", true}, {400, "B", false}, {1600, "A", true}};
  const Lever l = AlgorithmLever(in);
  bool found = false;
  for (const auto& [what, figure] : l.rows) {
    if (what.find("campaign at 1600 trials") != std::string::npos) {
      found = true;
      EXPECT_EQ(figure, "0.25 kWh instead of 1 kWh");
    }
    EXPECT_EQ(what.find("campaign at 100 trials"), std::string::npos);
  }
  EXPECT_TRUE(found);
}

TEST(Levers, RenderingsEscapeAndCarryEveryRow) {
  Lever l{"A <title>", "assume x & y", {{"row|1", "2 kWh"}}};
  const std::string md = LeversMarkdown({l}), html = LeversHtml({l});
  EXPECT_NE(md.find("## Levers"), std::string::npos);
  EXPECT_EQ(html.find("<title>"), std::string::npos);
  EXPECT_NE(html.find("A &lt;title&gt;"), std::string::npos);
  EXPECT_NE(html.find("x &amp; y"), std::string::npos);
  EXPECT_EQ(LeversJson({l})[0]["rows"][0]["figure"], "2 kWh");
}

}  // namespace
}  // namespace airgrid::study
