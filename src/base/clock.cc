#include "airgrid/base/clock.h"

#include <ctime>

namespace airgrid {
namespace {

class MonotonicClock : public Clock {
 public:
  double Now() const override {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
};

}  // namespace

const Clock& SteadyClock() {
  static const MonotonicClock clock;
  return clock;
}

}  // namespace airgrid
