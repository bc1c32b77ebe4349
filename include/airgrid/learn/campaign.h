// The SC'17 trial campaign: draws tuples from a workload, runs trials of each (trial.h) and
// turns them into the scores table (scores.h) that the formula search and the MLP learn from.
//
// Contract of RunCampaign:
// - Tuple t (0 <= t < tuples) has its own random stream seeded from (seed, t): its position
//   (uniform over the workload's valid positions, drawn with replacement as in the artifact)
//   and the orders of its trials. Tuples are independent, so the result is the same, byte for
//   byte, whatever the number of threads, MPI ranks or resumes.
// - Threads: `threads` workers (0 = the hardware threads, divided among MPI ranks sharing a
//   node) take tuples from a shared counter.
// - MPI: when the process was started by mpirun/srun and airgrid was built with MPI, the
//   tuples left to do are dealt round-robin to the ranks; rank 0 gathers them and is the only
//   rank whose result holds the rows (CampaignResult::output_rank).
// - Checkpoint: with a checkpoint path, each finished tuple is appended to it as one checksummed
//   line and fsync'd. With `resume`, tuples found there are not recomputed; a checkpoint made
//   with other parameters (workload, machine, tuples, trials, seed, shuffle, |S|, |Q|, τ) is
//   refused with a message naming them. Without `resume`, an existing checkpoint is an error
//   (it would be overwritten). Removing it after the output is written is the caller's job.
// - Cancellation: when *cancel becomes true, workers stop after their current tuple and
//   the result has cancelled = true and no rows (finished tuples are in the checkpoint).
// - Errors: InvalidInput for bad options or jobs (named), IoError for checkpoint writes.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "airgrid/base/progress.h"
#include "airgrid/base/status.h"
#include "airgrid/learn/scores.h"
#include "airgrid/learn/trial.h"
#include "airgrid/learn/tuple.h"
#include "airgrid/workload/job.h"

namespace airgrid::learn {

struct CampaignOptions {
  int64_t tuples = 216;      // the published SC'17 training set has 216 tuples
  int64_t trials = 5000;     // trials per tuple (the artifact's num_trials)
  TupleShape shape;          // |S| = 16, |Q| = 32
  uint64_t seed = 1;
  Shuffle shuffle = Shuffle::kFisherYates;
  double tau = 10.0;         // bounded-slowdown threshold (s)
  int threads = 0;           // 0 = hardware threads (per MPI rank: divided by ranks per node)
  bool use_mpi = true;       // distribute over MPI ranks when launched by mpirun
  std::string checkpoint_path;  // empty = no checkpoint
  bool resume = false;
  const std::atomic<bool>* cancel = nullptr;
};

struct CampaignResult {
  std::vector<ScoreRow> rows;        // tuple-major, k-minor; only on the output rank
  std::vector<int64_t> positions;    // workload job index of each tuple's first S job
  int64_t tuples_computed = 0;       // by this run, all ranks
  int64_t tuples_resumed = 0;        // read from the checkpoint
  int64_t trials_computed = 0;       // by this run, all ranks
  double seconds = 0;                // wall time of the computing phase (rank 0)
  double trials_per_second = 0;      // trials_computed / seconds
  int threads = 1;                   // worker threads per rank
  int ranks = 1;
  int rank = 0;
  bool output_rank = true;           // rank 0: holds the rows, writes outputs
  bool cancelled = false;
  int ignored_checkpoint_lines = 0;  // damaged lines found on resume (their tuples redone)
};

Result<CampaignResult> RunCampaign(const workload::Workload& w, const CampaignOptions& options,
                                   ProgressSink* progress = nullptr);

// This process's MPI rank and the number of ranks as RunCampaign will see them (0 and 1 outside
// mpirun or without MPI). Initializes MPI when launched by an MPI starter.
struct CampaignPlace {
  int rank = 0;
  int ranks = 1;
};
CampaignPlace CampaignProcess(bool use_mpi = true);
// True when this binary was built with MPI (AIRGRID_HAVE_MPI).
bool CampaignHasMpi();

// Rows of one tuple from its trial sums (score(k) = value_sum[k] / Σ value_sum).
std::vector<ScoreRow> TupleRows(const Tuple& tuple, int tuple_index, const TupleScores& scores);

// 64-bit FNV-1a of the machine size and every job's (id, submit, runtime, procs, estimate):
// what a checkpoint remembers of the workload.
uint64_t WorkloadFingerprint(const workload::Workload& w);

// Position of tuple `index` for `seed` among `positions` valid starts, and the seed of its
// trials: the per-tuple stream (exposed for tests and tools that replay one tuple).
struct TupleDraw {
  int64_t position;
  uint64_t trial_seed;
};
TupleDraw DrawTuple(uint64_t seed, int64_t index, int64_t positions);

}  // namespace airgrid::learn
