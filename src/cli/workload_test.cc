// End-to-end tests of `airgrid workload info` and `airgrid workload generate`: the real
// binary on hand-made, broken, generated and (when ../shared is present) real traces.
#include <sys/wait.h>
#include <unistd.h>

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

class WorkloadCliTest : public airgrid::cli::testing::CliTest {
 protected:
  WorkloadCliTest() : CliTest("workload") {}
};

constexpr const char* kTrace =
    "; MaxProcs: 16\n"
    "; UnixStartTime: 893466664\n"
    "1 0 0 100 4 -1 -1 4 200 -1 1 1 1 -1 -1 -1 -1 -1\n"
    "2 100 0 300 2 -1 -1 2 100 -1 1 2 1 -1 -1 -1 -1 -1\n"
    "3 200 0 -1 -1 -1 -1 8 100 -1 5 2 1 -1 -1 -1 -1 -1\n"
    "4 400 0 0 1 -1 -1 1 50 -1 0 3 1 -1 -1 -1 -1 -1\n";

TEST_F(WorkloadCliTest, InfoReportsFiguresAndEveryFilter) {
  const fs::path trace = Write("t.swf", kTrace);
  const fs::path json = dir_ / "info.json";
  Outcome o = Run("info " + trace.string() + " --json " + json.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("16 processors (from MaxProcs)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("1998-04-25"), std::string::npos) << o.out;  // UnixStartTime in UTC
  const nlohmann::json j = nlohmann::json::parse(Slurp(json));
  EXPECT_TRUE(j.contains("airgrid_version"));
  EXPECT_TRUE(j.contains("command_line"));
  EXPECT_EQ(j["jobs_in_file"], 4);
  EXPECT_EQ(j["filter"], "sc17");
  ASSERT_EQ(j["filters"].size(), 3u);
  EXPECT_EQ(j["filters"][0]["name"], "sc17");
  EXPECT_EQ(j["filters"][0]["jobs_kept"], 2);
  EXPECT_EQ(j["filters"][0]["dropped"]["runtime <= 0"], 2);
  EXPECT_EQ(j["filters"][1]["name"], "rlscheduler");
  EXPECT_EQ(j["filters"][1]["jobs_kept"], 3);  // runtime -1 -> 10 s, runtime 0 dropped
  EXPECT_EQ(j["filters"][1]["runtime_defaulted"], 1);
  EXPECT_EQ(j["filters"][2]["jobs_kept"], 3);  // none keeps runtime 0, drops runtime -1
  // sc17 keeps jobs 1 and 2: load = (4*100 + 2*300) / (16 * 100) = 0.625.
  EXPECT_DOUBLE_EQ(j["summary"]["offered_load"].get<double>(), 0.625);
  EXPECT_EQ(j["summary"]["users"], 2);
  EXPECT_DOUBLE_EQ(j["summary"]["estimates"]["mean_runtime_over_requested"].get<double>(), 1.75);
  EXPECT_DOUBLE_EQ(j["summary"]["estimates"]["overrun_share"].get<double>(), 0.5);
}

TEST_F(WorkloadCliTest, InfoOnBadFileExitsTwoNamingLineAndFieldWithoutOutput) {
  const fs::path trace = Write("bad.swf", std::string(kTrace) +
                                              "5 500 0 12x 1 -1 -1 1 50 -1 0 3 1 -1 -1 -1 -1 -1\n");
  const fs::path json = dir_ / "info.json";
  Outcome o = Run("info " + trace.string() + " --json " + json.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("airgrid: error: " + trace.string() + ":7: field 4 (run time): expected an integer"),
            std::string::npos)
      << o.err;
  EXPECT_FALSE(fs::exists(json));
}

TEST_F(WorkloadCliTest, InfoWithoutMachineSizeAsksForProcs) {
  const fs::path trace = Write("nohdr.swf", "1 0 0 100 4 -1 -1 4 200 -1 1 1 1 -1 -1 -1 -1 -1\n");
  Outcome o = Run("info " + trace.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--procs"), std::string::npos) << o.err;
  o = Run("info " + trace.string() + " --procs 8");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("8 processors (from --procs)"), std::string::npos) << o.out;
}

TEST_F(WorkloadCliTest, GenerateIsDeterministicAndReadable) {
  const fs::path a = dir_ / "a.swf", b = dir_ / "b.swf", c = dir_ / "c.swf.gz";
  ASSERT_EQ(Run("generate --model lublin --procs 256 --jobs 500 --seed 7 -o " + a.string()).exit_code, 0);
  ASSERT_EQ(Run("generate --model lublin --procs 256 --jobs 500 --seed 7 -o " + b.string()).exit_code, 0);
  ASSERT_EQ(Run("generate --procs 256 --jobs 500 --seed 7 --mix typeless -o " + c.string()).exit_code, 0);
  EXPECT_EQ(Slurp(a), Slurp(b));
  const std::string gz = Slurp(c);
  ASSERT_GE(gz.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);  // gzip by extension
  // `--json -`: stdout holds the JSON alone, the text goes to stderr.
  Outcome o = Run("info " + c.string() + " --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("256 processors (from MaxProcs)"), std::string::npos) << o.err;
  EXPECT_EQ(nlohmann::json::parse(o.out)["jobs_in_file"], 500) << o.out;
}

TEST_F(WorkloadCliTest, GenerateRejectsBadOptionsWithoutOutput) {
  const fs::path out = dir_ / "x.swf";
  EXPECT_EQ(Run("generate --model feitelson96 --jobs 10 -o " + out.string()).exit_code, 2);
  EXPECT_EQ(Run("generate --jobs 0 -o " + out.string()).exit_code, 2);
  EXPECT_EQ(Run("generate --mix mixed --jobs 10 -o " + out.string()).exit_code, 2);
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(WorkloadCliTest, InfoOnRealSdscTrace) {
  const std::string path = std::string(AIRGRID_SHARED_DIR) + "/traces/SDSC-SP2-1998-4.2-cln.swf.gz";
  if (!fs::exists(path)) GTEST_SKIP() << path << " absent";
  Outcome o = Run("info " + path + " --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json j = nlohmann::json::parse(o.out);  // the JSON alone
  EXPECT_EQ(j["machine_procs"], 128);
  EXPECT_EQ(j["filters"][0]["jobs_kept"], 53999);
  EXPECT_EQ(j["summary"]["estimates"]["jobs_with_user_estimate"], 53999);
}

}  // namespace
