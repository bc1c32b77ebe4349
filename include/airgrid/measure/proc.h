// CPU-time probes over /proc: how much CPU the tracked work used and how busy the machine was.
// The root folder is configurable so tests point it at a fake /proc tree.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "airgrid/base/status.h"

namespace airgrid::measure {

// Machine counters from <proc_root>/stat ("cpu" line, USER_HZ ticks).
struct ProcStat {
  double busy_s = 0, total_s = 0;
};
Result<ProcStat> ReadProcStat(const std::string& proc_root = "/proc");

// CPU times are errors as values: a probe that cannot read them says which file and why (the
// tracker then notes it and does not present a share as measured), never a silent 0.
class CpuProbe {
 public:
  virtual ~CpuProbe() = default;
  // Cumulative CPU seconds (user + system) of the tracked work.
  virtual Result<double> TrackedCpuSeconds() = 0;
  // Cumulative CPU seconds of the machine: busy (all CPUs: user nice system irq softirq steal)
  // and total (busy + idle + iowait).
  virtual Result<ProcStat> MachineCpuSeconds() = 0;
  // Resident memory (bytes) the tracked work holds now; < 0 when the probe cannot tell (the
  // tracker then charges RAM by the CPU share and says so).
  virtual double TrackedMemoryBytes() { return -1; }
  // The machine's memory (MemTotal, bytes); 0 when unknown.
  virtual double MachineMemoryBytes() { return 0; }
};

// MemTotal of <proc_root>/meminfo in bytes, 0 if unreadable.
double MemTotalBytes(const std::string& proc_root = "/proc");

// utime+stime (+ cutime+cstime when `with_children`) of one process from <proc_root>/<pid>/stat,
// in seconds; and its parent pid.
struct PidStat {
  pid_t ppid = 0;
  double self_s = 0, children_s = 0;
  double rss_bytes = 0;  // field 24 (pages) x page size
};
Result<PidStat> ReadPidStat(pid_t pid, const std::string& proc_root = "/proc");

// This process (RUSAGE_SELF + RUSAGE_CHILDREN) against the machine's /proc/stat.
class SelfCpuProbe : public CpuProbe {
 public:
  explicit SelfCpuProbe(std::string proc_root = "/proc") : root_(std::move(proc_root)) {}
  Result<double> TrackedCpuSeconds() override;  // getrusage
  Result<ProcStat> MachineCpuSeconds() override { return ReadProcStat(root_); }
  double TrackedMemoryBytes() override;  // <proc_root>/self/statm resident pages
  double MachineMemoryBytes() override { return MemTotalBytes(root_); }

 private:
  std::string root_;
};

// A process tree rooted at `root_pid`: every sample walks <proc_root> for descendants and sums
// their utime+stime plus cutime+cstime (children they reaped). A descendant that exits and is
// reaped by someone outside the tree between samples keeps its last seen figure (a member whose
// parent is still a live member is counted through the parent's cutime instead). After the root
// is reaped, SetFinal() supplies the figure from rusage (exact for waited-for descendants; the
// CLI makes itself a child subreaper so orphans are waited for too); the probe then reports
// max(walked, final).
class TreeCpuProbe : public CpuProbe {
 public:
  // With `count_root_self` false the root's own CPU time is left out (only what it reaped and
  // its live descendants count): `airgrid track` roots the walk at itself, as child subreaper,
  // so orphans of the tracked command stay in the tree and its own sampling is not charged.
  TreeCpuProbe(pid_t root_pid, std::string proc_root = "/proc", bool count_root_self = true)
      : root_pid_(root_pid), root_(std::move(proc_root)), count_root_self_(count_root_self) {}
  // An error when <proc_root> cannot be listed (before the root is reaped).
  Result<double> TrackedCpuSeconds() override;
  Result<ProcStat> MachineCpuSeconds() override { return ReadProcStat(root_); }
  void SetFinal(double cpu_seconds) { final_s_ = cpu_seconds; }
  // Sum of the live members' resident memory (the root's own left out with count_root_self
  // false); walks <proc_root> like TrackedCpuSeconds(). 0 once the tree is gone; -1 (unknown)
  // when the walk fails.
  double TrackedMemoryBytes() override;
  double MachineMemoryBytes() override { return MemTotalBytes(root_); }
  // The live members found by the last walk (for NVML's per-GPU process check).
  const std::vector<int>& LivePids() const { return live_; }

 private:
  pid_t root_pid_;
  std::string root_;
  bool count_root_self_ = true;
  struct Seen {
    pid_t ppid = 0;
    double self_s = 0, children_s = 0;
  };
  std::map<pid_t, Seen> seen_;  // every member ever seen, with its last figures
  double walked_s_ = 0;         // monotonic: the largest total seen
  double rss_bytes_ = 0;        // live members' resident memory at the last walk
  std::vector<int> live_;       // live members at the last walk
  double final_s_ = -1;
};

}  // namespace airgrid::measure
