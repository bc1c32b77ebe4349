// Issue 11 regressions through the real binary: outputs never replace non-regular files or
// inputs, failed runs leave nothing, a study folder has one owner.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "cli/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using airgrid::cli::testing::Outcome;
using airgrid::cli::testing::Slurp;

class SafetyCli : public airgrid::cli::testing::CliTest {
 protected:
  SafetyCli() : CliTest("") {}
  const std::string example_ = std::string(AIRGRID_SOURCE_DIR) + "/examples/image-classifiers.grid.json";
  size_t Entries() const {
    size_t n = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }
};

// `grid g.json --json g.json` destroyed its input with exit 0.
TEST_F(SafetyCli, GridOutputEqualToItsInputIsRefused) {
  const fs::path g = Write("g.json", Slurp(example_));
  const std::string before = Slurp(g);
  Outcome o = Run("grid " + g.string() + " --json " + g.string());
  EXPECT_EQ(o.exit_code, 2) << o.Text();
  EXPECT_NE(o.err.find("refusing to overwrite an input"), std::string::npos) << o.err;
  EXPECT_EQ(Slurp(g), before);
}

// A result file a grid value is pulled "from" is an input of the run too: `--json results/r.json`
// destroyed it.
TEST_F(SafetyCli, GridOutputEqualToAFromFileIsRefused) {
  const fs::path r = Write("r.json", R"({"bsld": 3.5})");
  const fs::path g = Write("g.json", R"({"alternatives":[{"id":"a"},{"id":"b"}],
      "criteria":[{"id":"x","area":"performance","unit":"1","direction":"lower"}],
      "values":{"a":{"x":{"from":"r.json","pointer":"/bsld"}},"b":{"x":1}}})");
  Outcome o = Run("grid " + g.string() + " --quiet --md " + (dir_ / "ok.md").string() + " --json " + r.string());
  EXPECT_EQ(o.exit_code, 2) << o.Text();
  EXPECT_NE(o.err.find("is the same file as the input file read by the grid file"), std::string::npos) << o.err;
  EXPECT_EQ(Slurp(r), R"({"bsld": 3.5})");
  EXPECT_FALSE(fs::exists(dir_ / "ok.md"));
  o = Run("grid " + g.string() + " --quiet --json " + (dir_ / "out.json").string());
  EXPECT_EQ(o.exit_code, 0) << o.Text();
}

// `simulate --json o.json --jobs-csv o.json`: two outputs, one file.
TEST_F(SafetyCli, SimulateTwoOutputsOneFileIsRefused) {
  const fs::path o_json = dir_ / "o.json";
  Outcome o = Run("simulate --workload lublin:50 --policy fcfs --json " + o_json.string() +
                  " --jobs-csv " + o_json.string());
  EXPECT_EQ(o.exit_code, 2) << o.Text();
  EXPECT_NE(o.err.find("are the same file"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(o_json));
}

// `simulate --json ok --jobs-csv <unwritable>` left ok behind after the whole simulation.
TEST_F(SafetyCli, UnwritableSecondOutputLeavesNoFirstOutput) {
  const fs::path ok = dir_ / "ok.json";
  Outcome o = Run("simulate --workload lublin:50 --policy fcfs --json " + ok.string() +
                  " --jobs-csv " + (dir_ / "missing" / "jobs.csv").string());
  EXPECT_EQ(o.exit_code, 2) << o.Text();
  EXPECT_NE(o.err.find("--jobs-csv"), std::string::npos) << o.err;
  EXPECT_EQ(o.out, "");  // refused before the work
  EXPECT_FALSE(fs::exists(ok));
}

// `grid ... --html /dev/null` replaced /dev/null (as root); a FIFO or link became a file.
TEST_F(SafetyCli, GridRefusesDeviceFifoAndSymlinkOutputs) {
  const fs::path fifo = dir_ / "fifo.html";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  const fs::path target = Write("target.md", "keep");
  const fs::path link = dir_ / "link.md";
  fs::create_symlink(target, link);
  for (const std::string& out : {std::string("--html /dev/null"), "--html " + fifo.string(),
                                 "--md " + link.string()}) {
    Outcome o = Run("grid " + example_ + " -q " + out);
    EXPECT_EQ(o.exit_code, 2) << out << ": " << o.Text();
  }
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(Slurp(target), "keep");
  EXPECT_EQ(Entries(), 5u);  // fifo, target, link, stdout.txt, stderr.txt: no temporary file
}

// `learn mlp --scores s.csv -o s.csv` destroyed the scores.
TEST_F(SafetyCli, LearnMlpModelOverScoresIsRefused) {
  const fs::path s = Write("s.csv", "p,q,r,score\n10,2,5,0.1\n20,3,6,0.2\n");
  Outcome o = Run("learn mlp --scores " + s.string() + " -o " + s.string());
  EXPECT_EQ(o.exit_code, 2) << o.Text();
  EXPECT_EQ(Slurp(s), "p,q,r,score\n10,2,5,0.1\n20,3,6,0.2\n");
}

// Two runs into one study folder interleaved; a rerun overwrote an earlier study silently.
TEST_F(SafetyCli, StudyFolderHeldByALiveRunIsRefused) {
  const fs::path out = dir_ / "study";
  fs::create_directories(out);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::ofstream(out / ".airgrid.lock") << "pid " << ::getpid() << " host " << host << "\n";
  Outcome o = Run("study --scale small --no-progress -o " + out.string());
  EXPECT_EQ(o.exit_code, 2) << o.Text();
  EXPECT_NE(o.err.find("in use by another run (pid " + std::to_string(::getpid())), std::string::npos)
      << o.err;
  EXPECT_TRUE(fs::exists(out / ".airgrid.lock"));  // not ours to remove
}

TEST_F(SafetyCli, ExistingStudyFolderNeedsForce) {
  const fs::path out = dir_ / "study";
  fs::create_directories(out);
  std::ofstream(out / "report.md") << "earlier study";
  Outcome o = Run("study --scale small --no-progress -o " + out.string());
  EXPECT_EQ(o.exit_code, 2) << o.Text();
  EXPECT_NE(o.err.find("--force"), std::string::npos) << o.err;
  EXPECT_EQ(Slurp(out / "report.md"), "earlier study");
  EXPECT_FALSE(fs::exists(out / ".airgrid.lock"));
}

// SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM or SIGPIPE killed `airgrid track` without a record and
// left the child running. Here the child traps SIGUSR1 and exits 3; SIGPIPE is dropped.
TEST_F(SafetyCli, TrackForwardsSignalsAndAlwaysWritesTheRecord) {
  const fs::path json = dir_ / "r.json", ready = dir_ / "ready";
  const std::string script = "trap 'exit 3' USR1; touch " + ready.string() +
                             "; while :; do sleep 0.05; done";
  const pid_t tracker = ::fork();
  if (tracker == 0) {
    ::execl(AIRGRID_BIN, AIRGRID_BIN, "track", "--quiet", "--json", json.c_str(), "--", "sh", "-c",
            script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 200 && !fs::exists(ready); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(fs::exists(ready));
  ::kill(tracker, SIGPIPE);  // dropped by the tracker
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ::kill(tracker, SIGUSR1);  // forwarded: the child's trap ends it
  int status = 0;
  ASSERT_EQ(::waitpid(tracker, &status, 0), tracker);
  ASSERT_TRUE(WIFEXITED(status)) << "tracker killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 3);
  const auto record = nlohmann::json::parse(Slurp(json));
  EXPECT_EQ(record["interrupted"], true);
  EXPECT_EQ(record["interrupted_by"], "SIGUSR1");
  EXPECT_EQ(record["exit_code"], 3);
}

// An unwritable --json was found only after the command had run.
TEST_F(SafetyCli, TrackChecksItsOutputsBeforeRunningTheCommand) {
  const fs::path marker = dir_ / "ran";
  Outcome o = Run("track --json " + (dir_ / "missing" / "r.json").string() + " -- touch " + marker.string());
  EXPECT_EQ(o.exit_code, 2) << o.Text();
  EXPECT_FALSE(fs::exists(marker));
}

// NaN in a metrics column gave null with exit 0; a header-less file lost its first row.
TEST_F(SafetyCli, MetricsRefuseNanAndHeaderlessFiles) {
  const fs::path nan = Write("nan.csv", "y,yhat\n1,1\nnan,2\n3,3\n");
  Outcome o = Run("metrics regression --truth " + nan.string() + " --truth-column y --pred " + nan.string() +
                  " --pred-column yhat");
  EXPECT_EQ(o.exit_code, 2) << o.Text();
  EXPECT_NE(o.err.find("input contains NaN"), std::string::npos) << o.err;
  const fs::path bare = Write("bare.csv", "1.0 \n2.0\n3.0\n");
  o = Run("metrics regression --truth " + bare.string() + " --pred " + bare.string());
  EXPECT_EQ(o.exit_code, 2) << o.Text();
  EXPECT_NE(o.err.find("--no-header"), std::string::npos) << o.err;
  o = Run("metrics regression --no-header --truth " + bare.string() + " --pred " + bare.string());
  EXPECT_EQ(o.exit_code, 0) << o.Text();
  EXPECT_NE(o.out.find("n = 3"), std::string::npos) << o.out;
}

// Each absurd option of the issue, refused with the range.
TEST_F(SafetyCli, AbsurdNumericOptionsAreRefusedWithTheRange) {
  const fs::path s = Write("s.csv", "p,q,r,score\n10,2,5,0.1\n20,3,6,0.2\n");
  const std::string sim = "simulate --workload lublin:50 --policy fcfs ";
  for (const std::string& args :
       {sim + "--tau nan", sim + "--window-days nan", sim + "--window-days 1e300", sim + "--seed -1",
        sim + "--protocol sequences --sequences 2000000000", std::string("track --carbon-intensity -5 -- true"),
        "learn fit --scores " + s.string() + " --queue-size 0",
        "learn mlp --scores " + s.string() + " -o " + (dir_ / "m.json").string() + " --lr 1e300",
        "study --decisions-per-day -1 -o " + (dir_ / "st").string()}) {
    Outcome o = Run(args);
    EXPECT_EQ(o.exit_code, 2) << args << ": " << o.Text();
    EXPECT_NE(o.err.find("expected a"), std::string::npos) << args << ": " << o.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "m.json"));
  EXPECT_FALSE(fs::exists(dir_ / "st"));
}

}  // namespace
