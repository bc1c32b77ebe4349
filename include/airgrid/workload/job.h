// A rigid parallel job and a workload (a machine size plus jobs in submit order).
//
// Fields mirror the 18 fields of the Standard Workload Format (SWF, Feitelson et al.), split
// between Job (what simulations read) and SwfExtra (the rest); -1 means "missing" as in SWF.
// Times are whole seconds, sizes are processors.
// `procs` and `estimate` are the values a simulator uses, set by a filter (filter.h):
// procs = allocated processors (field 5), falling back to requested (field 8);
// estimate = requested time (field 9), or the runtime when the trace has none
// ("perfect estimate"; the filter report says how many jobs got it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace airgrid::workload {

// The fields a simulation reads (hot, 56 bytes: a 5 M-job trace holds 280 MB of them); the
// others are in SwfExtra, kept apart so that a run that never reads them can drop them.
struct Job {
  int64_t id = -1;            // 1  job number
  int64_t submit = -1;        // 2  submit time (s)
  int64_t runtime = -1;       // 4  run time (s)
  int64_t req_time = -1;      // 9  requested time (s): the user's estimate
  // Simulation view, set by ApplyFilter (filter.h); -1 until then.
  int64_t estimate = -1;      // requested time used by backfilling and `--estimates requested`
  int32_t alloc_procs = -1;   // 5  allocated processors
  int32_t req_procs = -1;     // 8  requested processors
  int32_t user = -1;          // 12 user id
  int32_t procs = -1;         // processors the job occupies (simulation view, see above)
};

static_assert(sizeof(Job) <= 56, "Job grew: whole-process memory at 5 M jobs counts it");

// The other SWF fields of a job: read and written with the file, seen by `expr:` formulas
// (their names are the formula variables), never by the simulator itself.
struct SwfExtra {
  int64_t wait = -1;          // 3  wait time in the original system (s)
  int64_t preceding = -1;     // 17 preceding job number
  int64_t think_time = -1;    // 18 think time from preceding job (s)
  double avg_cpu = -1;        // 6  average CPU time used (s)
  double used_mem = -1;       // 7  used memory (KB per processor)
  double req_mem = -1;        // 10 requested memory (KB per processor)
  int32_t status = -1;        // 11 status (1 completed, 0 failed, 5 cancelled, ...)
  int32_t group = -1;         // 13 group id
  int32_t executable = -1;    // 14 executable (application) number
  int32_t queue = -1;         // 15 queue number
  int32_t partition = -1;     // 16 partition number
};

// Header values of an SWF file ("; Label: value" lines), all optional.
struct SwfHeader {
  std::vector<std::pair<std::string, std::string>> fields;  // in file order, raw values
  int64_t max_procs = -1;   // leading integer of MaxProcs
  int64_t max_nodes = -1;   // leading integer of MaxNodes
  int64_t unix_start_time = -1;
  std::string time_zone_string;
};

struct Workload {
  std::string source;        // file path or generator description, for provenance
  int32_t machine_procs = 0; // M: processors of the homogeneous machine
  SwfHeader header;
  std::vector<Job> jobs;     // sorted by submit time (ties keep file order)
  // extra[i] holds the other SWF fields of jobs[i]; empty when not kept (DropSwfExtra), and
  // then every such field reads as -1. Code that removes or reorders jobs keeps it in step
  // (KeepJobs).
  std::vector<SwfExtra> extra;
  // Records the SWF reader left out under InvalidRecords::kSkip: reason -> count (empty when
  // none was skipped).
  std::map<std::string, int64_t> skipped;
};

// Keeps jobs [first, first + count) (and their extra fields, when kept).
inline void KeepJobs(Workload& w, size_t first, size_t count) {
  auto keep = [&](auto& v) {
    if (v.empty()) return;
    v.erase(v.begin() + static_cast<std::ptrdiff_t>(first + count), v.end());
    v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(first));
  };
  keep(w.jobs);
  keep(w.extra);
}

// Frees the extra fields (a simulation whose policies never read them: 72 bytes a job).
inline void DropSwfExtra(Workload& w) { std::vector<SwfExtra>().swap(w.extra); }

}  // namespace airgrid::workload
