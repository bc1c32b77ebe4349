// Issue 11 regressions through the real binary: outputs never replace non-regular files or
// inputs, failed runs leave nothing, a study folder has one owner.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

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

}  // namespace
