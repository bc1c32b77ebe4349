// End-to-end tests of `airgrid learn campaign`: the real binary on generated SWF files —
// outputs and sidecar, thread-count independence, bad input, a SIGKILL mid-run followed by
// --resume (byte-identical output, no finished tuple recomputed), and a 2-rank MPI run.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;

using airgrid::cli::testing::Outcome;
using airgrid::cli::testing::Slurp;

int CountLines(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

class LearnCampaignCliTest : public airgrid::cli::testing::CliTest {
 protected:
  LearnCampaignCliTest() : CliTest("learn campaign") {}

  // An SWF trace of `n` jobs on a 64-processor machine (deterministic).
  fs::path WriteTrace(int n) {
    std::mt19937_64 gen(11);
    std::ostringstream s;
    s << "; MaxProcs: 64\n";
    int64_t submit = 0;
    for (int i = 1; i <= n; ++i) {
      submit += static_cast<int64_t>(gen() % 500);
      const int64_t runtime = 1 + static_cast<int64_t>(gen() % 20000);
      const int procs = 1 << (gen() % 7);
      s << i << ' ' << submit << " -1 " << runtime << ' ' << procs << " -1 -1 " << procs << ' '
        << runtime + 100 << " -1 1 -1 -1 -1 -1 -1 -1 -1\n";
    }
    const fs::path p = dir_ / "trace.swf";
    std::ofstream(p) << s.str();
    return p;
  }

  // Runs the command and keeps both streams for the assertions; returns the exit code.
  int Run(const std::string& args, const std::string& launcher = "") {
    const Outcome o = CliTest::Run(args, launcher);
    out_ = o.out;
    err_ = o.err;
    return o.exit_code;
  }

  std::string out_, err_;
};

TEST_F(LearnCampaignCliTest, WritesScoresAndSidecar) {
  const fs::path trace = WriteTrace(300);
  const fs::path csv = dir_ / "scores.csv";
  ASSERT_EQ(Run("--workload " + trace.string() + " --tuples 5 --trials 300 --seed 3 -o " +
                csv.string()),
            0)
      << err_;
  const std::string text = Slurp(csv);
  EXPECT_EQ(text.substr(0, text.find('\n')), "p,q,r,score,tuple,k,job_id,estimate,n_first");
  EXPECT_EQ(CountLines(text), 1 + 5 * 32);
  EXPECT_NE(out_.find("computed 5 tuples (1500 trials)"), std::string::npos) << out_;
  EXPECT_NE(err_.find("campaign: 5 tuples x 300 trials"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(dir_ / "scores.csv.ckpt"));  // removed once the output is written
  const nlohmann::json j = nlohmann::json::parse(Slurp(dir_ / "scores.csv.json"));
  EXPECT_TRUE(j.contains("airgrid_version"));
  EXPECT_TRUE(j.contains("created_utc"));
  EXPECT_NE(j["command_line"].get<std::string>().find("learn campaign"), std::string::npos);
  EXPECT_EQ(j["parameters"]["tuples"], 5);
  EXPECT_EQ(j["parameters"]["trials"], 300);
  EXPECT_EQ(j["parameters"]["shuffle"], "fisher-yates");
  EXPECT_EQ(j["seeds"]["campaign"], 3);
  EXPECT_EQ(j["workload"]["filter"]["name"], "sc17");
  EXPECT_EQ(j["workload"]["machine_procs"], 64);
  EXPECT_EQ(j["output"]["rows"], 160);
  EXPECT_EQ(j["tuple_positions"].size(), 5u);
  EXPECT_GT(j["execution"]["trials_per_second"].get<double>(), 0);
}

TEST_F(LearnCampaignCliTest, SameBytesWhateverTheThreadCountAndShufflesDiffer) {
  const fs::path trace = WriteTrace(300);
  const std::string common = "--workload " + trace.string() + " --tuples 6 --trials 500 ";
  ASSERT_EQ(Run(common + "--threads 1 -o " + (dir_ / "a.csv").string()), 0) << err_;
  ASSERT_EQ(Run(common + "--threads 3 -o " + (dir_ / "b.csv").string()), 0) << err_;
  ASSERT_EQ(Run(common + "--shuffle sc17 -o " + (dir_ / "c.csv").string()), 0) << err_;
  EXPECT_EQ(Slurp(dir_ / "a.csv"), Slurp(dir_ / "b.csv"));
  EXPECT_NE(Slurp(dir_ / "a.csv"), Slurp(dir_ / "c.csv"));
}

TEST_F(LearnCampaignCliTest, BadInputExitsTwoAndWritesNothing) {
  const fs::path trace = WriteTrace(300);
  const fs::path csv = dir_ / "s.csv";
  EXPECT_EQ(Run("--workload " + trace.string() + " --shuffle random -o " + csv.string()), 2);
  EXPECT_NE(err_.find("airgrid: error: --shuffle 'random': expected one of fisher-yates, sc17"),
            std::string::npos)
      << err_;
  EXPECT_EQ(Run("--tuples 2 -o " + csv.string()), 2);
  EXPECT_NE(err_.find("--workload FILE or --lublin"), std::string::npos) << err_;
  EXPECT_EQ(Run("--workload " + trace.string() + " --trials 0 -o " + csv.string()), 2);
  EXPECT_NE(err_.find("--trials: expected a whole number from 1 to 1000000000000, got '0'"), std::string::npos) << err_;
  const fs::path bad = dir_ / "bad.swf";
  std::ofstream(bad) << "; MaxProcs: 64\n1 0 -1 10 4 -1 -1 4 20 -1 1\n";
  EXPECT_EQ(Run("--workload " + bad.string() + " -o " + csv.string()), 2);
  EXPECT_NE(err_.find("bad.swf"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(csv));
  EXPECT_FALSE(fs::exists(dir_ / "s.csv.json"));
}

TEST_F(LearnCampaignCliTest, QueuesOf1024JobsRunAndLargerOnesAreRefused) {
  const fs::path trace = WriteTrace(1200);
  const fs::path csv = dir_ / "q.csv";
  ASSERT_EQ(Run("--workload " + trace.string() + " --queue-jobs 1024 --tuples 2 --trials 20 -o " +
                csv.string()),
            0)
      << err_;
  EXPECT_EQ(CountLines(Slurp(csv)), 1 + 2 * 1024);
  EXPECT_EQ(Run("--workload " + trace.string() + " --queue-jobs 4097 --tuples 1 -o " +
                (dir_ / "r.csv").string()),
            2);
  EXPECT_NE(err_.find("|Q| = 4097: expected 1..4096"), std::string::npos) << err_;
}

// Counts the valid-looking records (lines starting with "T ") of a checkpoint.
int CheckpointRecords(const fs::path& p) {
  std::ifstream in(p);
  int n = 0;
  for (std::string line; std::getline(in, line);) n += line.rfind("T ", 0) == 0 ? 1 : 0;
  return n;
}

TEST_F(LearnCampaignCliTest, SigkillThenResumeEndsWithTheUninterruptedOutput) {
  const fs::path trace = WriteTrace(400);
  const fs::path ref = dir_ / "ref.csv", csv = dir_ / "killed.csv", ckpt = dir_ / "killed.csv.ckpt";
  const std::string common = "--workload " + trace.string() + " --tuples 40 --trials 40000 --seed 5 ";
  ASSERT_EQ(Run(common + "--threads 2 --no-checkpoint -o " + ref.string()), 0) << err_;

  // Start the same campaign, single thread, and SIGKILL it once a few tuples are on disk.
  const std::string bin = AIRGRID_BIN;
  std::vector<std::string> args = {bin, "learn", "campaign", "--workload", trace.string(),
                                   "--tuples", "40", "--trials", "40000", "--seed", "5",
                                   "--threads", "1", "--no-progress", "-o", csv.string()};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, bin.c_str(), nullptr, nullptr, argv.data(), environ), 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (CheckpointRecords(ckpt) < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the campaign ended before it could be killed";
  ASSERT_FALSE(fs::exists(csv));
  const int saved = CheckpointRecords(ckpt);
  ASSERT_GE(saved, 3);
  ASSERT_LT(saved, 40);

  // Without --resume the checkpoint is protected.
  EXPECT_EQ(Run(common + "-o " + csv.string()), 2);
  EXPECT_NE(err_.find("pass --resume"), std::string::npos) << err_;
  // With other parameters it is refused.
  EXPECT_EQ(Run("--workload " + trace.string() + " --tuples 40 --trials 40000 --seed 6 --resume -o " +
                csv.string()),
            2);
  EXPECT_NE(err_.find("seed=5 (this run: 6)"), std::string::npos) << err_;

  ASSERT_EQ(Run(common + "--resume -o " + csv.string()), 0) << err_;
  EXPECT_EQ(Slurp(csv), Slurp(ref));
  const nlohmann::json j = nlohmann::json::parse(Slurp(dir_ / "killed.csv.json"));
  // No finished tuple was recomputed (a record torn by the kill would be redone and counted).
  EXPECT_EQ(j["execution"]["tuples_resumed"].get<int>() + j["execution"]["ignored_checkpoint_lines"].get<int>(),
            saved);
  EXPECT_EQ(j["execution"]["tuples_computed"].get<int>(), 40 - j["execution"]["tuples_resumed"].get<int>());
  EXPECT_FALSE(fs::exists(ckpt));
}

TEST_F(LearnCampaignCliTest, TwoMpiRanksGiveTheSingleProcessBytes) {
  if (std::system("command -v mpirun >/dev/null 2>&1") != 0) GTEST_SKIP() << "mpirun not found";
  const fs::path trace = WriteTrace(300);
  const std::string common = "--workload " + trace.string() + " --tuples 7 --trials 800 --threads 1 ";
  ASSERT_EQ(Run(common + "-o " + (dir_ / "one.csv").string()), 0) << err_;
  const std::string env = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ";
  const int rc = Run(common + "-o " + (dir_ / "two.csv").string(),
                     env + "mpirun --oversubscribe -np 2 ");
  ASSERT_EQ(rc, 0) << err_ << out_;
  const nlohmann::json j = nlohmann::json::parse(Slurp(dir_ / "two.csv.json"));
  if (!j["execution"]["mpi_compiled"].get<bool>()) GTEST_SKIP() << "airgrid built without MPI";
  EXPECT_EQ(j["execution"]["ranks"], 2);
  EXPECT_EQ(Slurp(dir_ / "one.csv"), Slurp(dir_ / "two.csv"));
  EXPECT_EQ(CountLines(out_), 2) << out_;  // only rank 0 reports
}

}  // namespace
