// The concrete energy sources and the detection that picks them for this machine.
//
// Each Open* function returns a source, or Unavailable with a message saying exactly why the
// sensor cannot be used here (that message goes into the record's notes, never a silent 0).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/measure/energy_source.h"

namespace airgrid::measure {

// Reads a small sysfs file. Returns 0 and fills `out`, or an errno value (EACCES, ENOENT...).
// Injected by tests to simulate permission errors even when running as root.
using FileReader = std::function<int(const std::string& path, std::string* out)>;
int ReadSysfsFile(const std::string& path, std::string* out);

// --- RAPL through powercap sysfs -------------------------------------------------------------
// Zones "intel-rapl:N" (MSR interface) and "intel-rapl-mmio:N" (MMIO interface) under `root`,
// with subzones "intel-rapl:N:M". Channels: every top-level "package-K" zone, plus its "dram"
// subzone; "core"/"uncore" are never added (they are inside the package); "psys" (platform) is
// used only when no package zone is readable, and then alone; an MMIO zone whose name duplicates
// a readable MSR zone is dropped. energy_uj wraps at max_energy_range_uj: each sample unfolds the
// wrap, so two samples must be less than one wrap period apart (minutes at full power).
struct PowercapOptions {
  std::string root = "/sys/class/powercap";
  FileReader read = ReadSysfsFile;
};
Result<std::unique_ptr<EnergySource>> OpenPowercap(const PowercapOptions& options);

// --- the perf_event `power` PMU -----------------------------------------------------------------
// Reads <root>/type, <root>/cpumask, <root>/events/energy-{pkg,ram}{,.scale}; opens one counter
// per event on the first CPU of each socket listed in cpumask (perf_event_open, pid -1).
class PerfCounterOpener {
 public:
  virtual ~PerfCounterOpener() = default;
  // Opens a counter; returns a handle >= 0 or -errno.
  virtual int Open(uint32_t type, uint64_t config, int cpu) = 0;
  // Reads the raw 64-bit count of an open handle; false on error.
  virtual bool Read(int handle, uint64_t* value) = 0;
  virtual void Close(int handle) = 0;
};
std::unique_ptr<PerfCounterOpener> SystemPerfOpener();  // perf_event_open(2)

struct PerfOptions {
  std::string root = "/sys/bus/event_source/devices/power";
  std::string paranoid_path = "/proc/sys/kernel/perf_event_paranoid";
  FileReader read = ReadSysfsFile;
  std::shared_ptr<PerfCounterOpener> opener;  // nullptr = SystemPerfOpener()
};
Result<std::unique_ptr<EnergySource>> OpenPerf(const PerfOptions& options);

// --- NVIDIA GPUs through NVML, loaded with dlopen -----------------------------------------------
// Per visible device: nvmlDeviceGetTotalEnergyConsumption (mJ since driver load) when supported
// (Volta and later), otherwise nvmlDeviceGetPowerUsage (mW) integrated with the trapezoid rule
// over the Sample() calls. CUDA_VISIBLE_DEVICES (comma separated; the list stops at the first
// invalid entry, as in CUDA) restricts the devices, resolved by UUID: "GPU-<uuid>" (or a unique
// prefix), "MIG-<uuid>" / "MIG-GPU-<uuid>/<gi>/<ci>" (a MIG instance: its parent GPU is measured,
// and the channel says the figure is the whole GPU's; NVML has no per-instance energy), or an
// index in NVML's PCI bus order (noted: CUDA's order only with CUDA_DEVICE_ORDER=PCI_BUS_ID).
// Channels are named "gpu-<NVML index> <uuid> (<name>)". With `tracked_pids`, a GPU whose process
// list NVML can read is charged only over the sampling intervals in which a tracked process was
// running on it (seen at either end); GPUs whose processes NVML cannot list are charged in full.
struct NvmlOptions {
  std::string library = "libnvidia-ml.so.1";
  // nullopt = read the CUDA_VISIBLE_DEVICES environment variable; otherwise this value.
  std::optional<std::string> cuda_visible_devices;
  const Clock* clock = nullptr;  // nullptr = SteadyClock()
  // The tracked process tree's pids, called at every Sample(); empty function = charge every
  // visible GPU in full (machine attribution, or no tree known).
  std::function<std::vector<int>()> tracked_pids;
};
Result<std::unique_ptr<EnergySource>> OpenNvml(const NvmlOptions& options);

// --- the model, when no CPU sensor can be read --------------------------------------------------
// CPU: P(load) = TDP_visible × curve(load), curve through (0, 0.12) (0.10, 0.32) (0.50, 0.75)
// (1.00, 1.02), linear in between; load = busy/total CPU time of the machine between samples
// (/proc/stat). TDP_visible = table TDP × visible logical CPUs / threads per socket, or
// visible logical CPUs × default_w_per_thread when the CPU is not in the table.
// RAM: MemTotal (GB) × ram_w_per_gb, constant.
struct CpuTdpRow {
  std::string model;  // as the vendor writes it: "AMD EPYC 7763"
  double tdp_w = 0;
  int cores = 0, threads = 0;  // per socket
  std::string source;
};
Result<std::vector<CpuTdpRow>> ParseCpuTdpTable(const std::string& csv, const std::string& origin);
const std::vector<CpuTdpRow>& BuiltinCpuTdpTable();
// Longest table model contained in the normalised brand string ("(R)", "(TM)", "CPU", "Processor",
// "@ x GHz", "N-Core" removed, case-insensitive, spaces collapsed); nullptr if none.
const CpuTdpRow* MatchCpu(const std::vector<CpuTdpRow>& table, const std::string& brand);

struct ModelOptions {
  std::string proc_root = "/proc";
  const std::vector<CpuTdpRow>* tdp_table = nullptr;  // nullptr = builtin
  double default_w_per_thread = 12.0;  // Green Algorithms 3.0 "Any" TDP per core
  double ram_w_per_gb = 0.3725;        // Green Algorithms 3.0 memoryPower
  bool cpu = true;                     // model the CPU (false when a CPU sensor is used)
  bool ram = true;                     // model the RAM (false when DRAM is measured)
  const Clock* clock = nullptr;
};
// Memory that <proc_root>/meminfo does not give is not modelled as 0 W: the RAM channel is left
// out and the detail says why (Unavailable when RAM was all there was to model).
Result<std::unique_ptr<EnergySource>> OpenModel(const ModelOptions& options);
// The load curve alone (load in [0, 1]), for tests and documentation.
double LoadCurve(double load);

// --- detection ----------------------------------------------------------------------------------
struct DetectOptions {
  PowercapOptions powercap;
  PerfOptions perf;
  NvmlOptions nvml;
  ModelOptions model;
  bool try_powercap = true, try_perf = true, try_nvml = true;
};
struct Detected {
  std::vector<std::unique_ptr<EnergySource>> sources;
  std::vector<SourceNote> notes;
};
// Order: powercap, else perf, for CPU (+DRAM); NVML for GPUs; the model for whatever the sensors
// do not cover (CPU if neither powercap nor perf; RAM if no DRAM channel).
Detected DetectSources(const DetectOptions& options);

}  // namespace airgrid::measure
