// The CSV text of data/cpu_tdp.csv, data/carbon_intensity.csv and data/embodied.csv, compiled in
// at build time (see src/measure/CMakeLists.txt).
#pragma once

namespace airgrid::measure {
extern const char* const kBuiltin_cpu_tdp;
extern const char* const kBuiltin_carbon_intensity;
extern const char* const kBuiltin_embodied;
}  // namespace airgrid::measure
