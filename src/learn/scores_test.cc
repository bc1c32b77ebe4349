#include "airgrid/learn/scores.h"

#include <filesystem>
#include <numeric>

#include <gtest/gtest.h>

namespace airgrid::learn {
namespace {

TEST(ScoresCsv, ReadsHeaderlessPublishedStyle) {
  auto rows = ParseScoresCsv("10.0,4.0,27541.0,0.0269601427393\n11.0,2.0,27614.0,0.5\n", "x.csv",
                             {.queue_size = 1});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].p, 10.0);
  EXPECT_EQ((*rows)[0].q, 4.0);
  EXPECT_EQ((*rows)[0].r, 27541.0);
  EXPECT_DOUBLE_EQ((*rows)[0].score, 0.0269601427393);
  EXPECT_EQ((*rows)[0].tuple, 0);
  EXPECT_EQ((*rows)[1].tuple, 1);  // queue_size 1: one row per tuple
  EXPECT_EQ((*rows)[1].k, 0);
  EXPECT_EQ((*rows)[1].job_id, -1);
}

TEST(ScoresCsv, RoundTripsEveryColumnExactly) {
  std::vector<ScoreRow> rows;
  for (int i = 0; i < 5; ++i) {
    ScoreRow r;
    r.tuple = i / 2;
    r.k = i % 2;
    r.p = 100 + i;
    r.q = 1 << i;
    r.r = 37 * i;
    r.score = 1.0 / 3.0 + i * 1e-17;
    r.job_id = 1000 + i;
    r.estimate = 200 + i;
    r.n_first = 12345 + i;
    rows.push_back(r);
  }
  std::string text = FormatScoresCsv(rows);
  EXPECT_EQ(text.substr(0, text.find('\n')), "p,q,r,score,tuple,k,job_id,estimate,n_first");
  auto back = ParseScoresCsv(text, "mem");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ((*back)[i].tuple, rows[i].tuple);
    EXPECT_EQ((*back)[i].k, rows[i].k);
    EXPECT_EQ((*back)[i].p, rows[i].p);
    EXPECT_EQ((*back)[i].q, rows[i].q);
    EXPECT_EQ((*back)[i].r, rows[i].r);
    EXPECT_EQ((*back)[i].score, rows[i].score);  // shortest round-trip printing is exact
    EXPECT_EQ((*back)[i].job_id, rows[i].job_id);
    EXPECT_EQ((*back)[i].estimate, rows[i].estimate);
    EXPECT_EQ((*back)[i].n_first, rows[i].n_first);
  }
  EXPECT_EQ(FormatScoresCsv(*back), text);
}

TEST(ScoresCsv, HeaderColumnsByNameInAnyOrder) {
  auto rows = ParseScoresCsv("score,tuple,r,q,p,extra\n0.25,7,3,2,1,zzz\n", "h.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].p, 1);
  EXPECT_EQ((*rows)[0].q, 2);
  EXPECT_EQ((*rows)[0].r, 3);
  EXPECT_EQ((*rows)[0].score, 0.25);
  EXPECT_EQ((*rows)[0].tuple, 7);
}

TEST(ScoresCsv, ErrorsNameFileLineAndColumn) {
  auto bad = ParseScoresCsv("1,2,3,0.5\n1,2,x,0.5\n", "s.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(bad.status().message().find("s.csv:2"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("'r'"), std::string::npos) << bad.status().message();

  auto short_row = ParseScoresCsv("1,2,3\n", "s.csv");
  ASSERT_FALSE(short_row.ok());
  EXPECT_NE(short_row.status().message().find("s.csv:1: 3 fields, expected 4"), std::string::npos)
      << short_row.status().message();

  auto no_score = ParseScoresCsv("p,q,r\n1,2,3\n", "h.csv");
  ASSERT_FALSE(no_score.ok());
  EXPECT_NE(no_score.status().message().find("'score'"), std::string::npos);

  auto nan = ParseScoresCsv("1,2,3,nan\n", "n.csv");
  EXPECT_FALSE(nan.ok());
}

TEST(ScoresCsv, ReadsThePublishedSc17File) {
  const std::string path = std::string(AIRGRID_SHARED_DIR) + "/sc17/score-distribution.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "absent: " << path;
  auto rows = ReadScoresCsv(path);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 6912u);
  EXPECT_EQ(rows->back().tuple, 215);
  EXPECT_EQ(rows->back().k, 31);
  // Each tuple's 32 scores sum to 1 (the file's own invariant).
  for (int t = 0; t < 216; ++t) {
    double sum = 0;
    for (int k = 0; k < 32; ++k) sum += (*rows)[static_cast<size_t>(t * 32 + k)].score;
    EXPECT_NEAR(sum, 1.0, 1e-9) << "tuple " << t;
  }
}


// Regression (issue 11): huge values in integer columns were cast to int (undefined behaviour).
TEST(ScoresCsv, IntegerColumnsAreRangeChecked) {
  for (const char* bad : {"1e300", "2.5", "-1e19"}) {
    const std::string text = std::string("p,q,r,score,tuple,k\n1,2,3,0.5,") + bad + ",0\n";
    auto rows = ParseScoresCsv(text, "s.csv");
    ASSERT_FALSE(rows.ok()) << bad;
    EXPECT_NE(rows.status().message().find("column 'tuple'"), std::string::npos) << rows.status().message();
  }
}

}  // namespace
}  // namespace airgrid::learn
