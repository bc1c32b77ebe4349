// End-to-end test of `airgrid study` at a reduced size: every output is written, every criterion
// is present or explicitly not assessed, the energy phases add up to the tracked total, the
// Pareto set agrees with the dominance relation, and the report renders in headless Chromium.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using airgrid::cli::testing::Slurp;

// One study run shared by the whole suite (it is the expensive part), so the suite-level
// fixture here rather than CliTest's folder per test.
class StudyCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("airgrid_study_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    const std::string cmd = std::string(AIRGRID_BIN) +
                            " study --eval-workload lublin --scale small --train-jobs 3000 --eval-jobs 6000 --tuples 12"
                            " --trials 300 --threads 2 --no-progress -o " + (dir_ / "out").string() +
                            " > " + (dir_ / "log.txt").string() + " 2>&1";
    fs::create_directories(dir_);
    code_ = std::system(cmd.c_str());
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static json Json(const std::string& name) { return json::parse(Slurp(dir_ / "out" / name)); }
  void SetUp() override { ASSERT_EQ(code_, 0) << Slurp(dir_ / "log.txt"); }

  static fs::path dir_;
  static int code_;
};
fs::path StudyCli::dir_;
int StudyCli::code_ = -1;

TEST_F(StudyCli, WritesEveryOutput) {
  for (const char* f : {"report.html", "report.md", "grid.json", "grid-input.json", "scores.csv", "fit.json",
                        "mlp.json", "policy_net.json", "energy.json", "study.json", "results/fcfs.json", "results/spt.json",
                        "results/f1.json", "results/learned.json", "results/mlp.json",
                        "results/saf.json", "results/network.json"})
    EXPECT_TRUE(fs::exists(dir_ / "out" / f)) << f;
  const std::string log = Slurp(dir_ / "log.txt");
  EXPECT_NE(log.find("Pareto set:"), std::string::npos) << log;
  for (const auto& e : fs::directory_iterator(dir_ / "out"))
    EXPECT_EQ(e.path().string().find(".tmp."), std::string::npos) << e.path();
}

TEST_F(StudyCli, EveryCriterionAssessedOrExplicitlyNot) {
  const json g = Json("grid-input.json");
  // FCFS, SPT, SAF, [best shipped rule], F1, re-learned formula, MLP, policy network.
  ASSERT_GE(g["alternatives"].size(), 7u);
  ASSERT_LE(g["alternatives"].size(), 8u);
  ASSERT_GE(g["criteria"].size(), 25u);
  std::set<std::string> areas;
  for (const auto& c : g["criteria"]) areas.insert(c["area"].get<std::string>());
  EXPECT_EQ(areas.size(), 7u);
  for (const auto& a : g["alternatives"])
    for (const auto& c : g["criteria"]) {
      const json& v = g["values"][a["id"].get<std::string>()][c["id"].get<std::string>()];
      const bool number = v.contains("value") && v["value"].is_number();
      const bool level = v.contains("levels") && v.contains("rationale");
      const bool not_assessed = v.contains("not_assessed") && !v["not_assessed"].get<std::string>().empty();
      EXPECT_TRUE(number || level || not_assessed) << a["id"] << " " << c["id"] << ": " << v;
    }
  // The Lublin model has no users: per-user fairness must say so rather than print 0.
  EXPECT_TRUE(g["values"]["fcfs"]["fair.jain_users"].contains("not_assessed"));
  // The learned policies carry measured or modelled development energy.
  EXPECT_GT(g["values"]["mlp"]["env.dev_energy"]["value"].get<double>(), 0);
  EXPECT_GT(g["values"]["network"]["env.dev_energy"]["value"].get<double>(), 0);
}

TEST_F(StudyCli, EnergyPhasesSumToTheTotal) {
  const json e = Json("energy.json");
  double machine = 0, attributed = 0, total_machine = -1, total_attributed = -1;
  std::set<std::string> names;
  for (const auto& r : e["phases"]) {
    const std::string name = r["phase"];
    names.insert(name);
    if (name == "total") {
      total_machine = r["energy"]["machine_j"].get<double>();
      total_attributed = r["energy"]["total_j"].get<double>();
    } else {
      machine += r["energy"]["machine_j"].get<double>();
      attributed += r["energy"]["total_j"].get<double>();
    }
  }
  for (const char* n : {"workload", "campaign", "fit", "training", "use:fcfs", "use:mlp", "total"})
    EXPECT_TRUE(names.count(n)) << n;
  ASSERT_GT(total_machine, 0);
  // The phases tile the run (each ends where the next begins): machine energy adds up exactly.
  EXPECT_NEAR(machine, total_machine, 1e-6 * total_machine);
  // The attributed share is computed per phase (CPU time of the process / busy CPU time of the
  // machine), so the phases' attributed energies add up to the total's only approximately.
  EXPECT_NEAR(attributed, total_attributed, 0.1 * total_attributed);
}

TEST_F(StudyCli, ParetoSetMatchesDominance) {
  const json g = Json("grid.json");
  std::set<std::string> dominated, pareto;
  for (const auto& d : g["analysis"]["dominance"]) dominated.insert(d["dominated"].get<std::string>());
  for (const auto& p : g["analysis"]["pareto"]) pareto.insert(p.get<std::string>());
  ASSERT_FALSE(pareto.empty());
  for (const auto& a : g["alternatives"]) {
    const std::string id = a["id"];
    EXPECT_EQ(pareto.count(id) == 1, dominated.count(id) == 0) << id;
  }
}

TEST_F(StudyCli, ReportRendersInHeadlessChromium) {
  if (access("/usr/bin/chromium", X_OK) != 0) GTEST_SKIP() << "/usr/bin/chromium is not installed";
  const fs::path out = dir_ / "dom.html", err = dir_ / "chromium.log";
  const std::string cmd =
      "timeout 90 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking"
      " --disable-component-update --disable-sync --no-first-run --host-resolver-rules='MAP * ~NOTFOUND'"
      " --enable-logging=stderr --v=0 --user-data-dir=" + (dir_ / "profile").string() +
      " --dump-dom 'file://" + (dir_ / "out" / "report.html").string() + "' > " + out.string() + " 2> " + err.string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << Slurp(err);
  const std::string dom = Slurp(out);
  ASSERT_NE(dom.find("</html>"), std::string::npos) << Slurp(err);
  size_t charts = 0;
  for (size_t p = dom.find("class=\"area-chart\""); p != std::string::npos; p = dom.find("class=\"area-chart\"", p + 1))
    ++charts;
  EXPECT_GE(charts, 5u);  // one per assessed area at least
  EXPECT_LT(dom.find("<h2>Findings</h2>"), dom.find("<h2>Setup</h2>"));
  for (const char* label : {"FCFS", "SPT", "SAF", "F1 (SC'17, published)", "Re-learned formula", "MLP",
                            "Policy network (trained on AVEbsld)"})
    EXPECT_NE(dom.find(label), std::string::npos) << label;
  EXPECT_EQ(Slurp(err).find(":CONSOLE"), std::string::npos) << Slurp(err);
}

// With no workload option the study evaluates on the shipped SDSC-SP2 trace (SC'17's method):
// users, estimates, cluster energy and F1's published development are all assessed.
TEST(StudyCliDefault, EvaluatesOnTheShippedTrace) {
  const fs::path dir = fs::temp_directory_path() / ("airgrid_study_default_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string cmd = std::string(AIRGRID_BIN) +
                          " study --scale small --tuples 12 --trials 300 --threads 2 --no-progress -o " +
                          (dir / "out").string() + " > " + (dir / "log.txt").string() + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << Slurp(dir / "log.txt");
  const json g = json::parse(Slurp(dir / "out" / "grid-input.json"));
  EXPECT_NE(g["description"].get<std::string>().find("SDSC-SP2-1998-4.2-cln.swf.gz"), std::string::npos);
  EXPECT_EQ(g["description"].get<std::string>().find("coincide"), std::string::npos);
  EXPECT_TRUE(g["values"]["fcfs"]["fair.jain_users"]["value"].is_number());
  EXPECT_NE(g["values"]["spt"]["perf.avg_bsld_actual"]["value"], g["values"]["spt"]["perf.avg_bsld_requested"]["value"]);
  EXPECT_GT(g["values"]["f1"]["env.dev_energy"]["value"].get<double>(), 1);  // 150 h x 8.4 W
  for (const char* c : {"env.cluster_kwh_day_easy", "env.cluster_co2_day_easy"})
    EXPECT_TRUE(g["values"]["mlp"][c]["value"].is_number()) << c;
  EXPECT_TRUE(g["values"]["mlp"]["env.break_even_easy"]["value"].is_number());
  // No criterion is "not assessed" for every policy.
  for (const auto& c : g["criteria"]) {
    bool any = false;
    for (const auto& a : g["alternatives"])
      any = any || !g["values"][a["id"].get<std::string>()][c["id"].get<std::string>()].contains("not_assessed");
    EXPECT_TRUE(any) << c["id"];
  }
  fs::remove_all(dir);
}

}  // namespace
