// A tuple of the SC'17 trial campaign (Carastan-Santos & de Camargo, SC'17): |S| consecutive
// jobs of a workload that set the machine state, followed by the next |Q| jobs, the queue whose
// order the trials permute. Submit times are rebased to the first S job (r = 0 for it).
//
// Contract: ExtractTuple copies jobs [position, position + |S| + |Q|) of a filtered workload
// (Job::procs set); each job must fit the machine (1 <= procs <= machine_procs) and have a
// runtime >= 0, otherwise InvalidInput names the job and suggests a filter.
#pragma once

#include <cstdint>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/workload/job.h"

namespace airgrid::learn {

struct TupleShape {
  int state_jobs = 16;  // |S|
  int queue_jobs = 32;  // |Q| (at most kMaxQueueJobs)
};

// Trial orders are stored as 16-bit queue positions (TrialOrder): |Q| is bounded by 4,096, far
// beyond SC'17's 32 and the 256- or 1,024-job queues of later campaigns (a trial costs O(|Q|)).
inline constexpr int kMaxQueueJobs = 4096;
using TrialOrder = uint16_t;

struct TupleJob {
  int64_t submit = 0;    // s, relative to the tuple's first S job
  int64_t runtime = 0;   // p: actual runtime (s)
  int32_t procs = 1;     // q
  int64_t id = -1;       // SWF job number, for traceability
  int64_t estimate = -1; // requested time the simulator would see (s)
};

struct Tuple {
  int64_t position = 0;            // index of the first S job in the workload's job vector
  std::vector<TupleJob> state;     // S, submit order
  std::vector<TupleJob> queue;     // Q, submit order (k = index)
};

// Number of valid positions of a tuple of `shape` in `w` (0 if the workload is too short).
int64_t TuplePositions(const workload::Workload& w, const TupleShape& shape);

// Checks every job the campaign may touch (procs in 1..M, runtime >= 0); InvalidInput otherwise.
Status CheckCampaignJobs(const workload::Workload& w);

// The tuple starting at job index `position`. InvalidInput if it does not fit in `w`.
Result<Tuple> ExtractTuple(const workload::Workload& w, int64_t position, const TupleShape& shape);

}  // namespace airgrid::learn
