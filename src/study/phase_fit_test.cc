#include "study/phase_fit.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "study/phase_campaign.h"
#include "study/phase_workloads.h"
#include "study/test_util.h"

namespace airgrid::study {
namespace {

using testing::TestContext;

TEST(FitPhase, ChoosesOneOfTheTopShapesBySimulationAndWritesFitJson) {
  TestContext t;
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(w.ok());
  auto c = RunCampaignPhase(t.ctx, {w->train});
  ASSERT_TRUE(c.ok());
  auto fit = RunFitPhase(t.ctx, {w->train, c->rows});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_EQ(fit->policy.rfind("expr:", 0), 0u) << fit->policy;
  EXPECT_GT(fit->parameters, 0);
  const auto j = nlohmann::json::parse(t.Read("fit.json"));
  EXPECT_EQ(j["rows"], 4 * 32);
  EXPECT_EQ(j["chosen"]["policy"], fit->policy);
  EXPECT_EQ(j["chosen"]["readable"], fit->readable);
  ASSERT_EQ(j["validation"].size(), 2u);  // validate_top
  int rank1 = 0;
  for (const auto& v : j["validation"])
    if (v["rank"] == 1) {
      ++rank1;
      EXPECT_EQ(v["policy"], fit->policy);
    }
  EXPECT_EQ(rank1, 1);
  EXPECT_EQ(j["command_line"], t.command_line);
}

}  // namespace
}  // namespace airgrid::study
