// The CSV text of data/cpu_tdp.csv, data/carbon_intensity.csv and data/embodied.csv, compiled in
// at build time (see src/measure/CMakeLists.txt).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "airgrid/base/csv.h"
#include "airgrid/base/status.h"

namespace airgrid::measure {

// The tables' CSV (built-in or given by the user): '#' comment lines, spaces around fields.
inline constexpr CsvDialect kTableDialect{.comments = true, .trim = true};

// A built-in table that does not parse is a defect of this build, not bad user input: the
// program says which table and why, and exits 1 in every build type (an assert would vanish
// in Release and leave an empty table that silently changes every figure).
template <typename T>
T RequireBuiltin(Result<T> parsed) {
  if (!parsed.ok()) {
    std::fprintf(stderr, "airgrid: internal error: built-in table does not parse: %s\n",
                 parsed.status().message().c_str());
    std::exit(1);
  }
  return std::move(parsed).value();
}

extern const char* const kBuiltin_cpu_tdp;
extern const char* const kBuiltin_carbon_intensity;
extern const char* const kBuiltin_embodied;
}  // namespace airgrid::measure
