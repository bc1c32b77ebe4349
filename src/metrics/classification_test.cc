#include "airgrid/metrics/classification.h"

#include <gtest/gtest.h>

#include <cmath>

#include "airgrid/metrics/group_frame.h"
#include "airgrid/metrics/regression.h"
#include "airgrid/metrics/segmentation.h"

namespace airgrid::metrics {
namespace {

std::vector<std::string> L(std::initializer_list<const char*> v) { return {v.begin(), v.end()}; }

TEST(Regression, HandComputed) {
  std::vector<double> y{1, 2, 3, 4}, p{1, 2, 3, 6};
  auto r = Regression(y, p);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->mae, 0.5);          // |0|+|0|+|0|+|2| / 4
  EXPECT_DOUBLE_EQ(r->rmse, 1.0);         // sqrt(4/4)
  EXPECT_DOUBLE_EQ(r->r2, 1 - 4.0 / 5.0); // SS_tot = 2.25+0.25+0.25+2.25 = 5
  EXPECT_FALSE(Regression(y, std::vector<double>{1}).ok());
}

TEST(Classification, BinaryHandComputed) {
  // truth 1 1 0 0 1, pred 1 0 0 1 1: tp=2 fp=1 fn=1 → P = R = F1 = 2/3, accuracy 3/5.
  auto r = Classification(L({"1", "1", "0", "0", "1"}), L({"1", "0", "0", "1", "1"}));
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->accuracy, 0.6);
  EXPECT_DOUBLE_EQ(r->precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r->recall, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r->f1, 2.0 / 3.0);
  EXPECT_EQ(r->confusion, (std::vector<std::vector<long>>{{1, 1}, {1, 2}}));
}

TEST(Classification, MacroWithNeverPredictedClass) {
  // Class "b" never predicted: its precision is 0/0 → zero_division.
  ClassificationOptions o;
  o.average = Average::kMacro;
  o.zero_division = ZeroDivision::kOne;
  auto r = Classification(L({"a", "b", "a"}), L({"a", "a", "a"}), o);
  ASSERT_TRUE(r.ok());
  // a: P = 2/3, R = 1, F = 0.8 ; b: P = 1 (zero_division), R = 0, F = 0.
  EXPECT_DOUBLE_EQ(r->precision, (2.0 / 3.0 + 1.0) / 2);
  EXPECT_DOUBLE_EQ(r->recall, 0.5);
  EXPECT_DOUBLE_EQ(r->f1, 0.4);
  EXPECT_TRUE(r->ill_defined);
}

TEST(Classification, NumericLabelsSortNumerically) {
  EXPECT_EQ(SortedLabels(L({"10", "2"}), L({"1.5"})), L({"1.5", "2", "10"}));
  EXPECT_EQ(SortedLabels(L({"b", "10"}), L({"2"})), L({"10", "2", "b"}));
}

TEST(Classification, BinaryRejectsMulticlass) {
  EXPECT_FALSE(Classification(L({"0", "1", "2"}), L({"0", "1", "2"})).ok());
}

TEST(RocAuc, HandComputedWithTies) {
  // Positives score 0.8, 0.4; negatives 0.4, 0.1: pairs (0.8>0.4), (0.8>0.1), (0.4=0.4 → ½),
  // (0.4>0.1) → 3.5 / 4.
  auto r = RocAuc(L({"1", "1", "0", "0"}), std::vector<double>{0.8, 0.4, 0.4, 0.1});
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(*r, 0.875);
  EXPECT_FALSE(RocAuc(L({"1", "1"}), std::vector<double>{0.1, 0.2}).ok());
}

TEST(Segmentation, DiceIouAndEmptyConvention) {
  std::vector<uint8_t> t{1, 1, 0, 0}, p{1, 0, 1, 0};
  auto r = Segmentation(t, p);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->dice, 0.5);      // 2·1 / (2 + 2)
  EXPECT_DOUBLE_EQ(r->iou, 1.0 / 3.0); // 1 / 3
  std::vector<uint8_t> e{0, 0};
  EXPECT_DOUBLE_EQ(Segmentation(e, e, EmptyMask::kOne)->dice, 1.0);
  EXPECT_DOUBLE_EQ(Segmentation(e, e, EmptyMask::kZero)->iou, 0.0);
  EXPECT_TRUE(std::isnan(Segmentation(e, e, EmptyMask::kNaN)->dice));
  EXPECT_TRUE(Segmentation(e, e)->both_empty);
}

TEST(GroupFrame, AccuracyPerGroup) {
  auto truth = L({"1", "0", "1", "1"}), pred = L({"1", "0", "0", "0"}), groups = L({"x", "x", "y", "y"});
  auto frame = ByGroup(groups, [&](std::span<const size_t> idx) -> Result<double> {
    std::vector<std::string> t, p;
    for (size_t i : idx) { t.push_back(truth[i]); p.push_back(pred[i]); }
    auto r = Classification(t, p, {Average::kMicro, ZeroDivision::kZero, "1"});
    if (!r.ok()) return r.status();
    return r->accuracy;
  });
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(frame->groups, L({"x", "y"}));
  EXPECT_DOUBLE_EQ(frame->by_group[0], 1.0);
  EXPECT_DOUBLE_EQ(frame->by_group[1], 0.0);
  EXPECT_DOUBLE_EQ(frame->overall, 0.5);
  EXPECT_DOUBLE_EQ(frame->difference, 1.0);
  EXPECT_DOUBLE_EQ(frame->ratio, 0.0);
}

}  // namespace
}  // namespace airgrid::metrics
