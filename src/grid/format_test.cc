#include "airgrid/grid/format.h"

#include <cmath>

#include <gtest/gtest.h>

namespace airgrid::grid {
namespace {

TEST(FormatNumber, SignificantDigits) {
  EXPECT_EQ(FormatNumber(12345.678), "12300");
  EXPECT_EQ(FormatNumber(1.5), "1.5");
  EXPECT_EQ(FormatNumber(2.0), "2");
  EXPECT_EQ(FormatNumber(0.012345), "0.0123");
  EXPECT_EQ(FormatNumber(9.996), "10");
  EXPECT_EQ(FormatNumber(-3.14159, 4), "-3.142");
  EXPECT_EQ(FormatNumber(0), "0");
  EXPECT_EQ(FormatNumber(2.5e7), "2.5e+07");
  EXPECT_EQ(FormatNumber(1.234e-5), "1.23e-05");
  EXPECT_EQ(FormatNumber(std::nan("")), "nan");
}

TEST(FormatWithUncertainty, RoundsToTheUncertaintysDigits) {
  EXPECT_EQ(FormatWithUncertainty(12.345, 0.42), "12.3 ± 0.4");   // leading digit 4 ≥ 3: one digit
  EXPECT_EQ(FormatWithUncertainty(1234.4, 0.19), "1234.40 ± 0.19");
  EXPECT_EQ(FormatWithUncertainty(1234, 25), "1234 ± 25");
  EXPECT_EQ(FormatWithUncertainty(76.13, 0.19), "76.13 ± 0.19");
  EXPECT_EQ(FormatWithUncertainty(123456, 3000), "123000 ± 3000");
  EXPECT_EQ(FormatWithUncertainty(5.0, 0), "5");
}

}  // namespace
}  // namespace airgrid::grid
