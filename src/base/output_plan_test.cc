#include "airgrid/base/output_plan.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "airgrid/base/atomic_file.h"

namespace airgrid {
namespace {

namespace fs = std::filesystem;

class OutputPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("airgrid_plan_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(dir_);
  }
  std::string P(const std::string& name) const { return (dir_ / name).string(); }
  size_t Entries() const {
    size_t n = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }
  fs::path dir_;
};

TEST_F(OutputPlanTest, CommitsEveryStagedOutput) {
  OutputPlan plan;
  plan.Output("--json", P("a.json"));
  plan.Output("--csv", P("b.csv"));
  plan.Output("--md", P("unused.md"));
  ASSERT_TRUE(plan.Prepare().ok());
  ASSERT_TRUE(plan.Stage(P("a.json"), "{}\n").ok());
  ASSERT_TRUE(plan.Stage(P("b.csv"), "x\n").ok());
  ASSERT_TRUE(plan.Commit().ok());
  EXPECT_EQ(*ReadFile(P("a.json")), "{}\n");
  EXPECT_EQ(*ReadFile(P("b.csv")), "x\n");
  EXPECT_EQ(Entries(), 2u);  // no temporary file, no unused output
}

// Regression (issue 11): `grid g.json --json g.json` destroyed its input, exit 0.
TEST_F(OutputPlanTest, RefusesAnOutputThatIsAnInputEvenThroughALink) {
  ASSERT_TRUE(WriteFileAtomic(P("g.json"), "input").ok());
  fs::create_hard_link(P("g.json"), P("hard.json"));
  for (const std::string& out : {P("g.json"), P("hard.json"), dir_.string() + "/./g.json"}) {
    OutputPlan plan;
    plan.Input("grid file", P("g.json"));
    plan.Output("--json", out);
    Status st = plan.Prepare();
    EXPECT_EQ(st.code(), Status::Code::kInvalidInput) << out;
    EXPECT_NE(st.message().find("refusing to overwrite an input"), std::string::npos) << st.message();
  }
  EXPECT_EQ(*ReadFile(P("g.json")), "input");
  EXPECT_EQ(Entries(), 2u);
}

// Regression: `learn campaign -o s.csv --json s.csv`, `simulate --json o --jobs-csv o`.
TEST_F(OutputPlanTest, RefusesTwoOutputsThatAreOneFile) {
  OutputPlan plan;
  plan.Output("-o", P("s.csv"));
  plan.Output("--json", dir_.string() + "/sub/../s.csv");
  fs::create_directory(dir_ / "sub");
  Status st = plan.Prepare();
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("are the same file"), std::string::npos) << st.message();
  fs::remove(dir_ / "sub");
  EXPECT_EQ(Entries(), 0u);
}

// Regression: `simulate --json ok --jobs-csv <unwritable>` left ok behind; the failure was found
// only after the work.
TEST_F(OutputPlanTest, UnwritableOutputIsFoundBeforeTheWorkAndNothingRemains) {
  // A folder that does not exist (a read-only folder would not stop root, who runs CI here).
  OutputPlan plan;
  plan.Output("--json", P("ok.json"));
  plan.Output("--jobs-csv", P("missing/jobs.csv"));
  Status st = plan.Prepare();
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("--jobs-csv"), std::string::npos) << st.message();
  EXPECT_EQ(Entries(), 0u);
}

TEST_F(OutputPlanTest, AbandonedPlanLeavesNothing) {
  ASSERT_TRUE(WriteFileAtomic(P("old.json"), "old").ok());
  {
    OutputPlan plan;
    plan.Output("--json", P("old.json"));
    plan.Output("--csv", P("new.csv"));
    ASSERT_TRUE(plan.Prepare().ok());
    ASSERT_TRUE(plan.Stage(P("old.json"), "new").ok());
    // the run fails here: no Commit
  }
  EXPECT_EQ(*ReadFile(P("old.json")), "old");
  EXPECT_EQ(Entries(), 1u);
}

TEST_F(OutputPlanTest, FailedCommitRestoresReplacedFilesAndRemovesNewOnes) {
  ASSERT_TRUE(WriteFileAtomic(P("old.json"), "old").ok());
  OutputPlan plan;
  plan.Output("--json", P("old.json"));
  plan.Output("--html", P("late.html"));
  ASSERT_TRUE(plan.Prepare().ok());
  ASSERT_TRUE(plan.Stage(P("old.json"), "new").ok());
  ASSERT_TRUE(plan.Stage(P("late.html"), "<p>").ok());
  // Between the work and the commit, something not a regular file appears at the second path.
  ASSERT_EQ(::mkfifo(P("late.html").c_str(), 0644), 0);
  Status st = plan.Commit();
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(*ReadFile(P("old.json"), 100), "old");
  EXPECT_TRUE(fs::is_fifo(P("late.html")));
  EXPECT_EQ(Entries(), 2u);
}

// A study folder: files written now (later steps read them back), kept only by Commit.
TEST_F(OutputPlanTest, WriteNowIsUndoneWithoutCommit) {
  ASSERT_TRUE(WriteFileAtomic(P("report.md"), "earlier study").ok());
  ASSERT_TRUE(WriteFileAtomic(P("trace.swf"), "input").ok());
  {
    OutputPlan plan;
    plan.Input("--workload", P("trace.swf"));
    ASSERT_TRUE(plan.WriteNow("study file", P("scores.csv"), "p,q\n").ok());
    ASSERT_TRUE(plan.WriteNow("study file", P("report.md"), "new").ok());
    ASSERT_TRUE(plan.WriteNow("study file", P("report.md"), "newer").ok());  // rewritten: one backup
    EXPECT_EQ(*ReadFile(P("scores.csv")), "p,q\n");  // readable by the next step
    EXPECT_EQ(*ReadFile(P("report.md")), "newer");
    Status input = plan.WriteNow("study file", P("trace.swf"), "x");
    EXPECT_EQ(input.code(), Status::Code::kInvalidInput);
    EXPECT_NE(input.message().find("refusing to overwrite an input"), std::string::npos) << input.message();
    // the run fails here: no Commit
  }
  EXPECT_EQ(*ReadFile(P("report.md")), "earlier study");
  EXPECT_EQ(*ReadFile(P("trace.swf")), "input");
  EXPECT_FALSE(fs::exists(P("scores.csv")));
  EXPECT_EQ(Entries(), 2u);  // no backup or temporary file left
}

TEST_F(OutputPlanTest, WriteNowIsKeptByCommit) {
  ASSERT_TRUE(WriteFileAtomic(P("report.md"), "earlier study").ok());
  OutputPlan plan;
  ASSERT_TRUE(plan.WriteNow("study file", P("report.md"), "new").ok());
  ASSERT_TRUE(plan.WriteNow("study file", P("grid.json"), "{}").ok());
  ASSERT_EQ(::mkfifo(P("fifo").c_str(), 0644), 0);
  EXPECT_FALSE(plan.WriteNow("study file", P("fifo"), "x").ok());
  ASSERT_TRUE(plan.Commit().ok());
  EXPECT_EQ(*ReadFile(P("report.md")), "new");
  EXPECT_EQ(*ReadFile(P("grid.json")), "{}");
  EXPECT_EQ(Entries(), 3u);
}

TEST_F(OutputPlanTest, StdoutAndEmptyAreNotFiles) {
  OutputPlan plan;
  plan.Input("--scores", "-");
  plan.Output("--json", "-");
  plan.Output("--md", "");
  EXPECT_TRUE(plan.Prepare().ok());
  EXPECT_FALSE(plan.Declared("-"));
  EXPECT_TRUE(plan.Commit().ok());
}

}  // namespace
}  // namespace airgrid
