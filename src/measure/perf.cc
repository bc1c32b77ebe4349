// The perf_event `power` PMU (energy-pkg, energy-ram), read system-wide per socket.
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "airgrid/measure/sources.h"

namespace airgrid::measure {

namespace {

class SyscallOpener : public PerfCounterOpener {
 public:
  int Open(uint32_t type, uint64_t config, int cpu) override {
    perf_event_attr attr;
    std::memset(&attr, 0, sizeof attr);
    attr.type = type;
    attr.size = sizeof attr;
    attr.config = config;
    long fd = syscall(SYS_perf_event_open, &attr, -1, cpu, -1, 0);
    return fd < 0 ? -errno : static_cast<int>(fd);
  }
  bool Read(int handle, uint64_t* value) override {
    return ::read(handle, value, sizeof *value) == static_cast<ssize_t>(sizeof *value);
  }
  void Close(int handle) override { ::close(handle); }
};

// "event=0x02" → 2.
bool ParseEventConfig(const std::string& text, uint64_t* config) {
  auto pos = text.find("event=");
  if (pos == std::string::npos) return false;
  *config = std::strtoull(text.c_str() + pos + 6, nullptr, 0);
  return true;
}

// "0,32" or "0-1" (first CPU of each range) → {0, 32}.
std::vector<int> ParseCpuMask(const std::string& text) {
  std::vector<int> cpus;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    cpus.push_back(std::atoi(item.c_str()));
  }
  return cpus;
}

struct Counter {
  int handle = -1;
  double scale = 0;
  uint64_t first = 0, last = 0;
};

class PerfSource : public EnergySource {
 public:
  PerfSource(std::shared_ptr<PerfCounterOpener> opener, std::vector<Counter> counters,
             std::vector<Channel> channels)
      : opener_(std::move(opener)), counters_(std::move(counters)), channels_(std::move(channels)) {}
  ~PerfSource() override {
    for (const Counter& c : counters_) opener_->Close(c.handle);
  }
  std::string name() const override { return "perf"; }
  const std::vector<Channel>& channels() const override { return channels_; }
  Status Sample(std::vector<double>* joules) override {
    joules->resize(counters_.size());
    Status st;
    for (size_t i = 0; i < counters_.size(); ++i) {
      Counter& c = counters_[i];
      uint64_t v;
      if (opener_->Read(c.handle, &v)) c.last = v;
      else st = Status::IoError("perf power counter read failed");
      (*joules)[i] = static_cast<double>(c.last - c.first) * c.scale;
    }
    return st;
  }

 private:
  std::shared_ptr<PerfCounterOpener> opener_;
  std::vector<Counter> counters_;
  std::vector<Channel> channels_;
};

}  // namespace

std::unique_ptr<PerfCounterOpener> SystemPerfOpener() { return std::make_unique<SyscallOpener>(); }

Result<std::unique_ptr<EnergySource>> OpenPerf(const PerfOptions& o) {
  std::string type_text, mask_text;
  if (o.read(o.root + "/type", &type_text) != 0)
    return Status::Unavailable(o.root + " absent (no RAPL perf PMU: VM, container or unsupported CPU)");
  if (o.read(o.root + "/cpumask", &mask_text) != 0) mask_text = "0";
  const uint32_t type = static_cast<uint32_t>(std::strtoul(type_text.c_str(), nullptr, 10));
  std::vector<int> cpus = ParseCpuMask(mask_text);
  std::shared_ptr<PerfCounterOpener> opener = o.opener ? o.opener : std::shared_ptr<PerfCounterOpener>(SystemPerfOpener());

  std::vector<Counter> counters;
  std::vector<Channel> channels;
  std::string why;
  const struct { const char* event; Component comp; const char* label; } kEvents[] = {
      {"energy-pkg", Component::kCpu, "package-"}, {"energy-ram", Component::kDram, "dram-"}};
  for (const auto& ev : kEvents) {
    std::string cfg_text, scale_text;
    uint64_t config;
    if (o.read(o.root + "/events/" + ev.event, &cfg_text) != 0 || !ParseEventConfig(cfg_text, &config)) continue;
    double scale = 2.3283064365386962890625e-10;  // 2^-32 J, the RAPL energy unit the kernel reports
    if (o.read(o.root + "/events/" + std::string(ev.event) + ".scale", &scale_text) == 0)
      scale = std::strtod(scale_text.c_str(), nullptr);
    for (size_t s = 0; s < cpus.size(); ++s) {
      int h = opener->Open(type, config, cpus[s]);
      if (h < 0) {
        if (why.empty()) {
          std::string paranoid;
          o.read(o.paranoid_path, &paranoid);
          why = std::string("perf_event_open(") + ev.event + ") failed: " + std::strerror(-h) +
                (-h == EACCES || -h == EPERM
                     ? " (system-wide counters need CAP_PERFMON or perf_event_paranoid <= 0; it is " +
                           (paranoid.empty() ? std::string("unreadable") : paranoid) + ")"
                     : "");
        }
        continue;
      }
      Counter c;
      c.handle = h;
      c.scale = scale;
      if (opener->Read(h, &c.first)) c.last = c.first;
      counters.push_back(c);
      channels.push_back({ev.comp, ev.label + std::to_string(s), "measured:perf"});
    }
  }
  if (counters.empty() || channels.front().component != Component::kCpu) {
    for (const Counter& c : counters) opener->Close(c.handle);
    return Status::Unavailable(why.empty() ? o.root + " has no energy-pkg event" : why);
  }
  return std::unique_ptr<EnergySource>(new PerfSource(opener, std::move(counters), std::move(channels)));
}

}  // namespace airgrid::measure
