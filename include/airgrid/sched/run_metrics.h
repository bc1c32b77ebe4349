// Performance, fairness and decision-cost metrics of one simulation run (a RunResult).
//
// Contract:
// - Only records with counted == true enter the metrics (the sc17 protocol's state jobs are
//   history, not results). `jobs` is their number.
// - Per job: wait = start − submit; turnaround = end − submit; run = end − start;
//   slowdown = turnaround / max(run, 1 s) (whole-second times; the guard keeps zero-length
//   jobs of the `none` filter finite); bounded slowdown = BoundedSlowdown(record, tau)
//   (job_record.h: max(1, turnaround / max(run, tau))).
// - Aggregates of wait, turnaround, slowdown and bounded slowdown: metrics::Summarize (mean,
//   median, p95, p99 with NumPy's linear interpolation, max).
// - avg_bsld: in trace mode the mean bounded slowdown over all counted jobs; otherwise the mean
//   over windows of each window's mean bounded slowdown (the SC'17 "AVEbsld" figure), with its
//   spread over windows (population stddev, min, max). Windows without a counted job have no
//   mean and are left out of the spread (the sc17 protocol never produces one).
// - Makespan of a window = last end − first submit over its counted jobs. Utilization of a
//   window = processor-seconds of all its jobs (state jobs included) that fall inside that
//   interval / (M · makespan): the machine's occupancy while the counted jobs were in the
//   system. The run's utilization pools windows (Σ busy / Σ M·makespan); its makespan is the
//   sum over windows (each window is an independent simulation from an empty machine).
// - Fairness over users (SWF field 12; jobs with user −1 are left out and counted):
//   per-user mean bounded slowdown and mean wait; Jain's index over users of the per-user
//   service 1 / mean_bsld ∈ (0, 1] (Jain's index is defined on "more is better" allocations:
//   J ≈ the fraction of users served alike; bsld itself is "lower is better"); the worst user
//   (highest mean bsld; ties → lowest id); the Gini coefficient of the per-job waits.
// - Job classes: small = procs ≤ small_procs, large otherwise; short = runtime ≤ short_runtime
//   (the trace's actual runtime), long otherwise. Each class: count, mean bsld, mean wait.
// - Decision cost: copied from RunResult::cost, plus ns per job scored.
// - A mean over no job is NaN and is written as JSON null / "-" in tables.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "airgrid/metrics/summary.h"
#include "airgrid/sched/job_record.h"

namespace airgrid::sched {

struct MetricsOptions {
  double tau = 10.0;           // bounded-slowdown threshold (s)
  int32_t small_procs = 0;     // small job: procs <= this; 0 = max(1, M / 32)
  int64_t short_runtime = 3600;  // short job: actual runtime <= this (s)
};

// The options with their defaults resolved for a machine of `machine_procs` processors.
MetricsOptions ResolveMetricsOptions(const MetricsOptions& options, int32_t machine_procs);

// Per-job slowdown: turnaround / max(run, 1).
double Slowdown(const JobRecord& r);

struct WindowMetrics {
  int32_t window = 0;
  int64_t jobs = 0;          // counted jobs
  double avg_bsld = 0;       // mean bounded slowdown of the counted jobs
  double mean_wait = 0;      // s
  int64_t makespan = 0;      // s
  double utilization = 0;    // in [0, 1]
};

struct UserMetrics {
  int32_t user = -1;
  int64_t jobs = 0;
  double mean_bsld = 0;
  double mean_wait = 0;      // s
};

struct ClassMetrics {
  std::string name;          // "small-short", "small-long", "large-short", "large-long"
  int64_t jobs = 0;
  double mean_bsld = 0;      // NaN when jobs == 0
  double mean_wait = 0;      // s; NaN when jobs == 0
};

struct FairnessMetrics {
  int64_t users = 0;                  // distinct users with at least one counted job
  int64_t jobs_without_user = 0;      // counted jobs with user == -1 (left out of per-user)
  double jain_service = 0;            // Jain over users of 1 / mean_bsld; NaN without users
  std::optional<UserMetrics> worst_user;
  double gini_wait = 0;               // Gini of per-job waits
  std::vector<UserMetrics> per_user;  // sorted by user id
};

struct CostMetrics {
  int64_t decisions = 0;
  int64_t jobs_scored = 0;
  double policy_seconds = 0;          // sampled estimate (job_record.h, DecisionCost)
  int64_t timed_calls = 0;            // Score calls the estimate timed
  double ns_per_job_scored = 0;       // NaN when no job was scored
};

struct RunMetrics {
  std::string policy, backfill, estimates, protocol;
  int32_t machine_procs = 0;
  MetricsOptions options;             // resolved
  int64_t jobs = 0;                   // counted jobs
  int32_t windows = 0;                // RunResult::windows
  double avg_bsld = 0;
  double avg_bsld_stddev = 0, avg_bsld_min = 0, avg_bsld_max = 0;  // over windows
  metrics::Summary wait, turnaround, slowdown, bsld;
  double utilization = 0;
  int64_t makespan = 0;               // s, summed over windows
  FairnessMetrics fairness;
  std::vector<ClassMetrics> classes;  // small-short, small-long, large-short, large-long
  CostMetrics cost;
  std::vector<WindowMetrics> per_window;  // windows with at least one counted job, by index
};

RunMetrics ComputeRunMetrics(const RunResult& run, const MetricsOptions& options = {});

// Every field above; NaN → null. Keys and units: docs/formats.md.
nlohmann::json ToJson(const RunMetrics& m);

// One row per run: policy, backfill, estimates, avg_bsld ± stddev over windows, mean and p99
// wait, utilization, Jain, worst user, decisions, time in the policy.
std::string RenderTable(std::span<const RunMetrics> runs);

// Per-class breakdown, one row per run and class.
std::string RenderClassTable(std::span<const RunMetrics> runs);

// Per-job CSV (counted jobs only, in record order). backfill and estimates come last so that
// rows of several configurations in one file stay distinguishable.
inline constexpr const char* kJobsCsvHeader =
    "policy,id,submit,start,end,procs,wait,bsld,user,window,backfill,estimates\n";
void AppendJobsCsv(const RunResult& run, double tau, std::string* out);

}  // namespace airgrid::sched
