// User runtime estimates for workloads that have none (the Lublin–Feitelson model): the model
// of Tsafrir, Etsion & Feitelson, "Modeling User Runtime Estimates", JSSPP 2005 (LNCS 3834,
// pp. 1–35), as its authors' reference implementation (est_model.cc, m_tsafrir05 in the
// Parallel Workloads Archive) builds it, without user-supplied bins:
//  - the number of distinct estimate values K grows with the number of jobs N (the model's
//    piecewise-linear fit: 20 values at 200 jobs, 90 at 10 000, 340 at 70 000, 565 at 250 000);
//  - the head: the 20 most popular values are the maximal estimate, the 15 "joint" values
//    seen in all four traces the model was fitted on (5, 10, 15, 20, 30 min, 1, 2, 3, 4, 5, 6,
//    8, 10, 12, 18 h) below it, completed with round values below the maximum; they take 89%
//    of the jobs; popularity rank x = 2..20 gets a·e^(b·x) + c percent (a = 14.0491,
//    b = −0.177531, c = 0.462513) and the maximal estimate (rank 1) the rest of the 89%;
//    which value gets which rank follows one of the four traces' observed time-rank to
//    popularity-rank tables (drawn at random), the maximum keeping rank 1;
//  - the tail: K − 20 values at relative times y = (α − 1)·x / (α − x) of the maximum
//    (x = relative time rank, α = 1 + 12.1039·K^−0.6026), rounded to minutes, with sizes
//    795.6·r^−2.267 (r = popularity rank ≥ 21) scaled to the remaining 11%, matched at random;
//  - assignment: jobs in decreasing runtime order each draw uniformly among the remaining
//    estimates that are at least their runtime (the model's est_assign), so every estimate is
//    ≥ the runtime.
// Deterministic for the seed. Differences from the reference: our own seeded generator
// (splitmix64) instead of drand48; tail values that collide are moved by whole minutes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/workload/job.h"

namespace airgrid::workload {

struct TsafrirOptions {
  uint64_t seed = 1;
  // The largest estimate users may give (s). 0: the smallest whole hour >= the longest runtime
  // (at least one hour, as the model requires).
  int64_t max_estimate_s = 0;
};

// The model's histogram: estimate values (s) and how many jobs use each, for `jobs` jobs.
struct EstimateBin {
  int64_t seconds = 0;
  int64_t jobs = 0;
};
Result<std::vector<EstimateBin>> TsafrirHistogram(int64_t jobs, int64_t max_estimate_s,
                                                  uint64_t seed);

// Sets req_time and estimate of every job of `w` from the model. InvalidInput when a runtime
// exceeds max_estimate_s, or too many jobs are longer than the model's estimates allow.
// Appends the model and its parameters to w->source and the SWF header.
Status ApplyTsafrirEstimates(const TsafrirOptions& options, Workload* w);

// "tsafrir"; anything else is InvalidInput naming the accepted models ("none" is accepted and
// means no model).
Status CheckEstimateModel(const std::string& name);

}  // namespace airgrid::workload
