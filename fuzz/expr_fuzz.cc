// expr: formulas (muparser behind a guard): a policy that scores, or an error; never undefined
// behaviour (UBSan) or a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "airgrid/sched/policy.h"
#include "airgrid/workload/job.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string formula(reinterpret_cast<const char*>(data), size);
  auto policy = airgrid::sched::MakePolicy("expr:" + formula);
  if (!policy.ok()) {
    airgrid::fuzz::CheckError(policy.status(), "expr:");
    return 0;
  }
  airgrid::workload::Job job;
  job.runtime = 3600;
  job.req_procs = 4;
  std::vector<airgrid::sched::JobFeatures> jobs(3);
  for (size_t i = 0; i < jobs.size(); ++i) {
    jobs[i] = {static_cast<double>(i) * 1e6, static_cast<double>(i + 1), 0, static_cast<double>(i), &job};
  }
  std::vector<double> scores(jobs.size());
  (*policy)->Score(jobs, scores);
  return 0;
}
