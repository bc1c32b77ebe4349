// Named job filters used by published work, applied after reading a trace. They set each kept
// job's simulation view (Job::procs, Job::estimate) and report what they dropped or changed,
// so every output can print exactly which filter it used.
//
//  - "sc17":        procs = field 5 (allocated) only, as the SC'17 artifact; keep procs > 0,
//                   runtime > 0 and requested time > 0 (the filter behind the published
//                   SC'17-simulator figures).
//  - "rlscheduler": drop runtime == 0; runtime -1 -> 10 s; procs = max(field 5, field 8);
//                   requested time -1 -> runtime.
//  - "none":        keep every job with procs > 0 and runtime >= 0 (a job that cannot occupy
//                   the machine cannot be simulated; counted as dropped).
// procs = allocated (field 5), falling back to requested (field 8), for "none"; sc17 and
// rlscheduler as above. Common to all: estimate = requested time, or runtime when missing ("perfect estimate",
// counted in FilterReport::perfect_estimates); jobs wider than the machine are dropped and
// counted.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/workload/job.h"

namespace airgrid::workload {

struct FilterReport {
  std::string filter;          // "sc17", "rlscheduler", "none"
  int64_t jobs_in = 0;
  int64_t jobs_kept = 0;
  int64_t perfect_estimates = 0;      // estimate set to the runtime (requested time missing)
  int64_t runtime_defaulted = 0;      // rlscheduler: runtime -1 -> 10 s
  std::vector<std::pair<std::string, int64_t>> dropped;  // reason -> count, e.g. {"runtime <= 0", 10}
  std::string Describe() const;       // one line for human output
};

// Names accepted by ApplyFilter.
std::vector<std::string> FilterNames();

// Filters `w` in place. Unknown name -> InvalidInput listing the accepted names.
Result<FilterReport> ApplyFilter(const std::string& name, Workload& w);

}  // namespace airgrid::workload
