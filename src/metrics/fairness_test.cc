#include "airgrid/metrics/fairness.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "airgrid/metrics/summary.h"

namespace airgrid::metrics {
namespace {

TEST(Jain, EqualAllocationsAreFair) {
  std::vector<double> x{3, 3, 3, 3};
  EXPECT_DOUBLE_EQ(JainIndex(x), 1.0);
}

TEST(Jain, OneTakesAllIsOneOverN) {
  std::vector<double> x{0, 0, 0, 8};
  EXPECT_DOUBLE_EQ(JainIndex(x), 0.25);
}

TEST(Jain, HandComputed) {
  // (1+2+3)^2 / (3 * (1+4+9)) = 36 / 42
  std::vector<double> x{1, 2, 3};
  EXPECT_DOUBLE_EQ(JainIndex(x), 36.0 / 42.0);
}

TEST(Jain, EmptyAndZeroConventions) {
  EXPECT_DOUBLE_EQ(JainIndex({}), 1.0);
  std::vector<double> z{0, 0};
  EXPECT_DOUBLE_EQ(JainIndex(z), 1.0);
}

TEST(Gini, HandComputed) {
  // |1-2|+|1-3|+|2-3| = 4, doubled over ordered pairs = 8; 8 / (2 * 9 * 2) = 2/9.
  std::vector<double> x{3, 1, 2};
  EXPECT_NEAR(Gini(x), 2.0 / 9.0, 1e-15);
  std::vector<double> all{0, 0, 0, 5};
  EXPECT_NEAR(Gini(all), 0.75, 1e-15);
  std::vector<double> eq{2, 2};
  EXPECT_DOUBLE_EQ(Gini(eq), 0.0);
  EXPECT_DOUBLE_EQ(Gini({}), 0.0);
}

TEST(Summary, NumpyLinearQuantiles) {
  // numpy.quantile([1,2,3,4], 0.95) = 3.85 ; median 2.5
  std::vector<double> x{4, 1, 3, 2};
  Summary s = Summarize(x);
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_NEAR(s.p95, 3.85, 1e-12);
  EXPECT_NEAR(s.p99, 3.97, 1e-12);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_DOUBLE_EQ(s.max, 4);
  EXPECT_NEAR(s.stddev, 1.118033988749895, 1e-12);
  EXPECT_EQ(s.count, 4);
  EXPECT_TRUE(std::isnan(Summarize({}).mean));
}

}  // namespace
}  // namespace airgrid::metrics
