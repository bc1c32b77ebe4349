// Helpers shared by the sched tests: hand-made jobs and workloads, random running jobs.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
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

// Up to 40 running jobs on `m` processors at `now`, as (assumed end, processors), some of
// them already over (end <= now): what a replan's profile is made from.
inline std::vector<std::pair<int64_t, int64_t>> RandomRunningJobs(std::mt19937_64& gen, int64_t m,
                                                                  int64_t now) {
  auto next = [&gen](int64_t bound) {
    return static_cast<int64_t>(gen() % static_cast<uint64_t>(bound));
  };
  std::vector<std::pair<int64_t, int64_t>> busy;
  int64_t used = 0;
  for (int k = static_cast<int>(next(40)); k > 0 && used < m; --k) {
    const int64_t p = 1 + next(m - used);
    used += p;
    busy.emplace_back(now - 5 + next(200), p);
  }
  return busy;
}

}  // namespace airgrid::sched::testing
