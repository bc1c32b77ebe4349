#include "airgrid/base/csv.h"

#include <gtest/gtest.h>

namespace airgrid {
namespace {

TEST(Csv, ParsesHeaderQuotesAndCrlf) {
  auto t = ParseCsv("a,b\r\n1,\"x,y\"\r\n\n2,\"say \"\"hi\"\"\"\n", "t.csv", true);
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->header.size(), 2u);
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][1], "x,y");
  EXPECT_EQ(t->rows[1][1], "say \"hi\"");
  EXPECT_EQ(t->line_of_row[1], 4);
  auto nums = t->Numbers(0);
  ASSERT_TRUE(nums.ok());
  EXPECT_EQ((*nums)[1], 2.0);
}

TEST(Csv, ErrorsNameFileLineAndColumn) {
  auto t = ParseCsv("a,b\n1,2\n3\n", "f.csv", true);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "f.csv:3: expected 2 fields, found 1");
  auto u = ParseCsv("y\n1\nabc\n", "g.csv", true);
  ASSERT_TRUE(u.ok());
  auto n = u->Numbers(0);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().message(), "g.csv:3: column 'y': expected a number, got 'abc'");
  EXPECT_FALSE(u->Column("z").ok());
}

TEST(Csv, Escape) {
  EXPECT_EQ(CsvEscape("plain"), "plain");
  EXPECT_EQ(CsvEscape("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvEscape("q\""), "\"q\"\"\"");
}


// Regression (issue 11): NaN/inf gave null metrics with exit 0; refused as scikit-learn does.
TEST(Csv, NumbersRefuseNanAndInfinityNamingColumnAndRow) {
  auto t = ParseCsv("y\n1\nnan\n", "t.csv", true);
  ASSERT_TRUE(t.ok());
  auto n = t->Numbers(0);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().message(), "t.csv:3: column 'y': input contains NaN (row 2); expected a finite number");
  t = ParseCsv("y\n-inf\n", "t.csv", true);
  EXPECT_NE(t->Numbers(0).status().message().find("infinity"), std::string::npos);
}

}  // namespace
}  // namespace airgrid
