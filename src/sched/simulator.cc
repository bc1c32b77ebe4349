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
#include "airgrid/sched/simulator.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "sched/backfill.h"

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
  return Status::InvalidInput("unknown tie order '" + std::string(name) +
                              "': expected submit or sc17");
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
  return t == SimOptions::TieBreak::kSubmitOrder ? "submit" : "sc17";
}

Result<SimOptions::Decision> ParseDecision(std::string_view name) {
  if (name == "repick") return SimOptions::Decision::kRepick;
  if (name == "commit") return SimOptions::Decision::kCommit;
  return Status::InvalidInput("unknown decision mode '" + std::string(name) +
                              "': expected repick or commit");
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

struct Completion {
  int64_t end;
  int32_t procs;
  int32_t idx;
  bool operator>(const Completion& o) const { return end > o.end; }
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
    Reset(in, policy, records, cost);
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

  void set_observer(SimObserver* o) { observer_ = o; }

 private:
  void Reset(const SimInput& in, Policy& policy, std::vector<JobRecord>* records,
             DecisionCost* cost) {
    jobs_ = in.jobs;
    in_ = &in;
    policy_ = &policy;
    machine_dependent_ = policy.MachineDependent();
    time_dependent_ = policy.TimeDependent() || machine_dependent_;
    committed_ = -1;
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
    exchange_sort_ = opt_.tie_break == SimOptions::TieBreak::kSc17Artifact &&
                     policy.Name() == "spt";
    heap_.clear();
    running_.clear();
    visible_.clear();
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
    return opt_.lookahead <= 0 || visible_.size() < static_cast<size_t>(opt_.lookahead);
  }

  void AddVisible(int64_t idx) {
    const workload::Job& j = jobs_[idx];
    visible_.push_back({0.0, j.submit, j.id, static_cast<int32_t>(idx)});
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
    return f;
  }

  // Scores visible_[first..] and puts them in order. For a time-dependent policy whose
  // visible set was scored at an earlier instant, everything is re-scored instead.
  void ScoreNew(size_t first) {
    if (time_dependent_ && !ScoredNow()) return;  // Decide() re-scores all
    if (first == visible_.size()) return;
    ScoreRange(first, visible_.size());
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
    const auto t0 = std::chrono::steady_clock::now();
    policy_->Score(features_, scores_);
    const auto t1 = std::chrono::steady_clock::now();
    cost_->decisions += 1;
    cost_->jobs_scored += static_cast<int64_t>(k);
    cost_->policy_seconds += std::chrono::duration<double>(t1 - t0).count();
    for (size_t i = 0; i < k; ++i) {
      const double s = scores_[i];
      visible_[first + i].score = std::isnan(s) ? std::numeric_limits<double>::infinity() : s;
    }
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
    heap_.push_back({now_ + duration, j.procs, static_cast<int32_t>(idx)});
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
    if (opt_.backfill != Backfill::kNone) {
      running_.Add({now_ + j.estimate, start_seq_, j.procs, static_cast<int32_t>(idx)});
    }
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
    r.killed = killed;
    records_->push_back(r);
  }

  void StartVisible(size_t pos) {
    const int64_t idx = visible_[pos].idx;
    visible_.erase(visible_.begin() + pos);
    Start(idx);
    Refill();
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
    switch (opt_.backfill) {
      case Backfill::kNone: DecideNoBackfill(); break;
      case Backfill::kEasy: DecideEasy(); break;
      case Backfill::kConservative: DecideConservative(); break;
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
        if (opt_.backfill == Backfill::kEasy) BackfillAround(pos);
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

  void DecideNoBackfill() {
    while (!visible_.empty()) {
      Order();
      if (jobs_[visible_.front().idx].procs > free_) return;
      StartVisible(0);
    }
  }

  // One start per iteration: the head if it fits, else the first job i >= 1 in policy order
  // that EASY allows (see backfill.h); then decide again.
  void DecideEasy() {
    while (!visible_.empty()) {
      Order();
      const workload::Job& head = jobs_[visible_.front().idx];
      if (head.procs <= free_) {
        StartVisible(0);
        continue;
      }
      if (visible_.size() < 2) return;
      const Shadow shadow = running_.ShadowFor(head.procs, free_, now_);
      if (observer_) observer_->OnReservation(head.id, shadow.time, now_);
      size_t pick = 0;
      for (size_t i = 1; i < visible_.size(); ++i) {
        const workload::Job& c = jobs_[visible_[i].idx];
        if (EasyAllows(c.procs, c.estimate, free_, now_, shadow)) {
          pick = i;
          break;
        }
      }
      if (pick == 0) return;
      StartVisible(pick);
    }
  }

  // Reservations for every visible job in policy order; jobs whose reservation is now start.
  // Repeated while a pass starts something (a start may make new jobs visible).
  void DecideConservative() {
    bool started_any = true;
    while (started_any && !visible_.empty()) {
      Order();
      started_any = false;
      profile_.Build(running_, free_, now_);
      for (size_t i = 0; i < visible_.size();) {
        const workload::Job& c = jobs_[visible_[i].idx];
        const int64_t at = profile_.Reserve(c.procs, std::max<int64_t>(c.estimate, 1));
        if (at == now_ && c.procs <= free_) {
          const int64_t idx = visible_[i].idx;
          visible_.erase(visible_.begin() + i);
          Start(idx);
          started_any = true;
          continue;
        }
        if (observer_ && i == 0) observer_->OnReservation(c.id, at, now_);
        ++i;
      }
      if (started_any) Refill();
    }
  }

  const SimOptions opt_;
  SimObserver* observer_ = nullptr;
  std::span<const workload::Job> jobs_;
  const SimInput* in_ = nullptr;
  Policy* policy_ = nullptr;
  bool time_dependent_ = false;
  bool machine_dependent_ = false;
  int64_t committed_ = -1;  // commit mode: index of the job the scheduler waits for, or -1
  int64_t scored_free_ = 0;
  bool exchange_sort_ = false;
  std::vector<JobRecord>* records_ = nullptr;
  DecisionCost* cost_ = nullptr;

  int64_t free_ = 0;
  int64_t now_ = 0;
  int64_t started_ = 0;
  int64_t start_seq_ = 0;
  int64_t next_state_ = 0;
  int64_t next_arrival_ = 0;
  int64_t overflow_begin_ = 0;
  int64_t scored_at_ = 0;

  std::vector<Completion> heap_;
  RunningSet running_;
  Profile profile_;
  std::vector<Visible> visible_;
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

}  // namespace airgrid::sched
