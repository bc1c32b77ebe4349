#include "numpy_random.h"

#include <string>
#include <vector>

#include "airgrid/base/sha512.h"

namespace airgrid::sched {
namespace {

constexpr int kN = 624;
constexpr int kM = 397;

}  // namespace

NumpyLegacyRandom::NumpyLegacyRandom(std::span<const uint32_t> key) {
  // init_genrand(19650218), then init_by_array's two mixing passes (mt19937ar.c).
  mt_[0] = 19650218u;
  for (int i = 1; i < kN; ++i) mt_[i] = 1812433253u * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + i;
  const int length = static_cast<int>(key.size());
  int i = 1, j = 0;
  for (int k = kN > length ? kN : length; k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525u)) + key[j] + j;
    ++i;
    ++j;
    if (i >= kN) { mt_[0] = mt_[kN - 1]; i = 1; }
    if (j >= length) j = 0;
  }
  for (int k = kN - 1; k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941u)) - i;
    ++i;
    if (i >= kN) { mt_[0] = mt_[kN - 1]; i = 1; }
  }
  mt_[0] = 0x80000000u;
  index_ = kN;
}

NumpyLegacyRandom NumpyLegacyRandom::FromGymSeed(uint64_t seed) {
  const std::array<uint8_t, 64> digest = Sha512(std::to_string(seed));
  uint64_t big = 0;
  for (int b = 7; b >= 0; --b) big = (big << 8) | digest[b];
  std::vector<uint32_t> key;
  for (uint64_t rest = big; rest > 0; rest >>= 32) key.push_back(static_cast<uint32_t>(rest));
  if (key.empty()) key.push_back(0);
  return NumpyLegacyRandom(key);
}

void NumpyLegacyRandom::Twist() {
  auto mix = [this](int k, int next, int far) {
    const uint32_t y = (mt_[k] & 0x80000000u) | (mt_[next] & 0x7fffffffu);
    mt_[k] = mt_[far] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
  };
  for (int k = 0; k < kN; ++k) mix(k, (k + 1) % kN, (k + kM) % kN);
  index_ = 0;
}

uint32_t NumpyLegacyRandom::NextUint32() {
  if (index_ >= kN) Twist();
  uint32_t y = mt_[index_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

int64_t NumpyLegacyRandom::RandInt(int64_t low, int64_t high) {
  const uint64_t range = static_cast<uint64_t>(high - low - 1);  // inclusive span
  if (range == 0) return low;
  uint64_t mask = range;
  for (int shift : {1, 2, 4, 8, 16, 32}) mask |= mask >> shift;
  uint64_t value;
  do value = NextUint32() & mask; while (value > range);
  return low + static_cast<int64_t>(value);
}

}  // namespace airgrid::sched
