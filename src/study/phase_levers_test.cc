#include "study/phase_levers.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "study/test_util.h"

namespace airgrid::study {
namespace {

TEST(LeverSeries, TheShippedExampleIsAWeekOfHours) {
  StudyOptions o;
  auto s = LoadLeverSeries(o);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_TRUE(s->series);
  EXPECT_EQ(s->series->size(), 168u);
}

TEST(LeverSeries, ABadFileIsInvalidInputNamingItAndStopsTheStudyBeforeAnyPhase) {
  testing::TestContext t;
  const std::string bad = (t.dir() / "bad-series.csv").string();
  std::ofstream(bad) << "timestamp,g_per_kwh\n2024-01-01T00:00:00Z,abc\n";
  StudyOptions o;
  o.carbon_series = bad;
  auto s = LoadLeverSeries(o);
  ASSERT_EQ(s.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.status().message().find("bad-series.csv"), std::string::npos) << s.status().message();
  o.carbon_series = (t.dir() / "missing.csv").string();
  EXPECT_EQ(LoadLeverSeries(o).status().code(), Status::Code::kInvalidInput);

  t.options.carbon_series = bad;
  t.options.out_dir = (t.dir() / "out").string();
  testing::FakePhases phases;
  testing::FakeClock clock(1);
  std::ostringstream log;
  auto out = RunStudy(t.options, "airgrid study --carbon-series bad", StudyServices{&phases, &clock, &log});
  EXPECT_EQ(out.status().code(), Status::Code::kInvalidInput);
  EXPECT_FALSE(phases.started);
  EXPECT_FALSE(std::filesystem::exists(t.options.out_dir));
}

TEST(Sweep, TrialsAreCoarseToFineAndBelowTheFullScale) {
  EXPECT_EQ(SweepTrials(20000), (std::vector<int64_t>{312, 1250, 5000}));
  EXPECT_EQ(SweepTrials(40), (std::vector<int64_t>{1, 2, 10}));
  EXPECT_EQ(SweepTrials(2), (std::vector<int64_t>{1}));
  EXPECT_TRUE(SweepTrials(1).empty());
}

}  // namespace
}  // namespace airgrid::study
