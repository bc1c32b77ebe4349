// The one clock interface: a monotonic source of time in seconds. Everything that reads time
// for durations or rates (progress display, energy tracker and sources, the study) takes a
// `const Clock*` so that tests inject a fake; SteadyClock() is the real one.
#pragma once

namespace airgrid {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double Now() const = 0;  // seconds since an arbitrary epoch, monotonic
};

// CLOCK_MONOTONIC.
const Clock& SteadyClock();

}  // namespace airgrid
