#include "airgrid/measure/energy_source.h"

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

std::pair<double, double> DefaultUncertainty(const std::string& method) {
  if (method == "measured:powercap" || method == "measured:perf") return {1.0 / 16384, 0.0};
  if (method == "measured:nvml-energy") return {1e-3, 0.05};
  if (method == "measured:nvml-power") return {1e-3, 0.05};
  if (method == "modelled:tdp-load-curve") return {0.0, 0.40};
  if (method == "modelled:ram-w-per-gb") return {0.0, 0.50};
  if (IsMeasuredMethod(method)) return {0.0, 0.05};
  return {0.0, 0.50};
}

}  // namespace airgrid::measure
