#include "airgrid/study/study_grid.h"

#include <gtest/gtest.h>

#include <cmath>

#include "airgrid/grid/grid_file.h"
#include "airgrid/study/grid_input.h"

namespace airgrid::study {
namespace {

sched::RunMetrics Metrics(double bsld, bool users) {
  sched::RunMetrics m;
  m.windows = 4;
  m.avg_bsld = bsld;
  m.avg_bsld_stddev = 2;
  m.wait.mean = 100 * bsld;
  m.wait.p99 = 1000 * bsld;
  m.wait.max = 5000 * bsld;
  m.utilization = 0.7;
  m.backfill = "easy";
  m.estimates = "requested";
  m.classes = {{"small-short", 10, bsld, 1}, {"small-long", 5, 2 * bsld, 1},
               {"large-short", 0, std::nan(""), std::nan("")}, {"large-long", 3, 4 * bsld, 1}};
  m.fairness.users = users ? 3 : 0;
  m.fairness.jain_service = 0.8;
  for (int w = 0; w < 2; ++w) {
    sched::WindowMetrics pw;
    pw.window = w;
    pw.jobs = 5;
    pw.avg_bsld = bsld + w;
    m.per_window.push_back(pw);
  }
  return m;
}

measure::EnergyRecord Phase(const std::string& name, double joules) {
  measure::EnergyRecord r;
  r.phase = name;
  r.energy_j = joules;
  r.emissions_kg = joules / 3.6e6 * 0.475;
  r.tracked_cpu_s = 10;
  measure::ComponentEnergy c;
  c.channel.method = "modelled:tdp-load-curve";
  r.components.push_back(c);
  return r;
}

PolicyResult Policy(const char* id, PolicyKind kind) {
  PolicyResult p;
  p.id = id;
  p.label = id;
  p.spec = id;
  p.kind = kind;
  return p;
}

StudyGridInput Input(bool users) {
  StudyGridInput in;
  in.workload = "test";
  in.workload_has_users = users;
  in.tool = "test";
  PolicyResult fcfs = Policy("fcfs", PolicyKind::kRule);
  fcfs.configs = {Metrics(50, users), Metrics(50, users), Metrics(20, users)};
  fcfs.use_j_per_decision = 1e-6;
  PolicyResult f1 = Policy("f1", PolicyKind::kPublishedFormula);
  f1.configs = {Metrics(10, users), Metrics(12, users), Metrics(8, users)};
  f1.parameters = 1;
  f1.reproduce_cpu_s = 7200;
  PolicyResult mlp = Policy("mlp", PolicyKind::kMlp);
  mlp.configs = {Metrics(9, users), Metrics(11, users), Metrics(9, users)};
  mlp.development = {Phase("campaign", 3.6e6), Phase("training", 1.8e6)};
  mlp.use_j_per_decision = 4e-6;
  in.policies = {fcfs, f1, mlp};
  return in;
}

const grid::Value& At(const grid::Grid& g, const std::string& alt, const std::string& crit) {
  return g.at(*g.FindAlternative(alt), *g.FindCriterion(crit));
}

TEST(StudyGrid, ValuesNotAssessedAndDeclaredZeros) {
  auto g = BuildStudyGrid(Input(false));
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_DOUBLE_EQ(At(*g, "f1", "perf.avg_bsld_easy").number(), 8);
  EXPECT_DOUBLE_EQ(At(*g, "f1", "perf.avg_bsld_easy").uncertainty(), 1);  // 2 / sqrt(4)
  EXPECT_DOUBLE_EQ(At(*g, "fcfs", "env.dev_energy").number(), 0);
  EXPECT_EQ(At(*g, "fcfs", "env.dev_energy").provenance().kind, grid::ProvenanceKind::kDeclared);
  EXPECT_FALSE(At(*g, "f1", "env.dev_energy").assessed());
  EXPECT_DOUBLE_EQ(At(*g, "mlp", "env.dev_energy").number(), 1.5);  // (3.6 + 1.8) MJ in kWh
  EXPECT_EQ(At(*g, "mlp", "env.dev_energy").provenance().kind, grid::ProvenanceKind::kModelled);
  // No user ids: per-user fairness is not assessed, never 0.
  EXPECT_FALSE(At(*g, "fcfs", "fair.jain_users").assessed());
  EXPECT_NE(At(*g, "fcfs", "fair.jain_users").reason().find("no user ids"), std::string::npos);
  // Worst class among the non-empty ones: large-long = 4 x 20.
  EXPECT_DOUBLE_EQ(At(*g, "fcfs", "fair.worst_class_bsld").number(), 80);
  // Projected use: 1e-6 J x 1e5 decisions/day x 365 / 3.6e6 J/kWh.
  EXPECT_NEAR(At(*g, "fcfs", "env.use_kwh_year").number(), 1e-6 * 1e5 * 365 / 3.6e6, 1e-18);
  EXPECT_FALSE(At(*g, "f1", "env.use_kwh_year").assessed());
  EXPECT_DOUBLE_EQ(At(*g, "f1", "expl.reproduce_cpu_h").number(), 2);
  EXPECT_EQ(At(*g, "mlp", "expl.level").level(), 1);
  EXPECT_EQ(g->series().size(), 3u);
}

TEST(StudyGrid, UsersMakePerUserFairnessAssessed) {
  auto g = BuildStudyGrid(Input(true));
  ASSERT_TRUE(g.ok());
  EXPECT_DOUBLE_EQ(At(*g, "mlp", "fair.jain_users").number(), 0.8);
}

TEST(StudyGrid, GridInputRoundTrips) {
  auto g = BuildStudyGrid(Input(false));
  ASSERT_TRUE(g.ok());
  grid::ReportOptions ro;
  ro.pareto_axes = {"perf.avg_bsld_easy", "env.dev_energy"};
  auto back = grid::ParseGridFile(GridInputJson(*g, ro).dump(), "/tmp/grid-input.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->grid.num_criteria(), g->num_criteria());
  ASSERT_EQ(back->grid.num_alternatives(), g->num_alternatives());
  for (size_t a = 0; a < g->num_alternatives(); ++a)
    for (size_t c = 0; c < g->num_criteria(); ++c) {
      const auto& x = g->at(a, c);
      const auto& y = back->grid.at(a, c);
      ASSERT_EQ(x.state(), y.state()) << g->criteria()[c].id;
      if (x.state() == grid::Value::State::kNumber) {
        EXPECT_DOUBLE_EQ(x.number(), y.number());
      }
      if (x.state() == grid::Value::State::kLevel) {
        EXPECT_EQ(x.level(), y.level());
      }
      EXPECT_EQ(x.provenance().method, y.provenance().method);
    }
  EXPECT_EQ(back->options.pareto_axes, ro.pareto_axes);
  EXPECT_EQ(back->grid.series().size(), 3u);
}

}  // namespace
}  // namespace airgrid::study

namespace airgrid::study {
namespace {

// Cluster use of a run whose per-window energies are given (J), each window one day of submits.
ClusterUse UseOf(std::vector<double> window_j, double uncertainty = 0.2) {
  ClusterUse u;
  u.energy.uncertainty = uncertainty;
  for (double j : window_j) {
    u.energy.total_j += j;
    u.energy.per_window.push_back({0, 86400, 86400, j, 0});
    u.window_kwh_per_day.push_back(j / 3.6e6);
  }
  u.days = static_cast<double>(window_j.size());
  u.kwh_per_day = u.energy.total_j / 3.6e6 / u.days;
  u.kwh_per_day_unc = uncertainty * u.kwh_per_day;
  return u;
}

TEST(StudyGrid, ClusterEnergyBreakEvenAndPublishedDevelopment) {
  StudyGridInput in = Input(true);
  in.power_model = "power model test";
  in.notes = {"configurations coincide"};
  in.carbon_g_per_kwh = 500;
  in.pue = 1.2;
  PolicyResult& fcfs = in.policies[0];
  PolicyResult& f1 = in.policies[1];
  PolicyResult& mlp = in.policies[2];
  for (int c = 0; c < 3; ++c) {
    fcfs.cluster.push_back(UseOf({7.2e6, 7.2e6}));   // 2 kWh a day
    f1.cluster.push_back(UseOf({3.6e6, 3.6e6}));     // 1 kWh a day: saves 1 kWh a day
    mlp.cluster.push_back(UseOf({7.2e6, 7.2e6}));    // saves nothing
  }
  f1.published_development = *F1PublishedDevelopment(*sched::ResolvePowerModel("dell-poweredge-r640"), 500, 1.2);
  for (int c = 0; c < 3; ++c) {
    f1.break_even.push_back(ComputeBreakEven(f1.published_development->kwh, f1.published_development->kwh_unc,
                                             f1.cluster[c], fcfs.cluster[c]));
    mlp.break_even.push_back(ComputeBreakEven(1.5, 0, mlp.cluster[c], fcfs.cluster[c]));
  }
  auto g = BuildStudyGrid(in);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_DOUBLE_EQ(At(*g, "fcfs", "env.cluster_kwh_day_easy").number(), 2);
  EXPECT_DOUBLE_EQ(At(*g, "fcfs", "env.cluster_kwh_day_easy").uncertainty(), 0.4);
  EXPECT_DOUBLE_EQ(At(*g, "fcfs", "env.cluster_co2_day_actual").number(), 2 * 1.2 * 0.5);
  EXPECT_EQ(At(*g, "fcfs", "env.cluster_kwh_day_easy").provenance().kind, grid::ProvenanceKind::kModelled);
  // F1: 150 h x 469/56 W = 1.25625 kWh; saving 1 kWh/day: paid back 365 / 1.25625 times a year.
  EXPECT_NEAR(At(*g, "f1", "env.dev_energy").number(), 1.25625, 1e-12);
  EXPECT_NEAR(At(*g, "f1", "env.dev_energy").uncertainty(), 0.25125, 1e-12);
  EXPECT_NE(At(*g, "f1", "env.dev_energy").provenance().source.find("150 h"), std::string::npos);
  EXPECT_DOUBLE_EQ(At(*g, "f1", "expl.reproduce_cpu_h").number(), 150);
  EXPECT_NEAR(At(*g, "f1", "env.break_even_easy").number(), 365 / 1.25625, 1e-9);
  EXPECT_NE(At(*g, "f1", "env.break_even_easy").provenance().method.find("after 1.26 days"), std::string::npos)
      << At(*g, "f1", "env.break_even_easy").provenance().method;
  // The MLP saves nothing: never, 0 paybacks a year, with "never" in its provenance.
  EXPECT_DOUBLE_EQ(At(*g, "mlp", "env.break_even_easy").number(), 0);
  EXPECT_NE(At(*g, "mlp", "env.break_even_easy").provenance().method.find("never"), std::string::npos);
  EXPECT_FALSE(At(*g, "fcfs", "env.break_even_easy").assessed());
  EXPECT_NE(g->description.find("Note: configurations coincide"), std::string::npos);
}

// Issue 12: an intensity of 500 ± 100 gCO2eq/kWh (±20 %) with the cluster's ±20 % energy gives
// CO2eq ± √(0.2² + 0.2²) = ±28.3 %; F1's published development likewise.
TEST(StudyGrid, IntensityUncertaintyPropagatesToEveryCarbonFigure) {
  StudyGridInput in = Input(true);
  in.carbon_g_per_kwh = 500;
  in.carbon_uncertainty_g_per_kwh = 100;
  for (auto& p : in.policies)
    for (int c = 0; c < 3; ++c) p.cluster.push_back(UseOf({7.2e6, 7.2e6}));
  auto g = BuildStudyGrid(in);
  ASSERT_TRUE(g.ok()) << g.status().message();
  const grid::Value& co2 = At(*g, "fcfs", "env.cluster_co2_day_easy");
  EXPECT_NEAR(co2.uncertainty() / co2.number(), std::hypot(0.2, 0.2), 1e-12);
  EXPECT_NE(co2.provenance().method.find("500 ± 100 gCO2eq/kWh"), std::string::npos) << co2.provenance().method;
  const grid::Value& use = At(*g, "fcfs", "env.use_co2_year");
  const grid::Value& use_kwh = At(*g, "fcfs", "env.use_kwh_year");
  ASSERT_TRUE(use.assessed());
  EXPECT_NEAR(use.uncertainty() / use.number(), std::hypot(use_kwh.uncertainty() / use_kwh.number(), 0.2), 1e-12);
  auto f1 = F1PublishedDevelopment(*sched::ResolvePowerModel("dell-poweredge-r640"), 500, 1.0, 100);
  ASSERT_TRUE(f1.ok());
  EXPECT_NEAR(f1->co2_kg_unc / f1->co2_kg, std::hypot(0.2, 0.2), 1e-12);  // the model's ±20 % declared
}

}  // namespace
}  // namespace airgrid::study
