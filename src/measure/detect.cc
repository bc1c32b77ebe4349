// Picks the energy sources for this machine and records why each family was or was not used.
#include "airgrid/measure/sources.h"

namespace airgrid::measure {

namespace {

bool HasComponent(const EnergySource& s, Component c) {
  for (const Channel& ch : s.channels())
    if (ch.component == c) return true;
  return false;
}

std::string ChannelList(const EnergySource& s) {
  std::string out;
  for (const Channel& ch : s.channels())
    out += (out.empty() ? "" : ", ") + std::string(ComponentName(ch.component)) + " " + ch.device;
  return out;
}

}  // namespace

Detected DetectSources(const DetectOptions& o) {
  Detected d;
  bool cpu = false, dram = false;
  auto add = [&](const std::string& family, Result<std::unique_ptr<EnergySource>> r) {
    if (!r.ok()) {
      d.notes.push_back({family, false, r.status().message()});
      return;
    }
    std::unique_ptr<EnergySource> s = std::move(r).value();
    cpu |= HasComponent(*s, Component::kCpu) || HasComponent(*s, Component::kPsys);
    dram |= HasComponent(*s, Component::kDram) || HasComponent(*s, Component::kPsys);
    std::string detail = s->detail();
    d.notes.push_back({family, true, ChannelList(*s) + (detail.empty() ? "" : "; " + detail)});
    d.sources.push_back(std::move(s));
  };
  if (o.try_powercap) add("powercap", OpenPowercap(o.powercap));
  else d.notes.push_back({"powercap", false, "disabled"});
  if (!cpu) {
    if (o.try_perf) add("perf", OpenPerf(o.perf));
    else d.notes.push_back({"perf", false, "disabled"});
  } else {
    d.notes.push_back({"perf", false, "not needed: powercap already reads the same RAPL counters"});
  }
  if (o.try_nvml) add("nvml", OpenNvml(o.nvml));
  else d.notes.push_back({"nvml", false, "disabled"});
  ModelOptions m = o.model;
  m.cpu = !cpu;
  m.ram = !dram;
  if (m.cpu || m.ram) add("model", OpenModel(m));
  else d.notes.push_back({"model", false, "not needed: CPU and DRAM are measured"});
  return d;
}

}  // namespace airgrid::measure
