// End-to-end tests of `airgrid metrics ...` on small files with hand-computed answers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using airgrid::cli::testing::Outcome;

class MetricsCli : public airgrid::cli::testing::CliTest {
 protected:
  MetricsCli() : CliTest("metrics") {}
  nlohmann::json ReadJson(const std::string& name) {
    std::ifstream in(dir_ / name);
    return nlohmann::json::parse(in);
  }
};

TEST_F(MetricsCli, RegressionWithGroups) {
  std::string f = Write("r.csv", "y,yhat,site\n1,1,a\n2,2,a\n3,3,b\n4,6,b\n");
  Outcome r = Run("regression --truth " + f + " --truth-column y --pred " + f +
                  " --pred-column yhat --groups " + f + " --group-column site --json " +
                  (dir_ / "out.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = ReadJson("out.json");
  EXPECT_DOUBLE_EQ(j["metrics"]["mae"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["metrics"]["rmse"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["by_group"]["mae"]["by_group"]["b"]["value"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["by_group"]["mae"]["difference"].get<double>(), 1.0);
  EXPECT_TRUE(j.contains("airgrid_version"));
}

TEST_F(MetricsCli, ClassificationMacroAndAuc) {
  std::string t = Write("t.csv", "label\n1\n1\n0\n0\n");
  std::string p = Write("p.csv", "label,score\n1,0.8\n0,0.4\n0,0.4\n0,0.1\n");
  Outcome r = Run("classification --truth " + t + " --pred " + p +
                  " --pred-column label --scores-column score --average macro --json " +
                  (dir_ / "c.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = ReadJson("c.json");
  EXPECT_DOUBLE_EQ(j["metrics"]["accuracy"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(j["metrics"]["roc_auc"].get<double>(), 0.875);
  // class 0: P = 2/3, R = 1 ; class 1: P = 1, R = 1/2 → macro P = 5/6, R = 3/4.
  EXPECT_NEAR(j["metrics"]["precision"].get<double>(), 5.0 / 6.0, 1e-15);
  EXPECT_NEAR(j["metrics"]["recall"].get<double>(), 0.75, 1e-15);
}

TEST_F(MetricsCli, BadInputExitsTwoAndWritesNothing) {
  std::string t = Write("t.csv", "y\n1\n2\n");
  std::string p = Write("p.csv", "y\n1\nabc\n");
  const std::string out = (dir_ / "never.json").string();
  Outcome r = Run("regression --truth " + t + " --pred " + p + " --json " + out);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("p.csv:3: column 'y': expected a number, got 'abc'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(Run("regression --truth /nonexistent.csv --pred " + p).exit_code, 2);
}

TEST_F(MetricsCli, SegmentationPgmAndEmptyConvention) {
  std::string t = Write("t.pgm", "P2\n2 2\n255\n255 255\n0 0\n");
  std::string p = Write("p.pgm", "P2\n2 2\n255\n255 0\n255 0\n");
  std::string e = Write("e.csv", "0,0\n0,0\n");
  Outcome r = Run("segmentation --truth " + t + " --pred " + p + " --truth " + e + " --pred " +
                  e + " --empty zero --json " + (dir_ / "s.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = ReadJson("s.json");
  EXPECT_DOUBLE_EQ(j["images"][0]["dice"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["images"][1]["dice"].get<double>(), 0.0);
  EXPECT_TRUE(j["images"][1]["both_empty"].get<bool>());
  EXPECT_DOUBLE_EQ(j["metrics"]["mean_dice"].get<double>(), 0.25);
}

}  // namespace
