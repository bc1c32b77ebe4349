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

// The measure tables' dialect: '#' comment lines, spaces and tabs trimmed, blank lines skipped.
TEST(Csv, RecordsOfTheTableDialectSkipCommentsAndTrim) {
  const CsvDialect table{.comments = true, .trim = true};
  auto r = SplitCsvRecords("# a comment\nmodel, tdp_w\n\t\n\"Xeon, 8c\" , \"95\" \r\n#x,y\n", "t.csv", table);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].line, 2);
  EXPECT_EQ((*r)[0].fields, (std::vector<std::string>{"model", "tdp_w"}));
  EXPECT_EQ((*r)[1].line, 4);
  EXPECT_EQ((*r)[1].fields, (std::vector<std::string>{"Xeon, 8c", "95"}));
  // Without the dialect, '#' is data and spaces stay.
  auto plain = SplitCsvRecords("#a, b\n", "p.csv");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ((*plain)[0].fields, (std::vector<std::string>{"#a", " b"}));
}

TEST(Csv, RecordsKeepQuotedLineBreaksAndNameAnUnterminatedQuote) {
  auto r = SplitCsvRecords("a,\"two\nlines\"\nb,c\n", "q.csv");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].fields[1], "two\nlines");
  EXPECT_EQ((*r)[1].line, 3);
  auto bad = SplitCsvRecords("h\nx,\"open\n", "u.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "u.csv:2: unterminated quoted field");
}

TEST(Csv, ColumnIndexAndStrictNumbers) {
  EXPECT_EQ(CsvColumnIndex({"a", "b"}, "b"), 1);
  EXPECT_EQ(CsvColumnIndex({"a", "b"}, "c"), -1);
  double v = 0;
  EXPECT_TRUE(ParseCsvNumber(" 2.5 ", &v));
  EXPECT_EQ(v, 2.5);
  EXPECT_TRUE(ParseCsvNumber("+1e3", &v));
  EXPECT_EQ(v, 1000.0);
  EXPECT_TRUE(ParseCsvNumber("-4", &v));
  EXPECT_EQ(v, -4.0);
  for (const char* bad : {"", " ", "12abc", "nan", "inf", "+-1", "+", "0x10", "1,5"}) {
    v = 7;
    EXPECT_FALSE(ParseCsvNumber(bad, &v)) << bad;
    EXPECT_EQ(v, 7) << "left untouched on failure: " << bad;
  }
}

}  // namespace
}  // namespace airgrid
