// NumPy's legacy RandomState (MT19937) as RLScheduler (Zhang et al., SC'20) seeds and uses it,
// so that `--starts rlscheduler` draws exactly their test sequences.
//
// RLScheduler's compare scripts call env.seed(seed), i.e. gym's seeding.np_random(seed) (gym
// 0.1x): the key is the first 8 bytes of SHA-512(decimal seed) read as a little-endian integer,
// split into 32-bit words (low first, high zero words dropped; 0 -> [0]) and passed to
// MT19937's init_by_array (Matsumoto & Nishimura's mt19937ar.c, as RandomState.seed does for a
// list). Each test sequence then starts at np_random.randint(low, high): uniform in
// [low, high) by masked rejection on 32-bit outputs (numpy's legacy bounded-integer path for
// ranges below 2^32).
// Pinned to mt19937ar.c's reference outputs and to RLScheduler's own starts in
// numpy_random_test.cc.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace airgrid::sched {

class NumpyLegacyRandom {
 public:
  // RandomState().seed(key) for a list of 32-bit words (init_by_array); key not empty.
  explicit NumpyLegacyRandom(std::span<const uint32_t> key);
  // gym.utils.seeding.np_random(seed)[0].
  static NumpyLegacyRandom FromGymSeed(uint64_t seed);

  uint32_t NextUint32();  // genrand_int32
  // RandomState.randint(low, high): uniform in [low, high); needs low < high and
  // high - low <= 2^32 (checked by the caller). high - low == 1 draws nothing (as numpy).
  int64_t RandInt(int64_t low, int64_t high);

 private:
  void Twist();
  std::array<uint32_t, 624> mt_{};
  int index_ = 624;
};

}  // namespace airgrid::sched
