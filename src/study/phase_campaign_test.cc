#include "study/phase_campaign.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "study/phase_workloads.h"
#include "study/test_util.h"

namespace airgrid::study {
namespace {

using testing::TestContext;

TEST(CampaignPhase, ScoresEveryTupleAndWritesScoresCsv) {
  TestContext t;
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(w.ok());
  auto c = RunCampaignPhase(t.ctx, {w->train});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->output_rank);
  // One row per job of Q (32) per tuple.
  EXPECT_EQ(c->rows.size(), 4u * 32u);
  EXPECT_EQ(t.folder.files(), std::vector<std::string>{"scores.csv"});
  const std::string csv = t.Read("scores.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 4 * 32);
  EXPECT_NE(t.log.str().find("campaign: 4 tuples x 40 trials"), std::string::npos) << t.log.str();
  // The campaign does not touch the tracker: the pipeline ends its phase.
  EXPECT_TRUE(t.phases.ledger().empty());
}

}  // namespace
}  // namespace airgrid::study
