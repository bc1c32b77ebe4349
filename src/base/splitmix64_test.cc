#include "airgrid/base/splitmix64.h"

#include <gtest/gtest.h>

namespace airgrid {
namespace {

// The reference outputs of SplitMix64 itself are pinned in src/learn/trial_rng_test.cc.

TEST(SplitMix64Below, IsTheModuloOfTheStreamWhenNoDrawIsRejected) {
  // From 0 the reference outputs are 0xe220a8397b1dcdaf and 0x6e789e6aa1b965f4, both below the
  // rejected tail [2^64 - 6, 2^64 - 1] for bound 10: the draws are them modulo 10 (by hand: 5, 0).
  uint64_t state = 0;
  EXPECT_EQ(SplitMix64Below(state, 10), 5u);
  EXPECT_EQ(SplitMix64Below(state, 10), 0u);
  EXPECT_EQ(state, 2 * 0x9E3779B97F4A7C15ull);  // one step of the stream per draw
}

TEST(SplitMix64Below, StaysBelowTheBoundAndTakesEveryValue) {
  uint64_t state = 42;
  bool seen[7] = {};
  for (int i = 0; i < 1000; ++i) {
    const uint64_t x = SplitMix64Below(state, 7);
    ASSERT_LT(x, 7u);
    seen[x] = true;
  }
  for (bool s : seen) EXPECT_TRUE(s);
  EXPECT_EQ(SplitMix64Below(state, 1), 0u);
}

}  // namespace
}  // namespace airgrid
