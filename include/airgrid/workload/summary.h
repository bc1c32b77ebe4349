// Descriptive statistics of a filtered workload, for `airgrid workload info` and reports.
//
// Uses the simulation view (Job::procs set by ApplyFilter): call it after a filter.
//  - span = last submit - first submit (s); offered load = sum(procs * runtime) / (M * span),
//    the load the jobs would put on the machine if they arrived as submitted (Lublin &
//    Feitelson's definition); 0 when the span is 0.
//  - estimate accuracy looks only at user estimates (requested time > 0 in the trace, runtime
//    >= 0), not at the perfect estimates a filter filled in: runtime / requested time, mean
//    and median, and the share of jobs that ran longer than requested.
#pragma once

#include <cstdint>

#include "airgrid/workload/job.h"

namespace airgrid::workload {

struct WorkloadSummary {
  int64_t jobs = 0;
  int64_t first_submit = 0;
  int64_t last_submit = 0;
  double span_s = 0;
  double offered_load = 0;
  int64_t users = 0;              // distinct user ids >= 0 (field 12); 0 when none recorded
  double serial_share = 0;        // jobs with procs == 1
  double median_procs = 0;
  double median_runtime_s = 0;
  double mean_runtime_s = 0;
  int64_t jobs_with_estimate = 0; // user estimates (requested time > 0)
  double mean_accuracy = 0;       // runtime / requested time
  double median_accuracy = 0;
  double overrun_share = 0;       // runtime > requested time, among jobs_with_estimate
};

WorkloadSummary Summarize(const Workload& w);

}  // namespace airgrid::workload
