#include "airgrid/learn/campaign.h"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "airgrid/base/atomic_file.h"
#include "learn/checkpoint.h"

namespace airgrid::learn {
namespace {

workload::Workload SyntheticWorkload(int n, uint64_t seed) {
  std::mt19937_64 gen(seed);
  workload::Workload w;
  w.source = "synthetic";
  w.machine_procs = 64;
  int64_t submit = 0;
  for (int i = 0; i < n; ++i) {
    workload::Job j;
    j.id = i + 1;
    submit += static_cast<int64_t>(gen() % 600);
    j.submit = submit;
    j.runtime = static_cast<int64_t>(std::exp(static_cast<double>(gen() % 1000) / 100.0));
    j.procs = 1 << (gen() % 7);
    j.estimate = j.runtime;
    w.jobs.push_back(j);
  }
  return w;
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("airgrid_campaign_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

CampaignOptions Small() {
  CampaignOptions o;
  o.tuples = 12;
  o.trials = 400;
  o.seed = 9;
  o.threads = 1;
  o.use_mpi = false;
  return o;
}

TEST(Campaign, ScoresOfEachTupleSumToOneAndRowsAreComplete) {
  workload::Workload w = SyntheticWorkload(500, 1);
  auto r = RunCampaign(w, Small());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 12u * 32u);
  EXPECT_EQ(r->tuples_computed, 12);
  EXPECT_EQ(r->trials_computed, 12 * 400);
  for (int t = 0; t < 12; ++t) {
    double sum = 0;
    int64_t n = 0;
    for (int k = 0; k < 32; ++k) {
      const ScoreRow& row = r->rows[static_cast<size_t>(t * 32 + k)];
      EXPECT_EQ(row.tuple, t);
      EXPECT_EQ(row.k, k);
      sum += row.score;
      n += row.n_first;
      // The row is the workload's job, rebased to the tuple's first S job.
      const workload::Job& job = w.jobs[static_cast<size_t>(r->positions[static_cast<size_t>(t)] + 16 + k)];
      EXPECT_EQ(row.job_id, job.id);
      EXPECT_EQ(row.p, static_cast<double>(job.runtime));
      EXPECT_EQ(row.q, static_cast<double>(job.procs));
      EXPECT_EQ(row.r, static_cast<double>(job.submit - w.jobs[static_cast<size_t>(r->positions[static_cast<size_t>(t)])].submit));
    }
    EXPECT_NEAR(sum, 1.0, 1e-12) << "tuple " << t;
    EXPECT_EQ(n, 400);
  }
}

TEST(Campaign, OutputIsIndependentOfThreadCount) {
  workload::Workload w = SyntheticWorkload(500, 2);
  CampaignOptions one = Small();
  CampaignOptions three = Small();
  three.threads = 3;
  auto a = RunCampaign(w, one);
  auto b = RunCampaign(w, three);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->threads, 3);
  EXPECT_EQ(FormatScoresCsv(a->rows), FormatScoresCsv(b->rows));
  CampaignOptions other_seed = Small();
  other_seed.seed = 10;
  auto c = RunCampaign(w, other_seed);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(FormatScoresCsv(a->rows), FormatScoresCsv(c->rows));
  CampaignOptions sc17 = Small();
  sc17.shuffle = Shuffle::kSc17;
  auto d = RunCampaign(w, sc17);
  ASSERT_TRUE(d.ok());
  EXPECT_NE(FormatScoresCsv(a->rows), FormatScoresCsv(d->rows));
  EXPECT_EQ(a->positions, d->positions);  // same tuples, other orders
}

// Cancels the campaign after `after` tuples were reported.
class CancelAfter : public ProgressSink {
 public:
  CancelAfter(std::atomic<bool>* flag, int64_t after, int64_t trials)
      : flag_(flag), after_(after), trials_(trials) {}
  void Start(const std::string&, int64_t, int64_t) override {}
  void Update(int64_t done) override {
    if (done / trials_ >= after_) flag_->store(true);
  }
  void Finish() override {}

 private:
  std::atomic<bool>* flag_;
  int64_t after_, trials_;
};

TEST(Campaign, ResumeAfterCancelGivesTheUninterruptedOutputAndRedoesNothing) {
  workload::Workload w = SyntheticWorkload(400, 3);
  const std::string ckpt = TempPath("resume.ckpt");
  std::filesystem::remove(ckpt);
  auto full = RunCampaign(w, Small());
  ASSERT_TRUE(full.ok());

  std::atomic<bool> cancel{false};
  CampaignOptions o = Small();
  o.checkpoint_path = ckpt;
  o.cancel = &cancel;
  CancelAfter sink(&cancel, 5, o.trials);
  auto first = RunCampaign(w, o, &sink);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->cancelled);
  EXPECT_TRUE(first->rows.empty());
  EXPECT_EQ(first->tuples_computed, 5);

  // Without --resume an existing checkpoint is refused (it would be lost).
  CampaignOptions again = o;
  again.cancel = nullptr;
  auto refused = RunCampaign(w, again);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("--resume"), std::string::npos);

  // Other parameters: refused with their names.
  CampaignOptions other = again;
  other.resume = true;
  other.trials = 401;
  other.seed = 4;
  auto mismatch = RunCampaign(w, other);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.status().message().find("trials=400 (this run: 401)"), std::string::npos)
      << mismatch.status().message();
  EXPECT_NE(mismatch.status().message().find("seed=9 (this run: 4)"), std::string::npos);

  again.resume = true;
  again.threads = 2;
  auto resumed = RunCampaign(w, again);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(resumed->tuples_resumed, 5);
  EXPECT_EQ(resumed->tuples_computed, 7);
  EXPECT_EQ(FormatScoresCsv(resumed->rows), FormatScoresCsv(full->rows));
  std::filesystem::remove(ckpt);
}

TEST(Campaign, DamagedCheckpointLinesAreRedone) {
  workload::Workload w = SyntheticWorkload(300, 4);
  const std::string ckpt = TempPath("damaged.ckpt");
  std::filesystem::remove(ckpt);
  CampaignOptions o = Small();
  o.tuples = 4;
  o.checkpoint_path = ckpt;
  auto full = RunCampaign(w, o);
  ASSERT_TRUE(full.ok());
  // Corrupt one digit of the second record and cut the last one in half (a torn write).
  std::string text = *ReadFile(ckpt);
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 5u);
  lines[2][lines[2].size() / 2] = lines[2][lines[2].size() / 2] == '1' ? '2' : '1';
  std::string damaged = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[3] + "\n" +
                        lines[4].substr(0, lines[4].size() / 2);
  ASSERT_TRUE(WriteFileAtomic(ckpt, damaged).ok());
  o.resume = true;
  auto resumed = RunCampaign(w, o);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(resumed->ignored_checkpoint_lines, 2);
  EXPECT_EQ(resumed->tuples_resumed, 2);
  EXPECT_EQ(resumed->tuples_computed, 2);
  EXPECT_EQ(FormatScoresCsv(resumed->rows), FormatScoresCsv(full->rows));
  std::filesystem::remove(ckpt);
}

TEST(Checkpoint, RecordRoundTripsExactlyAndRejectsDamage) {
  CheckpointRecord r;
  r.tuple = 17;
  r.position = 4242;
  r.scores.value_sum = {1.0 / 3.0, 2.5e-300, 123456.789};
  r.scores.n_first = {1, 0, 99999999999};
  const std::string line = FormatCheckpointRecord(r);
  CheckpointRecord back;
  ASSERT_TRUE(ParseCheckpointRecord(line, &back));
  EXPECT_EQ(back.tuple, 17);
  EXPECT_EQ(back.position, 4242);
  EXPECT_EQ(back.scores.value_sum, r.scores.value_sum);
  EXPECT_EQ(back.scores.n_first, r.scores.n_first);
  std::string bad = line;
  bad[4] = bad[4] == '7' ? '8' : '7';
  EXPECT_FALSE(ParseCheckpointRecord(bad, &back));
  EXPECT_FALSE(ParseCheckpointRecord(line.substr(0, line.size() - 5), &back));
  EXPECT_FALSE(ParseCheckpointRecord("", &back));
}

TEST(Campaign, RejectsBadOptionsAndJobs) {
  workload::Workload w = SyntheticWorkload(100, 5);
  CampaignOptions o = Small();
  o.trials = 0;
  EXPECT_FALSE(RunCampaign(w, o).ok());
  workload::Workload tiny = SyntheticWorkload(47, 5);
  auto r = RunCampaign(tiny, Small());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("48 consecutive jobs"), std::string::npos) << r.status().message();
  w.jobs[50].procs = 65;
  auto wide = RunCampaign(w, Small());
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(wide.status().message().find("job 51"), std::string::npos) << wide.status().message();
}

// Reads the 18-field SWF lines we need (runtime, procs, submit) without the workload module,
// applying the artifact's own filter (0 < procs <= 256, runtime > 0).
workload::Workload ReadLublinForTest(const std::string& path) {
  workload::Workload w;
  w.source = path;
  w.machine_procs = 256;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == ';') continue;
    std::istringstream f(line);
    workload::Job j;
    double skip;
    f >> j.id >> j.submit >> skip >> j.runtime >> j.procs;
    if (j.procs > 0 && j.procs <= 256 && j.runtime > 0) {
      j.estimate = j.runtime;
      w.jobs.push_back(j);
    }
  }
  return w;
}

// Mean score of the smallest (p·q) quarter of each tuple's jobs minus that of the largest.
double SmallMinusLargeScore(const std::vector<ScoreRow>& rows) {
  double small = 0, large = 0;
  int tuples = 0;
  for (size_t at = 0; at + 32 <= rows.size(); at += 32) {
    std::vector<size_t> idx(32);
    std::iota(idx.begin(), idx.end(), at);
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
      return rows[a].p * rows[a].q < rows[b].p * rows[b].q;
    });
    for (int i = 0; i < 8; ++i) small += rows[idx[static_cast<size_t>(i)]].score;
    for (int i = 24; i < 32; ++i) large += rows[idx[static_cast<size_t>(i)]].score;
    ++tuples;
  }
  return (small - large) / (8.0 * tuples);
}

TEST(Campaign, QualitativeShapeMatchesThePublishedTrainingSet) {
  const std::string trace = std::string(AIRGRID_SHARED_DIR) + "/traces/lublin_256.swf";
  const std::string published = std::string(AIRGRID_SHARED_DIR) + "/sc17/score-distribution.csv";
  if (!std::filesystem::exists(trace) || !std::filesystem::exists(published)) {
    GTEST_SKIP() << "absent: " << trace << " or " << published;
  }
  workload::Workload w = ReadLublinForTest(trace);
  ASSERT_GT(w.jobs.size(), 9000u);
  CampaignOptions o;
  o.tuples = 64;
  o.trials = 2000;
  o.seed = 2017;
  o.use_mpi = false;
  o.threads = 2;
  auto ours = RunCampaign(w, o);
  ASSERT_TRUE(ours.ok()) << ours.status().ToString();
  auto theirs = ReadScoresCsv(published);
  ASSERT_TRUE(theirs.ok());
  const double ours_gap = SmallMinusLargeScore(ours->rows);
  const double theirs_gap = SmallMinusLargeScore(*theirs);
  // Small jobs started first give lower (better) scores, in both.
  EXPECT_LT(theirs_gap, 0);
  EXPECT_LT(ours_gap, 0);
  // Same order of magnitude (scores average 1/32 = 0.031 in both).
  RecordProperty("gap_ours", std::to_string(ours_gap)); RecordProperty("gap_theirs", std::to_string(theirs_gap));
  EXPECT_GT(ours_gap / theirs_gap, 0.33) << ours_gap << " vs " << theirs_gap;
  EXPECT_LT(ours_gap / theirs_gap, 3.0) << ours_gap << " vs " << theirs_gap;
}

}  // namespace
}  // namespace airgrid::learn
