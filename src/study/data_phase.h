// The data phase of development (collection, transport, storage, processing). For the
// scheduling study: producing the training workload (generating it, or reading and filtering a
// trace) and the bytes it occupies on disk. Declared, measured (the tracker's "workload" phase)
// or explicitly not assessed, like every phase.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/grid/grid.h"
#include "airgrid/measure/tracker.h"
#include "airgrid/study/study_grid.h"

namespace airgrid::study {

struct DataPhaseInput {
  const std::vector<PolicyResult>& policies;
  // The tracked "workload" phase (generating/reading and filtering both workloads), or null
  // when the run did not track it.
  const measure::EnergyRecord* record = nullptr;
  // Bytes of the training data as stored: a trace file's size (measured), or 0 for a workload
  // generated in memory (declared: nothing stored); < 0 = unknown.
  int64_t stored_bytes = -1;
  std::string stored_how;  // "file size of X" / "generated in memory, never stored"
  bool stored_measured = false;
  std::string tool;
};

// Adds "env.data_energy" (kWh, development) and "env.data_bytes" (B) and their values: a rule
// needs no training data (declared 0); the published F1's data phase is its authors' (not
// assessed); a learned policy is charged the tracked phase.
Status AddDataPhaseCriteria(const DataPhaseInput& in, grid::Grid* g);

}  // namespace airgrid::study
