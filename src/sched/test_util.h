// Helpers shared by the sched tests: hand-made jobs and workloads.
#pragma once

#include <cstdint>
#include <vector>

#include "airgrid/workload/job.h"

namespace airgrid::sched::testing {

// A filtered job: procs and estimate set (estimate = runtime unless given).
inline workload::Job MakeJob(int64_t id, int64_t submit, int64_t runtime, int32_t procs,
                             int64_t estimate = -1, int32_t user = 1) {
  workload::Job j;
  j.id = id;
  j.submit = submit;
  j.runtime = runtime;
  j.alloc_procs = procs;
  j.req_procs = procs;
  j.req_time = estimate < 0 ? runtime : estimate;
  j.procs = procs;
  j.estimate = estimate < 0 ? runtime : estimate;
  j.user = user;
  return j;
}

inline workload::Workload MakeWorkload(int32_t procs, std::vector<workload::Job> jobs) {
  workload::Workload w;
  w.source = "test";
  w.machine_procs = procs;
  w.jobs = std::move(jobs);
  return w;
}

}  // namespace airgrid::sched::testing
