// Two identical `airgrid study` runs (same options, same seeds) must agree (issue 12): identical
// ranks on every criterion, energy and CO2eq figures within their stated uncertainties, every
// energy/CO2eq figure with an uncertainty > 0, and `measured` only where a sensor measured.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using airgrid::cli::testing::Slurp;

class StudyRepeat : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("airgrid_study_repeat_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (int run = 0; run < 2; ++run) {
      const std::string out = (dir_ / ("run" + std::to_string(run))).string();
      const std::string cmd = std::string(AIRGRID_BIN) +
                              " study --scale small --train-jobs 3000 --eval-jobs 6000 --tuples 12"
                              " --trials 300 --threads 2 --no-progress -o " + out + " > " + out + ".log 2>&1";
      codes_[run] = std::system(cmd.c_str());
    }
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  void SetUp() override {
    for (int run = 0; run < 2; ++run)
      ASSERT_EQ(codes_[run], 0) << Slurp(dir_ / ("run" + std::to_string(run) + ".log"));
  }
  static json Grid(int run) { return json::parse(Slurp(dir_ / ("run" + std::to_string(run)) / "grid.json")); }
  static bool IsEnergyOrCarbon(const json& criterion) {
    const std::string unit = criterion["unit"];
    return unit == "kWh" || unit == "J" || unit == "kgCO2eq";
  }

  static fs::path dir_;
  static int codes_[2];
};
fs::path StudyRepeat::dir_;
int StudyRepeat::codes_[2] = {-1, -1};

// Every criterion, development energies and decision costs included: sub-second development
// phases carry a run-to-run band, and decision costs below the benchmark's resolution come from
// counted operations (study/phase_decision_cost.h), so that ties do not move between runs.
TEST_F(StudyRepeat, IdenticalRanksOnEveryCriterion) {
  const json a = Grid(0), b = Grid(1);
  for (const auto& c : a["criteria"]) {
    const std::string id = c["id"];
    for (const auto& alt : a["alternatives"]) {
      const std::string aid = alt["id"];
      EXPECT_EQ(a["values"][aid][id].value("rank", json()), b["values"][aid][id].value("rank", json()))
          << aid << " on " << id << ": " << a["values"][aid][id]["display"] << " vs " << b["values"][aid][id]["display"];
      EXPECT_EQ(a["values"][aid][id].value("best", false), b["values"][aid][id].value("best", false)) << aid << " " << id;
    }
  }
  EXPECT_EQ(a["analysis"]["pareto"], b["analysis"]["pareto"]);
}

TEST_F(StudyRepeat, EnergyFiguresAgreeWithinTheirUncertainty) {
  const json a = Grid(0), b = Grid(1);
  size_t compared = 0;
  for (const auto& c : a["criteria"]) {
    if (!IsEnergyOrCarbon(c)) continue;
    const std::string id = c["id"];
    for (const auto& alt : a["alternatives"]) {
      const json& x = a["values"][alt["id"].get<std::string>()][id];
      const json& y = b["values"][alt["id"].get<std::string>()][id];
      ASSERT_EQ(x["state"], y["state"]) << id;
      if (x["state"] != "number" || x["provenance"]["kind"] == "declared") continue;
      ++compared;
      const double ux = x["uncertainty"], uy = y["uncertainty"];
      EXPECT_GT(ux, 0) << alt["id"] << " " << id << ": every measured or modelled energy figure has an uncertainty";
      EXPECT_LE(std::abs(x["value"].get<double>() - y["value"].get<double>()), ux + uy)
          << alt["id"] << " " << id << ": " << x["display"] << " vs " << y["display"];
    }
  }
  EXPECT_GE(compared, 10u);
}

TEST_F(StudyRepeat, NothingIsMeasuredThatTheTrackerModelled) {
  const json energy = json::parse(Slurp(dir_ / "run0" / "energy.json"));
  bool all_measured = true;
  for (const auto& p : energy["phases"]) all_measured = all_measured && p["energy"]["kind"] == "measured";
  const json g = Grid(0);
  for (const auto& c : g["criteria"]) {
    if (!IsEnergyOrCarbon(c)) continue;
    for (const auto& alt : g["alternatives"]) {
      const json& v = g["values"][alt["id"].get<std::string>()][c["id"].get<std::string>()];
      if (v["state"] == "number" && !all_measured) {
        EXPECT_NE(v["provenance"]["kind"], "measured") << alt["id"] << " " << c["id"];
      }
    }
  }
  const std::string md = Slurp(dir_ / "run0" / "report.md");
  EXPECT_LT(md.find("## Findings"), md.find("## Setup"));
  EXPECT_LT(md.find("## Setup"), md.find("## The grid"));
}

}  // namespace
