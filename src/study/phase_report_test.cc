#include "study/phase_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "study/phase_evaluate.h"
#include "study/phase_grid.h"
#include "study/phase_workloads.h"
#include "study/test_util.h"

namespace airgrid::study {
namespace {

using testing::TestContext;

TEST(ReportPhase, WritesTheRenderingsTheLedgerAndTheStudyRecord) {
  TestContext t;
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(w.ok());
  PolicyResult fcfs;
  fcfs.id = fcfs.label = fcfs.spec = "fcfs";
  std::vector<PolicyResult> policies = {fcfs};
  ASSERT_TRUE(t.phases.Start("use:fcfs").ok());
  ASSERT_TRUE(RunEvaluationPhase(t.ctx, {w->eval, w->eval_description, policies}).ok());
  auto report = RunGridPhase(t.ctx, {*w, policies, measure::CarbonSettings{}});
  ASSERT_TRUE(report.ok()) << report.status().ToString();

  auto out = RunReportPhase(t.ctx, {*report, 12.5});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<std::string> files = {"results/fcfs.json", "grid-input.json", "report.html", "report.md",
                                          "grid.json", "energy.json", "study.json"};
  EXPECT_EQ(out->files, files);
  EXPECT_EQ(out->out_dir, t.dir().string());
  EXPECT_EQ(out->pareto, std::vector<std::string>{"fcfs"});  // alone, it is not dominated
  EXPECT_NE(out->grid_text.find("fcfs"), std::string::npos);
  const auto energy = nlohmann::json::parse(t.Read("energy.json"));
  ASSERT_EQ(energy["phases"].size(), 1u);
  EXPECT_EQ(energy["phases"][0]["phase"], "use:fcfs");
  EXPECT_EQ(energy["notes"][0], "fake: fixed records");
  const auto study = nlohmann::json::parse(t.Read("study.json"));
  EXPECT_EQ(study["seconds"], 12.5);
  // study.json lists every file written before it.
  EXPECT_EQ(study["files"].size(), files.size() - 1);
}

}  // namespace
}  // namespace airgrid::study
