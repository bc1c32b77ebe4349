#include "airgrid/measure/energy_source.h"

#include <time.h>

namespace airgrid::measure {

const char* ComponentName(Component c) {
  switch (c) {
    case Component::kCpu: return "cpu";
    case Component::kDram: return "dram";
    case Component::kGpu: return "gpu";
    case Component::kRam: return "ram";
    case Component::kPsys: return "psys";
  }
  return "?";
}

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

}  // namespace airgrid::measure
