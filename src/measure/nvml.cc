// NVIDIA GPUs through NVML, loaded at run time with dlopen: no build-time dependency on CUDA.
#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <optional>
#include <sstream>

#include "airgrid/measure/sources.h"

namespace airgrid::measure {

namespace {

// The few NVML entry points we need, with the C ABI of nvml.h (return 0 = NVML_SUCCESS).
using nvmlDevice_t = void*;
using InitFn = int (*)();
using ShutdownFn = int (*)();
using CountFn = int (*)(unsigned int*);
using HandleByIndexFn = int (*)(unsigned int, nvmlDevice_t*);
using HandleByUuidFn = int (*)(const char*, nvmlDevice_t*);
using NameFn = int (*)(nvmlDevice_t, char*, unsigned int);
using EnergyFn = int (*)(nvmlDevice_t, unsigned long long*);  // mJ since driver load
using PowerFn = int (*)(nvmlDevice_t, unsigned int*);         // mW
using ErrorStringFn = const char* (*)(int);
using UuidFn = int (*)(nvmlDevice_t, char*, unsigned int);
using ParentFn = int (*)(nvmlDevice_t, nvmlDevice_t*);  // MIG handle → its GPU
struct ProcessInfo {  // nvmlProcessInfo_t (v2/v3 layout)
  unsigned int pid;
  unsigned long long used_gpu_memory;
  unsigned int gpu_instance_id, compute_instance_id;
};
using ProcessesFn = int (*)(nvmlDevice_t, unsigned int*, ProcessInfo*);
constexpr int kNvmlSuccess = 0;

struct Api {
  void* lib = nullptr;
  InitFn init = nullptr;
  ShutdownFn shutdown = nullptr;
  CountFn count = nullptr;
  HandleByIndexFn by_index = nullptr;
  HandleByUuidFn by_uuid = nullptr;
  NameFn name = nullptr;
  EnergyFn energy = nullptr;
  PowerFn power = nullptr;
  ErrorStringFn error_string = nullptr;
  UuidFn uuid = nullptr;
  ParentFn parent = nullptr;
  ProcessesFn processes = nullptr;
  std::string Error(int rc) const {
    return error_string ? error_string(rc) : "NVML error " + std::to_string(rc);
  }
};

template <typename F>
F Sym(void* lib, const char* name) {
  return reinterpret_cast<F>(dlsym(lib, name));
}

struct Gpu {
  nvmlDevice_t handle = nullptr;
  bool has_energy = false;
  unsigned long long first_mj = 0;
  double acc_j = 0;        // integrated, for the power path
  double last_w = -1, last_t = 0;
  // Process filter: energy counted only over intervals in which a tracked process ran here.
  bool filter = false;     // NVML lists this device's processes
  bool used_before = false;
  double raw_last_j = 0, charged_j = 0;
};

// True when one of `pids` runs a compute context on `handle`; nullopt when NVML cannot tell.
std::optional<bool> RunsOn(const Api& api, nvmlDevice_t handle, const std::vector<int>& pids) {
  if (!api.processes) return std::nullopt;
  std::vector<ProcessInfo> infos(64);
  unsigned int n = static_cast<unsigned int>(infos.size());
  if (api.processes(handle, &n, infos.data()) != kNvmlSuccess) return std::nullopt;
  for (unsigned i = 0; i < n && i < infos.size(); ++i)
    for (int p : pids)
      if (static_cast<unsigned>(p) == infos[i].pid) return true;
  return false;
}

class NvmlSource : public EnergySource {
 public:
  NvmlSource(Api api, std::vector<Gpu> gpus, std::vector<Channel> channels, const Clock* clock,
             std::function<std::vector<int>()> tracked_pids, std::string detail)
      : api_(api), gpus_(std::move(gpus)), channels_(std::move(channels)), clock_(clock),
        tracked_pids_(std::move(tracked_pids)), detail_(std::move(detail)) {
    std::vector<double> ignore;
    Sample(&ignore);  // first power reading for the trapezoid
  }
  ~NvmlSource() override {
    api_.shutdown();
    dlclose(api_.lib);
  }
  std::string name() const override { return "nvml"; }
  const std::vector<Channel>& channels() const override { return channels_; }
  std::string detail() const override { return detail_; }
  Status Sample(std::vector<double>* joules) override {
    Status st = SampleRaw(joules);
    if (!tracked_pids_) return st;
    const std::vector<int> pids = tracked_pids_();
    for (size_t i = 0; i < gpus_.size(); ++i) {
      Gpu& g = gpus_[i];
      if (!g.filter) continue;
      const bool used_now = RunsOn(api_, g.handle, pids).value_or(true);
      // An interval counts when a tracked process was seen on the GPU at either end of it.
      if (used_now || g.used_before) g.charged_j += std::max(0.0, (*joules)[i] - g.raw_last_j);
      g.raw_last_j = (*joules)[i];
      g.used_before = used_now;
      (*joules)[i] = g.charged_j;
    }
    return st;
  }

 private:
  Status SampleRaw(std::vector<double>* joules) {
    joules->resize(gpus_.size());
    Status st;
    const double t = clock_->Now();
    for (size_t i = 0; i < gpus_.size(); ++i) {
      Gpu& g = gpus_[i];
      if (g.has_energy) {
        unsigned long long mj = 0;
        int rc = api_.energy(g.handle, &mj);
        if (rc == kNvmlSuccess) (*joules)[i] = static_cast<double>(mj - g.first_mj) * 1e-3;
        else st = Status::IoError("nvmlDeviceGetTotalEnergyConsumption: " + api_.Error(rc));
        continue;
      }
      unsigned int mw = 0;
      int rc = api_.power(g.handle, &mw);
      if (rc != kNvmlSuccess) {
        st = Status::IoError("nvmlDeviceGetPowerUsage: " + api_.Error(rc));
      } else {
        const double w = mw * 1e-3;
        if (g.last_w >= 0) g.acc_j += 0.5 * (w + g.last_w) * (t - g.last_t);
        g.last_w = w;
        g.last_t = t;
      }
      (*joules)[i] = g.acc_j;
    }
    return st;
  }

  Api api_;
  std::vector<Gpu> gpus_;
  std::vector<Channel> channels_;
  const Clock* clock_;
  std::function<std::vector<int>()> tracked_pids_;
  std::string detail_;
};

struct Device {
  unsigned index = 0;
  nvmlDevice_t handle = nullptr;
  std::string uuid;
};

// A CUDA-visible entry resolved to a whole GPU; `mig` names the MIG instance it came from.
struct Pick {
  Device device;
  std::string mig;
  bool by_index = false;
};

// CUDA_VISIBLE_DEVICES entry → NVML device, by UUID: "GPU-<uuid>" (a unique prefix is enough, as
// in CUDA), "MIG-<uuid>" or the older "MIG-GPU-<uuid>/<gi>/<ci>" (the parent GPU), or an index,
// taken in NVML's PCI bus order (CUDA's order only with CUDA_DEVICE_ORDER=PCI_BUS_ID).
std::optional<Pick> Resolve(const Api& api, const std::vector<Device>& all, const std::string& e) {
  auto by_uuid_prefix = [&](const std::string& prefix) -> std::optional<Device> {
    std::optional<Device> found;
    for (const Device& d : all) {
      if (d.uuid.rfind(prefix, 0) != 0) continue;
      if (found) return std::nullopt;  // ambiguous prefix: invalid, as in CUDA
      found = d;
    }
    return found;
  };
  auto by_handle = [&](nvmlDevice_t h) -> std::optional<Device> {
    for (const Device& d : all)
      if (d.handle == h) return d;
    return std::nullopt;
  };
  if (e.rfind("MIG-GPU-", 0) == 0) {
    auto d = by_uuid_prefix(e.substr(4, e.find('/') - 4));
    if (d) return Pick{*d, e, false};
    return std::nullopt;
  }
  if (e.rfind("MIG-", 0) == 0) {
    nvmlDevice_t mig = nullptr, parent = nullptr;
    if (!api.by_uuid || !api.parent || api.by_uuid(e.c_str(), &mig) != kNvmlSuccess ||
        api.parent(mig, &parent) != kNvmlSuccess)
      return std::nullopt;
    if (auto d = by_handle(parent)) return Pick{*d, e, false};
    return std::nullopt;
  }
  if (e.rfind("GPU-", 0) == 0) {
    if (auto d = by_uuid_prefix(e)) return Pick{*d, "", false};
    return std::nullopt;
  }
  char* end = nullptr;
  long idx = std::strtol(e.c_str(), &end, 10);
  if (*end != '\0' || idx < 0 || static_cast<size_t>(idx) >= all.size()) return std::nullopt;
  return Pick{all[static_cast<size_t>(idx)], "", true};
}

// CUDA_VISIBLE_DEVICES entries: indices or UUIDs ("GPU-..."); stops at the first invalid one.
std::vector<std::string> VisibleEntries(const std::string& value) {
  std::vector<std::string> out;
  std::stringstream ss(value);
  std::string item;
  while (std::getline(ss, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.empty()) break;
    out.push_back(item);
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<EnergySource>> OpenNvml(const NvmlOptions& o) {
  Api api;
  api.lib = dlopen(o.library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!api.lib) {
    const char* e = dlerror();
    return Status::Unavailable("NVML not loadable (" + o.library + "): " + (e ? e : "?") +
                               " (no NVIDIA driver on this machine)");
  }
  api.init = Sym<InitFn>(api.lib, "nvmlInit_v2");
  api.shutdown = Sym<ShutdownFn>(api.lib, "nvmlShutdown");
  api.count = Sym<CountFn>(api.lib, "nvmlDeviceGetCount_v2");
  api.by_index = Sym<HandleByIndexFn>(api.lib, "nvmlDeviceGetHandleByIndex_v2");
  api.by_uuid = Sym<HandleByUuidFn>(api.lib, "nvmlDeviceGetHandleByUUID");
  api.name = Sym<NameFn>(api.lib, "nvmlDeviceGetName");
  api.energy = Sym<EnergyFn>(api.lib, "nvmlDeviceGetTotalEnergyConsumption");
  api.power = Sym<PowerFn>(api.lib, "nvmlDeviceGetPowerUsage");
  api.error_string = Sym<ErrorStringFn>(api.lib, "nvmlErrorString");
  api.uuid = Sym<UuidFn>(api.lib, "nvmlDeviceGetUUID");
  api.parent = Sym<ParentFn>(api.lib, "nvmlDeviceGetDeviceHandleFromMigDeviceHandle");
  api.processes = Sym<ProcessesFn>(api.lib, "nvmlDeviceGetComputeRunningProcesses_v3");
  if (!api.init || !api.shutdown || !api.count || !api.by_index || !api.name || !api.power) {
    dlclose(api.lib);
    return Status::Unavailable(o.library + " lacks the NVML entry points needed (nvmlInit_v2...)");
  }
  if (int rc = api.init(); rc != kNvmlSuccess) {
    std::string why = api.Error(rc);
    dlclose(api.lib);
    return Status::Unavailable("nvmlInit_v2 failed: " + why);
  }
  unsigned int count = 0;
  api.count(&count);
  std::optional<std::string> visible = o.cuda_visible_devices;
  if (!visible) {
    if (const char* env = std::getenv("CUDA_VISIBLE_DEVICES")) visible = std::string(env);
  }
  std::vector<Device> all;
  for (unsigned i = 0; i < count; ++i) {
    Device d;
    d.index = i;
    if (api.by_index(i, &d.handle) != kNvmlSuccess) continue;
    char uuid[96] = {0};
    if (api.uuid) api.uuid(d.handle, uuid, sizeof uuid);
    d.uuid = uuid;
    all.push_back(d);
  }
  std::vector<Pick> picked;
  bool any_index = false;
  if (visible) {
    for (const std::string& e : VisibleEntries(*visible)) {
      std::optional<Pick> p = Resolve(api, all, e);
      if (!p) break;  // CUDA ignores the entries after an invalid one
      any_index = any_index || p->by_index;
      // Two MIG instances of one GPU: the GPU is measured once.
      bool seen = false;
      for (Pick& q : picked)
        if (q.device.handle == p->device.handle) {
          seen = true;
          if (!p->mig.empty()) q.mig += (q.mig.empty() ? "" : ", ") + p->mig;
        }
      if (!seen) picked.push_back(*p);
    }
  } else {
    for (const Device& d : all) picked.push_back(Pick{d, "", false});
  }
  if (picked.empty()) {
    api.shutdown();
    dlclose(api.lib);
    return Status::Unavailable(count == 0 ? "NVML loaded but reports no GPU"
                                          : "no GPU visible (CUDA_VISIBLE_DEVICES=" + visible.value_or("") + ")");
  }
  std::vector<Gpu> gpus;
  std::vector<Channel> channels;
  std::string detail;
  for (const Pick& p : picked) {
    Gpu g;
    g.handle = p.device.handle;
    g.has_energy = api.energy && api.energy(g.handle, &g.first_mj) == kNvmlSuccess;
    g.filter = o.tracked_pids && RunsOn(api, g.handle, {}).has_value();
    char name[96] = {0};
    api.name(g.handle, name, sizeof name);
    std::string device = "gpu-" + std::to_string(p.device.index) + " " + p.device.uuid + " (" + name + ")";
    if (!p.mig.empty()) device += " [whole GPU; MIG instance " + p.mig + " visible]";
    channels.push_back({Component::kGpu, device, g.has_energy ? "measured:nvml-energy" : "measured:nvml-power"});
    if (!p.mig.empty())
      detail += "; " + p.device.uuid + ": NVML has no per-MIG-instance energy, the figure is the whole GPU's";
    if (o.tracked_pids)
      detail += "; " + p.device.uuid +
                (g.filter ? ": charged only while a tracked process runs on it (NVML process list)"
                          : ": NVML cannot list its processes, charged in full");
    gpus.push_back(g);
  }
  if (any_index)
    detail += "; CUDA_VISIBLE_DEVICES indices taken in PCI bus order (CUDA's only with CUDA_DEVICE_ORDER=PCI_BUS_ID; "
              "give GPU UUIDs to be sure)";
  return std::unique_ptr<EnergySource>(new NvmlSource(api, std::move(gpus), std::move(channels),
                                                      o.clock ? o.clock : &SteadyClock(), o.tracked_pids,
                                                      detail.empty() ? "" : detail.substr(2)));
}

}  // namespace airgrid::measure
