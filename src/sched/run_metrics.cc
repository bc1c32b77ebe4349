#include "airgrid/sched/run_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "airgrid/base/csv.h"
#include "airgrid/metrics/fairness.h"

namespace airgrid::sched {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double MeanOr(double sum, int64_t n) { return n ? sum / static_cast<double>(n) : kNaN; }

// Running sums of one window while the records stream by.
struct WindowAccumulator {
  int64_t jobs = 0;
  double bsld_sum = 0, wait_sum = 0;
  int64_t first_submit = std::numeric_limits<int64_t>::max();
  int64_t last_end = std::numeric_limits<int64_t>::min();
  double busy = 0;  // processor-seconds inside [first_submit, last_end]
};

std::vector<WindowAccumulator> AccumulateWindows(const RunResult& run, double tau) {
  int32_t count = std::max(run.windows, 1);
  for (const JobRecord& r : run.jobs) count = std::max(count, r.window + 1);
  std::vector<WindowAccumulator> acc(static_cast<size_t>(count));
  for (const JobRecord& r : run.jobs) {
    if (!r.counted) continue;
    WindowAccumulator& a = acc[static_cast<size_t>(r.window)];
    ++a.jobs;
    a.bsld_sum += BoundedSlowdown(r, tau);
    a.wait_sum += static_cast<double>(r.Wait());
    a.first_submit = std::min(a.first_submit, r.submit);
    a.last_end = std::max(a.last_end, r.end);
  }
  // Occupancy counts every job (state jobs too) clipped to the counted jobs' interval.
  for (const JobRecord& r : run.jobs) {
    WindowAccumulator& a = acc[static_cast<size_t>(r.window)];
    if (a.jobs == 0) continue;
    const int64_t lo = std::max(r.start, a.first_submit);
    const int64_t hi = std::min(r.end, a.last_end);
    if (hi > lo) a.busy += static_cast<double>(r.procs) * static_cast<double>(hi - lo);
  }
  return acc;
}

void FillWindows(const RunResult& run, double tau, RunMetrics* m) {
  const std::vector<WindowAccumulator> acc = AccumulateWindows(run, tau);
  double busy = 0, capacity = 0;
  std::vector<double> window_bslds;
  for (size_t w = 0; w < acc.size(); ++w) {
    const WindowAccumulator& a = acc[w];
    if (a.jobs == 0) continue;
    WindowMetrics wm;
    wm.window = static_cast<int32_t>(w);
    wm.jobs = a.jobs;
    wm.avg_bsld = a.bsld_sum / static_cast<double>(a.jobs);
    wm.mean_wait = a.wait_sum / static_cast<double>(a.jobs);
    wm.makespan = a.last_end - a.first_submit;
    const double cap = static_cast<double>(run.machine_procs) * static_cast<double>(wm.makespan);
    wm.utilization = cap > 0 ? a.busy / cap : kNaN;
    busy += a.busy;
    capacity += cap;
    m->makespan += wm.makespan;
    window_bslds.push_back(wm.avg_bsld);
    m->per_window.push_back(wm);
  }
  m->utilization = capacity > 0 ? busy / capacity : kNaN;
  const metrics::Summary s = metrics::Summarize(window_bslds);
  m->avg_bsld_stddev = s.stddev;
  m->avg_bsld_min = s.min;
  m->avg_bsld_max = s.max;
  // Trace mode averages over jobs; the other protocols over windows (SC'17 AVEbsld).
  m->avg_bsld = run.protocol == "trace" ? m->bsld.mean : s.mean;
}

void FillFairness(const RunResult& run, double tau, double gini_wait, FairnessMetrics* f) {
  struct Sums { int64_t jobs = 0; double bsld = 0, wait = 0; };
  std::map<int32_t, Sums> by_user;
  for (const JobRecord& r : run.jobs) {
    if (!r.counted) continue;
    if (r.user < 0) {
      ++f->jobs_without_user;
      continue;
    }
    Sums& s = by_user[r.user];
    ++s.jobs;
    s.bsld += BoundedSlowdown(r, tau);
    s.wait += static_cast<double>(r.Wait());
  }
  std::vector<double> service;
  for (const auto& [user, s] : by_user) {
    UserMetrics u{user, s.jobs, s.bsld / static_cast<double>(s.jobs),
                  s.wait / static_cast<double>(s.jobs)};
    f->per_user.push_back(u);
    service.push_back(1.0 / u.mean_bsld);  // mean_bsld >= 1: service in (0, 1]
    if (!f->worst_user || u.mean_bsld > f->worst_user->mean_bsld) f->worst_user = u;
  }
  f->users = static_cast<int64_t>(by_user.size());
  // No user to compare (e.g. generated workloads without user ids): no index, not "fair".
  f->jain_service = service.empty() ? kNaN : metrics::JainIndex(service);
  f->gini_wait = gini_wait;
}

void FillClasses(const RunResult& run, const MetricsOptions& o, RunMetrics* m) {
  static constexpr const char* kNames[4] = {"small-short", "small-long", "large-short",
                                            "large-long"};
  int64_t n[4] = {0, 0, 0, 0};
  double bsld[4] = {0, 0, 0, 0}, wait[4] = {0, 0, 0, 0};
  for (const JobRecord& r : run.jobs) {
    if (!r.counted) continue;
    const int c = (r.procs > o.small_procs ? 2 : 0) + (r.runtime > o.short_runtime ? 1 : 0);
    ++n[c];
    bsld[c] += BoundedSlowdown(r, o.tau);
    wait[c] += static_cast<double>(r.Wait());
  }
  for (int c = 0; c < 4; ++c) {
    m->classes.push_back({kNames[c], n[c], MeanOr(bsld[c], n[c]), MeanOr(wait[c], n[c])});
  }
}

void FillCost(const DecisionCost& c, CostMetrics* out) {
  out->decisions = c.decisions;
  out->jobs_scored = c.jobs_scored;
  out->policy_seconds = c.policy_seconds;
  out->timed_calls = c.timed_calls;
  out->ns_per_job_scored =
      c.jobs_scored > 0 ? c.policy_seconds * 1e9 / static_cast<double>(c.jobs_scored) : kNaN;
}

nlohmann::json Num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

nlohmann::json SummaryJson(const metrics::Summary& s) {
  return {{"mean", Num(s.mean)}, {"median", Num(s.median)}, {"p95", Num(s.p95)},
          {"p99", Num(s.p99)},   {"max", Num(s.max)}};
}

nlohmann::json UserJson(const UserMetrics& u) {
  return {{"user", u.user}, {"jobs", u.jobs}, {"mean_bsld", Num(u.mean_bsld)},
          {"mean_wait_s", Num(u.mean_wait)}};
}

// Fixed-width number for tables; "-" when undefined.
std::string Cell(double v, int precision) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, precision) : std::string("-");
}

std::string WorstUserCell(const FairnessMetrics& f) {
  if (!f.worst_user) return "-";
  const int64_t n = f.worst_user->jobs;
  return fmt::format("{} ({:.1f}; {} job{})", f.worst_user->user, f.worst_user->mean_bsld, n,
                     n == 1 ? "" : "s");
}

// Wall time with a unit that keeps three significant digits readable.
std::string DurationCell(double seconds) {
  if (!std::isfinite(seconds)) return "-";
  if (seconds >= 1) return fmt::format("{:.2f} s", seconds);
  if (seconds >= 1e-3) return fmt::format("{:.2f} ms", seconds * 1e3);
  return fmt::format("{:.2f} us", seconds * 1e6);
}

}  // namespace

MetricsOptions ResolveMetricsOptions(const MetricsOptions& options, int32_t machine_procs) {
  MetricsOptions o = options;
  if (o.small_procs <= 0) o.small_procs = std::max<int32_t>(1, machine_procs / 32);
  return o;
}

double Slowdown(const JobRecord& r) {
  const double run = static_cast<double>(std::max<int64_t>(r.end - r.start, 1));
  return static_cast<double>(r.Turnaround()) / run;
}

RunMetrics ComputeRunMetrics(const RunResult& run, const MetricsOptions& options) {
  RunMetrics m;
  m.policy = run.policy;
  m.backfill = run.backfill;
  m.estimates = run.estimates;
  m.protocol = run.protocol;
  m.machine_procs = run.machine_procs;
  m.options = ResolveMetricsOptions(options, run.machine_procs);
  m.windows = run.windows;
  const double tau = m.options.tau;

  // One per-job vector at a time, summarised in place (8 bytes a job, not 4 x 8 plus copies:
  // at 5 M jobs that is the difference between 40 and 200 MB).
  std::vector<double> values;
  values.reserve(run.jobs.size());
  auto summarize = [&](auto value_of) {
    values.clear();
    for (const JobRecord& r : run.jobs) {
      if (r.counted) values.push_back(value_of(r));
    }
    return metrics::SummarizeInPlace(values);
  };
  m.wait = summarize([](const JobRecord& r) { return static_cast<double>(r.Wait()); });
  m.jobs = static_cast<int64_t>(values.size());
  const double gini_wait = metrics::GiniInPlace(values);  // (order-free: it sorts)
  m.turnaround = summarize([](const JobRecord& r) { return static_cast<double>(r.Turnaround()); });
  m.slowdown = summarize([](const JobRecord& r) { return Slowdown(r); });
  m.bsld = summarize([tau](const JobRecord& r) { return BoundedSlowdown(r, tau); });
  std::vector<double>().swap(values);
  FillWindows(run, tau, &m);
  FillFairness(run, tau, gini_wait, &m.fairness);
  FillClasses(run, m.options, &m);
  FillCost(run.cost, &m.cost);
  return m;
}

nlohmann::json ToJson(const RunMetrics& m) {
  nlohmann::json j;
  j["policy"] = m.policy;
  j["backfill"] = m.backfill;
  j["estimates"] = m.estimates;
  j["protocol"] = m.protocol;
  j["machine_procs"] = m.machine_procs;
  j["tau_s"] = m.options.tau;
  j["jobs"] = m.jobs;
  j["windows"] = m.windows;
  j["avg_bsld"] = Num(m.avg_bsld);
  j["avg_bsld_spread"] = {{"stddev", Num(m.avg_bsld_stddev)},
                          {"min", Num(m.avg_bsld_min)},
                          {"max", Num(m.avg_bsld_max)}};
  j["wait_s"] = SummaryJson(m.wait);
  j["turnaround_s"] = SummaryJson(m.turnaround);
  j["slowdown"] = SummaryJson(m.slowdown);
  j["bsld"] = SummaryJson(m.bsld);
  j["utilization"] = Num(m.utilization);
  j["makespan_s"] = m.makespan;

  const FairnessMetrics& f = m.fairness;
  nlohmann::json users = nlohmann::json::array();
  for (const UserMetrics& u : f.per_user) users.push_back(UserJson(u));
  j["fairness"] = {{"users", f.users},
                   {"jobs_without_user", f.jobs_without_user},
                   {"jain_service", Num(f.jain_service)},
                   {"worst_user", f.worst_user ? UserJson(*f.worst_user) : nlohmann::json()},
                   {"gini_wait", Num(f.gini_wait)},
                   {"per_user", users}};

  nlohmann::json classes = nlohmann::json::array();
  for (const ClassMetrics& c : m.classes) {
    classes.push_back({{"class", c.name}, {"jobs", c.jobs}, {"mean_bsld", Num(c.mean_bsld)},
                       {"mean_wait_s", Num(c.mean_wait)}});
  }
  j["job_classes"] = {{"small_procs", m.options.small_procs},
                      {"short_runtime_s", m.options.short_runtime},
                      {"classes", classes}};

  j["decision_cost"] = {{"decisions", m.cost.decisions},
                        {"jobs_scored", m.cost.jobs_scored},
                        {"policy_seconds", m.cost.policy_seconds},
                        {"policy_seconds_method",
                         fmt::format("sampled: 1 Score call in {} timed (steady clock), scaled "
                                     "by jobs scored",
                                     kPolicyTimerStride)},
                        {"timed_calls", m.cost.timed_calls},
                        {"ns_per_job_scored", Num(m.cost.ns_per_job_scored)}};

  nlohmann::json windows = nlohmann::json::array();
  for (const WindowMetrics& w : m.per_window) {
    windows.push_back({{"window", w.window}, {"jobs", w.jobs}, {"avg_bsld", Num(w.avg_bsld)},
                       {"mean_wait_s", Num(w.mean_wait)}, {"makespan_s", w.makespan},
                       {"utilization", Num(w.utilization)}});
  }
  j["per_window"] = windows;
  return j;
}

std::string RenderTable(std::span<const RunMetrics> runs) {
  constexpr const char* kRow =
      "{:<14} {:<12} {:<9} {:>10} {:>9} {:>11} {:>11} {:>6} {:>6}  {:<24} {:>11} {:>11}\n";
  std::string out = fmt::format(kRow, "policy", "backfill", "estimates", "avg_bsld", "±stddev",
                                "mean_wait_s", "p99_wait_s", "util", "jain", "worst user (bsld)",
                                "decisions", "policy time");
  for (const RunMetrics& m : runs) {
    out += fmt::format(kRow, m.policy, m.backfill, m.estimates, Cell(m.avg_bsld, 2),
                       Cell(m.avg_bsld_stddev, 2), Cell(m.wait.mean, 0), Cell(m.wait.p99, 0),
                       Cell(m.utilization, 3), Cell(m.fairness.jain_service, 3),
                       WorstUserCell(m.fairness), m.cost.decisions,
                       DurationCell(m.cost.policy_seconds));
  }
  return out;
}

std::string RenderClassTable(std::span<const RunMetrics> runs) {
  constexpr const char* kRow = "{:<14} {:<12} {:<12} {:>8} {:>10} {:>11}\n";
  std::string out =
      fmt::format(kRow, "policy", "backfill", "class", "jobs", "mean_bsld", "mean_wait_s");
  for (const RunMetrics& m : runs) {
    for (const ClassMetrics& c : m.classes) {
      out += fmt::format(kRow, m.policy, m.backfill, c.name, c.jobs, Cell(c.mean_bsld, 2),
                         Cell(c.mean_wait, 0));
    }
  }
  return out;
}

void AppendJobsCsv(const RunResult& run, double tau, std::string* out) {
  const std::string policy = CsvEscape(run.policy);  // policy specs such as "expr:max(p,q)" hold commas
  for (const JobRecord& r : run.jobs) {
    if (!r.counted) continue;
    fmt::format_to(std::back_inserter(*out), "{},{},{},{},{},{},{},{},{},{},{},{}\n", policy,
                   r.id, r.submit, r.start, r.end, r.procs, r.Wait(), BoundedSlowdown(r, tau),
                   r.user, r.window, run.backfill, run.estimates);
  }
}

}  // namespace airgrid::sched
