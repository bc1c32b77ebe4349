// The event loop. See simulator.h for the contract and docs/design.md for
// why it is shaped this way.
//
// State of a run:
//  - a min-heap of completions (end time) and a free-processor counter;
//  - `running_`: running jobs sorted by requested end (start + estimate), then start order —
//    what EASY walks to find the shadow time (only kept when backfilling);
//  - `visible_`: the waiting jobs the policy may see (the first `lookahead` arrived,
//    not-started non-state jobs in submit order), sorted by (score, submit, id). Arrived jobs
//    beyond the look-ahead are the index range [overflow_begin_, next_arrival_): they are
//    never started before becoming visible, so a range is enough.
// Static policies score a job once, when it becomes visible; time-dependent policies
// re-score the whole visible set once per decision instant.
//
// Queue structures (docs/design.md, "The simulator at scale"): when the order of the visible
// jobs never changes once they are scored (a static policy, repick decisions, exact timing, no
// exchange-sort emulation), they live in `ordered_`, a balanced tree in the same (score, submit,
// id) order, so an arrival or a start costs O(log Q) instead of moving the queue's tail; the
// other modes keep the sorted vector `visible_` (a time-dependent policy re-sorts it anyway).
// The decision loops are templates over the two. EASY's search is preceded by `easy_index_`
// (backfill.h), which answers in O(log M) whether any visible job can backfill at all, so the
// scan over the queue runs only when it will start a job.
#include "airgrid/sched/simulator.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "sched/backfill.h"
#include "sched/flat_profile.h"

namespace airgrid::sched {

Result<Backfill> ParseBackfill(std::string_view name) {
  if (name == "none") return Backfill::kNone;
  if (name == "easy") return Backfill::kEasy;
  if (name == "conservative") return Backfill::kConservative;
  return Status::InvalidInput("unknown backfill '" + std::string(name) +
                              "': expected none, easy or conservative");
}

Result<Estimates> ParseEstimates(std::string_view name) {
  if (name == "actual") return Estimates::kActual;
  if (name == "requested") return Estimates::kRequested;
  return Status::InvalidInput("unknown estimates '" + std::string(name) +
                              "': expected actual or requested");
}

Result<SimOptions::TieBreak> ParseTieBreak(std::string_view name) {
  if (name == "submit") return SimOptions::TieBreak::kSubmitOrder;
  if (name == "sc17") return SimOptions::TieBreak::kSc17Artifact;
  if (name == "sc17-simgrid3.32") return SimOptions::TieBreak::kSc17ArtifactSimGrid332;
  return Status::InvalidInput("unknown tie order '" + std::string(name) +
                              "': expected submit, sc17 or sc17-simgrid3.32");
}

Result<SimOptions::Timing> ParseTiming(std::string_view name) {
  if (name == "exact") return SimOptions::Timing::kExact;
  if (name == "sc17") return SimOptions::Timing::kSc17Artifact;
  return Status::InvalidInput("unknown timing '" + std::string(name) +
                              "': expected exact or sc17");
}

std::string_view TimingName(SimOptions::Timing t) {
  return t == SimOptions::Timing::kExact ? "exact" : "sc17";
}

std::string_view BackfillName(Backfill b) {
  switch (b) {
    case Backfill::kNone: return "none";
    case Backfill::kEasy: return "easy";
    case Backfill::kConservative: return "conservative";
  }
  return "?";
}

std::string_view EstimatesName(Estimates e) {
  return e == Estimates::kActual ? "actual" : "requested";
}

std::string_view TieBreakName(SimOptions::TieBreak t) {
  switch (t) {
    case SimOptions::TieBreak::kSubmitOrder: return "submit";
    case SimOptions::TieBreak::kSc17Artifact: return "sc17";
    case SimOptions::TieBreak::kSc17ArtifactSimGrid332: return "sc17-simgrid3.32";
  }
  return "?";
}

Result<SimOptions::Decision> ParseDecision(std::string_view name) {
  if (name == "repick") return SimOptions::Decision::kRepick;
  if (name == "commit") return SimOptions::Decision::kCommit;
  return Status::InvalidInput("unknown decision mode '" + std::string(name) +
                              "': expected repick or commit");
}

Result<SimOptions::CommitBackfill> ParseCommitBackfill(std::string_view name) {
  if (name == "easy") return SimOptions::CommitBackfill::kEasy;
  if (name == "rlscheduler") return SimOptions::CommitBackfill::kRlscheduler;
  return Status::InvalidInput("unknown commit backfilling '" + std::string(name) +
                              "': expected easy or rlscheduler");
}

std::string_view CommitBackfillName(SimOptions::CommitBackfill b) {
  return b == SimOptions::CommitBackfill::kEasy ? "easy" : "rlscheduler";
}

std::string_view DecisionName(SimOptions::Decision d) {
  return d == SimOptions::Decision::kRepick ? "repick" : "commit";
}

std::vector<std::string> BackfillNames() { return {"none", "easy", "conservative"}; }
std::vector<std::string> EstimatesNames() { return {"actual", "requested"}; }

namespace {

std::string JobError(const workload::Job& j, const std::string& field, int64_t value,
                     const std::string& expected) {
  return "job " + std::to_string(j.id) + ": " + field + " = " + std::to_string(value) +
         ", expected " + expected;
}

}  // namespace

Status ValidateJobs(std::span<const workload::Job> jobs, int32_t machine_procs) {
  if (machine_procs <= 0) {
    return Status::InvalidInput("machine size " + std::to_string(machine_procs) +
                                ": expected a positive number of processors");
  }
  const std::string filtered = " (was the workload filtered? see --filter)";
  int64_t last_submit = 0;
  for (const workload::Job& j : jobs) {
    // Messages are built only on failure: this runs once per window on the hot path.
    if (j.procs < 1 || j.procs > machine_procs) {
      return Status::InvalidInput(
          JobError(j, "procs", j.procs, "1.." + std::to_string(machine_procs)) + filtered);
    }
    if (j.estimate < 0) return Status::InvalidInput(JobError(j, "estimate", j.estimate, ">= 0") + filtered);
    if (j.runtime < 0) return Status::InvalidInput(JobError(j, "runtime", j.runtime, ">= 0") + filtered);
    if (j.submit < last_submit) {
      return Status::InvalidInput(JobError(j, "submit", j.submit, ">= 0 and non-decreasing"));
    }
    last_submit = j.submit;
  }
  return Status::Ok();
}

namespace {

// True when the artifact-timing instant (s1, k1) = s1 + k1 * kSc17StartDelay comes before
// (s2, k2). Within one second the delay counts decide; across seconds the real values do, since
// a chain of more than 383 starts runs past the next whole second (383 delays = 0.9997 s).
// Two instants of different seconds are never equal: k * delay is never a whole number of
// seconds for k < 100,000 (distance >= 9.0e-6 s, at k = 7,279), far above double rounding.
bool ArtifactBefore(int64_t s1, int64_t k1, int64_t s2, int64_t k2) {
  if (s1 == s2) return k1 < k2;
  if (k1 == k2) return s1 < s2;
  return static_cast<double>(s1 - s2) < static_cast<double>(k2 - k1) * kSc17StartDelay;
}

// A completion at (end, sub): the instant end + sub * kSc17StartDelay, where `sub` counts the
// artifact's start delays (Timing::kSc17Artifact; always 0 in exact timing), ties by start order.
struct Completion {
  int64_t end;
  int64_t sub;
  int64_t seq;
  int32_t procs;
  int32_t idx;
  bool operator>(const Completion& o) const {
    if (end != o.end || sub != o.sub) return ArtifactBefore(o.end, o.sub, end, sub);
    return seq > o.seq;
  }
};

struct Visible {
  double score;
  int64_t submit;
  int64_t id;
  int32_t idx;
  bool operator<(const Visible& o) const {
    if (score != o.score) return score < o.score;
    if (submit != o.submit) return submit < o.submit;
    if (id != o.id) return id < o.id;
    return idx < o.idx;
  }
};

}  // namespace

class Simulator::Impl {
 public:
  explicit Impl(const SimOptions& options) : opt_(options) {}

  Status Run(const SimInput& in, Policy& policy, std::vector<JobRecord>* records,
             DecisionCost* cost) {
    AIRGRID_RETURN_IF_ERROR(ValidateJobs(in.jobs, in.machine_procs));
    if (!in.extra.empty() && in.extra.size() != in.jobs.size()) {
      return Status::Internal(std::to_string(in.extra.size()) + " extra SWF records for " +
                              std::to_string(in.jobs.size()) + " jobs");
    }
    if (in.state_jobs < 0 || static_cast<size_t>(in.state_jobs) > in.jobs.size()) {
      return Status::InvalidInput("state jobs " + std::to_string(in.state_jobs) +
                                  ": expected 0.." + std::to_string(in.jobs.size()));
    }
    if (opt_.decision == SimOptions::Decision::kCommit &&
        opt_.backfill == Backfill::kConservative) {
      return Status::InvalidInput(
          "decision mode commit: expected backfill none or easy (conservative backfilling "
          "reserves every job; there is no single committed job)");
    }
    if (opt_.commit_backfill == SimOptions::CommitBackfill::kRlscheduler &&
        (opt_.decision != SimOptions::Decision::kCommit || opt_.backfill != Backfill::kEasy)) {
      return Status::InvalidInput(
          "RLScheduler's backfilling: expected decision mode commit with backfill easy");
    }
    Reset(in, policy, records, cost);
    const Status status = opt_.timing == SimOptions::Timing::kSc17Artifact ? RunArtifactTiming()
                                                                          : RunExactTiming();
    EstimatePolicySeconds();
    return status;
  }

  void set_observer(SimObserver* o) { observer_ = o; }
  void set_reference_conservative(bool on) { reference_ = on; }
  void set_flat_profile_limit(size_t steps) { flat_limit_ = steps; }

 private:
  Status RunExactTiming() {
    const int64_t n = static_cast<int64_t>(jobs_.size());
    while (started_ < n) {
      int64_t t = std::numeric_limits<int64_t>::max();
      if (!heap_.empty()) t = heap_.front().end;
      if (next_arrival_ < n) t = std::min(t, jobs_[next_arrival_].submit);
      if (t == std::numeric_limits<int64_t>::max()) {
        return Status::Internal("simulator stalled with " + std::to_string(n - started_) +
                                " jobs unstarted");
      }
      now_ = t;
      Complete();
      Arrive();
      Decide();
    }
    while (!heap_.empty()) Complete(heap_.front().end);
    return Status::Ok();
  }

  // Timing::kSc17Artifact. The artifact's master process, step by step: its clock is
  // base_ + sub_ * kSc17StartDelay, where base_ is the whole second of the event that woke it
  // and sub_ counts the delays of the starts since; it sees every completion up to its clock
  // and every arrival up to now_, the clock's whole second (the artifact's
  // `(int) MSG_get_clock()`), which a chain of more than 383 starts moves past base_.
  // A step starts at most one job; when it cannot, the master waits for the next event.
  Status RunArtifactTiming() {
    const int64_t n = static_cast<int64_t>(jobs_.size());
    SetArtifactClock(n > 0 ? jobs_[0].submit : 0, 0);
    extra_passes_ = 0;
    while (started_ < n) {
      CompleteThrough(base_, sub_);
      Arrive();
      if (MasterStep()) {
        extra_passes_ = 0;  // the master is sending: the monitor's other resumes are lost
        continue;
      }
      // The arrival monitor resumes the master once per job of this second: under SimGrid 3.32
      // each resume that finds it suspended is one more pass with the same state, which only
      // the artifact's exchange sort (SPT) can answer differently (it permutes equal scores).
      // TieBreak::kSc17ArtifactSimGrid332 only; kSc17Artifact keeps one pass per second.
      if (pass_per_arrival_ && extra_passes_ > 0) {
        --extra_passes_;
        continue;
      }
      // Suspended: woken by the next completion or the next arrival (an arrival at second T
      // comes before the completions of second T, which all have sub >= 1).
      const bool arrival_next =
          next_arrival_ < n &&
          (heap_.empty() ||
           ArtifactBefore(jobs_[next_arrival_].submit, 0, heap_.front().end, heap_.front().sub));
      if (arrival_next) {
        SetArtifactClock(jobs_[next_arrival_].submit, 0);
        extra_passes_ = ArrivalsAt(now_) - 1;
      } else if (!heap_.empty()) {
        extra_passes_ = 0;
        SetArtifactClock(heap_.front().end, heap_.front().sub);
      } else {
        return Status::Internal("simulator stalled with " + std::to_string(n - started_) +
                                " jobs unstarted");
      }
    }
    while (!heap_.empty()) Complete(heap_.front().end);
    return Status::Ok();
  }

  // The master's clock: base + sub delays; now_ is its whole second.
  void SetArtifactClock(int64_t base, int64_t sub) {
    base_ = base;
    sub_ = sub;
    now_ = base + static_cast<int64_t>(std::floor(static_cast<double>(sub) * kSc17StartDelay));
  }

  // Completions at or before the instant (t, sub), one at a time.
  void CompleteThrough(int64_t t, int64_t sub) {
    while (!heap_.empty() && !ArtifactBefore(t, sub, heap_.front().end, heap_.front().sub)) {
      CompleteOne();
    }
  }

  // Sleeps until second t (the next arrival): sees the completions before it and its arrivals.
  void SleepUntil(int64_t t) {
    if (t <= now_) return;
    SetArtifactClock(t, 0);
    while (!heap_.empty() && ArtifactBefore(heap_.front().end, heap_.front().sub, t, 0)) {
      CompleteOne();
    }
    Arrive();
  }

  // One iteration of the artifact's dispatch loop; true when it started a job.
  bool MasterStep() {
    const int64_t n = static_cast<int64_t>(jobs_.size());
    if (next_state_ < in_->state_jobs) {
      const workload::Job& j = jobs_[next_state_];
      SleepUntil(j.submit);
      if (j.procs > free_) return false;
      Start(next_state_++);
      return true;
    }
    if (visible_.empty()) {
      // Idle: the artifact sleeps until its next job arrives and starts it, if it fits, before
      // ordering the queue again.
      if (next_arrival_ >= n) return false;
      SleepUntil(jobs_[next_arrival_].submit);
      if (visible_.empty()) return false;
      size_t first = 0;
      for (size_t i = 1; i < visible_.size(); ++i) {
        if (visible_[i].idx < visible_[first].idx) first = i;
      }
      if (jobs_[visible_[first].idx].procs <= free_) {
        StartVisible(first);
        return true;
      }
      // It does not fit: the master suspends. The artifact's arrival monitor resumes it once
      // per job arriving at this second, the first time just before this check; so when a
      // second job arrived at the same second, its resume wakes the master at once for one
      // ordinary decision pass (ordered queue, EASY), below.
      if (ArrivalsAt(now_) < 2) return false;
      extra_passes_ = ArrivalsAt(now_) - 2;  // the first resume came before the check
    }
    const int64_t before = started_;
    switch (opt_.backfill) {
      case Backfill::kNone: {
        Order();
        if (jobs_[visible_.front().idx].procs > free_) return false;
        StartVisible(0);
        return true;
      }
      case Backfill::kEasy: {
        const auto pick = PickEasy(visible_);
        if (pick == visible_.end()) return false;
        StartVisible(visible_, pick);
        return true;
      }
      case Backfill::kConservative: DecideConservative(visible_); break;
    }
    return started_ > before;
  }

  // Jobs of this run submitted at second t.
  int64_t ArrivalsAt(int64_t t) const {
    const auto by_submit = [](const workload::Job& a, const workload::Job& b) {
      return a.submit < b.submit;
    };
    workload::Job key;
    key.submit = t;
    const auto range = std::equal_range(jobs_.begin(), jobs_.end(), key, by_submit);
    return static_cast<int64_t>(range.second - range.first);
  }

  // EASY's choice for one start: the head if it fits, else the first job after it in policy
  // order that EASY allows (see backfill.h), else q.end(). The scan runs only when the index
  // says some visible job is allowed (the head never is: it does not fit).
  template <class Queue>
  typename Queue::iterator PickEasy(Queue& q) {
    Order();
    const auto head_it = q.begin();
    const workload::Job& head = jobs_[head_it->idx];
    if (head.procs <= free_) return head_it;
    if (q.size() < 2) return q.end();
    const Shadow shadow =
        opt_.timing == SimOptions::Timing::kSc17Artifact
            ? ArtifactShadowFor(running_.jobs(), head.procs, free_, now_, kSc17StartDelay)
            : running_.ShadowFor(head.procs, free_, now_);
    if (observer_) observer_->OnReservation(head.id, shadow.time, now_);
    if (!easy_index_.AnyAllowed(free_, now_, shadow)) return q.end();
    for (auto it = std::next(head_it); it != q.end(); ++it) {
      const workload::Job& c = jobs_[it->idx];
      if (EasyAllows(c.procs, c.estimate, free_, now_, shadow)) return it;
    }
    return q.end();
  }

  void Reset(const SimInput& in, Policy& policy, std::vector<JobRecord>* records,
             DecisionCost* cost) {
    jobs_ = in.jobs;
    in_ = &in;
    policy_ = &policy;
    machine_dependent_ = policy.MachineDependent();
    time_dependent_ = policy.TimeDependent() || machine_dependent_;
    committed_ = -1;
    shadow_of_ = -1;
    records_ = records;
    cost_ = cost;
    free_ = in.machine_procs;
    now_ = 0;
    started_ = 0;
    start_seq_ = 0;
    next_state_ = 0;
    next_arrival_ = 0;
    overflow_begin_ = in.state_jobs;
    scored_at_ = std::numeric_limits<int64_t>::min();
    // Only the artifact's "spt" used an exchange sort; its other sorts are stable (= default).
    exchange_sort_ = opt_.tie_break != SimOptions::TieBreak::kSubmitOrder &&
                     policy.Name() == "spt";
    pass_per_arrival_ =
        exchange_sort_ && opt_.tie_break == SimOptions::TieBreak::kSc17ArtifactSimGrid332;
    heap_.clear();
    running_.clear();
    visible_.clear();
    ordered_.clear();
    // Conservative backfilling walks the whole queue several times per event, which is faster
    // on the vector than on the tree (measured: 4x on typeless Lublin, 40k jobs): it keeps it.
    ordered_mode_ = !time_dependent_ && !exchange_sort_ &&
                    opt_.decision == SimOptions::Decision::kRepick &&
                    opt_.timing == SimOptions::Timing::kExact &&
                    opt_.backfill != Backfill::kConservative;
    easy_index_.Reset(opt_.backfill == Backfill::kEasy ? in.machine_procs : 0);
    if (opt_.backfill == Backfill::kConservative) {
      const size_t n = jobs_.size();
      ProfileReset(n > 0 ? jobs_[0].submit : 0, in.machine_procs);
      reserved_.assign(n, -1);
      shape_of_.assign(n, -1);
      assumed_end_.assign(n, 0);
      actual_end_.assign(n, 0);
      freed_early_ = replan_ = unplaced_ = false;
    }
    records_->reserve(records_->size() + jobs_.size());
  }

  void Complete(int64_t until) {
    while (!heap_.empty() && heap_.front().end <= until) CompleteOne();
  }

  void CompleteOne() {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    const Completion c = heap_.back();
    heap_.pop_back();
    free_ += c.procs;
    if (opt_.backfill != Backfill::kNone) running_.Remove(c.idx);
    if (opt_.backfill == Backfill::kConservative && assumed_end_[c.idx] > c.end) {
      ProfileAdd(c.end, assumed_end_[c.idx], c.procs);  // ended early: give back the rest
      RunningAdd(c.end, assumed_end_[c.idx], c.procs);
      freed_early_ = true;
    }
    // Ended after its assumed end with no decision in between: the plan may have slots in the past.
    if (opt_.backfill == Backfill::kConservative && assumed_end_[c.idx] < c.end) replan_ = true;
  }
  void Complete() { Complete(now_); }

  void Arrive() {
    const int64_t n = static_cast<int64_t>(jobs_.size());
    const size_t first_new = visible_.size();
    while (next_arrival_ < n && jobs_[next_arrival_].submit <= now_) {
      const int64_t idx = next_arrival_++;
      if (idx < in_->state_jobs) continue;  // state jobs run from next_state_, in order
      if (overflow_begin_ == idx && HasRoom()) {
        AddVisible(idx);
        overflow_begin_ = idx + 1;
      }
    }
    ScoreNew(first_new);
  }

  bool HasRoom() const {
    return opt_.lookahead <= 0 ||
           visible_.size() + ordered_.size() < static_cast<size_t>(opt_.lookahead);
  }

  // In ordered mode visible_ only stages the jobs made visible until ScoreNew moves them.
  void AddVisible(int64_t idx) {
    const workload::Job& j = jobs_[idx];
    visible_.push_back({0.0, j.submit, j.id, static_cast<int32_t>(idx)});
    easy_index_.Add(j.procs, j.estimate);
  }

  // Moves arrived jobs from beyond the look-ahead into the visible set after a start.
  void Refill() {
    const size_t first_new = visible_.size();
    while (overflow_begin_ < next_arrival_ && HasRoom()) AddVisible(overflow_begin_++);
    ScoreNew(first_new);
  }

  JobFeatures Features(int64_t idx) const {
    const workload::Job& j = jobs_[idx];
    JobFeatures f;
    f.p = static_cast<double>(opt_.estimates == Estimates::kActual ? j.runtime : j.estimate);
    f.q = j.procs;
    f.r = static_cast<double>(std::max<int64_t>(0, j.submit - in_->origin));
    f.age = static_cast<double>(now_ - j.submit);
    f.free = static_cast<double>(free_);
    f.machine = static_cast<double>(in_->machine_procs);
    f.job = &j;
    if (!in_->extra.empty()) f.extra = &in_->extra[static_cast<size_t>(idx)];
    return f;
  }

  // Scores visible_[first..] and puts them in order. For a time-dependent policy whose
  // visible set was scored at an earlier instant, everything is re-scored instead.
  void ScoreNew(size_t first) {
    if (time_dependent_ && !ScoredNow()) return;  // Decide() re-scores all
    if (first == visible_.size()) return;
    ScoreRange(first, visible_.size());
    if (ordered_mode_) {
      for (size_t i = first; i < visible_.size(); ++i) ordered_.insert(ordered_.end(), visible_[i]);
      visible_.resize(first);
      return;
    }
    if (exchange_sort_) return;  // kept in queue-array order; ArtifactOrder() sorts
    // Usually one new job: binary insertion (std::inplace_merge would allocate a buffer).
    for (size_t i = first; i < visible_.size(); ++i) {
      const auto pos = std::upper_bound(visible_.begin(), visible_.begin() + i, visible_[i]);
      std::rotate(pos, visible_.begin() + i, visible_.begin() + i + 1);
    }
  }

  void ScoreRange(size_t first, size_t last) {
    const size_t k = last - first;
    features_.resize(k);
    scores_.resize(k);
    for (size_t i = 0; i < k; ++i) features_[i] = Features(visible_[first + i].idx);
    if (cost_->decisions % kPolicyTimerStride == 0) {
      TimedScore();
    } else {
      policy_->Score(features_, scores_);
    }
    cost_->decisions += 1;
    cost_->jobs_scored += static_cast<int64_t>(k);
    for (size_t i = 0; i < k; ++i) {
      const double s = scores_[i];
      visible_[first + i].score = std::isnan(s) ? std::numeric_limits<double>::infinity() : s;
    }
  }

  // A Score call under the sampled timer (job_record.h, DecisionCost).
  void TimedScore() {
    const auto t0 = std::chrono::steady_clock::now();
    policy_->Score(features_, scores_);
    const auto t1 = std::chrono::steady_clock::now();
    cost_->timed_calls += 1;
    cost_->timed_jobs += static_cast<int64_t>(features_.size());
    cost_->timed_seconds += std::chrono::duration<double>(t1 - t0).count();
  }

  // The ratio estimate of the time inside Score (job_record.h, DecisionCost).
  void EstimatePolicySeconds() {
    if (cost_->timed_jobs == 0) return;
    cost_->policy_seconds = cost_->timed_seconds * static_cast<double>(cost_->jobs_scored) /
                            static_cast<double>(cost_->timed_jobs);
  }

  // The order of the visible jobs for the next start: maintained incrementally, except in the
  // artifact's exchange-sort emulation (see SimOptions::TieBreak), which re-sorts every time.
  void Order() {
    RescoreIfNeeded();
    if (exchange_sort_) ArtifactExchangeSort();
  }

  // The artifact's exchange sort, literally: for every i, for every j, swap when a[i] < a[j].
  // It ends ascending, but its order among equal scores depends on the array's previous order
  // in a way no stable sort reproduces, so it is run as written (<= look-ahead jobs, O(n^2)).
  void ArtifactExchangeSort() {
    const size_t n = visible_.size();
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) {
        if (visible_[i].score < visible_[j].score) std::swap(visible_[i], visible_[j]);
      }
    }
  }

  // Scores are current: same instant and, for machine-dependent policies, same free count.
  bool ScoredNow() const {
    return scored_at_ == now_ && (!machine_dependent_ || scored_free_ == free_);
  }

  void RescoreIfNeeded() {
    if (!time_dependent_ || ScoredNow() || visible_.empty()) return;
    ScoreRange(0, visible_.size());
    std::sort(visible_.begin(), visible_.end());
    scored_at_ = now_;
    scored_free_ = free_;
  }

  void Start(int64_t idx) {
    const workload::Job& j = jobs_[idx];
    int64_t duration = j.runtime;
    bool killed = false;
    if (opt_.kill_at_estimate && j.runtime > j.estimate) {
      duration = j.estimate;
      killed = true;
    }
    free_ -= j.procs;
    // Artifact timing: the start lands one delay after the decision, which is serialised; it is
    // counted from the master's base second (exact timing: base = now_, sub = 0).
    const bool artifact = opt_.timing == SimOptions::Timing::kSc17Artifact;
    const int64_t sub = artifact ? ++sub_ : 0;
    const int64_t base = artifact ? base_ : now_;
    heap_.push_back({base + duration, sub, start_seq_, j.procs, static_cast<int32_t>(idx)});
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
    if (opt_.backfill != Backfill::kNone) {
      running_.Add({base + j.estimate, start_seq_, j.procs, static_cast<int32_t>(idx), base, sub});
    }
    if (opt_.backfill == Backfill::kConservative) OccupyFromNow(idx, now_ + duration);
    ++start_seq_;
    ++started_;
    JobRecord r;
    r.id = j.id;
    r.submit = j.submit;
    r.start = now_;
    r.end = now_ + duration;
    r.procs = j.procs;
    r.runtime = j.runtime;
    r.estimate = j.estimate;
    r.user = j.user;
    r.window = in_->window;
    r.counted = idx >= in_->state_jobs;
    r.start_delay = static_cast<double>(sub) * kSc17StartDelay;  // 0 in exact timing
    r.killed = killed;
    if (artifact) {
      // The record keeps the whole second of the real start and the fraction in start_delay;
      // the master's clock is now at that start.
      const double whole = std::floor(r.start_delay);
      r.start = base + static_cast<int64_t>(whole);
      r.end = r.start + duration;
      r.start_delay -= whole;
      SetArtifactClock(base_, sub_);
    }
    records_->push_back(r);
  }

  template <class Queue>
  void StartVisible(Queue& q, typename Queue::iterator it) {
    const int64_t idx = it->idx;
    easy_index_.Remove(jobs_[idx].procs, jobs_[idx].estimate);
    q.erase(it);
    Start(idx);
    Refill();
  }
  void StartVisible(size_t pos) {
    StartVisible(visible_, visible_.begin() + static_cast<std::ptrdiff_t>(pos));
  }

  // State jobs first, in submit order, no backfilling (the machine's history).
  bool DecideState() {
    while (next_state_ < in_->state_jobs) {
      const workload::Job& j = jobs_[next_state_];
      if (j.submit > now_ || j.procs > free_) return false;
      Start(next_state_++);
    }
    return true;
  }

  void Decide() {
    if (!DecideState()) return;
    if (opt_.decision == SimOptions::Decision::kCommit) {
      DecideCommit();
      return;
    }
    if (ordered_mode_) {
      DecideRepick(ordered_);
    } else {
      DecideRepick(visible_);
    }
  }

  template <class Queue>
  void DecideRepick(Queue& q) {
    switch (opt_.backfill) {
      case Backfill::kNone: DecideNoBackfill(q); break;
      case Backfill::kEasy: DecideEasy(q); break;
      case Backfill::kConservative: DecideConservative(q); break;
    }
  }

  // Commit mode: the position of the committed job in visible_, committing to the policy's
  // first job when none is committed.
  size_t CommittedPosition() {
    if (committed_ < 0) {
      Order();
      committed_ = visible_.front().idx;
      return 0;
    }
    for (size_t i = 0; i < visible_.size(); ++i)
      if (visible_[i].idx == committed_) return i;
    return 0;  // unreachable: a committed job stays visible until it starts
  }

  // RLScheduler's loop: start the committed job once it fits, then pick again.
  void DecideCommit() {
    while (!visible_.empty()) {
      const size_t pos = CommittedPosition();
      if (jobs_[visible_[pos].idx].procs > free_) {
        if (opt_.backfill != Backfill::kEasy) return;
        if (opt_.commit_backfill == SimOptions::CommitBackfill::kRlscheduler) {
          BackfillAsRlscheduler(pos);
        } else {
          BackfillAround(pos);
        }
        return;
      }
      committed_ = -1;
      StartVisible(pos);
    }
  }

  // Commit mode with EASY: the committed job holds the reservation; other visible jobs start
  // in policy order while EASY allows them.
  void BackfillAround(size_t pos) {
    while (true) {
      Order();
      pos = CommittedPosition();
      const workload::Job& head = jobs_[visible_[pos].idx];
      const Shadow shadow = running_.ShadowFor(head.procs, free_, now_);
      if (observer_) observer_->OnReservation(head.id, shadow.time, now_);
      size_t pick = visible_.size();
      for (size_t i = 0; i < visible_.size(); ++i) {
        if (i == pos) continue;
        const workload::Job& c = jobs_[visible_[i].idx];
        if (EasyAllows(c.procs, c.estimate, free_, now_, shadow)) {
          pick = i;
          break;
        }
      }
      if (pick == visible_.size()) return;
      StartVisible(pick);
    }
  }

  // RLScheduler's backfilling (SimOptions::CommitBackfill::kRlscheduler): their earliest start
  // of the committed job, kept from the decision where it first blocked (running jobs'
  // requested ends, not clamped to now); candidates in submit order (job index order).
  void BackfillAsRlscheduler(size_t pos) {
    if (shadow_of_ != committed_) {
      shadow_time_ = running_.ShadowFor(jobs_[visible_[pos].idx].procs, free_, now_).time;
      shadow_of_ = committed_;
    }
    std::vector<int32_t> waiting;
    for (const Visible& v : visible_)
      if (v.idx != committed_) waiting.push_back(v.idx);
    std::sort(waiting.begin(), waiting.end());
    for (int32_t idx : waiting) {
      const workload::Job& c = jobs_[idx];
      if (c.procs > free_ || now_ + c.estimate >= shadow_time_) continue;
      for (size_t i = 0; i < visible_.size(); ++i) {
        if (visible_[i].idx == idx) {
          StartVisible(i);
          break;
        }
      }
    }
  }

  template <class Queue>
  void DecideNoBackfill(Queue& q) {
    while (!q.empty()) {
      Order();
      if (jobs_[q.begin()->idx].procs > free_) return;
      StartVisible(q, q.begin());
    }
  }

  // One start per iteration: the head if it fits, else the first job i >= 1 in policy order
  // that EASY allows (see backfill.h); then decide again.
  template <class Queue>
  void DecideEasy(Queue& q) {
    while (!q.empty()) {
      const auto pick = PickEasy(q);
      if (pick == q.end()) return;
      StartVisible(q, pick);
    }
  }

  // Conservative backfilling on the persistent profile (backfill.h): reservations are taken
  // when jobs become visible, compressed (never later) when a job ends early, placed again
  // only when a running job overruns its estimate; jobs whose reservation is now start.
  template <class Queue>
  void DecideConservative(Queue& q) {
    ProfileAdvanceTo(now_);
    ChooseProfile();
    CheckOverruns();
    for (auto it = q.begin(); !replan_ && it != q.end(); ++it) {
      if (reserved_[it->idx] >= 0 && reserved_[it->idx] < now_) replan_ = true;  // a slot passed
    }
    if (replan_) {
      ReplanAll(q);
    } else if (freed_early_) {
      Compress(q);
    }
    freed_early_ = replan_ = false;
    StartReserved(q);
    if (unplaced_ && !NextDecisionReplans()) PlaceUnplaced(q);
  }

  // Jobs whose reservation is now start; then the jobs made visible get theirs, and so on.
  template <class Queue>
  void StartReserved(Queue& q) {
    while (!q.empty()) {
      Order();
      ReserveNew(q);
      bool started = false;
      for (auto it = q.begin(); it != q.end();) {
        const int64_t idx = it->idx;
        // (With the artifact's timing a job ending this second may still hold processors.)
        if (reserved_[idx] != now_ || jobs_[idx].procs > free_) {
          ++it;
          continue;
        }
        it = q.erase(it);
        Start(idx);
        started = true;
      }
      if (!started) return;
      Refill();
    }
  }

  int64_t Duration(int64_t idx) const { return std::max<int64_t>(jobs_[idx].estimate, 1); }

  void Reserve(int64_t idx, int64_t at) {
    reserved_[idx] = at;
    ProfileAdd(at, at + Duration(idx), -jobs_[idx].procs);
    if (observer_) observer_->OnReservation(jobs_[idx].id, at, now_);
  }

  void GiveBack(int64_t idx) {
    const int64_t at = reserved_[idx];
    ProfileAdd(at, at + Duration(idx), jobs_[idx].procs);
    reserved_[idx] = -1;
  }

  static constexpr int64_t kFar = std::numeric_limits<int64_t>::max() / 4;
  // Above this many steps the treap's O(log S) beats the flat array's O(S) moves (RICC's
  // profile holds ~550 at most; a deep queue reaches tens of thousands).
  static constexpr size_t kFlatSteps = 2048;
  // A replan's job left unplaced (MayLeaveThePlanUnfinished): never now, never in the past.
  static constexpr int64_t kUnplaced = kFar;

  // Visible jobs without a reservation get the earliest one that moves no other, in order.
  template <class Queue>
  void ReserveNew(const Queue& q) {
    for (const Visible& v : q) {
      if (reserved_[v.idx] >= 0) continue;
      Reserve(v.idx, ProfileFit(now_, kFar, jobs_[v.idx].procs, Duration(v.idx)));
    }
  }

  // Mu'alem & Feitelson's compression: in queue order, each job is re-placed at its earliest
  // fit; its old slot is still free, so it never moves later. Repeated while a job moved (a
  // move frees the slot it left for the jobs before it in the queue), so every reservation
  // ends at an instant where processors are freed: an event will come then.
  // A job's earliest fit is asked of the profile as it stands (Profile::EarliestFitBefore),
  // without giving its slot back and taking it again, which is the same answer whenever the
  // profile is not negative over the slot (always, unless an overrun is being planned
  // around): O(log S) per job that does not move instead of four updates of the profile.
  template <class Queue>
  void Compress(const Queue& q) {
    compression_version_ = ++profile_version_;
    moves_.clear();
    // Moves keep a profile that is nowhere negative so (each takes a window that fits, its own
    // slot given back covering the rest): then no job's slot needs checking below.
    never_negative_ = !reference_ && (flat_mode_ ? flat_.Min() : profile_.Min()) >= 0;
    bool moved = true;
    while (moved) {
      moved = false;
      for (const Visible& v : q) {
        const int64_t old = reserved_[v.idx];
        if (old < 0 || old == now_) continue;
        if (!reference_ && FirstInstantWith(jobs_[v.idx].procs) >= old) continue;
        const int64_t at = EarliestFitWithoutOwnSlot(v.idx, old);
        if (at == old) continue;
        ++profile_version_;
        moves_.push_back({at, old});
        GiveBack(v.idx);
        Reserve(v.idx, at);
        moved = true;
      }
    }
  }

  // The first instant from now with `procs` free: a job can move only to a start before its
  // reservation with its processors free there. Remembered per processor count until the
  // profile changes (a move), so most jobs that cannot move cost one comparison.
  int64_t FirstInstantWith(int64_t procs) {
    const size_t p = static_cast<size_t>(procs);
    if (first_instant_version_[p] != profile_version_) {
      // Still right if every move since took its new slot after that instant: the profile
      // before a move's new slot is unchanged, and its old slot is later still.
      const int64_t known = first_instant_[p];
      if (!MovesSince(first_instant_version_[p], [known](const Move& m) { return m.to > known; })) {
        first_instant_[p] = flat_mode_ ? flat_.FirstInstantWith(now_, procs)
                                       : profile_.FirstInstantWith(now_, procs);
      }
      first_instant_version_[p] = profile_version_;
    }
    return first_instant_[p];
  }

  // Whether `still_true` holds for every move of this compression after `version` (false for
  // a version from before it: the profile changed in other ways since).
  template <class Pred>
  bool MovesSince(uint64_t version, Pred still_true) const {
    if (compression_version_ == 0 || version < compression_version_ || version > profile_version_) {
      return false;
    }
    for (size_t k = version - compression_version_; k < moves_.size(); ++k) {
      if (!still_true(moves_[k])) return false;
    }
    return true;
  }

  // The earliest fit of reserved job idx (at `old`) if its slot were given back.
  // Outside the reference, the search starts after the latest reservation of a job of the
  // same size and requested time found unable to move since the profile last changed: a
  // window that fits this job before it would have fitted that one (this job's window, cut at
  // its later reservation, asks for at least as much of the same profile).
  int64_t EarliestFitWithoutOwnSlot(int64_t idx, int64_t old) {
    const int64_t procs = jobs_[idx].procs, duration = Duration(idx);
    if (!reference_ && (never_negative_ || ProfileAtLeast(old, old + duration, 0))) {
      Stuck& stuck = StuckOf(idx, procs, duration);
      // No window before `until` gained processors if every move since left from `until` on.
      const int64_t until = stuck.until;
      const bool known = stuck.until <= old &&
                         MovesSince(stuck.version, [until](const Move& m) { return m.from >= until; });
      // Nor can it start before its processors are first free (the filter's instant).
      const int64_t from = std::max(known ? stuck.until : now_, FirstInstantWith(procs));
      if (from >= old) return old;
      const int64_t at = flat_mode_ ? flat_.EarliestFitBefore(from, old, procs, duration)
                                    : profile_.EarliestFitBefore(from, old, procs, duration);
      if (at == old) stuck = {profile_version_, old};
      return at;
    }
    GiveBack(idx);  // the reference walk (and the fallback): give back, search, take again
    const int64_t at = ProfileFit(now_, old, procs, duration);
    reserved_[idx] = old;
    ProfileAdd(old, old + duration, -procs);
    return at;
  }

  template <class Queue>
  void ReplanAll(const Queue& q) {
    if (reference_) {
      for (const Visible& v : q) {
        if (reserved_[v.idx] >= 0) GiveBack(v.idx);
      }
      Order();
      ReserveNew(q);
      return;
    }
    // The same profile: the running jobs' occupancy, kept apart (running_profile_), instead of
    // giving back every slot.
    if (!flat_mode_) {
      profile_.Assign(running_profile_.Steps());
      for (const Visible& v : q) reserved_[v.idx] = -1;
      Order();
      ReserveNew(q);
      return;
    }
    flat_.AssignSteps(running_profile_);
    Order();
    const bool may_stop = MayLeaveThePlanUnfinished();
    int64_t free_now = may_stop ? flat_.FreeAt(now_) : 0;
    if (may_stop) SuffixMinProcs(q);
    size_t pos = 0;
    for (const Visible& v : q) {
      if (may_stop && free_now < suffix_min_procs_[pos]) {
        LeaveUnplaced(q, pos);
        return;
      }
      const int64_t at = flat_.Place(jobs_[v.idx].procs, Duration(v.idx));
      reserved_[v.idx] = at;
      if (at == now_) free_now -= jobs_[v.idx].procs;
      if (observer_) observer_->OnReservation(jobs_[v.idx].id, at, now_);
      ++pos;
    }
  }

  // A replan decides two things: which jobs start now, and the plan the next decisions keep.
  // Once fewer processors are free now than any job left in the queue needs, no job left can
  // start now; and when the next decision will surely make the plan again (a job will still
  // be running past its estimate then: NextDecisionReplans), the rest of this one is never
  // read. So the replan stops there, the jobs left are marked unplaced, and the end of the
  // decision places them (in the same order, on the same profile: the plan a whole replan would
  // have made) unless the next decision replans. Only where nothing else can read the plan
  // in between: no observer, a queue order fixed between the replan and the end of the
  // decision, exact timing, no job waiting to become visible, no state job left.
  bool MayLeaveThePlanUnfinished() const {
    return observer_ == nullptr && !time_dependent_ && !machine_dependent_ && !exchange_sort_ &&
           opt_.decision == SimOptions::Decision::kRepick &&
           opt_.timing == SimOptions::Timing::kExact && overflow_begin_ >= next_arrival_ &&
           next_state_ >= in_->state_jobs;
  }

  // suffix_min_procs_[k]: the fewest processors any of q's jobs from position k on asks for.
  template <class Queue>
  void SuffixMinProcs(const Queue& q) {
    suffix_min_procs_.assign(q.size() + 1, std::numeric_limits<int64_t>::max());
    size_t k = q.size();
    for (auto it = q.rbegin(); it != q.rend(); ++it, --k) {
      suffix_min_procs_[k - 1] = std::min<int64_t>(suffix_min_procs_[k], jobs_[it->idx].procs);
    }
  }

  template <class Queue>
  void LeaveUnplaced(const Queue& q, size_t from) {
    for (auto it = std::next(q.begin(), static_cast<std::ptrdiff_t>(from)); it != q.end(); ++it) {
      reserved_[it->idx] = kUnplaced;
    }
    unplaced_ = true;
  }

  // The next event's decision replans when a running job will then be past its assumed end
  // and still running (CheckOverruns at that instant).
  bool NextDecisionReplans() const {
    const int64_t n = static_cast<int64_t>(jobs_.size());
    int64_t next = std::numeric_limits<int64_t>::max();
    if (!heap_.empty()) next = heap_.front().end;
    if (next_arrival_ < n) next = std::min(next, jobs_[next_arrival_].submit);
    if (next == std::numeric_limits<int64_t>::max() || next <= now_) return false;
    for (const RunningJob& r : running_.jobs()) {
      if (r.req_end > next) break;
      if (assumed_end_[r.idx] <= next && actual_end_[r.idx] > next) return true;
    }
    return false;
  }

  template <class Queue>
  void PlaceUnplaced(const Queue& q) {
    unplaced_ = false;
    for (const Visible& v : q) {
      if (reserved_[v.idx] != kUnplaced) continue;
      reserved_[v.idx] = flat_.Place(jobs_[v.idx].procs, Duration(v.idx));
    }
  }

  // The flat array while the profile is small, the treap past kFlatSteps steps (back under a
  // quarter of that: a profile near the limit does not go back and forth).
  void ChooseProfile() {
    if (reference_) return;
    if (flat_mode_ && flat_.steps() > flat_limit_) {
      profile_.Assign(flat_.Steps());
      flat_mode_ = false;
    } else if (!flat_mode_ && profile_.steps() < flat_limit_ / 4) {
      profile_.ExportSteps(&exported_);
      flat_.Assign(exported_);
      flat_mode_ = true;
    }
  }

  // A running job still running at or past its assumed end is assumed to end at now + 1.
  void CheckOverruns() {
    for (const RunningJob& r : running_.jobs()) {
      if (r.req_end > now_) break;  // sorted by requested end; assumed end >= requested end
      const int64_t idx = r.idx;
      if (assumed_end_[idx] > now_ || actual_end_[idx] <= now_) continue;
      // The replan that follows makes the profile again from the running jobs'; the reference
      // keeps its profile and needs the change.
      if (reference_) ProfileAdd(assumed_end_[idx], now_ + 1, -jobs_[idx].procs);
      RunningAdd(assumed_end_[idx], now_ + 1, -jobs_[idx].procs);
      assumed_end_[idx] = now_ + 1;
      replan_ = true;
    }
  }

  // The availability profile: the flat array or the treap (ChooseProfile), or the std::map
  // reference under set_reference_conservative (tests; profile.h).
  void ProfileReset(int64_t origin, int64_t procs) {
    if (reference_) return reference_profile_.Reset(origin, procs);
    flat_mode_ = true;
    flat_.Reset(origin, procs);
    running_profile_.Reset(origin, procs);
    const size_t sizes = static_cast<size_t>(procs) + 1;
    first_instant_.assign(sizes, 0);
    first_instant_version_.assign(sizes, 0);
    profile_version_ = compression_version_ = 0;
    moves_.clear();
    stuck_.clear();  // versions restart: no entry may outlive its run
    shape_ids_.clear();
  }
  void ProfileAdvanceTo(int64_t now) {
    if (reference_) return reference_profile_.AdvanceTo(now);
    running_profile_.AdvanceTo(now);
    flat_mode_ ? flat_.AdvanceTo(now) : profile_.AdvanceTo(now);
  }
  // The running jobs' occupancy alone (what a replan starts from); not kept by the reference.
  void RunningAdd(int64_t from, int64_t to, int64_t delta) {
    if (!reference_) running_profile_.Add(from, to, delta);
  }
  void ProfileAdd(int64_t from, int64_t to, int64_t delta) {
    if (reference_) return reference_profile_.Add(from, to, delta);
    flat_mode_ ? flat_.Add(from, to, delta) : profile_.Add(from, to, delta);
  }
  int64_t ProfileFit(int64_t from, int64_t latest, int64_t procs, int64_t duration) const {
    if (reference_) return reference_profile_.EarliestFit(from, latest, procs, duration);
    return flat_mode_ ? flat_.EarliestFit(from, latest, procs, duration)
                      : profile_.EarliestFit(from, latest, procs, duration);
  }
  bool ProfileAtLeast(int64_t from, int64_t to, int64_t procs) const {
    if (reference_) return reference_profile_.AtLeast(from, to, procs);
    return flat_mode_ ? flat_.AtLeast(from, to, procs) : profile_.AtLeast(from, to, procs);
  }

  // Profile bookkeeping of a start (conservative only).
  void OccupyFromNow(int64_t idx, int64_t actual_end) {
    if (reserved_[idx] != now_) {  // a state job: no reservation to turn into its occupancy
      if (reserved_[idx] >= 0) GiveBack(idx);
      ProfileAdd(now_, now_ + Duration(idx), -jobs_[idx].procs);
    }
    RunningAdd(now_, now_ + Duration(idx), -jobs_[idx].procs);
    reserved_[idx] = -1;
    assumed_end_[idx] = now_ + Duration(idx);
    actual_end_[idx] = actual_end;
  }

  const SimOptions opt_;
  SimObserver* observer_ = nullptr;
  std::span<const workload::Job> jobs_;
  const SimInput* in_ = nullptr;
  Policy* policy_ = nullptr;
  bool time_dependent_ = false;
  bool machine_dependent_ = false;
  int64_t committed_ = -1;  // commit mode: index of the job the scheduler waits for, or -1
  int64_t shadow_of_ = -1;   // RLScheduler's backfilling: the committed job shadow_time_ is for
  int64_t shadow_time_ = 0;
  int64_t scored_free_ = 0;
  bool exchange_sort_ = false;
  bool pass_per_arrival_ = false;  // TieBreak::kSc17ArtifactSimGrid332 (see RunArtifactTiming)
  std::vector<JobRecord>* records_ = nullptr;
  DecisionCost* cost_ = nullptr;

  int64_t free_ = 0;
  int64_t now_ = 0;
  int64_t sub_ = 0;   // artifact timing: start delays since the master's wake-up
  int64_t base_ = 0;  // artifact timing: the whole second of that wake-up
  int64_t extra_passes_ = 0;  // artifact timing: resumes still due from this second's arrivals
  int64_t started_ = 0;
  int64_t start_seq_ = 0;
  int64_t next_state_ = 0;
  int64_t next_arrival_ = 0;
  int64_t overflow_begin_ = 0;
  int64_t scored_at_ = 0;

  std::vector<Completion> heap_;
  RunningSet running_;
  Profile profile_;
  LinearProfile reference_profile_;  // set_reference_conservative: the reference structure
  FlatProfile flat_;              // the profile while it is small (flat_mode_), else profile_
  FlatProfile running_profile_;   // replans: the running jobs' occupancy (assumed ends)
  bool flat_mode_ = true;
  size_t flat_limit_ = kFlatSteps;
  std::vector<std::pair<int64_t, int64_t>> exported_;  // ChooseProfile: the treap's steps
  // Compression, per (procs, requested time): no job of that shape fits before `until` while
  // profile_version_ == version.
  struct Stuck {
    uint64_t version = ~uint64_t{0};
    int64_t until = 0;
  };
  struct ShapeHash {
    size_t operator()(const std::pair<int64_t, int64_t>& s) const {
      return std::hash<int64_t>()(s.first * 1000003 ^ s.second);
    }
  };
  std::unordered_map<std::pair<int64_t, int64_t>, int32_t, ShapeHash> shape_ids_;
  std::vector<Stuck> stuck_;     // by shape id
  std::vector<int32_t> shape_of_;  // by job index: its shape id, -1 until compression asks
  // The shape's entry, found by hashing once per job (compression visits jobs many times).
  Stuck& StuckOf(int64_t idx, int64_t procs, int64_t duration) {
    int32_t& shape = shape_of_[static_cast<size_t>(idx)];
    if (shape < 0) {
      const auto [it, fresh] =
          shape_ids_.try_emplace({procs, duration}, static_cast<int32_t>(stuck_.size()));
      if (fresh) stuck_.emplace_back();
      shape = it->second;
    }
    return stuck_[static_cast<size_t>(shape)];
  }

  // Compression: the first instant with p free, valid while first_instant_version_[p] ==
  // profile_version_ (bumped by every move).
  std::vector<int64_t> first_instant_;
  std::vector<uint64_t> first_instant_version_;
  uint64_t profile_version_ = 0;
  // This compression's moves, in order: the one that made version compression_version_ + k + 1
  // is moves_[k] (a job moved from its reservation `from` to `to`, to < from).
  struct Move {
    int64_t to;
    int64_t from;
  };
  std::vector<Move> moves_;
  bool never_negative_ = false;
  bool unplaced_ = false;  // some reservations are kUnplaced until this decision's end
  std::vector<int64_t> suffix_min_procs_;  // this compression: the profile is nowhere below zero
  uint64_t compression_version_ = 0;
  bool reference_ = false;
  std::vector<Visible> visible_;
  std::set<Visible> ordered_;   // ordered mode: the visible jobs (see the top of this file)
  bool ordered_mode_ = false;
  EasyIndex easy_index_;        // EASY only: the visible jobs by processors and estimate
  // Conservative backfilling, by job index: reserved start (-1: none), assumed end of a running
  // job (start + requested time, pushed to now + 1 past it) and its actual end.
  std::vector<int64_t> reserved_;
  std::vector<int64_t> assumed_end_;
  std::vector<int64_t> actual_end_;
  bool freed_early_ = false;  // a job ended before its assumed end since the last decision
  bool replan_ = false;       // a job overran its estimate
  std::vector<JobFeatures> features_;
  std::vector<double> scores_;
};

Simulator::Simulator(const SimOptions& options)
    : options_(options), impl_(std::make_unique<Impl>(options)) {}
Simulator::~Simulator() = default;

Status Simulator::Run(const SimInput& input, Policy& policy, std::vector<JobRecord>* records,
                      DecisionCost* cost) {
  return impl_->Run(input, policy, records, cost);
}

void Simulator::set_observer(SimObserver* observer) { impl_->set_observer(observer); }

void Simulator::set_reference_conservative(bool on) { impl_->set_reference_conservative(on); }

void Simulator::set_flat_profile_limit(size_t steps) { impl_->set_flat_profile_limit(steps); }

}  // namespace airgrid::sched
