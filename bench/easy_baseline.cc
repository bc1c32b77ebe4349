// The distance to the limit (issue 18): a minimal hand-written EASY loop, to time airgrid's
// `simulate --backfill easy` against. Standalone on purpose: no airgrid code, only zlib to
// read the trace, one file, no options beyond the policy, no error recovery.
//
// It reproduces airgrid's documented semantics (docs/methodology.md, sched/backfill.h) for the
// trace protocol with the sc17 filter, exact timing, the whole queue visible:
//  - filter: processors = field 5; keep jobs with processors in [1, M] and runtime > 0, and
//    requested time > 0 when the trace has any (else estimate = runtime);
//  - at each event time: completions, then arrivals, then starts; the queue is ordered by
//    (score, submit, id): FCFS scores the submit time, F1 = log10(p)·q + 870.96·log10(r) with
//    p = runtime (`--estimates actual`), q = processors, r = submit − first submit, log10 of
//    max(x, 1);
//  - EASY: start the head while it fits; else its shadow time and extra processors from the
//    running jobs by (start + estimate, start order), then start the first other job in
//    queue order with (procs <= free and now + estimate <= shadow) or procs <= min(free,
//    extra), and decide again.
// What it leaves out: other filters, protocols, policies, look-ahead, metrics beyond the mean
// bounded slowdown (tau 10 s), the decision-cost timer, input checks.
//
// usage: easy_baseline TRACE.swf[.gz] fcfs|f1 [starts.csv]
//   prints jobs, mean bounded slowdown, parse and simulation CPU seconds; writes "id,start" per
//   job (in start order) to starts.csv when given.
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <queue>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace {

struct Job {
  int64_t id, submit, runtime, estimate;
  int32_t procs;
};

struct Trace {
  int64_t machine = 0;
  std::vector<Job> jobs;
};

int64_t HeaderValue(const char* line, const char* label) {
  const char* p = std::strstr(line, label);
  return p ? std::atoll(p + std::strlen(label)) : -1;
}

// The whole (decompressed) file in memory, then one pass of std::from_chars.
std::string Slurp(const char* path) {
  gzFile f = gzopen(path, "rb");  // reads plain files too
  if (!f) {
    std::fprintf(stderr, "cannot open %s\n", path);
    std::exit(2);
  }
  std::string text;
  char buffer[1 << 16];
  for (int n; (n = gzread(f, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<size_t>(n));
  gzclose(f);
  return text;
}

Trace Read(const char* path) {
  const std::string text = Slurp(path);
  Trace t;
  int64_t max_procs = -1, max_nodes = -1;
  std::vector<Job> raw;
  bool any_request = false;
  for (size_t pos = 0, eol; pos < text.size(); pos = eol + 1) {
    eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    const char* p = text.data() + pos;
    const char* end = text.data() + eol;
    if (*p == ';') {
      const std::string line(p, end);
      if (int64_t v = HeaderValue(line.c_str(), "MaxProcs:"); v > 0) max_procs = v;
      if (int64_t v = HeaderValue(line.c_str(), "MaxNodes:"); v > 0) max_nodes = v;
      continue;
    }
    int64_t v[18];
    int n = 0;
    for (; n < 18; ++n) {
      while (p < end && (*p == ' ' || *p == '\t')) ++p;
      auto [next, ec] = std::from_chars(p, end, v[n]);
      if (ec != std::errc()) break;
      p = next;
      while (p < end && *p != ' ' && *p != '\t') ++p;  // decimals 6, 7, 10: not used here
    }
    if (n < 18) continue;  // blank line
    raw.push_back({v[0], v[1], v[3], v[8], static_cast<int32_t>(v[4])});
    any_request |= v[8] > 0;
  }
  t.machine = max_procs > 0 ? max_procs : max_nodes;
  for (Job j : raw) {
    if (j.procs <= 0 || j.procs > t.machine || j.runtime <= 0) continue;
    if (any_request && j.estimate <= 0) continue;
    if (!any_request) j.estimate = j.runtime;
    t.jobs.push_back(j);
  }
  return t;
}

double Log10AtLeast1(double x) { return std::log10(std::max(x, 1.0)); }

struct Simulation {
  const std::vector<Job>& jobs;
  bool f1;
  int64_t free;
  int64_t now = 0;
  int64_t seq = 0;
  std::vector<int64_t> start;
  // (score, submit, id, index): the queue in policy order.
  std::set<std::tuple<double, int64_t, int64_t, int32_t>> queue;
  // (requested end, start order, procs): running jobs as EASY walks them.
  std::set<std::tuple<int64_t, int64_t, int32_t>> running;
  // (end, start order, requested end, procs): completions.
  std::priority_queue<std::tuple<int64_t, int64_t, int64_t, int32_t>,
                      std::vector<std::tuple<int64_t, int64_t, int64_t, int32_t>>,
                      std::greater<>> ends;

  double Score(const Job& j) const {
    if (!f1) return static_cast<double>(j.submit);
    const double r = static_cast<double>(std::max<int64_t>(0, j.submit - jobs[0].submit));
    const double s = Log10AtLeast1(static_cast<double>(j.runtime)) * j.procs +
                     870.96 * Log10AtLeast1(r);
    return std::isnan(s) ? INFINITY : s;
  }

  void Start(int32_t i) {
    const Job& j = jobs[static_cast<size_t>(i)];
    free -= j.procs;
    start[static_cast<size_t>(i)] = now;
    ends.push({now + j.runtime, seq, now + j.estimate, j.procs});
    running.insert({now + j.estimate, seq, j.procs});
    ++seq;
  }

  // One start; false when nothing can start.
  bool StartOne() {
    if (queue.empty()) return false;
    auto head = queue.begin();
    const Job& h = jobs[static_cast<size_t>(std::get<3>(*head))];
    if (h.procs <= free) {
      Start(std::get<3>(*head));
      queue.erase(head);
      return true;
    }
    int64_t avail = free, shadow = now, extra = 0;
    for (const auto& [req_end, s, procs] : running) {
      avail += procs;
      if (avail >= h.procs) {
        shadow = req_end;
        extra = avail - h.procs;
        break;
      }
    }
    for (auto it = std::next(head); it != queue.end(); ++it) {
      const Job& c = jobs[static_cast<size_t>(std::get<3>(*it))];
      if ((c.procs <= free && now + c.estimate <= shadow) || c.procs <= std::min(free, extra)) {
        Start(std::get<3>(*it));
        queue.erase(it);
        return true;
      }
    }
    return false;
  }

  void Run() {
    const size_t n = jobs.size();
    start.assign(n, -1);
    size_t next = 0, started = 0;
    while (started < n) {
      now = INT64_MAX;
      if (!ends.empty()) now = std::get<0>(ends.top());
      if (next < n) now = std::min(now, jobs[next].submit);
      while (!ends.empty() && std::get<0>(ends.top()) <= now) {
        const auto [end, s, req_end, procs] = ends.top();
        ends.pop();
        free += procs;
        running.erase({req_end, s, procs});
      }
      for (; next < n && jobs[next].submit <= now; ++next) {
        queue.insert({Score(jobs[next]), jobs[next].submit, jobs[next].id,
                      static_cast<int32_t>(next)});
      }
      while (StartOne()) ++started;
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || (std::strcmp(argv[2], "fcfs") != 0 && std::strcmp(argv[2], "f1") != 0)) {
    std::fprintf(stderr, "usage: easy_baseline TRACE fcfs|f1 [starts.csv]\n");
    return 2;
  }
  // CPU time of the process (the shared machine's wall time is noise).
  const auto cpu = [] { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
  const double t0 = cpu();
  const Trace t = Read(argv[1]);
  const double t1 = cpu();
  Simulation sim{t.jobs, std::strcmp(argv[2], "f1") == 0, t.machine, 0, 0, {}, {}, {}, {}};
  sim.Run();
  double bsld = 0;
  for (size_t i = 0; i < t.jobs.size(); ++i) {
    const Job& j = t.jobs[i];
    const double wait_plus_run = static_cast<double>(sim.start[i] + j.runtime - j.submit);
    bsld += std::max(1.0, wait_plus_run / std::max(static_cast<double>(j.runtime), 10.0));
  }
  const double t2 = cpu();
  std::printf("jobs %zu machine %lld avg_bsld %.6f parse_cpu_s %.3f simulate_cpu_s %.3f\n",
              t.jobs.size(), static_cast<long long>(t.machine),
              bsld / static_cast<double>(t.jobs.size()), t1 - t0, t2 - t1);
  if (argc > 3) {
    FILE* out = std::fopen(argv[3], "w");
    if (!out) return 2;
    for (size_t i = 0; i < t.jobs.size(); ++i)
      std::fprintf(out, "%lld,%lld\n", static_cast<long long>(t.jobs[i].id),
                   static_cast<long long>(sim.start[i]));
    std::fclose(out);
  }
  return 0;
}
