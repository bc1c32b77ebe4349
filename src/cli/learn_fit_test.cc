// End-to-end tests of `airgrid learn fit` on the real binary.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace {

namespace fs = std::filesystem;

const std::string kPublished = std::string(AIRGRID_SHARED_DIR) + "/sc17/score-distribution.csv";

using airgrid::cli::testing::Outcome;

class LearnFitTest : public airgrid::cli::testing::CliTest {
 protected:
  LearnFitTest() : CliTest("") {}
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
};

// Scores generated exactly by sqrt(p)*q + 300*log10(r) (headered airgrid format, 2 tuples).
std::string WriteSyntheticScores(const std::string& path) {
  std::ofstream out(path);
  out << "p,q,r,score,tuple,k\n";
  for (int i = 0; i < 64; ++i) {
    const double p = 10.0 + 97.0 * (i % 13) * (i % 5 + 1);
    const double q = 1.0 + (i * 7) % 64;
    const double r = 100.0 + 531.0 * i;
    const double score = 1e-6 * (std::sqrt(p) * q + 300.0 * std::log10(r + 1e-10));
    out << p << "," << q << "," << r << "," << score << "," << i / 32 << "," << i % 32 << "\n";
  }
  return path;
}

TEST_F(LearnFitTest, RecoversTheGeneratingShapeAndPrintsASimulatablePolicy) {
  const std::string scores = WriteSyntheticScores(Path("scores.csv"));
  const Outcome out = Run("learn fit --scores " + scores + " --top 3 --json " + Path("fit.json"));
  ASSERT_EQ(out.exit_code, 0) << out.Text();
  EXPECT_NE(out.Text().find("sqrt(p)*q + 300"), std::string::npos) << out.Text();
  EXPECT_NE(out.Text().find("constant predictors"), std::string::npos);
  std::ifstream in(Path("fit.json"));
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_TRUE(j.contains("airgrid_version"));
  EXPECT_TRUE(j.contains("command_line"));
  ASSERT_EQ(j["forms"].size(), 576u);
  EXPECT_EQ(j["forms"][0]["rank"], 1);
  // Exact data up to the printed digits of the CSV: the fit is exact to ~1e-8 of the scores.
  EXPECT_LT(j["forms"][0]["mae"].get<double>(), 1e-7);
  const std::string policy = j["chosen"]["policy"];
  EXPECT_EQ(policy.rfind("expr:", 0), 0u) << policy;
  // The printed policy is accepted unchanged by `airgrid simulate`.
  const Outcome sim = Run("simulate --workload lublin:300:2 --policy '" + policy + "'");
  EXPECT_EQ(sim.exit_code, 0) << sim.Text();
}

TEST_F(LearnFitTest, PublishedSetGivesF1AndValidationRanksBySimulation) {
  if (!fs::exists(kPublished)) GTEST_SKIP() << kPublished << " is absent";
  const Outcome out = Run("learn fit --scores " + kPublished +
                                " --top 4 --validate lublin:10000:7 --json " + Path("fit.json"));
  ASSERT_EQ(out.exit_code, 0) << out.Text();
  EXPECT_NE(out.Text().find("log10(p)*q + 870.96*log10(r)"), std::string::npos) << out.Text();
  EXPECT_NE(out.Text().find("ranking by simulation"), std::string::npos) << out.Text();
  std::ifstream in(Path("fit.json"));
  const nlohmann::json j = nlohmann::json::parse(in);
  const auto& results = j["validation"]["results"];
  ASSERT_EQ(results.size(), 6u);  // 4 shapes + F1 + FCFS
  for (const auto& r : results) EXPECT_GT(r["avg_bsld"].get<double>(), 1.0 - 1e-12);
  EXPECT_EQ(j["chosen"]["policy"].get<std::string>().rfind("expr:", 0), 0u);
}

TEST_F(LearnFitTest, BadInputIsExitCode2AndWritesNothing) {
  {
    std::ofstream bad(Path("bad.csv"));
    bad << "1,2,3,0.5\n4,x,6,0.5\n";
  }
  Outcome out = Run("learn fit --scores " + Path("bad.csv") + " --json " + Path("fit.json"));
  EXPECT_EQ(out.exit_code, 2) << out.Text();
  EXPECT_NE(out.Text().find("airgrid: error:"), std::string::npos) << out.Text();
  EXPECT_FALSE(fs::exists(Path("fit.json")));
  out = Run("learn fit --scores " + Path("missing.csv"));
  EXPECT_EQ(out.exit_code, 2) << out.Text();
  const std::string scores = WriteSyntheticScores(Path("scores.csv"));
  out = Run("learn fit --scores " + scores + " --validate lublin:100 --backfill sometimes");
  EXPECT_EQ(out.exit_code, 2) << out.Text();
  out = Run("learn fit --scores " + scores + " --top 0");
  EXPECT_EQ(out.exit_code, 2) << out.Text();
}

}  // namespace
