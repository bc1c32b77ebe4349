// Named job filters (see filter.h for what each keeps and how it sets procs/estimate).
#include "airgrid/workload/filter.h"

#include <algorithm>
#include <string>
#include <utility>

namespace airgrid::workload {
namespace {

// Drop reasons, in the order they are tested: a job is counted under the first that applies.
constexpr const char* kNoProcs = "procs <= 0";
constexpr const char* kNoRuntime = "runtime <= 0";
constexpr const char* kNegativeRuntime = "runtime < 0";
constexpr const char* kZeroRuntime = "runtime == 0";
constexpr const char* kNoRequest = "requested time <= 0";
constexpr const char* kTooWide = "wider than the machine";

class Dropper {
 public:
  explicit Dropper(FilterReport& report) : report_(report) {}
  void Drop(const char* reason) {
    for (auto& [r, n] : report_.dropped) {
      if (r == reason) {
        ++n;
        return;
      }
    }
    report_.dropped.emplace_back(reason, 1);
  }

 private:
  FilterReport& report_;
};

int32_t AllocatedElseRequested(const Job& j) { return j.alloc_procs > 0 ? j.alloc_procs : j.req_procs; }

// Requested time, or the runtime when the trace gives none (-1, or 0 which cannot be an
// estimate): the "perfect estimate" of SC'17 and RLScheduler.
int64_t EstimateOf(const Job& j, FilterReport& report) {
  if (j.req_time > 0) return j.req_time;
  ++report.perfect_estimates;
  return j.runtime;
}

bool AnyRequestedTime(const Workload& w) {
  return std::any_of(w.jobs.begin(), w.jobs.end(), [](const Job& j) { return j.req_time > 0; });
}

// Returns the drop reason, or nullptr to keep `j` (whose procs/estimate are then set).
using Rule = const char* (*)(Job& j, bool has_requests, FilterReport& report);

// As the artifact's test_sched_perfomrance_*.py: the size is SWF field 5 (allocated
// processors) only, and a job with field 5 <= 0 is dropped even when field 8 is set.
const char* Sc17Rule(Job& j, bool has_requests, FilterReport& report) {
  j.procs = j.alloc_procs;
  if (j.procs <= 0) return kNoProcs;
  if (j.runtime <= 0) return kNoRuntime;
  // A model trace without any requested time (lublin_256.swf) is simulated with perfect
  // estimates, as SC'17 did; in a trace that records requests, a job without one is dropped.
  if (has_requests && j.req_time <= 0) return kNoRequest;
  j.estimate = EstimateOf(j, report);
  return nullptr;
}

const char* RlschedulerRule(Job& j, bool, FilterReport& report) {
  if (j.runtime == 0) return kZeroRuntime;
  if (j.runtime == -1) {
    j.runtime = 10;
    ++report.runtime_defaulted;
  }
  if (j.runtime < 0) return kNegativeRuntime;
  j.procs = std::max(j.alloc_procs, j.req_procs);
  if (j.procs <= 0) return kNoProcs;
  j.estimate = EstimateOf(j, report);
  return nullptr;
}

const char* NoneRule(Job& j, bool, FilterReport& report) {
  j.procs = AllocatedElseRequested(j);
  if (j.procs <= 0) return kNoProcs;
  if (j.runtime < 0) return kNegativeRuntime;
  j.estimate = EstimateOf(j, report);
  return nullptr;
}

Rule RuleFor(const std::string& name) {
  if (name == "sc17") return &Sc17Rule;
  if (name == "rlscheduler") return &RlschedulerRule;
  if (name == "none") return &NoneRule;
  return nullptr;
}

}  // namespace

std::vector<std::string> FilterNames() { return {"sc17", "rlscheduler", "none"}; }

std::string FilterReport::Describe() const {
  std::string s = "filter " + filter + ": kept " + std::to_string(jobs_kept) + " of " +
                  std::to_string(jobs_in) + " jobs";
  if (!dropped.empty()) {
    s += "; dropped";
    for (size_t i = 0; i < dropped.size(); ++i) {
      s += (i ? ", " : " ") + dropped[i].first + ": " + std::to_string(dropped[i].second);
    }
  }
  if (perfect_estimates > 0) {
    s += "; " + std::to_string(perfect_estimates) +
         " without requested time use their runtime as estimate";
  }
  if (runtime_defaulted > 0) {
    s += "; " + std::to_string(runtime_defaulted) + " with runtime -1 set to 10 s";
  }
  return s;
}

Result<FilterReport> ApplyFilter(const std::string& name, Workload& w) {
  Rule rule = RuleFor(name);
  if (rule == nullptr) {
    std::string names;
    for (const std::string& n : FilterNames()) names += (names.empty() ? "" : ", ") + n;
    return Status::InvalidInput("unknown filter \"" + name + "\": expected one of " + names);
  }
  if (!w.extra.empty() && w.extra.size() != w.jobs.size()) {
    return Status::Internal(w.source + ": " + std::to_string(w.extra.size()) +
                            " extra SWF records for " + std::to_string(w.jobs.size()) + " jobs");
  }
  FilterReport report;
  report.filter = name;
  report.jobs_in = static_cast<int64_t>(w.jobs.size());
  const bool has_requests = AnyRequestedTime(w);
  Dropper dropper(report);
  size_t kept = 0;
  for (size_t i = 0; i < w.jobs.size(); ++i) {
    Job j = w.jobs[i];
    const int64_t perfect_before = report.perfect_estimates;
    const int64_t defaulted_before = report.runtime_defaulted;
    const char* reason = rule(j, has_requests, report);
    if (reason == nullptr && j.procs > w.machine_procs) reason = kTooWide;
    if (reason != nullptr) {
      // Counters describe kept jobs only.
      report.perfect_estimates = perfect_before;
      report.runtime_defaulted = defaulted_before;
      dropper.Drop(reason);
      continue;
    }
    if (!w.extra.empty()) w.extra[kept] = w.extra[i];
    w.jobs[kept++] = j;
  }
  w.jobs.resize(kept);
  if (!w.extra.empty()) w.extra.resize(kept);
  report.jobs_kept = static_cast<int64_t>(kept);
  return report;
}

}  // namespace airgrid::workload
