#include "study/phase_network.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "study/phase_campaign.h"
#include "study/phase_workloads.h"
#include "study/test_util.h"

namespace airgrid::study {
namespace {

using testing::TestContext;

TEST(NetworkPhase, TrainsTheOptionsArchitectureAndWritesTheModelFile) {
  TestContext t;
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(w.ok());
  auto c = RunCampaignPhase(t.ctx, {w->train});
  ASSERT_TRUE(c.ok());
  auto net = RunNetworkPhase(t.ctx, {c->rows});
  ASSERT_TRUE(net.ok()) << net.status().ToString();
  EXPECT_EQ(net->path, (t.dir() / "mlp.json").string());
  EXPECT_EQ(t.folder.files().back(), "mlp.json");
  EXPECT_EQ(net->mlp.report.options.hidden, std::vector<int>{4});
  EXPECT_GT(net->mlp.report.cost.parameters, 0);
  EXPECT_GT(net->mlp.report.ns_per_job, 0);  // the scoring time was measured
  const auto j = nlohmann::json::parse(t.Read("mlp.json"));
  EXPECT_EQ(j["command_line"], t.command_line);
  EXPECT_NE(t.log.str().find("training: MLP"), std::string::npos);
}

}  // namespace
}  // namespace airgrid::study
