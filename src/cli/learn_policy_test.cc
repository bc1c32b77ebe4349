// End-to-end tests of `airgrid learn policy`'s outputs: the training curve (JSON and
// --curve-csv) with wall time, CPU time and the tracker's energy per iteration.
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace {

namespace fs = std::filesystem;

using airgrid::cli::testing::Outcome;
using airgrid::cli::testing::Slurp;

class LearnPolicyCliTest : public airgrid::cli::testing::CliTest {
 protected:
  LearnPolicyCliTest() : CliTest("learn policy") {}
};

constexpr const char* kTiny =
    "-w lublin:600:3 --procs 64 --episode-length 48 --episodes 2 --validation-episodes 2 "
    "--population 4 --iterations 3 --hidden 4 --seed 5 --no-mpi";

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string f; std::getline(in, f, ',');) out.push_back(f);
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

TEST_F(LearnPolicyCliTest, CurveCsvHasOneRowPerIterationWithTimeAndEnergy) {
  const fs::path json = dir_ / "model.json", csv = dir_ / "curve.csv";
  const Outcome o = Run(std::string(kTiny) + " -o " + json.string() + " --curve-csv " + csv.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json file = nlohmann::json::parse(Slurp(json));
  const nlohmann::json& curve = file["training"]["curve"];
  ASSERT_EQ(curve.size(), 3u);
  std::stringstream lines(Slurp(csv));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line,
            "iteration,train,validation,best_validation,wall_s,cpu_s,energy_j,"
            "energy_uncertainty_j,energy_kind");
  double last_wall = -1, last_cpu = -1;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(std::getline(lines, line)) << "row " << i;
    const std::vector<std::string> f = Split(line);
    ASSERT_EQ(f.size(), 9u) << line;
    EXPECT_EQ(std::stoi(f[0]), i);
    EXPECT_NEAR(std::stod(f[2]), curve[i]["validation"].get<double>(), 1e-5 * std::stod(f[2]));
    const double wall = std::stod(f[4]), cpu = std::stod(f[5]);
    EXPECT_GE(wall, last_wall);  // cumulative since training started
    EXPECT_GE(cpu, last_cpu);
    last_wall = wall;
    last_cpu = cpu;
    // Energy so far: a tracker record (never 0 J labelled measured; its method in the kind).
    ASSERT_FALSE(f[6].empty()) << line;
    EXPECT_GE(std::stod(f[6]), 0.0);
    EXPECT_GE(std::stod(f[7]), 0.0);
    EXPECT_TRUE(f[8] == "measured" || f[8] == "modelled") << f[8];
    EXPECT_EQ(curve[i]["energy_kind"].get<std::string>(), f[8]);
  }
  EXPECT_FALSE(std::getline(lines, line));
  // The last row covers (almost) the whole training record: within the two uncertainties.
  const double total = file["training"]["energy"]["energy"]["total_j"].get<double>();
  const double total_u = file["training"]["energy"]["energy"]["uncertainty_j"].get<double>();
  const double last = curve[2]["energy_j"].get<double>();
  EXPECT_LE(last, total + total_u + curve[2]["energy_uncertainty_j"].get<double>());
}

TEST_F(LearnPolicyCliTest, CurveCsvOverTheModelIsRefusedBeforeTraining) {
  const fs::path json = dir_ / "model.json";
  const Outcome o = Run(std::string(kTiny) + " -o " + json.string() + " --curve-csv " + json.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--curve-csv"), std::string::npos) << o.err;
  EXPECT_EQ(o.out.find("iter "), std::string::npos) << "trained before refusing: " << o.out;
  EXPECT_FALSE(fs::exists(json));
}

}  // namespace
