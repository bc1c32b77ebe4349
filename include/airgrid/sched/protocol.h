// Protocols: how a workload is cut into simulations and how their results are combined.
//
//  - trace:     the whole workload from an empty machine; one window (index 0); r = submit -
//               first submit.
//  - sc17:      the SC'17 evaluation (Carastan-Santos & de Camargo, SC'17): consecutive,
//               non-overlapping windows. A window starts at job s: its first `state_jobs` jobs
//               are state jobs (history, run in submit order, never reordered, counted = false),
//               followed by every job submitted within `window_days` days of job s's submit
//               time. The next window starts at the first job after the last one used. A
//               window with no job after its state jobs ends the protocol. r is relative to
//               the submit time of the window's first job; the policy sees at most `lookahead`
//               arrived, not-yet-started jobs in submit order (overrides SimOptions::lookahead).
//  - sequences: `sequences` windows of `length` consecutive jobs, each starting at a job drawn
//               uniformly (seeded splitmix64, platform-independent) among the first
//               `first_jobs` jobs (0 = all) that leave room for `length` jobs; r relative to the
//               sequence's first job; all jobs counted.
//               With starts = kRlscheduler the starts are RLScheduler's own (Zhang et al.,
//               SC'20, compare-make-table.py): NumPy's RandomState seeded by gym's
//               seeding.np_random(seed), one randint(length, pool - length - 1) per sequence,
//               pool = `first_jobs` (their batch_job_slice) or the whole workload; so the same
//               seed gives exactly their test sequences (when the filter keeps their jobs:
//               workload/filter.h, `rlscheduler`).
// Every JobRecord carries its window index; RunResult::windows is the number of windows.
// Jobs must already be filtered (workload/filter.h): InvalidInput otherwise.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/sched/job_record.h"
#include "airgrid/sched/policy.h"
#include "airgrid/sched/simulator.h"
#include "airgrid/workload/job.h"

namespace airgrid::sched {

struct ProtocolOptions {
  enum class Kind { kTrace, kSc17, kSequences } kind = Kind::kTrace;
  // sc17
  double window_days = 15;
  int state_jobs = 16;
  int lookahead = 32;
  // At most this many windows (0 = every complete window). The SC'17 artifact's script
  // hard-codes 47 experiments for SDSC-SP2, whose sc17-filtered trace holds 48 complete
  // windows: the reproduction uses max_windows = 47.
  int max_windows = 0;
  // sequences
  int sequences = 100;
  int length = 1024;
  int64_t first_jobs = 0;   // draw starts among the first K jobs; 0 = the whole workload
  uint64_t seed = 1;
  enum class Starts { kSplitMix64, kRlscheduler } starts = Starts::kSplitMix64;
};

// "splitmix64", "rlscheduler"; unknown -> InvalidInput.
Result<ProtocolOptions::Starts> ParseStarts(std::string_view name);
std::string_view StartsName(ProtocolOptions::Starts starts);

// "trace", "sc17", "sequences"; unknown -> InvalidInput listing the accepted names.
Result<ProtocolOptions::Kind> ParseProtocol(std::string_view name);
std::string_view ProtocolName(ProtocolOptions::Kind kind);
std::vector<std::string> ProtocolNames();

// One window of a protocol: a contiguous slice of the workload's jobs.
struct Window {
  int64_t first = 0;      // index of the first job (a state job in sc17)
  int64_t count = 0;      // jobs in the window, state jobs included
  int state_jobs = 0;
  int64_t origin = 0;     // submit time r is measured from
};

// The windows `options` cuts from `w` (deterministic for the seed).
Result<std::vector<Window>> MakeWindows(const workload::Workload& w, const ProtocolOptions& options);

// Runs every window of the protocol with `policy` and returns all records (in window order).
Result<RunResult> RunProtocol(const workload::Workload& w, Policy& policy,
                              const SimOptions& sim, const ProtocolOptions& options);

// Mean over windows of each window's mean bounded slowdown (tau seconds) over counted jobs:
// the SC'17 "AVEbsld" figure; in trace mode the mean over all counted jobs.
double MeanWindowBoundedSlowdown(const RunResult& run, double tau = 10.0);

}  // namespace airgrid::sched
