#include "airgrid/workload/summary.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

namespace airgrid::workload {
namespace {

// Median of `v` (reordered); 0 when empty.
double Median(std::vector<double>& v) {
  if (v.empty()) return 0;
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  double hi = v[mid];
  if (v.size() % 2 == 1) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + mid);
  return (lo + hi) / 2;
}

void SummarizeEstimates(const Workload& w, WorkloadSummary& s) {
  std::vector<double> ratio;
  int64_t overrun = 0;
  double sum = 0;
  for (const Job& j : w.jobs) {
    if (j.req_time <= 0 || j.runtime < 0) continue;
    const double r = static_cast<double>(j.runtime) / static_cast<double>(j.req_time);
    ratio.push_back(r);
    sum += r;
    overrun += j.runtime > j.req_time;
  }
  s.jobs_with_estimate = static_cast<int64_t>(ratio.size());
  if (ratio.empty()) return;
  s.mean_accuracy = sum / static_cast<double>(ratio.size());
  s.overrun_share = static_cast<double>(overrun) / static_cast<double>(ratio.size());
  s.median_accuracy = Median(ratio);
}

}  // namespace

WorkloadSummary Summarize(const Workload& w) {
  WorkloadSummary s;
  s.jobs = static_cast<int64_t>(w.jobs.size());
  if (w.jobs.empty()) return s;
  s.first_submit = w.jobs.front().submit;
  s.last_submit = w.jobs.back().submit;
  s.span_s = static_cast<double>(s.last_submit - s.first_submit);
  std::unordered_set<int32_t> users;
  std::vector<double> procs, runtimes;
  procs.reserve(w.jobs.size());
  runtimes.reserve(w.jobs.size());
  double area = 0, runtime_sum = 0;
  int64_t serial = 0;
  for (const Job& j : w.jobs) {
    const double q = std::max(j.procs, 0);
    const double p = static_cast<double>(std::max<int64_t>(j.runtime, 0));
    area += p * q;
    runtime_sum += p;
    serial += j.procs == 1;
    procs.push_back(q);
    runtimes.push_back(p);
    if (j.user >= 0) users.insert(j.user);
  }
  s.users = static_cast<int64_t>(users.size());
  s.serial_share = static_cast<double>(serial) / static_cast<double>(s.jobs);
  s.mean_runtime_s = runtime_sum / static_cast<double>(s.jobs);
  s.median_procs = Median(procs);
  s.median_runtime_s = Median(runtimes);
  if (s.span_s > 0 && w.machine_procs > 0) s.offered_load = area / (w.machine_procs * s.span_s);
  SummarizeEstimates(w, s);
  return s;
}

}  // namespace airgrid::workload
