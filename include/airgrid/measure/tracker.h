// Tracker: energy and CO2eq of a run and of labelled phases within it.
//
// Contract
// - Start() opens the sources' base sample and, if interval_s > 0, a sampling thread that calls
//   every source's Sample() each interval (to unfold counter wrap-arounds and integrate power).
//   Stop() takes a final sample, joins the thread and returns the record of the whole run
//   (phase "total"). Start() after Stop() begins a new run.
// - Between Start() and Stop(), Begin(name) marks the start of a phase and End(mark) returns its
//   record; phases may nest or overlap. ScopedPhase does Begin/End in RAII and appends the record
//   to the tracker's ledger (also on exceptions).
// - Energy is measured (or modelled) at machine level per channel, then attributed by the mode,
//   stated in every record:
//   * process (default): CPU and psys energy × CPU share (the tracked work's CPU time over the
//     machine's busy CPU time, from /proc, in [0, 1]); DRAM and RAM-model energy × memory share
//     (the tracked work's resident memory integrated over time, over MemTotal × duration), so a
//     sleeping process still pays for the memory it holds; when the probe cannot read memory,
//     RAM falls back to the CPU share and the record says so. GPU energy of the devices the
//     work may use (CUDA_VISIBLE_DEVICES) is attributed in full; `airgrid track` gives NVML the
//     tree's pids, so a GPU is charged only while the tree runs on it, where NVML can tell
//     (NvmlOptions::tracked_pids).
//   * machine: every channel in full, idle draw included (CodeCarbon's default).
// - Every component figure carries its method: "measured:<source>" or "modelled:<model>"; the
//   record lists each sensor family and why it was or was not used, and every constant used.
// - Provenance and uncertainty (docs/methodology.md): each component carries the uncertainty of
//   its attributed energy, max(resolution, relative x E) of its channel combined with the share's
//   /proc tick resolution; the record's energy uncertainty is their quadrature sum and its
//   CO2eq uncertainty propagates it (the intensity tables give no uncertainty: 0, stated).
//   kind() is "measured" only when every channel of the record is a sensor reading, else
//   "modelled" (a mix lists its parts).
// - A source whose Sample() fails after the tracker opened it is not silently kept at its last
//   value: the failure becomes a note in every later record (source, time, reason) and its
//   channels switch to a model from then on: TrackerOptions::fallback when given (the TDP/RAM
//   model in ForThisProcess), else the mean power the channel showed before the error,
//   extrapolated (method "modelled:mean-power-extrapolation", ±50 %). Either way the record is
//   then "modelled", never a 0 J gap labelled measured.
// - A CPU time the probe cannot read (/proc/stat, the process walk) is not taken as 0: the
//   failure becomes a note ("cpu-time", path and reason), and a record spanning it has
//   cpu_times_known false (its CPU times null in JSON) and charges the whole machine as an upper
//   bound, share 1 with share_relative_uncertainty 1 (±100 %).
// - Thread-safety: a Tracker is used from one thread (plus its own sampling thread); Begin/End
//   may be called from that thread while sampling runs.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "airgrid/base/status.h"
#include "airgrid/measure/carbon.h"
#include "airgrid/measure/energy_source.h"
#include "airgrid/measure/proc.h"

namespace airgrid::measure {

// One channel's energy over an interval.
struct ComponentEnergy {
  Channel channel;
  double machine_j = 0;     // machine-level energy of the channel
  double attributed_j = 0;  // share charged to the tracked work
  double uncertainty_j = 0; // absolute uncertainty of attributed_j
};

struct EnergyRecord {
  std::string phase;
  std::string start_utc, end_utc;
  double duration_s = 0;

  std::vector<ComponentEnergy> components;
  // Attributed energy by CodeCarbon-style component, in joules. DRAM (measured) and the RAM
  // model both count as ram; psys (platform) counts as cpu.
  double cpu_energy_j = 0, gpu_energy_j = 0, ram_energy_j = 0;
  double energy_j = 0;          // attributed IT energy: cpu + gpu + ram
  double energy_uncertainty_j = 0;  // quadrature sum of the components' uncertainties
  double machine_energy_j = 0;  // all channels, unattributed
  double energy_kwh() const { return energy_j / 3.6e6; }

  double tracked_cpu_s = 0;       // CPU seconds of the tracked work
  double machine_busy_cpu_s = 0;  // busy CPU seconds of the whole machine
  double share_relative_uncertainty = 0;  // from the /proc tick (10 ms) on both CPU times
  double machine_total_cpu_s = 0; // busy + idle CPU seconds of the whole machine
  double share = 0;               // CPU share: tracked / machine busy, clamped to [0, 1] (1 in machine mode)
  bool cpu_times_known = true;    // false: a CPU time could not be read (notes say why); share 1 ± 100 %

  std::string attribution = "process";  // "process" or "machine"
  double ram_share = 0;           // share charged of DRAM / RAM-model energy
  std::string ram_rule;           // how ram_share was found ("memory-held", "cpu-share (memory unknown)", "machine")
  double tracked_memory_gb = -1;  // time-averaged resident memory of the tracked work, GB; < 0 unknown
  double machine_memory_gb = 0;   // MemTotal, GB; 0 unknown

  CarbonFactor carbon;            // the factor (for a series: method "hourly-series")
  double intensity_g_per_kwh = 0; // effective (energy-weighted) intensity used
  double pue = 1.0;
  double emissions_kg = 0;        // operational: energy_kwh × pue × intensity / 1000
  double emissions_uncertainty_kg = 0;  // energy's relative uncertainty propagated
  double emissions_rate_kg_s = 0;
  double embodied_kg = 0;         // separate line: Σ items amortised by duration × share
  std::vector<std::pair<EmbodiedItem, double>> embodied;  // item, kg charged

  std::vector<SourceNote> notes;
  std::vector<std::pair<std::string, double>> constants;

  // "measured" when every channel is a sensor reading, "modelled" when any is modelled (or
  // switched to a model after a read error), "none" without channels.
  std::string kind() const;
  // "cpu package-0 measured:powercap; ram machine modelled:ram-w-per-gb" — the parts of a mix.
  std::string parts() const;
  double energy_uncertainty_kwh() const { return energy_uncertainty_j / 3.6e6; }
  // Power (W) of the attributed energy over the interval; 0 for a zero-length interval.
  double Watts(double joules) const { return duration_s > 0 ? joules / duration_s : 0; }
  nlohmann::json ToJson() const;
  // A few human lines: duration, energy per component with method, CO2eq, PUE, embodied, notes.
  std::string Summary() const;
};

// CodeCarbon's `emissions.csv`, exactly (version kCodeCarbonVersion): the 38 columns of its
// EmissionsData, in its order and units (duration s, emissions kgCO2eq, emissions_rate kg/s,
// *_power W, *_energy and energy_consumed kWh *including PUE*, as CodeCarbon applies PUE to every
// energy). Fields airgrid cannot fill are left empty. One row per tracked run (phases are in the
// JSON record). tracking_mode is the attribution mode.
constexpr const char* kCodeCarbonVersion = "3.3.0";
std::string CsvHeader();  // ends with '\n'
struct CsvRunInfo {
  std::string project_name = "airgrid";
  std::string run_id;
  std::string experiment_id;  // empty unless given
  int cpu_count = 0;          // logical CPUs; 0 = leave empty
  std::string cpu_model;
};
std::string CsvRow(const EnergyRecord& r, const CsvRunInfo& info);
// OK when `path` is absent or empty, or starts with exactly CsvHeader(); otherwise InvalidInput
// naming the file and the first differing column (appending would corrupt the file).
Status CheckCsvHeader(const std::string& path);

enum class Attribution { kProcess, kMachine };
const char* AttributionName(Attribution a);  // "process", "machine"
// Parses "process" / "machine"; InvalidInput naming `option` otherwise.
Result<Attribution> ParseAttribution(const std::string& text, const std::string& option);

// Opens the model that takes over the given components after their sensor failed (see above).
using FallbackFactory =
    std::function<Result<std::unique_ptr<EnergySource>>(const std::vector<Component>& components)>;

struct TrackerOptions {
  double interval_s = 1.0;  // sampling-thread period; 0 = sample only at Begin/End/Stop
  FallbackFactory fallback;  // empty: extrapolate the channel's mean power
  Attribution attribution = Attribution::kProcess;
  CarbonSettings carbon;
  const Clock* clock = nullptr;  // nullptr = SteadyClock()
};

// A phase in progress (returned by Begin).
struct PhaseMark {
  std::string name;
  std::string start_utc;
  double t = 0;
  std::vector<double> joules;  // per channel, all sources concatenated
  double tracked_cpu_s = 0, machine_busy_cpu_s = 0, machine_total_cpu_s = 0;
  double weighted_gj = 0;      // Σ machine J × g/kWh, for time-varying intensity
  double covered_j = 0;        // machine J inside series points
  double memory_byte_s = 0;    // ∫ tracked resident memory dt
  bool memory_known = true;    // every sample so far could read the memory
  bool cpu_known = true;       // the CPU times above were read (else they are 0 and unused)
};

class Tracker {
 public:
  Tracker(std::vector<std::unique_ptr<EnergySource>> sources, std::vector<SourceNote> notes,
          std::unique_ptr<CpuProbe> cpu, TrackerOptions options);
  // Tracker of this process on this machine: DetectSources() with defaults, SelfCpuProbe.
  static std::unique_ptr<Tracker> ForThisProcess(TrackerOptions options);
  ~Tracker();
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;

  Status Start();
  // Whole-run record (phase "total"). Error if not running. When `open_phase` is given, its
  // record, ending at the same instant, is stored in `*open_record`.
  Result<EnergyRecord> Stop(const PhaseMark* open_phase = nullptr, EnergyRecord* open_record = nullptr);
  // The mark taken by Start() (to start a first phase exactly with the run).
  const PhaseMark& run_mark() const { return run_; }
  bool running() const { return running_; }

  PhaseMark Begin(std::string name);
  EnergyRecord End(const PhaseMark& mark);
  // Ends `*mark` and starts phase `next` at the same instant (one snapshot: consecutive phases
  // tile the run with no gap); `*mark` becomes the new phase.
  EnergyRecord Next(PhaseMark* mark, std::string next);

  // Records of finished ScopedPhases and Stop(), in order of completion.
  const std::vector<EnergyRecord>& ledger() const { return ledger_; }
  void AddToLedger(EnergyRecord r) { ledger_.push_back(std::move(r)); }

  const std::vector<SourceNote>& notes() const { return notes_; }
  const TrackerOptions& options() const { return options_; }
  // Takes a sample now (also done by the sampling thread). Public for tests and the CLI.
  void SampleNow();

 private:
  PhaseMark Snapshot(std::string name);
  EnergyRecord Diff(const PhaseMark& mark, const PhaseMark& now);
  void AttributeMemory(const PhaseMark& mark, const PhaseMark& now, EnergyRecord* r) const;
  void SampleLocked(double now);
  void ReadCpuTimesLocked(PhaseMark* mark);
  void AttributeCpu(const PhaseMark& mark, const PhaseMark& now, EnergyRecord* r) const;
  void SwitchToModelLocked(size_t source, size_t first_channel, const std::string& reason, double now);
  void Loop();

  std::vector<std::unique_ptr<EnergySource>> sources_;
  std::vector<SourceNote> notes_;
  std::unique_ptr<CpuProbe> cpu_;
  TrackerOptions options_;
  const Clock* clock_;

  std::mutex mu_;
  std::vector<double> joules_;  // latest cumulative per channel
  double last_t_ = 0;
  double weighted_gj_ = 0, covered_j_ = 0;
  double memory_byte_s_ = 0, last_memory_ = -1;
  bool memory_known_ = true;
  std::vector<Channel> channels_;
  std::vector<bool> failed_;  // per source: read error seen, channels frozen
  double opened_t_ = 0;       // when the sources' counters started (construction)

  bool running_ = false;
  PhaseMark run_;
  std::thread thread_;
  std::condition_variable cv_;
  bool stop_thread_ = false;
  std::vector<EnergyRecord> ledger_;
};

// RAII phase: Begin on construction, End + ledger on destruction (or at Finish()).
class ScopedPhase {
 public:
  ScopedPhase(Tracker& tracker, std::string name);
  ~ScopedPhase();
  ScopedPhase(const ScopedPhase&) = delete;
  ScopedPhase& operator=(const ScopedPhase&) = delete;
  // Ends the phase now, appends and returns its record. Later calls return the same record.
  const EnergyRecord& Finish();

 private:
  Tracker* tracker_;
  PhaseMark mark_;
  bool done_ = false;
  EnergyRecord record_;
};

}  // namespace airgrid::measure
