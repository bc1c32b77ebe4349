// What a simulation produces: one record per simulated job, plus the run's decision cost.
// Records are the boundary between the simulator (simulator.h, protocol.h) and everything
// that judges a run (run_metrics.h, the grid): metrics never look inside the simulator.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace airgrid::sched {

struct JobRecord {
  // (Ordered for size: 72 bytes, no padding to speak of; a 5 M-job run holds 360 MB of them.)
  int64_t id = -1;        // SWF job number
  int64_t submit = 0;     // s, as in the trace
  int64_t start = 0;      // s
  int64_t end = 0;        // s (start + runtime, or start + estimate when killed)
  int64_t runtime = 0;    // actual runtime (s) from the trace
  int64_t estimate = 0;   // requested time (s) the simulator used for backfilling
  // s after `start` (and `end`) at which the job really starts (ends) under the SC'17
  // artifact's timing (SimOptions::Timing::kSc17Artifact: its serialised start delays); 0 in
  // exact timing; always < 1 s. It enters the bounded slowdown, as in the artifact's figures.
  double start_delay = 0;
  int32_t procs = 0;
  int32_t user = -1;      // SWF field 12
  int32_t window = 0;     // window / sequence index of the protocol (0 in `trace` mode)
  bool counted = true;    // false for the sc17 protocol's state jobs: excluded from metrics
  bool killed = false;    // stopped at its requested time (--kill-at-estimate)

  int64_t Wait() const { return start - submit; }
  int64_t Turnaround() const { return end - submit; }
};

static_assert(sizeof(JobRecord) <= 72, "JobRecord grew: whole-process memory at 5 M jobs counts it");

// Bounded slowdown with threshold tau (s): max(1, (wait + run) / max(run, tau)), run = end - start.
inline double BoundedSlowdown(const JobRecord& r, double tau = 10.0) {
  const double run = static_cast<double>(r.end - r.start);
  const double v = (static_cast<double>(r.end - r.submit) + r.start_delay) / std::max(run, tau);
  return std::max(1.0, v);
}

// Cost of the policy's decisions during a run (the grid's "use" energy is derived from it).
//
// The in-run timer is sampled: reading the clock twice around every Score call cost about 12 %
// of a simulation, so only one call in kPolicyTimerStride (the 1st, 17th, 33rd... of the
// DecisionCost's life) is timed, and policy_seconds is the ratio estimate
//   policy_seconds = timed_seconds * jobs_scored / timed_jobs,
// i.e. the measured time per job scored in the timed calls times every job scored. (The
// study's decision-cost figure is measured apart, by sched/decision_cost.h, not by this timer.)
inline constexpr int64_t kPolicyTimerStride = 16;

struct DecisionCost {
  int64_t decisions = 0;         // calls to Policy::Score
  int64_t jobs_scored = 0;       // sum of the queue lengths handed to Score
  double policy_seconds = 0;     // estimated wall time inside Score (see above), s
  int64_t timed_calls = 0;       // calls timed (steady clock)
  int64_t timed_jobs = 0;        // jobs scored by the timed calls
  double timed_seconds = 0;      // wall time inside Score of the timed calls, s
};

// The records of one simulation run under one protocol, in simulation order.
struct RunResult {
  std::string policy;            // Policy::Name()
  std::string backfill;          // "none" | "easy" | "conservative"
  std::string estimates;         // "actual" | "requested"
  std::string protocol;          // "trace" | "sc17" | "sequences"
  int32_t machine_procs = 0;
  int32_t windows = 1;           // windows or sequences simulated (1 in trace mode)
  std::vector<JobRecord> jobs;
  DecisionCost cost;
};

}  // namespace airgrid::sched
