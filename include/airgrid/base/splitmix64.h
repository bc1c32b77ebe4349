// SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference splitmix64.c): the one definition,
// used wherever a seed is derived or a cheap platform-independent stream is needed. Pinned to
// the reference outputs in src/learn/trial_rng_test.cc.
#pragma once

#include <cstdint>

namespace airgrid {

// Advances `state` and returns the next output.
inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Uniform in [0, bound) from the same stream, by rejection (no modulo bias); bound > 0.
inline uint64_t SplitMix64Below(uint64_t& state, uint64_t bound) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t x;
  do x = SplitMix64(state); while (x >= limit);
  return x % bound;
}

}  // namespace airgrid
