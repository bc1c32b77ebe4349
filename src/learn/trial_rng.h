// The campaign's random numbers: SplitMix64 to derive seeds, xoshiro256** (Blackman & Vigna)
// for streams, Lemire's multiply-shift with rejection for unbiased bounded integers. All three
// are defined bit for bit here, so a seed gives the same campaign on every platform (unlike
// std::uniform_int_distribution, whose mapping is implementation-defined).
#pragma once

#include <array>
#include <cstdint>

#include "airgrid/base/splitmix64.h"

namespace airgrid::learn {

using airgrid::SplitMix64;

// The seed of tuple `index` of a campaign seeded with `seed`: independent of who computes it.
inline uint64_t TupleSeed(uint64_t seed, uint64_t index) {
  uint64_t s = seed;
  uint64_t a = SplitMix64(s);
  uint64_t t = a ^ (index * 0xD1B54A32D192ED03ull);
  return SplitMix64(t);
}

class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed) {
    for (uint64_t& w : s_) w = SplitMix64(seed);
  }
  // The generator in a given state (the reference outputs are published from state {1,2,3,4}).
  static Xoshiro256 FromState(const std::array<uint64_t, 4>& state) {
    Xoshiro256 g(0);
    for (int i = 0; i < 4; ++i) g.s_[i] = state[i];
    return g;
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, range), range >= 1 (Lemire 2019, exact).
  uint64_t Below(uint64_t range) {
    unsigned __int128 m = static_cast<unsigned __int128>(Next()) * range;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < range) {
      const uint64_t threshold = (0 - range) % range;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(Next()) * range;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace airgrid::learn
