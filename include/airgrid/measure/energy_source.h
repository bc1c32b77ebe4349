// Energy sources: the edge between the tracker and the machine's sensors.
//
// A source exposes one or more channels (a CPU package, a DRAM domain, a GPU...) and reports,
// for each, the *machine-level* energy in joules accumulated since the source was opened: a
// monotonic counter, wrap-arounds already unfolded. The tracker differences two samples. Sources
// whose hardware gives power rather than energy (NVML without the energy counter, the model)
// integrate power over the times at which Sample() is called, so the tracker's sampling thread
// calls Sample() every interval; a source that needs no periodic sampling simply ignores the calls.
//
// Sample() is called from one thread at a time (the tracker serialises calls).
#pragma once

#include <memory>
#include <utility>
#include <string>
#include <vector>

#include "airgrid/base/clock.h"  // Clock, SteadyClock(): the sources' and tracker's time
#include "airgrid/base/status.h"

namespace airgrid::measure {

// What a channel measures. kCpu and kDram are RAPL-style domains; kRam is the modelled memory;
// kPsys is the whole platform (SoC+memory+...), only ever used alone.
enum class Component { kCpu, kDram, kGpu, kRam, kPsys };
const char* ComponentName(Component c);  // "cpu", "dram", "gpu", "ram", "psys"

struct Channel {
  Component component = Component::kCpu;
  std::string device;  // "package-0", "gpu-0 (NVIDIA H200)", "machine"
  std::string method;  // "measured:powercap", "measured:perf", "measured:nvml-energy",
                       // "measured:nvml-power", "modelled:tdp-load-curve", "modelled:ram-w-per-gb"
  // Uncertainty of the channel's energy over an interval E: max(resolution_j, relative × E)
  // (docs/methodology.md, "Uncertainty of every energy path"). Negative = the default of the
  // method (DefaultUncertainty), which every shipped source relies on except where it knows
  // better (the model without a TDP table row).
  double resolution_j = -1;
  double relative_uncertainty = -1;
};

// Default uncertainty of a method: {resolution in J, relative uncertainty}.
//   measured:powercap, measured:perf  RAPL energy-status unit 2^-14 J (61 µJ), no relative term
//   measured:nvml-energy              1 mJ counter, ±5 % (NVML power accuracy)
//   measured:nvml-power               1 mW × sampling, ±5 % (NVML power accuracy)
//   modelled:tdp-load-curve           ±40 % (TDP vs real package power ⊕ load-curve form)
//   modelled:ram-w-per-gb             ±50 % (published W/GB range)
//   modelled:* (other)                ±50 %
// Unknown measured methods: 0 resolution, ±5 %.
std::pair<double, double> DefaultUncertainty(const std::string& method);
// True when the method string is a sensor reading ("measured:...").
inline bool IsMeasuredMethod(const std::string& method) { return method.rfind("measured:", 0) == 0; }

class EnergySource {
 public:
  virtual ~EnergySource() = default;
  // Short name used in methods and notes: "powercap", "perf", "nvml", "model".
  virtual std::string name() const = 0;
  virtual const std::vector<Channel>& channels() const = 0;
  // Fills `joules` (resized to channels().size()) with each channel's cumulative energy since the
  // source was opened. A transient read error returns non-OK; the tracker keeps the last values.
  virtual Status Sample(std::vector<double>* joules) = 0;
  // Constants this source used (name → value), e.g. {"cpu_tdp_w", 225}; empty for pure sensors.
  virtual std::vector<std::pair<std::string, double>> constants() const { return {}; }
  // One human line on what the source reads or assumes ("2 zones: package-0, dram-0").
  virtual std::string detail() const { return ""; }
};

// Why a sensor family was or was not used, for the record ("powercap: present but energy_uj
// unreadable: needs root since Linux 5.10"). Printed in every summary so 0 never hides a failure.
struct SourceNote {
  std::string source;
  bool used = false;
  std::string detail;
};

}  // namespace airgrid::measure
