#include "airgrid/learn/campaign.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "learn/checkpoint.h"
#include "learn/mpi.h"
#include "learn/trial_rng.h"
#include "airgrid/base/step.h"

namespace airgrid::learn {
namespace {

Status CheckOptions(const workload::Workload& w, const CampaignOptions& o) {
  if (o.tuples < 1) return Status::InvalidInput(fmt::format("--tuples {}: expected >= 1", o.tuples));
  if (o.trials < 1) return Status::InvalidInput(fmt::format("--trials {}: expected >= 1", o.trials));
  if (o.shape.state_jobs < 0) {
    return Status::InvalidInput(fmt::format("|S| = {}: expected >= 0", o.shape.state_jobs));
  }
  if (o.shape.queue_jobs < 1 || o.shape.queue_jobs > kMaxQueueJobs) {
    return Status::InvalidInput(
        fmt::format("|Q| = {}: expected 1..{}", o.shape.queue_jobs, kMaxQueueJobs));
  }
  if (!(o.tau > 0)) return Status::InvalidInput(fmt::format("tau {}: expected > 0 s", o.tau));
  if (o.threads < 0) return Status::InvalidInput(fmt::format("--threads {}: expected >= 0", o.threads));
  if (TuplePositions(w, o.shape) < 1) {
    return Status::InvalidInput(fmt::format(
        "{}: {} jobs, a tuple needs {} consecutive jobs (|S| + |Q|)", w.source, w.jobs.size(),
        o.shape.state_jobs + o.shape.queue_jobs));
  }
  return CheckCampaignJobs(w);
}

nlohmann::json CheckpointParams(const workload::Workload& w, const CampaignOptions& o) {
  return {{"workload_fingerprint", fmt::format("{:016x}", WorkloadFingerprint(w))},
          {"workload_jobs", w.jobs.size()},
          {"machine_procs", w.machine_procs},
          {"tuples", o.tuples},
          {"trials", o.trials},
          {"seed", o.seed},
          {"shuffle", ShuffleName(o.shuffle)},
          {"state_jobs", o.shape.state_jobs},
          {"queue_jobs", o.shape.queue_jobs},
          {"tau", o.tau}};
}

// Rank 0 prepares the checkpoint and says which tuples are done; every rank learns the list.
struct Prepared {
  Status status;
  std::vector<CheckpointRecord> resumed;  // rank 0 only
  std::vector<int64_t> done;              // every rank
  int ignored_lines = 0;
};

Prepared PrepareCheckpoint(const workload::Workload& w, const CampaignOptions& o,
                           Communicator& comm) {
  Prepared p;
  // Broadcast layout: [status (0 ok, 1 error), done tuples...].
  std::vector<int64_t> message{0};
  if (comm.rank() == 0 && !o.checkpoint_path.empty()) {
    const nlohmann::json params = CheckpointParams(w, o);
    const bool exists = std::filesystem::exists(o.checkpoint_path);
    if (exists && !o.resume) {
      p.status = Status::InvalidInput(fmt::format(
          "checkpoint {} exists from an interrupted run: pass --resume to continue it, or "
          "delete it to start again",
          o.checkpoint_path));
    } else if (exists) {
      Result<CheckpointContents> c = LoadCheckpoint(o.checkpoint_path, params);
      if (!c.ok()) {
        p.status = c.status();
      } else {
        p.ignored_lines = c->ignored_lines;
        for (CheckpointRecord& r : c->records) {
          if (r.tuple < o.tuples &&
              r.scores.value_sum.size() == static_cast<size_t>(o.shape.queue_jobs)) {
            p.resumed.push_back(std::move(r));
          } else {
            ++p.ignored_lines;
          }
        }
      }
    }
    // Rewrite it compactly (header + valid records): a torn last line is dropped before
    // anyone appends after it.
    if (p.status.ok()) p.status = WriteCheckpoint(o.checkpoint_path, params, p.resumed);
    if (!p.status.ok()) message[0] = 1;
    for (const CheckpointRecord& r : p.resumed) message.push_back(r.tuple);
  }
  comm.Broadcast(&message);
  if (message[0] != 0 && p.status.ok()) {
    p.status = Status::Internal("rank 0 could not prepare the checkpoint");
  }
  p.done.assign(message.begin() + 1, message.end());
  return p;
}

int DefaultThreads(const Communicator& comm) {
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, hw / std::max(1, comm.local_size()));
}

// Flattened outcome for MPI: tuple, position, then |Q| sums and |Q| counts.
void Flatten(const CheckpointRecord& r, std::vector<double>* out) {
  out->push_back(static_cast<double>(r.tuple));
  out->push_back(static_cast<double>(r.position));
  out->insert(out->end(), r.scores.value_sum.begin(), r.scores.value_sum.end());
  for (int64_t c : r.scores.n_first) out->push_back(static_cast<double>(c));
}

std::vector<CheckpointRecord> Unflatten(const std::vector<double>& flat, int q) {
  std::vector<CheckpointRecord> out;
  const size_t stride = 2 + 2 * static_cast<size_t>(q);
  for (size_t at = 0; at + stride <= flat.size(); at += stride) {
    CheckpointRecord r;
    r.tuple = static_cast<int64_t>(flat[at]);
    r.position = static_cast<int64_t>(flat[at + 1]);
    r.scores.value_sum.assign(flat.begin() + static_cast<std::ptrdiff_t>(at + 2),
                              flat.begin() + static_cast<std::ptrdiff_t>(at + 2 + q));
    for (int k = 0; k < q; ++k) {
      r.scores.n_first.push_back(static_cast<int64_t>(flat[at + 2 + static_cast<size_t>(q + k)]));
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

CampaignPlace CampaignProcess(bool use_mpi) {
  Communicator& comm = use_mpi ? World() : SingleProcess();
  return {comm.rank(), comm.size()};
}

bool CampaignHasMpi() {
#ifdef AIRGRID_HAVE_MPI
  return true;
#else
  return false;
#endif
}

uint64_t WorkloadFingerprint(const workload::Workload& w) {
  uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&h](int64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= static_cast<uint64_t>(v >> (8 * i)) & 0xff;
      h *= 0x100000001b3ull;
    }
  };
  mix(w.machine_procs);
  for (const workload::Job& j : w.jobs) {
    mix(j.id);
    mix(j.submit);
    mix(j.runtime);
    mix(j.procs);
    mix(j.estimate);
  }
  return h;
}

TupleDraw DrawTuple(uint64_t seed, int64_t index, int64_t positions) {
  Xoshiro256 rng(TupleSeed(seed, static_cast<uint64_t>(index)));
  TupleDraw d;
  d.position = static_cast<int64_t>(rng.Below(static_cast<uint64_t>(positions)));
  d.trial_seed = rng.Next();
  return d;
}

std::vector<ScoreRow> TupleRows(const Tuple& tuple, int tuple_index, const TupleScores& scores) {
  const double total = scores.Total();
  std::vector<ScoreRow> rows;
  for (size_t k = 0; k < tuple.queue.size(); ++k) {
    const TupleJob& j = tuple.queue[k];
    ScoreRow r;
    r.tuple = tuple_index;
    r.k = static_cast<int>(k);
    r.p = static_cast<double>(j.runtime);
    r.q = static_cast<double>(j.procs);
    r.r = static_cast<double>(j.submit);
    r.score = total > 0 ? scores.value_sum[k] / total : 0.0;
    r.job_id = j.id;
    r.estimate = static_cast<double>(j.estimate);
    r.n_first = scores.n_first[k];
    rows.push_back(r);
  }
  return rows;
}

Result<CampaignResult> RunCampaign(const workload::Workload& w, const CampaignOptions& o,
                                   ProgressSink* progress) {
  StepScope step("running the trial campaign", w.source);
  AIRGRID_RETURN_IF_ERROR(CheckOptions(w, o));
  Communicator& comm = o.use_mpi ? World() : SingleProcess();
  CampaignResult result;
  result.rank = comm.rank();
  result.ranks = comm.size();
  result.output_rank = comm.rank() == 0;
  result.threads = o.threads > 0 ? o.threads : DefaultThreads(comm);

  Prepared prep = PrepareCheckpoint(w, o, comm);
  if (!prep.status.ok()) return prep.status;
  result.ignored_checkpoint_lines = prep.ignored_lines;
  result.tuples_resumed = static_cast<int64_t>(prep.done.size());

  // The tuples this rank computes: those left, dealt round-robin.
  std::vector<bool> done(static_cast<size_t>(o.tuples), false);
  for (int64_t t : prep.done) done[static_cast<size_t>(t)] = true;
  std::vector<int64_t> mine;
  int64_t left = 0;
  for (int64_t t = 0; t < o.tuples; ++t) {
    if (done[static_cast<size_t>(t)]) continue;
    if (left++ % comm.size() == comm.rank()) mine.push_back(t);
  }

  const int64_t positions = TuplePositions(w, o.shape);
  std::unique_ptr<CheckpointAppender> appender;
  if (!o.checkpoint_path.empty()) appender = std::make_unique<CheckpointAppender>(o.checkpoint_path);
  std::vector<CheckpointRecord> outcomes(mine.size());
  std::atomic<size_t> next{0};
  std::atomic<int64_t> finished{0};
  std::mutex error_mu;
  Status error;
  std::atomic<bool> failed{false};
  const int64_t already = result.tuples_resumed;
  if (progress != nullptr && result.output_rank) {
    const std::string label = comm.size() > 1 ? fmt::format("campaign (rank 0 of {})", comm.size())
                                              : std::string("campaign");
    // Rank 0 reports its own share (plus what was resumed).
    progress->Start(label, (already + static_cast<int64_t>(mine.size())) * o.trials,
                    already * o.trials);
  }

  auto worker = [&]() {
    while (!failed.load() && !(o.cancel != nullptr && o.cancel->load())) {
      const size_t i = next.fetch_add(1);
      if (i >= mine.size()) return;
      const int64_t t = mine[i];
      const TupleDraw draw = DrawTuple(o.seed, t, positions);
      Result<Tuple> tuple = ExtractTuple(w, draw.position, o.shape);
      Status st = tuple.status();
      if (tuple.ok()) {
        CheckpointRecord& rec = outcomes[i];
        rec.tuple = t;
        rec.position = draw.position;
        rec.scores = RunTrials(*tuple, w.machine_procs, o.trials, o.shuffle, draw.trial_seed, o.tau);
        if (appender) st = appender->Append(rec);
      }
      if (!st.ok()) {
        std::lock_guard<std::mutex> lock(error_mu);
        if (error.ok()) error = st;
        failed = true;
        return;
      }
      const int64_t n = finished.fetch_add(1) + 1;
      if (progress != nullptr && result.output_rank) progress->Update((already + n) * o.trials);
    }
  };

  const auto t0 = std::chrono::steady_clock::now();
  const int nthreads = static_cast<int>(
      std::min<int64_t>(result.threads, std::max<int64_t>(1, static_cast<int64_t>(mine.size()))));
  std::vector<std::thread> pool;
  for (int i = 1; i < nthreads; ++i) pool.emplace_back(worker);
  worker();
  for (std::thread& th : pool) th.join();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (progress != nullptr && result.output_rank) progress->Finish();

  if (!error.ok()) return error;
  if (o.cancel != nullptr && o.cancel->load() && finished.load() < static_cast<int64_t>(mine.size())) {
    result.cancelled = true;
    result.tuples_computed = finished.load();
    return result;
  }

  // Gather every rank's outcomes on rank 0.
  std::vector<double> flat;
  for (const CheckpointRecord& r : outcomes) Flatten(r, &flat);
  std::vector<double> all_flat = comm.GatherToRoot(flat);
  result.tuples_computed = comm.SumAll(static_cast<int64_t>(mine.size()));
  result.trials_computed = result.tuples_computed * o.trials;
  result.trials_per_second = result.seconds > 0 ? static_cast<double>(result.trials_computed) / result.seconds : 0;
  if (!result.output_rank) return result;

  std::vector<CheckpointRecord> by_tuple(static_cast<size_t>(o.tuples));
  std::vector<bool> have(static_cast<size_t>(o.tuples), false);
  auto place = [&](CheckpointRecord&& r) {
    const size_t t = static_cast<size_t>(r.tuple);
    have[t] = true;
    by_tuple[t] = std::move(r);
  };
  for (CheckpointRecord& r : prep.resumed) place(std::move(r));
  for (CheckpointRecord& r : Unflatten(all_flat, o.shape.queue_jobs)) place(std::move(r));

  result.positions.resize(static_cast<size_t>(o.tuples));
  for (int64_t t = 0; t < o.tuples; ++t) {
    const CheckpointRecord& r = by_tuple[static_cast<size_t>(t)];
    if (!have[static_cast<size_t>(t)]) {
      return Status::Internal(fmt::format("tuple {} is missing after the gather", t));
    }
    const TupleDraw draw = DrawTuple(o.seed, t, positions);
    if (r.position != draw.position) {
      return Status::InvalidInput(fmt::format(
          "checkpoint {}: tuple {} starts at job index {}, expected {} for seed {}",
          o.checkpoint_path, t, r.position, draw.position, o.seed));
    }
    result.positions[static_cast<size_t>(t)] = r.position;
    Result<Tuple> tuple = ExtractTuple(w, r.position, o.shape);
    if (!tuple.ok()) return tuple.status();
    std::vector<ScoreRow> rows = TupleRows(*tuple, static_cast<int>(t), r.scores);
    result.rows.insert(result.rows.end(), rows.begin(), rows.end());
  }
  return result;
}

}  // namespace airgrid::learn
