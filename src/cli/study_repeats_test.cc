// `airgrid study --repeats K` end to end (issue 12): K runs with every seed + k, a combined grid of
// means with intervals, and findings that say whether the extra runs changed any conclusion.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using airgrid::cli::testing::Outcome;
using airgrid::cli::testing::Slurp;
using nlohmann::json;

class StudyRepeatsCli : public airgrid::cli::testing::CliTest {
 protected:
  StudyRepeatsCli() : CliTest("study") {}
  // The smallest study that still has sc17 windows: a generated evaluation part, 6 tuples.
  const std::string small_ = " --scale small --eval-workload lublin --eval-jobs 3000 --tuples 6 --trials 100"
                             " --threads 2 --no-progress";
};

TEST_F(StudyRepeatsCli, TwoRepeatsGiveMeansWithIntervalsAndSayWhatChanged) {
  const fs::path out = dir_ / "study";
  Outcome r = Run("-o " + out.string() + small_ + " --repeats 2");
  ASSERT_EQ(r.exit_code, 0) << r.Text();
  for (const char* f : {"grid.json", "report.md", "report.html", "repeat-1/grid.json", "repeat-2/grid.json",
                        "repeat-1/report.md", "repeat-2/study.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  const json g = json::parse(Slurp(out / "grid.json"));
  const json runs[2] = {json::parse(Slurp(out / "repeat-1" / "grid.json")),
                        json::parse(Slurp(out / "repeat-2" / "grid.json"))};
  // Each run used its own seed.
  EXPECT_EQ(json::parse(Slurp(out / "repeat-2" / "study.json"))["options"]["seed"], 2);
  // The combined AVEbsld of FCFS is the mean of the two runs, its interval at least each run's.
  const json& v = g["values"]["fcfs"]["perf.avg_bsld_easy"];
  const double a = runs[0]["values"]["fcfs"]["perf.avg_bsld_easy"]["value"],
               b = runs[1]["values"]["fcfs"]["perf.avg_bsld_easy"]["value"];
  EXPECT_NEAR(v["value"].get<double>(), (a + b) / 2, 1e-9 * (a + b));
  EXPECT_GE(v["uncertainty"].get<double>(), 12.706 * std::abs(a - b) / 2 * (1 - 1e-9));  // t(1) s / sqrt(2)
  EXPECT_NE(v["provenance"]["method"].get<std::string>().find("mean of 2 runs"), std::string::npos);
  const json& lines = g["findings"]["repeats"];
  ASSERT_GE(lines.size(), 4u) << g["findings"];
  EXPECT_NE(lines[0].get<std::string>().find("2 independent runs"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].get<std::string>().find("re-learned formula"), std::string::npos) << lines[1];
  const std::string last = lines.back();
  EXPECT_TRUE(last.find("changed no conclusion") != std::string::npos ||
              last.find("differ from run 1's") != std::string::npos) << last;
  const std::string md = Slurp(out / "report.md");
  EXPECT_LT(md.find("**Repeats and diminishing returns**"), md.find("## Setup"));
  EXPECT_NE(md.find("**Repeats:** 2 runs"), std::string::npos);
}

TEST_F(StudyRepeatsCli, RepeatsOutOfRangeExitTwoAndWriteNothing) {
  for (const char* k : {"0", "51", "1.5", "x"}) {
    const fs::path out = dir_ / (std::string("bad") + k);
    Outcome r = Run("-o " + out.string() + small_ + " --repeats " + k);
    EXPECT_EQ(r.exit_code, 2) << k << ": " << r.Text();
    EXPECT_NE(r.err.find("--repeats"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out)) << k;
  }
}

}  // namespace
