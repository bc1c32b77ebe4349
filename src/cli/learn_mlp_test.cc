// End-to-end tests of `airgrid learn mlp`: training on the published SC'17 scores, the model
// file, `simulate --policy mlp:FILE` on it, and bad input (exit code 2, no output file).
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace {

namespace fs = std::filesystem;

using airgrid::cli::testing::Outcome;
using airgrid::cli::testing::Slurp;

const std::string kSc17 = std::string(AIRGRID_SHARED_DIR) + "/sc17/score-distribution.csv";

class LearnMlpCliTest : public airgrid::cli::testing::CliTest {
 protected:
  LearnMlpCliTest() : CliTest("") {}
};

TEST_F(LearnMlpCliTest, TrainsOnSc17ScoresAndSimulateUsesTheModel) {
  if (!fs::exists(kSc17)) GTEST_SKIP() << kSc17 << " not found";
  const fs::path model = dir_ / "mlp.json";
  Outcome o = Run("learn mlp --scores " + kSc17 + " -o " + model.string() +
                  " --epochs 25 --seed 3 --loss auto");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("regression"), std::string::npos) << o.out;  // both losses compared
  EXPECT_NE(o.out.find("pairwise"), std::string::npos);
  EXPECT_NE(o.out.find("353 parameters"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("ns per job"), std::string::npos);

  nlohmann::json j = nlohmann::json::parse(Slurp(model));
  EXPECT_EQ(j["format"], "airgrid-mlp");
  EXPECT_EQ(j["seed"], 3);
  EXPECT_TRUE(j.contains("airgrid_version") && j.contains("command_line") &&
              j.contains("created_utc"));
  EXPECT_EQ(j["cost"]["parameters"], 353);
  EXPECT_EQ(j["cost"]["flops_per_job"], 681);
  const nlohmann::json& t = j["training"];
  EXPECT_EQ(t["split_tuples"]["test"], 32);
  EXPECT_GT(t["ranking"]["test"]["kendall_tau"].get<double>(), 0.3);
  EXPECT_GT(t["cost"]["ns_per_job"].get<double>(), 0.0);
  ASSERT_EQ(j["loss_comparison"]["runs"].size(), 2u);
  // The kept loss is the one with the better validation τ.
  const auto& runs = j["loss_comparison"]["runs"];
  const double reg = runs[0]["ranking"]["validation"]["kendall_tau"].get<double>();
  const double pair = runs[1]["ranking"]["validation"]["kendall_tau"].get<double>();
  EXPECT_EQ(t["loss"], pair > reg ? "pairwise" : "regression");

  // Same command, same seed: the same network.
  const fs::path again = dir_ / "again.json";
  ASSERT_EQ(Run("learn mlp --scores " + kSc17 + " -o " + again.string() +
                " --epochs 25 --seed 3 --loss auto").exit_code, 0);
  nlohmann::json k = nlohmann::json::parse(Slurp(again));
  EXPECT_EQ(j["layers"], k["layers"]);
  EXPECT_EQ(j["standardisation"], k["standardisation"]);

  // The model as a scheduling policy.
  Outcome s = Run("simulate --workload lublin:300:5 --policy mlp:" + model.string() +
                  " --policy fcfs");
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("mlp:"), std::string::npos) << s.out;
}

TEST_F(LearnMlpCliTest, SingleLossOnAHeaderedScoresFile) {
  // 8 tuples of 6 jobs in airgrid's own format (header, tuple column): the score grows with
  // p·q, so the network can learn the order.
  std::string csv = "p,q,r,score,tuple\n";
  for (int t = 0; t < 8; ++t)
    for (int k = 0; k < 6; ++k) {
      double p = 100.0 * (1 + (k * 7 + t) % 6), q = 1 + (k * 5 + t) % 4, r = 60.0 * k;
      csv += std::to_string(p) + "," + std::to_string(q) + "," + std::to_string(r) + "," +
             std::to_string(p * q / 10000.0) + "," + std::to_string(t) + "\n";
    }
  const fs::path scores = Write("scores.csv", csv), model = dir_ / "m.json";
  Outcome o = Run("learn mlp --scores " + scores.string() + " -o " + model.string() +
                  " --loss regression --hidden 4 --activation relu --features log10p,q "
                  "--epochs 20 --validation-fraction 0.25 --test-fraction 0.25");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  nlohmann::json j = nlohmann::json::parse(Slurp(model));
  EXPECT_EQ(j["training"]["loss"], "regression");
  EXPECT_FALSE(j.contains("loss_comparison"));
  EXPECT_EQ(j["layers"].size(), 2u);
  EXPECT_EQ(j["layers"][0]["activation"], "relu");
  EXPECT_EQ(j["features"], nlohmann::json({"log10p", "q"}));
  EXPECT_EQ(j["training"]["split_tuples"]["test"], 2);
}

TEST_F(LearnMlpCliTest, BadInputExitsTwoAndWritesNothing) {
  const fs::path model = dir_ / "m.json";
  const fs::path bad = Write("bad.csv", "p,q,r,score\n10,2,5,0.1\n10,x,5,0.2\n");
  Outcome o = Run("learn mlp --scores " + bad.string() + " -o " + model.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("bad.csv"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(model));

  const fs::path ok = Write("ok.csv", "10,2,5,0.5\n20,2,6,0.5\n");
  o = Run("learn mlp --scores " + ok.string() + " -o " + model.string() + " --hidden 16,x");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--hidden"), std::string::npos) << o.err;
  o = Run("learn mlp --scores " + ok.string() + " -o " + model.string() + " --loss hinge");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("hinge"), std::string::npos) << o.err;
  // One tuple cannot be split into train, validation and test.
  o = Run("learn mlp --scores " + ok.string() + " -o " + model.string() + " --queue-size 2");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("tuples"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(model));

  // A broken model file given to simulate names the file and the key.
  const fs::path broken = Write(
      "broken.json",
      R"({"format":"airgrid-mlp","format_version":1,"features":["log10p"],)"
      R"("standardisation":{"mean":[0],"std":[1]},)"
      R"("layers":[{"in":1,"out":1,"activation":"identity","weight":[[1, 2]],"bias":[0]}]})");
  o = Run("simulate --workload lublin:50 --policy mlp:" + broken.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("broken.json"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("layers[0].weight"), std::string::npos) << o.err;
}

}  // namespace
