// End-to-end tests of `airgrid learn fit` on the real binary.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

const std::string kPublished = std::string(AIRGRID_SHARED_DIR) + "/sc17/score-distribution.csv";

struct Output {
  int code = -1;
  std::string text;  // stdout + stderr
};

Output RunAirgrid(const std::string& args) {
  const std::string cmd = std::string(AIRGRID_BIN) + " " + args + " 2>&1";
  Output out;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.text.append(buf, n);
  const int status = pclose(pipe);
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

class LearnFitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("airgrid_learn_fit_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

// Scores generated exactly by sqrt(p)*q + 300*log10(r) (headered airgrid format, 2 tuples).
std::string WriteSyntheticScores(const std::string& path) {
  std::ofstream out(path);
  out << "p,q,r,score,tuple,k\n";
  for (int i = 0; i < 64; ++i) {
    const double p = 10.0 + 97.0 * (i % 13) * (i % 5 + 1);
    const double q = 1.0 + (i * 7) % 64;
    const double r = 100.0 + 531.0 * i;
    const double score = 1e-6 * (std::sqrt(p) * q + 300.0 * std::log10(r + 1e-10));
    out << p << "," << q << "," << r << "," << score << "," << i / 32 << "," << i % 32 << "\n";
  }
  return path;
}

TEST_F(LearnFitTest, RecoversTheGeneratingShapeAndPrintsASimulatablePolicy) {
  const std::string scores = WriteSyntheticScores(Path("scores.csv"));
  const Output out = RunAirgrid("learn fit --scores " + scores + " --top 3 --json " + Path("fit.json"));
  ASSERT_EQ(out.code, 0) << out.text;
  EXPECT_NE(out.text.find("sqrt(p)*q + 300"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("constant predictors"), std::string::npos);
  std::ifstream in(Path("fit.json"));
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_TRUE(j.contains("airgrid_version"));
  EXPECT_TRUE(j.contains("command_line"));
  ASSERT_EQ(j["forms"].size(), 576u);
  EXPECT_EQ(j["forms"][0]["rank"], 1);
  // Exact data up to the printed digits of the CSV: the fit is exact to ~1e-8 of the scores.
  EXPECT_LT(j["forms"][0]["mae"].get<double>(), 1e-7);
  const std::string policy = j["chosen"]["policy"];
  EXPECT_EQ(policy.rfind("expr:", 0), 0u) << policy;
  // The printed policy is accepted unchanged by `airgrid simulate`.
  const Output sim = RunAirgrid("simulate --workload lublin:300:2 --policy '" + policy + "'");
  EXPECT_EQ(sim.code, 0) << sim.text;
}

TEST_F(LearnFitTest, PublishedSetGivesF1AndValidationRanksBySimulation) {
  if (!fs::exists(kPublished)) GTEST_SKIP() << kPublished << " is absent";
  const Output out = RunAirgrid("learn fit --scores " + kPublished +
                                " --top 4 --validate lublin:10000:7 --json " + Path("fit.json"));
  ASSERT_EQ(out.code, 0) << out.text;
  EXPECT_NE(out.text.find("log10(p)*q + 870.96*log10(r)"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("ranking by simulation"), std::string::npos) << out.text;
  std::ifstream in(Path("fit.json"));
  const nlohmann::json j = nlohmann::json::parse(in);
  const auto& results = j["validation"]["results"];
  ASSERT_EQ(results.size(), 6u);  // 4 shapes + F1 + FCFS
  for (const auto& r : results) EXPECT_GT(r["avg_bsld"].get<double>(), 1.0 - 1e-12);
  EXPECT_EQ(j["chosen"]["policy"].get<std::string>().rfind("expr:", 0), 0u);
}

TEST_F(LearnFitTest, BadInputIsExitCode2AndWritesNothing) {
  {
    std::ofstream bad(Path("bad.csv"));
    bad << "1,2,3,0.5\n4,x,6,0.5\n";
  }
  Output out = RunAirgrid("learn fit --scores " + Path("bad.csv") + " --json " + Path("fit.json"));
  EXPECT_EQ(out.code, 2) << out.text;
  EXPECT_NE(out.text.find("airgrid: error:"), std::string::npos) << out.text;
  EXPECT_FALSE(fs::exists(Path("fit.json")));
  out = RunAirgrid("learn fit --scores " + Path("missing.csv"));
  EXPECT_EQ(out.code, 2) << out.text;
  const std::string scores = WriteSyntheticScores(Path("scores.csv"));
  out = RunAirgrid("learn fit --scores " + scores + " --validate lublin:100 --backfill sometimes");
  EXPECT_EQ(out.code, 2) << out.text;
  out = RunAirgrid("learn fit --scores " + scores + " --top 0");
  EXPECT_EQ(out.code, 2) << out.text;
}

}  // namespace
