#include "airgrid/sched/protocol.h"

#include <cmath>
#include <string>

#include "airgrid/base/splitmix64.h"
#include "airgrid/base/step.h"
#include "numpy_random.h"

namespace airgrid::sched {

Result<ProtocolOptions::Kind> ParseProtocol(std::string_view name) {
  if (name == "trace") return ProtocolOptions::Kind::kTrace;
  if (name == "sc17") return ProtocolOptions::Kind::kSc17;
  if (name == "sequences") return ProtocolOptions::Kind::kSequences;
  return Status::InvalidInput("unknown protocol '" + std::string(name) +
                              "': expected trace, sc17 or sequences");
}

std::string_view ProtocolName(ProtocolOptions::Kind kind) {
  switch (kind) {
    case ProtocolOptions::Kind::kTrace: return "trace";
    case ProtocolOptions::Kind::kSc17: return "sc17";
    case ProtocolOptions::Kind::kSequences: return "sequences";
  }
  return "?";
}

Result<ProtocolOptions::Starts> ParseStarts(std::string_view name) {
  if (name == "splitmix64") return ProtocolOptions::Starts::kSplitMix64;
  if (name == "rlscheduler") return ProtocolOptions::Starts::kRlscheduler;
  return Status::InvalidInput("unknown sequence starts '" + std::string(name) +
                              "': expected splitmix64 or rlscheduler");
}

std::string_view StartsName(ProtocolOptions::Starts starts) {
  return starts == ProtocolOptions::Starts::kSplitMix64 ? "splitmix64" : "rlscheduler";
}

std::vector<std::string> ProtocolNames() { return {"trace", "sc17", "sequences"}; }

namespace {

using Jobs = std::vector<workload::Job>;

// sc17: a window is complete when the trace goes on past its end (a later job exists); the
// artifact's script only ever simulated complete windows (it reads the job after the window).
Result<std::vector<Window>> Sc17Windows(const Jobs& jobs, const ProtocolOptions& o) {
  if (o.state_jobs < 0 || o.window_days <= 0 || o.lookahead < 0) {
    return Status::InvalidInput("sc17 protocol: expected state jobs >= 0, window days > 0 "
                                "and look-ahead >= 0");
  }
  const int64_t span = std::llround(o.window_days * 86400.0);
  const int64_t n = static_cast<int64_t>(jobs.size());
  std::vector<Window> windows;
  int64_t s = 0;
  while (s + o.state_jobs < n &&
         (o.max_windows <= 0 || static_cast<int64_t>(windows.size()) < o.max_windows)) {
    const int64_t origin = jobs[s].submit;
    int64_t e = s + o.state_jobs;  // first job past the window
    while (e < n && jobs[e].submit - origin <= span) ++e;
    if (e >= n) break;  // incomplete last window
    // A window may hold only state jobs (a gap longer than the window): it counts as a
    // window but has no counted job, and MeanWindowBoundedSlowdown skips it.
    windows.push_back({s, e - s, o.state_jobs, origin});
    s = e;
  }
  if (windows.empty()) {
    return Status::InvalidInput(
        "sc17 protocol: the workload has no complete window of " + std::to_string(o.state_jobs) +
        " state jobs + " + std::to_string(o.window_days) + " days (it holds " +
        std::to_string(n) + " jobs); use a shorter --window-days or the trace protocol");
  }
  return windows;
}

// RLScheduler's starts: randint(length, pool - length - 1) from gym-seeded NumPy (see the
// header); their range leaves `length` jobs before the start and one spare after the end.
Result<std::vector<Window>> RlschedulerWindows(const Jobs& jobs, const ProtocolOptions& o,
                                               int64_t pool) {
  const int64_t low = o.length;
  const int64_t high = pool - o.length - 1;
  if (high <= low || high - low > (int64_t{1} << 32)) {
    return Status::InvalidInput(
        "sequences protocol, rlscheduler starts: expected at least 2 x length + 2 jobs (" +
        std::to_string(2 * static_cast<int64_t>(o.length) + 2) + ") in the pool, got " +
        std::to_string(pool) + " for length = " + std::to_string(o.length));
  }
  NumpyLegacyRandom rng = NumpyLegacyRandom::FromGymSeed(o.seed);
  std::vector<Window> windows;
  for (int i = 0; i < o.sequences; ++i) {
    const int64_t first = rng.RandInt(low, high);
    windows.push_back({first, o.length, 0, jobs[first].submit});
  }
  return windows;
}

Result<std::vector<Window>> SequenceWindows(const Jobs& jobs, const ProtocolOptions& o) {
  const int64_t n = static_cast<int64_t>(jobs.size());
  const int64_t pool = o.first_jobs > 0 ? std::min(o.first_jobs, n) : n;
  if (o.sequences <= 0 || o.length <= 0 || o.length > pool) {
    return Status::InvalidInput(
        "sequences protocol: expected sequences > 0 and 0 < length <= " + std::to_string(pool) +
        " (jobs available" + (o.first_jobs > 0 ? std::string(" in the first K") : "") +
        "), got sequences = " + std::to_string(o.sequences) +
        ", length = " + std::to_string(o.length));
  }
  if (o.starts == ProtocolOptions::Starts::kRlscheduler) return RlschedulerWindows(jobs, o, pool);
  uint64_t state = o.seed;
  std::vector<Window> windows;
  const uint64_t starts = static_cast<uint64_t>(pool - o.length + 1);
  for (int i = 0; i < o.sequences; ++i) {
    const int64_t first = static_cast<int64_t>(SplitMix64Below(state, starts));
    windows.push_back({first, o.length, 0, jobs[first].submit});
  }
  return windows;
}

}  // namespace

Result<std::vector<Window>> MakeWindows(const workload::Workload& w,
                                        const ProtocolOptions& options) {
  if (w.jobs.empty()) return Status::InvalidInput(w.source + ": no jobs to simulate");
  switch (options.kind) {
    case ProtocolOptions::Kind::kTrace: {
      const int64_t n = static_cast<int64_t>(w.jobs.size());
      return std::vector<Window>{{0, n, 0, w.jobs.front().submit}};
    }
    case ProtocolOptions::Kind::kSc17: return Sc17Windows(w.jobs, options);
    case ProtocolOptions::Kind::kSequences: return SequenceWindows(w.jobs, options);
  }
  return Status::Internal("unknown protocol kind");
}

Result<RunResult> RunProtocol(const workload::Workload& w, Policy& policy,
                              const SimOptions& sim, const ProtocolOptions& options) {
  StepScope step("simulating policy " + policy.Name() + " (" + std::string(ProtocolName(options.kind)) +
                     " protocol) on the workload",
                 w.source);
  AIRGRID_RETURN_IF_ERROR(ValidateJobs(w.jobs, w.machine_procs));
  if (!w.extra.empty() && w.extra.size() != w.jobs.size()) {
    return Status::Internal(w.source + ": " + std::to_string(w.extra.size()) +
                            " extra SWF records for " + std::to_string(w.jobs.size()) + " jobs");
  }
  auto windows = MakeWindows(w, options);
  if (!windows.ok()) return windows.status();
  SimOptions effective = sim;
  if (options.kind == ProtocolOptions::Kind::kSc17) effective.lookahead = options.lookahead;
  RunResult run;
  run.policy = policy.Name();
  run.backfill = std::string(BackfillName(sim.backfill));
  run.estimates = std::string(EstimatesName(sim.estimates));
  run.protocol = std::string(ProtocolName(options.kind));
  run.machine_procs = w.machine_procs;
  run.windows = static_cast<int32_t>(windows->size());
  Simulator simulator(effective);
  size_t total = 0;
  for (const Window& win : *windows) total += static_cast<size_t>(win.count);
  {
    StepScope reserve("reserving the run's job records",
                      std::to_string(total) + " jobs in " + std::to_string(windows->size()) + " windows");
    run.jobs.reserve(total);
  }
  for (size_t i = 0; i < windows->size(); ++i) {
    const Window& win = (*windows)[i];
    SimInput in;
    in.machine_procs = w.machine_procs;
    in.jobs = std::span<const workload::Job>(w.jobs).subspan(win.first, win.count);
    if (!w.extra.empty()) {
      in.extra = std::span<const workload::SwfExtra>(w.extra).subspan(win.first, win.count);
    }
    in.state_jobs = win.state_jobs;
    in.origin = win.origin;
    in.window = static_cast<int32_t>(i);
    AIRGRID_RETURN_IF_ERROR(simulator.Run(in, policy, &run.jobs, &run.cost));
  }
  return run;
}

double MeanWindowBoundedSlowdown(const RunResult& run, double tau) {
  std::vector<double> sum(run.windows, 0.0);
  std::vector<int64_t> count(run.windows, 0);
  for (const JobRecord& r : run.jobs) {
    if (!r.counted || r.window < 0 || r.window >= run.windows) continue;
    sum[r.window] += BoundedSlowdown(r, tau);
    ++count[r.window];
  }
  double total = 0;
  int used = 0;
  for (int i = 0; i < run.windows; ++i) {
    if (count[i] == 0) continue;
    total += sum[i] / static_cast<double>(count[i]);
    ++used;
  }
  return used ? total / used : 0.0;
}

}  // namespace airgrid::sched
