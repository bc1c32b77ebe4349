// A rigid parallel job and a workload (a machine size plus jobs in submit order).
//
// Fields mirror the 18 fields of the Standard Workload Format (SWF, Feitelson et al.);
// -1 means "missing" as in SWF. Times are whole seconds, sizes are processors.
// `procs` and `estimate` are the values a simulator uses, set by a filter (filter.h):
// procs = allocated processors (field 5), falling back to requested (field 8);
// estimate = requested time (field 9), or the runtime when the trace has none
// ("perfect estimate"; the filter report says how many jobs got it).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace airgrid::workload {

struct Job {
  int64_t id = -1;            // 1  job number
  int64_t submit = -1;        // 2  submit time (s)
  int64_t wait = -1;          // 3  wait time in the original system (s)
  int64_t runtime = -1;       // 4  run time (s)
  int32_t alloc_procs = -1;   // 5  allocated processors
  double avg_cpu = -1;        // 6  average CPU time used (s)
  double used_mem = -1;       // 7  used memory (KB per processor)
  int32_t req_procs = -1;     // 8  requested processors
  int64_t req_time = -1;      // 9  requested time (s): the user's estimate
  double req_mem = -1;        // 10 requested memory (KB per processor)
  int32_t status = -1;        // 11 status (1 completed, 0 failed, 5 cancelled, ...)
  int32_t user = -1;          // 12 user id
  int32_t group = -1;         // 13 group id
  int32_t executable = -1;    // 14 executable (application) number
  int32_t queue = -1;         // 15 queue number
  int32_t partition = -1;     // 16 partition number
  int64_t preceding = -1;     // 17 preceding job number
  int64_t think_time = -1;    // 18 think time from preceding job (s)

  // Simulation view, set by ApplyFilter (filter.h); -1 until then.
  int32_t procs = -1;         // processors the job occupies
  int64_t estimate = -1;      // requested time used by backfilling and `--estimates requested`
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
  // Records the SWF reader left out under InvalidRecords::kSkip: reason -> count (empty when
  // none was skipped).
  std::map<std::string, int64_t> skipped;
};

}  // namespace airgrid::workload
