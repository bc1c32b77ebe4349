// NVIDIA GPUs through NVML, loaded at run time with dlopen: no build-time dependency on CUDA.
#include <dlfcn.h>

#include <cstdlib>
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
};

class NvmlSource : public EnergySource {
 public:
  NvmlSource(Api api, std::vector<Gpu> gpus, std::vector<Channel> channels, const Clock* clock)
      : api_(api), gpus_(std::move(gpus)), channels_(std::move(channels)), clock_(clock) {
    std::vector<double> ignore;
    Sample(&ignore);  // first power reading for the trapezoid
  }
  ~NvmlSource() override {
    api_.shutdown();
    dlclose(api_.lib);
  }
  std::string name() const override { return "nvml"; }
  const std::vector<Channel>& channels() const override { return channels_; }
  Status Sample(std::vector<double>* joules) override {
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

 private:
  Api api_;
  std::vector<Gpu> gpus_;
  std::vector<Channel> channels_;
  const Clock* clock_;
};

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
  // (NVML index or UUID) of each device to follow.
  std::vector<std::pair<nvmlDevice_t, std::string>> picked;
  if (visible) {
    for (const std::string& e : VisibleEntries(*visible)) {
      nvmlDevice_t h = nullptr;
      bool ok = false;
      if (e.rfind("GPU-", 0) == 0 && api.by_uuid) {
        ok = api.by_uuid(e.c_str(), &h) == kNvmlSuccess;
      } else {
        char* end = nullptr;
        long idx = std::strtol(e.c_str(), &end, 10);
        ok = *end == '\0' && idx >= 0 && static_cast<unsigned>(idx) < count &&
             api.by_index(static_cast<unsigned>(idx), &h) == kNvmlSuccess;
      }
      if (!ok) break;  // CUDA ignores the entries after an invalid one
      picked.push_back({h, e});
    }
  } else {
    for (unsigned i = 0; i < count; ++i) {
      nvmlDevice_t h = nullptr;
      if (api.by_index(i, &h) == kNvmlSuccess) picked.push_back({h, std::to_string(i)});
    }
  }
  if (picked.empty()) {
    api.shutdown();
    dlclose(api.lib);
    return Status::Unavailable(count == 0 ? "NVML loaded but reports no GPU"
                                          : "no GPU visible (CUDA_VISIBLE_DEVICES=" + visible.value_or("") + ")");
  }
  std::vector<Gpu> gpus;
  std::vector<Channel> channels;
  for (const auto& [h, id] : picked) {
    Gpu g;
    g.handle = h;
    g.has_energy = api.energy && api.energy(h, &g.first_mj) == kNvmlSuccess;
    char name[96] = {0};
    api.name(h, name, sizeof name);
    channels.push_back({Component::kGpu, "gpu-" + id + " (" + name + ")",
                        g.has_energy ? "measured:nvml-energy" : "measured:nvml-power"});
    gpus.push_back(g);
  }
  return std::unique_ptr<EnergySource>(
      new NvmlSource(api, std::move(gpus), std::move(channels), o.clock ? o.clock : &SteadyClock()));
}

}  // namespace airgrid::measure
