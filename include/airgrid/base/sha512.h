// SHA-512 (FIPS 180-4). Used where a published tool derives a seed from a hash, so that airgrid
// can reproduce its random draws exactly (gym's seeding.np_random: sched/numpy_random.h); not
// for security. Pinned to the FIPS 180-4 example vectors in sha512_test.cc.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace airgrid {

// The 64-byte digest of `message`.
std::array<uint8_t, 64> Sha512(std::string_view message);

}  // namespace airgrid
