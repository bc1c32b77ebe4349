#include "airgrid/base/clock.h"

#include <ctime>

#include <gtest/gtest.h>

namespace airgrid {
namespace {

TEST(SteadyClock, NeverGoesBackAndFollowsClockMonotonic) {
  timespec before_ts;
  clock_gettime(CLOCK_MONOTONIC, &before_ts);
  const double before = static_cast<double>(before_ts.tv_sec) + 1e-9 * static_cast<double>(before_ts.tv_nsec);
  double last = SteadyClock().Now();
  EXPECT_GE(last, before);
  for (int i = 0; i < 1000; ++i) {
    const double now = SteadyClock().Now();
    ASSERT_GE(now, last);
    last = now;
  }
  EXPECT_EQ(&SteadyClock(), &SteadyClock());  // one shared instance
}

}  // namespace
}  // namespace airgrid
