#include "airgrid/measure/proc.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "airgrid/base/atomic_file.h"

namespace airgrid::measure {

namespace {

double TicksPerSecond() {
  static const double hz = [] {
    long v = sysconf(_SC_CLK_TCK);
    return v > 0 ? static_cast<double>(v) : 100.0;
  }();
  return hz;
}

double TimevalSeconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + 1e-6 * static_cast<double>(tv.tv_usec);
}

}  // namespace

Result<ProcStat> ReadProcStat(const std::string& proc_root) {
  const std::string path = proc_root + "/stat";
  auto text = ReadFile(path);
  if (!text.ok()) return Status::Unavailable(text.status().message());
  std::istringstream in(*text);
  std::string label;
  in >> label;
  if (label != "cpu") return Status::InvalidInput(path + ": line 1: expected the aggregate 'cpu' line");
  // user nice system idle iowait irq softirq steal (guest time is already inside user/nice).
  std::vector<double> v;
  double x;
  while (v.size() < 8 && in >> x) v.push_back(x);
  if (v.size() < 4) return Status::InvalidInput(path + ": line 1: expected at least 4 counters");
  v.resize(8, 0.0);
  ProcStat s;
  const double hz = TicksPerSecond();
  s.busy_s = (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / hz;
  s.total_s = s.busy_s + (v[3] + v[4]) / hz;
  return s;
}

Result<PidStat> ReadPidStat(pid_t pid, const std::string& proc_root) {
  const std::string path = proc_root + "/" + std::to_string(pid) + "/stat";
  auto read = ReadFile(path);
  if (!read.ok() || read->empty()) return Status::NotFound(path + ": no such process");
  const std::string& text = *read;
  // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return Status::InvalidInput(path + ": expected '(comm)'");
  std::istringstream in(text.substr(close + 1));
  std::string state;
  long long ppid = 0;
  in >> state >> ppid;
  // Fields 5..13 (pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt), then 14..17.
  long long skip;
  for (int i = 0; i < 9; ++i) in >> skip;
  double utime = 0, stime = 0, cutime = 0, cstime = 0;
  in >> utime >> stime >> cutime >> cstime;
  if (!in) return Status::InvalidInput(path + ": expected utime stime cutime cstime in fields 14-17");
  // Fields 18..23 (priority nice num_threads itrealvalue starttime vsize), then rss in pages.
  double rss_pages = 0;
  for (int i = 0; i < 6; ++i) in >> skip;
  if (!(in >> rss_pages)) rss_pages = 0;  // short fake trees in tests: memory unknown = 0
  PidStat s;
  s.ppid = static_cast<pid_t>(ppid);
  const double hz = TicksPerSecond();
  s.self_s = (utime + stime) / hz;
  s.children_s = (cutime + cstime) / hz;
  s.rss_bytes = rss_pages * static_cast<double>(sysconf(_SC_PAGESIZE));
  return s;
}

Result<double> SelfCpuProbe::TrackedCpuSeconds() {
  rusage self{}, children{};
  if (getrusage(RUSAGE_SELF, &self) != 0 || getrusage(RUSAGE_CHILDREN, &children) != 0)
    return Status::Unavailable(std::string("getrusage: ") + std::strerror(errno));
  return TimevalSeconds(self.ru_utime) + TimevalSeconds(self.ru_stime) +
         TimevalSeconds(children.ru_utime) + TimevalSeconds(children.ru_stime);
}

double MemTotalBytes(const std::string& proc_root) {
  std::ifstream in(proc_root + "/meminfo");
  std::string key;
  double kb = 0;
  while (in >> key >> kb) {
    if (key == "MemTotal:") return kb * 1024.0;
    std::string rest;
    std::getline(in, rest);
  }
  return 0;
}

double SelfCpuProbe::TrackedMemoryBytes() {
  std::ifstream in(root_ + "/self/statm");
  double size = 0, resident = 0;
  if (!(in >> size >> resident)) return -1;
  return resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

Result<double> TreeCpuProbe::TrackedCpuSeconds() {
  if (final_s_ >= 0 && !seen_.empty()) return std::max(final_s_, walked_s_);
  if (final_s_ >= 0) return final_s_;
  // One pass over /proc: parent links of every process, then the descendants of the root. A
  // process that exits between the listing and its stat is simply not there.
  std::map<pid_t, PidStat> all;
  DIR* dir = opendir(root_.c_str());
  if (dir == nullptr) return Status::Unavailable(root_ + ": cannot be listed: " + std::strerror(errno));
  while (dirent* e = readdir(dir)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    auto s = ReadPidStat(static_cast<pid_t>(pid), root_);
    if (s.ok()) all.emplace(static_cast<pid_t>(pid), *s);
  }
  closedir(dir);
  std::map<pid_t, std::vector<pid_t>> kids;
  for (const auto& [pid, s] : all) kids[s.ppid].push_back(pid);
  std::map<pid_t, bool> alive_in_tree;
  rss_bytes_ = 0;
  live_.clear();
  std::vector<pid_t> stack{root_pid_};
  while (!stack.empty()) {
    pid_t p = stack.back();
    stack.pop_back();
    if (auto it = all.find(p); it != all.end()) {
      alive_in_tree[p] = true;
      Seen& seen = seen_[p];
      seen.ppid = it->second.ppid;
      seen.self_s = std::max(seen.self_s, it->second.self_s);
      seen.children_s = std::max(seen.children_s, it->second.children_s);
      if (p != root_pid_ || count_root_self_) rss_bytes_ += it->second.rss_bytes;
      live_.push_back(static_cast<int>(p));
    }
    for (pid_t c : kids[p]) stack.push_back(c);
  }
  // Live members count themselves and the children they reaped; a member that is gone counts its
  // last figure only when its parent is not a live member (whose cutime would already hold it).
  double total = 0;
  for (const auto& [pid, s] : seen_) {
    if (pid == root_pid_ && !count_root_self_) {
      total += s.children_s;
    } else if (alive_in_tree.count(pid)) {
      total += s.self_s + s.children_s;
    } else if (!alive_in_tree.count(s.ppid)) {
      total += s.self_s + s.children_s;
    }
  }
  walked_s_ = std::max(walked_s_, total);
  return walked_s_;
}

double TreeCpuProbe::TrackedMemoryBytes() {
  if (final_s_ >= 0) return 0;  // the root was reaped: nothing of the tree holds memory
  if (!TrackedCpuSeconds().ok()) return -1;  // the walk failed: unknown, not 0
  return rss_bytes_;
}

}  // namespace airgrid::measure
