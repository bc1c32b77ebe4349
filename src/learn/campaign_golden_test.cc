// A golden scores table: a fixed small campaign (generated Lublin workload, 3 tuples x 64
// trials, seed 7) must give these bytes exactly. It catches any change in what the campaign
// computes — tuple positions, trial orders, the simulator, the score formula, the CSV format —
// that the property tests would let through. The generators themselves are pinned to their
// authors' reference outputs in trial_rng_test.cc. If a change is intended, regenerate the file
// from the `actual` path the failure prints, and say why in the commit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "airgrid/learn/campaign.h"
#include "airgrid/learn/scores.h"
#include "airgrid/workload/lublin.h"

namespace airgrid::learn {
namespace {

TEST(CampaignGolden, AFixedSmallCampaignGivesTheGoldenScoresCsv) {
  workload::LublinOptions lo;
  lo.procs = 64;
  lo.jobs = 400;
  lo.seed = 3;
  lo.mix = workload::LublinOptions::Mix::kTypeless;
  auto w = workload::GenerateLublin(lo);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  CampaignOptions co;
  co.tuples = 3;
  co.trials = 64;
  co.seed = 7;
  co.threads = 1;
  co.use_mpi = false;
  auto c = RunCampaign(*w, co);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const std::string actual = FormatScoresCsv(c->rows);

  const std::string golden_path = std::string(AIRGRID_SOURCE_DIR) + "/src/learn/testdata/golden_scores.csv";
  std::ifstream in(golden_path, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << golden_path;
  std::stringstream golden;
  golden << in.rdbuf();
  if (golden.str() != actual) {
    const auto out = std::filesystem::temp_directory_path() / "airgrid_golden_scores.actual.csv";
    std::ofstream(out, std::ios::binary) << actual;
    FAIL() << "scores differ from " << golden_path << "; actual written to " << out;
  }
  EXPECT_EQ(c->rows.size(), 3u * 32u);
}

}  // namespace
}  // namespace airgrid::learn
