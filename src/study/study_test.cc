// RunStudy as the list of its phases, with a fake tracker and a fake clock.
#include "airgrid/study/study.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "study/test_util.h"

namespace airgrid::study {
namespace {

using testing::FakeClock;
using testing::FakePhases;
using testing::TestContext;

TEST(RunStudy, RunsEveryPhaseInOrderWithTheInjectedTrackerAndClock) {
  TestContext t;  // for its folder and options; RunStudy makes its own context
  FakePhases phases;
  FakeClock clock(0.25);
  std::ostringstream log;
  auto out = RunStudy(t.options, "airgrid study --test", StudyServices{&phases, &clock, &log});
  ASSERT_TRUE(out.ok()) << out.status().ToString() << "\n" << log.str();
  // No "best-rule": the best shipped rule on this small training workload is one of FCFS, SPT,
  // SAF, F1 already on the grid (deterministic for the test's seed).
  EXPECT_EQ(phases.names(),
            (std::vector<std::string>{"workload", "campaign", "fit", "training", "policy-training", "levers-sweep", "use:fcfs",
                                      "use:spt", "use:saf", "use:f1", "use:learned", "use:mlp",
                                      "use:network"}));
  EXPECT_TRUE(phases.stopped);
  EXPECT_DOUBLE_EQ(out->seconds, 0.25);  // two readings of the fake clock
  const std::vector<std::string> files = {
      "scores.csv", "fit.json", "mlp.json", "policy_net.json", "results/fcfs.json", "results/spt.json",
      "results/saf.json", "results/f1.json", "results/learned.json", "results/mlp.json",
      "results/network.json", "grid-input.json", "levers.json", "report.html", "report.md",
      "grid.json", "energy.json", "study.json"};
  EXPECT_EQ(out->files, files);
  for (const auto& f : files) EXPECT_TRUE(t.Exists(f)) << f;
  EXPECT_FALSE(out->pareto.empty());
  const auto grid = nlohmann::json::parse(t.Read("grid-input.json"));
  // The MLP's development energy is the fake campaign + training phases: 2 x 100 J.
  EXPECT_NEAR(grid["values"]["mlp"]["env.dev_energy"]["value"].get<double>(), 200.0 / 3.6e6, 1e-12)
      << grid["values"]["mlp"]["env.dev_energy"];
  // The policy network needs no campaign: its development is the one fake phase, 100 J.
  EXPECT_NEAR(grid["values"]["network"]["env.dev_energy"]["value"].get<double>(), 100.0 / 3.6e6, 1e-12)
      << grid["values"]["network"]["env.dev_energy"];
  EXPECT_NE(log.str().find("total: 0.2 s"), std::string::npos) << log.str();
  // The Levers section, computed in this run, closes both reports.
  EXPECT_NE(t.Read("report.md").find("## Levers (computed for this run)"), std::string::npos);
  EXPECT_NE(t.Read("report.html").find("<section id=\"levers\">"), std::string::npos);
}

TEST(RunStudy, ABadOptionStopsBeforeAnyPhase) {
  TestContext t;
  t.options.pue = 0.5;
  FakePhases phases;
  FakeClock clock(1);
  std::ostringstream log;
  auto out = RunStudy(t.options, "airgrid study --pue 0.5", StudyServices{&phases, &clock, &log});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("--pue"), std::string::npos);
  EXPECT_FALSE(phases.started);
}

}  // namespace
}  // namespace airgrid::study

namespace airgrid::study {
namespace {

// The use-phase footprint: cluster energy per configuration for every policy, F1's published
// development assessed, the note on coinciding configurations (the test's Lublin evaluation
// has no user estimates).
TEST(RunStudy, ClusterEnergyAndPublishedDevelopmentReachTheGrid) {
  TestContext t;
  FakePhases phases;
  FakeClock clock(0.25);
  std::ostringstream log;
  auto out = RunStudy(t.options, "airgrid study --test", StudyServices{&phases, &clock, &log});
  ASSERT_TRUE(out.ok()) << out.status().ToString() << "\n" << log.str();
  const auto grid = nlohmann::json::parse(t.Read("grid-input.json"));
  for (const char* p : {"fcfs", "spt", "f1", "learned", "mlp"}) {
    for (const char* c : {"env.cluster_kwh_day_easy", "env.cluster_kwh_day_actual", "env.cluster_co2_day_requested"}) {
      EXPECT_GT(grid["values"][p][c]["value"].get<double>(), 0) << p << " " << c;
    }
  }
  EXPECT_NEAR(grid["values"]["f1"]["env.dev_energy"]["value"].get<double>(), 150 * 469.0 / 56 / 1000, 1e-9);
  EXPECT_TRUE(grid["values"]["f1"]["env.break_even_easy"].contains("value")) << grid["values"]["f1"];
  EXPECT_NE(log.str().find("break-even against FCFS"), std::string::npos) << log.str();
  EXPECT_NE(grid.dump().find("coincide"), std::string::npos);
}

TEST(RunStudy, BadPowerModelStopsBeforeAnyPhase) {
  TestContext t;
  t.options.power_model = "no-such-node";
  FakePhases phases;
  FakeClock clock(1);
  std::ostringstream log;
  auto out = RunStudy(t.options, "airgrid study", StudyServices{&phases, &clock, &log});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().ExitCode(), 2);
  EXPECT_NE(out.status().message().find("--power-model"), std::string::npos);
  EXPECT_FALSE(phases.started);
  t.options.power_model = "dell-poweredge-r640";
  t.options.power_off_idle = 60;
  EXPECT_FALSE(RunStudy(t.options, "airgrid study", StudyServices{&phases, &clock, &log}).ok());
}

}  // namespace
}  // namespace airgrid::study
