#include "airgrid/learn/trial.h"

#include <algorithm>
#include <cassert>
#include <numeric>

#include "learn/trial_rng.h"

namespace airgrid::learn {
namespace {

// The machine seen by a list scheduler whose start times never decrease: processors free at
// `now` (interchangeable from then on) and the future releases, sorted by time, in
// rel[head, tail).
template <typename Release>
struct Machine {
  int64_t now;
  int32_t free;
  Release* rel;
  int head;
  int tail;

  // Starts a job of `procs` processors and `runtime` seconds submitted at `submit`, after every
  // job started so far; returns its start time.
  int64_t Start(int64_t submit, int64_t runtime, int32_t procs) {
    int64_t t = std::max(now, submit);
    while (head < tail && rel[head].time <= t) free += rel[head++].procs;
    while (free < procs) {
      assert(head < tail && "job wider than the machine");
      t = rel[head].time;
      free += rel[head++].procs;
    }
    free -= procs;
    if (runtime > 0) {
      const int64_t end = t + runtime;
      int pos = tail;
      while (pos > head && rel[pos - 1].time > end) {
        rel[pos] = rel[pos - 1];
        --pos;
      }
      rel[pos] = Release{end, procs};
      ++tail;
    } else {
      free += procs;
    }
    now = t;
    return t;
  }
};

}  // namespace

Result<Shuffle> ParseShuffle(std::string_view name) {
  if (name == "fisher-yates") return Shuffle::kFisherYates;
  if (name == "sc17") return Shuffle::kSc17;
  return Status::InvalidInput("--shuffle '" + std::string(name) +
                              "': expected one of fisher-yates, sc17");
}

const char* ShuffleName(Shuffle s) { return s == Shuffle::kSc17 ? "sc17" : "fisher-yates"; }

TrialSimulator::TrialSimulator(const Tuple& tuple, int32_t machine_procs, double tau)
    : queue_jobs_(static_cast<int32_t>(tuple.queue.size())), tau_(tau) {
  assert(queue_jobs_ >= 1 && queue_jobs_ <= kMaxQueueJobs);
  for (const TupleJob& j : tuple.queue) {
    submit_.push_back(j.submit);
    runtime_.push_back(j.runtime);
    procs_.push_back(j.procs);
    inv_bound_.push_back(1.0 / std::max(static_cast<double>(j.runtime), tau_));
  }
  // State after S: list-schedule S from an empty machine, once.
  std::vector<Release> rel(tuple.state.size() + 1);
  Machine<Release> m{0, machine_procs, rel.data(), 0, 0};
  for (const TupleJob& j : tuple.state) m.Start(j.submit, j.runtime, j.procs);
  while (m.head < m.tail && rel[static_cast<size_t>(m.head)].time <= m.now) {
    m.free += rel[static_cast<size_t>(m.head++)].procs;
  }
  ready_time_ = m.now;
  ready_free_ = m.free;
  ready_releases_.assign(rel.begin() + m.head, rel.begin() + m.tail);
  work_.resize(ready_releases_.size() + tuple.queue.size() + 1);
  last_starts_.assign(tuple.queue.size(), 0);
}

double TrialSimulator::Run(const TrialOrder* order) {
  std::copy(ready_releases_.begin(), ready_releases_.end(), work_.begin());
  Machine<Release> m{ready_time_, ready_free_, work_.data(), 0,
                     static_cast<int>(ready_releases_.size())};
  double sum = 0;
  for (int32_t i = 0; i < queue_jobs_; ++i) {
    const int k = order[i];
    const int64_t start = m.Start(submit_[k], runtime_[k], procs_[k]);
    last_starts_[k] = start;
    const double bsld = static_cast<double>(start - submit_[k] + runtime_[k]) * inv_bound_[k];
    sum += bsld > 1.0 ? bsld : 1.0;
  }
  return sum / queue_jobs_;
}

double TupleScores::Total() const {
  return std::accumulate(value_sum.begin(), value_sum.end(), 0.0);
}

TupleScores RunTrials(const Tuple& tuple, int32_t machine_procs, int64_t trials, Shuffle shuffle,
                      uint64_t seed, double tau) {
  TrialSimulator sim(tuple, machine_procs, tau);
  const int n = static_cast<int>(tuple.queue.size());
  TupleScores scores;
  scores.value_sum.assign(static_cast<size_t>(n), 0.0);
  scores.n_first.assign(static_cast<size_t>(n), 0);
  Xoshiro256 rng(seed);
  TrialOrder identity[kMaxQueueJobs];
  TrialOrder order[kMaxQueueJobs];
  std::iota(identity, identity + n, 0);
  for (int64_t trial = 0; trial < trials; ++trial) {
    std::copy(identity, identity + n, order);
    if (shuffle == Shuffle::kFisherYates) {
      for (int i = n - 1; i > 0; --i) {
        std::swap(order[i], order[rng.Below(static_cast<uint64_t>(i) + 1)]);
      }
    } else {
      for (int k = 0; k < n; ++k) std::swap(order[k], order[rng.Below(static_cast<uint64_t>(n))]);
    }
    const double value = sim.Run(order);
    scores.value_sum[order[0]] += value;
    ++scores.n_first[order[0]];
  }
  return scores;
}

}  // namespace airgrid::learn
