// The campaign's generators pinned to their authors' reference outputs, so that a slip in a
// shift, a rotation or a constant cannot go unnoticed (it would change every campaign).
//
// Sources of the expected values:
// - xoshiro256** from the state {1, 2, 3, 4}: the first ten outputs of Blackman & Vigna's
//   reference xoshiro256starstar.c, as published in the `reference` test of rand_xoshiro
//   (rust-random/rngs, xoshiro256starstar.rs: "These values were produced with the reference
//   implementation").
// - SplitMix64 from the seed 1477776061723855037: the first outputs of Vigna's reference
//   splitmix64.c, as published in the `reference` test of rand_xoshiro (splitmix64.rs); and its
//   first output from the seed 0, 0xe220a8397b1dcdaf (quoted with the reference code by several
//   ports).
// - Xoshiro256(0) (our seeding: four SplitMix64 outputs from 0): computed for this test by a
//   ten-line C transcription of the two reference files, which reproduces both published lists
//   above; it pins how the campaign seeds its streams.
#include "learn/trial_rng.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace airgrid::learn {
namespace {

TEST(Xoshiro256StarStar, ReproducesTheReferenceOutputsFromState1234) {
  Xoshiro256 g = Xoshiro256::FromState({1, 2, 3, 4});
  const uint64_t expected[] = {11520ull,
                               0ull,
                               1509978240ull,
                               1215971899390074240ull,
                               1216172134540287360ull,
                               607988272756665600ull,
                               16172922978634559625ull,
                               8476171486693032832ull,
                               10595114339597558777ull,
                               2904607092377533576ull};
  for (uint64_t e : expected) EXPECT_EQ(g.Next(), e);
}

TEST(SplitMix64, ReproducesTheReferenceOutputs) {
  uint64_t state = 1477776061723855037ull;
  EXPECT_EQ(SplitMix64(state), 1985237415132408290ull);
  EXPECT_EQ(SplitMix64(state), 2979275885539914483ull);
  EXPECT_EQ(SplitMix64(state), 13511426838097143398ull);
  uint64_t zero = 0;
  EXPECT_EQ(SplitMix64(zero), 0xe220a8397b1dcdafull);
  EXPECT_EQ(SplitMix64(zero), 0x6e789e6aa1b965f4ull);
}

TEST(Xoshiro256StarStar, SeedingIsFourSplitMix64Outputs) {
  Xoshiro256 g(0);
  const uint64_t expected[] = {11091344671253066420ull, 13793997310169335082ull, 1900383378846508768ull,
                               7684712102626143532ull};
  for (uint64_t e : expected) EXPECT_EQ(g.Next(), e);
}

}  // namespace
}  // namespace airgrid::learn
