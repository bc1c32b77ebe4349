// The discrete-event simulator: a homogeneous machine of M processors running rigid jobs.
//
// Contract:
// - Input jobs are already filtered (workload/filter.h): every job has procs in [1, M] and
//   estimate > 0 (or >= runtime when no estimate exists); jobs are sorted by submit time.
//   Violations return InvalidInput naming the job id and the field.
// - Times are whole seconds. A job occupies `procs` processors from its start until
//   start + runtime (its actual runtime), or start + estimate when kill_at_estimate is set and
//   runtime > estimate (then JobRecord::killed = true).
// - At every decision instant (an arrival or a completion; several at one instant are applied
//   together first, unless SimOptions::timing is kSc17Artifact) the policy scores the visible waiting jobs (SimOptions::lookahead) and the
//   simulator starts jobs in score order while the first one fits (no backfilling), or with
//   EASY / conservative backfilling as described in backfill.h. Ties of score are broken by
//   submit order, then job id.
// - Policies that are not TimeDependent() are scored once per job on arrival; time-dependent
//   ones (using `age`) are re-scored at every decision.
//   MachineDependent() ones (using JobFeatures::free) are also re-scored after every start.
// - SimOptions::decision = kCommit replaces the "start in score order while the first fits"
//   rule by RLScheduler's: commit to the policy's pick, wait until it fits (see Decision).
// - "State" jobs (the first SimInput::state_jobs of a window, sc17 protocol) are the machine's
//   history: they run in submit order before any other job may start, never reordered, and
//   their records carry counted = false.
// - Deterministic: same input, same output.
//
// A Simulator object keeps its buffers between runs (the campaign calls it millions of times);
// it is not thread-safe: one per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/sched/job_record.h"
#include "airgrid/sched/policy.h"
#include "airgrid/workload/job.h"

namespace airgrid::sched {

enum class Backfill { kNone, kEasy, kConservative };
enum class Estimates { kActual, kRequested };

struct SimOptions {
  Backfill backfill = Backfill::kNone;
  // What the policy sees as p: the actual runtime or the requested time. Backfilling always
  // plans with requested times (Job::estimate), as a real scheduler must.
  Estimates estimates = Estimates::kActual;
  bool kill_at_estimate = false;  // stop jobs at their requested time (off, as in SC'17)
  // The policy sees only the first `lookahead` arrived, not-yet-started jobs in submit order;
  // 0 = the whole queue.
  int lookahead = 0;
  // How jobs with equal scores are ordered.
  //  kSubmitOrder: by submit time, then job id (the documented default).
  //  kSc17Artifact: as the SC'17 artifact's simulator orders them, for reproduction only. Its
  //    "spt" re-sorts the visible jobs at every decision with an exchange sort (for every i,
  //    for every j: swap a[i] and a[j] when a[i] < a[j]) over the queue array left by the
  //    previous decision, new arrivals appended; the result is ascending but the order among
  //    equal p depends on that history (the blocked jobs of equal p keep changing places).
  //    All its other policies use a stable selection sort, which is the same as
  //    kSubmitOrder; this mode therefore only changes "spt".
  //  kSc17ArtifactSimGrid332: the same sort, re-run as often as the artifact built against
  //    SimGrid 3.32 re-runs it: its arrival monitor resumes the suspended master once per
  //    arriving job, each resume a pass (with Timing::kSc17Artifact). kSc17Artifact gives one
  //    pass per arrival second, which matches the published (SimGrid 3.13) means; this one
  //    matches the 3.32 artifact window by window (docs/methodology.md). Only "spt" changes.
  enum class TieBreak { kSubmitOrder, kSc17Artifact, kSc17ArtifactSimGrid332 } tie_break =
      TieBreak::kSubmitOrder;
  // When the events of one instant are seen (docs/methodology.md, "Timing semantics").
  //  kExact: every event of second T (completions, then arrivals) is applied at once, then
  //    one decision starts every job it can (the documented default).
  //  kSc17Artifact: as the SC'17 artifact's SimGrid simulator, for reproduction: a start
  //    lands a small fixed delay after its decision and the starts of one decision are
  //    serialised (so a job started as the k-th of a chain ends at T + runtime plus k delays);
  //    arrivals at T are seen before completions at T; each completion instant gets its own
  //    decision pass; after an idle wait the first arriving job starts (if it fits) before
  //    the queue is ordered; one job starts per decision step. The k-th start since the
  //    master woke at second T lands at T + k * kSc17StartDelay, a real instant: past 383
  //    starts it is in a later second, whose arrivals the master then sees and whose time its
  //    scores and EASY use, as the artifact's `(int) MSG_get_clock()`. Records keep the whole
  //    second of a start in `start` and the fraction in `start_delay`.
  enum class Timing { kExact, kSc17Artifact } timing = Timing::kExact;
  // What happens when the policy's first job does not fit.
  //  kRepick (airgrid's default): nothing is committed; at the next decision instant the
  //    queue is ordered again and the then-first job is the candidate.
  //  kCommit (RLScheduler, Zhang et al. SC'20): the policy picks one job; the scheduler
  //    commits to it and waits (arrivals and completions go on) until it fits, starts it, and
  //    only then asks the policy for the next pick. With EASY the committed job is the one
  //    that holds the reservation; the others backfill in policy order.
  enum class Decision { kRepick, kCommit } decision = Decision::kRepick;
  // Whose backfilling rule commit mode uses with Backfill::kEasy (InvalidInput otherwise).
  //  kEasy: EASY around the committed job, in policy order (backfill.h).
  //  kRlscheduler: RLScheduler's own (HPCSimPickJobs.moveforward_for_resources_backfill), for
  //    reproduction: the committed job's earliest start is computed once, when it first
  //    blocks, from the running jobs' requested ends; until it starts, waiting jobs are taken
  //    in submit order and start when they fit now and end (by their requested time)
  //    strictly before that time; no "extra processors" rule.
  enum class CommitBackfill { kEasy, kRlscheduler } commit_backfill = CommitBackfill::kEasy;
};

// The artifact's start delay (s): MSG_task_send of 1,000 bytes from node-0 to a worker on its
// platform (plat_day.xml: cluster, private links of 100 us and 125 MB/s, no backbone, so two
// links on the route) under SimGrid's default LV08 network model (latency factor 13.01,
// bandwidth factor 0.97): 13.01 * 2 * 100e-6 + 1000 / (0.97 * 125e6) = 0.00261025 s.
// Under Timing::kSc17Artifact the k-th serialised start since the scheduler woke at second T
// lands k * kSc17StartDelay after T (JobRecord::start and start_delay).
inline constexpr double kSc17StartDelay = 13.01 * 2 * 100e-6 + 1000.0 / (0.97 * 125e6);

// "none", "easy", "conservative" / "actual", "requested" / "submit", "sc17" / "exact", "sc17";
// unknown names -> InvalidInput.
Result<Backfill> ParseBackfill(std::string_view name);
Result<Estimates> ParseEstimates(std::string_view name);
Result<SimOptions::TieBreak> ParseTieBreak(std::string_view name);
Result<SimOptions::Timing> ParseTiming(std::string_view name);  // "exact", "sc17"
std::string_view TimingName(SimOptions::Timing t);
std::string_view BackfillName(Backfill b);
std::string_view EstimatesName(Estimates e);
std::string_view TieBreakName(SimOptions::TieBreak t);
std::vector<std::string> BackfillNames();
std::vector<std::string> EstimatesNames();
// "repick", "commit"; unknown -> InvalidInput.
Result<SimOptions::Decision> ParseDecision(std::string_view name);
std::string_view DecisionName(SimOptions::Decision d);
// "easy", "rlscheduler"; unknown -> InvalidInput.
Result<SimOptions::CommitBackfill> ParseCommitBackfill(std::string_view name);
std::string_view CommitBackfillName(SimOptions::CommitBackfill b);

// One simulation: a span of jobs from an empty machine.
struct SimInput {
  int32_t machine_procs = 0;
  std::span<const workload::Job> jobs;  // sorted by submit time
  // Empty, or the jobs' other SWF fields (extra[i] for jobs[i]), which policies may read.
  std::span<const workload::SwfExtra> extra;
  int state_jobs = 0;     // the first state_jobs jobs are history (see above)
  int64_t origin = 0;     // r = submit - origin (the protocol's origin, e.g. the window's start)
  int32_t window = 0;     // copied into JobRecord::window
};

// Test and tracing hook: told the reservation of the blocked head job at every EASY decision
// (the shadow time), and in conservative backfilling every reservation when it is made or
// moved (a job's first call is its first reservation).
class SimObserver {
 public:
  virtual ~SimObserver() = default;
  virtual void OnReservation(int64_t job_id, int64_t reserved_start, int64_t now) = 0;
};

class Simulator {
 public:
  explicit Simulator(const SimOptions& options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  const SimOptions& options() const { return options_; }

  // Simulates `input` with `policy`; appends one record per job to `records` (in start
  // order) and adds the decision cost to `cost`. InvalidInput for jobs the contract rejects.
  Status Run(const SimInput& input, Policy& policy, std::vector<JobRecord>* records,
             DecisionCost* cost);

  // Optional; not owned; nullptr to remove.
  void set_observer(SimObserver* observer);
  // Tests: conservative backfilling on its reference structures (the std::map profile, each
  // job's slot given back at every compression step) instead of the fast ones; the same
  // schedules, more slowly (sched/profile.h).
  void set_reference_conservative(bool on);
  // Tests: the profile size (steps) above which conservative backfilling keeps its profile in
  // the treap rather than the flat array (default 2048; 0: always the treap). Same schedules.
  void set_flat_profile_limit(size_t steps);

 private:
  class Impl;
  SimOptions options_;
  std::unique_ptr<Impl> impl_;
};

// Checks that `jobs` satisfy the simulator's contract on a machine of `machine_procs`.
Status ValidateJobs(std::span<const workload::Job> jobs, int32_t machine_procs);

}  // namespace airgrid::sched
