#include "airgrid/measure/tracker.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

#include "airgrid/base/provenance.h"
#include "airgrid/measure/sources.h"

namespace airgrid::measure {
namespace {

// Resolution of the CPU times read from /proc (USER_HZ = 100 on Linux).
constexpr double kProcTickS = 0.01;

void FillDefaultUncertainty(Channel* c) {
  const auto [resolution, relative] = DefaultUncertainty(c->method);
  if (c->resolution_j < 0) c->resolution_j = resolution;
  if (c->relative_uncertainty < 0) c->relative_uncertainty = relative;
}

// After a read error with no model to take over: the channel's mean power before the error,
// held constant. A stated model, never a silent 0.
class ExtrapolationSource : public EnergySource {
 public:
  ExtrapolationSource(std::vector<Channel> channels, std::vector<double> watts, double t0, const Clock* clock)
      : channels_(std::move(channels)), watts_(std::move(watts)), t0_(t0), clock_(clock) {}
  std::string name() const override { return "extrapolation"; }
  const std::vector<Channel>& channels() const override { return channels_; }
  Status Sample(std::vector<double>* joules) override {
    const double dt = std::max(0.0, clock_->Now() - t0_);
    joules->resize(watts_.size());
    for (size_t i = 0; i < watts_.size(); ++i) (*joules)[i] = watts_[i] * dt;
    return Status::Ok();
  }
  std::vector<std::pair<std::string, double>> constants() const override {
    std::vector<std::pair<std::string, double>> c;
    for (size_t i = 0; i < watts_.size(); ++i) c.push_back({"extrapolated_w_" + channels_[i].device, watts_[i]});
    return c;
  }

 private:
  std::vector<Channel> channels_;
  std::vector<double> watts_;
  double t0_;
  const Clock* clock_;
};

}  // namespace

Tracker::Tracker(std::vector<std::unique_ptr<EnergySource>> sources, std::vector<SourceNote> notes,
                 std::unique_ptr<CpuProbe> cpu, TrackerOptions options)
    : sources_(std::move(sources)),
      notes_(std::move(notes)),
      cpu_(std::move(cpu)),
      options_(std::move(options)),
      clock_(options_.clock ? options_.clock : &SteadyClock()) {
  // No factor given: the world average, stated as such in every record.
  if (options_.carbon.factor.method.empty()) options_.carbon.factor = CarbonTable::Builtin().World();
  for (const auto& s : sources_)
    for (const Channel& c : s->channels()) {
      channels_.push_back(c);
      FillDefaultUncertainty(&channels_.back());
    }
  joules_.assign(channels_.size(), 0.0);
  failed_.assign(sources_.size(), false);
  std::lock_guard<std::mutex> lock(mu_);
  last_t_ = opened_t_ = clock_->Now();
  SampleLocked(last_t_);
}

std::unique_ptr<Tracker> Tracker::ForThisProcess(TrackerOptions options) {
  DetectOptions d;
  if (options.clock) {
    d.nvml.clock = options.clock;
    d.model.clock = options.clock;
  }
  Detected found = DetectSources(d);
  // A sensor that fails mid-run hands its CPU/DRAM domain to the TDP/RAM model.
  options.fallback = [model = d.model](const std::vector<Component>& components) {
    ModelOptions m = model;
    m.cpu = m.ram = false;
    for (Component c : components) {
      m.cpu |= c == Component::kCpu || c == Component::kPsys;
      m.ram |= c == Component::kDram || c == Component::kPsys;
    }
    return OpenModel(m);
  };
  return std::make_unique<Tracker>(std::move(found.sources), std::move(found.notes),
                                   std::make_unique<SelfCpuProbe>(), std::move(options));
}

Tracker::~Tracker() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_thread_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
}

const char* AttributionName(Attribution a) { return a == Attribution::kMachine ? "machine" : "process"; }

Result<Attribution> ParseAttribution(const std::string& text, const std::string& option) {
  if (text == "process") return Attribution::kProcess;
  if (text == "machine") return Attribution::kMachine;
  return Status::InvalidInput(option + ": expected 'process' or 'machine', got '" + text + "'");
}

void Tracker::SampleLocked(double now) {
  // Memory held over time (process mode): trapezoid between samples.
  if (cpu_ && options_.attribution == Attribution::kProcess) {
    const double mem = cpu_->TrackedMemoryBytes();
    if (mem < 0) {
      memory_known_ = false;
    } else {
      if (last_memory_ >= 0) memory_byte_s_ += 0.5 * (mem + last_memory_) * std::max(0.0, now - last_t_);
      last_memory_ = mem;
    }
  }
  const double before = [&] {
    double s = 0;
    for (double j : joules_) s += j;
    return s;
  }();
  size_t k = 0;
  std::vector<double> values;
  const size_t num_sources = sources_.size();  // a failure below may append a model
  for (size_t s = 0; s < num_sources; ++s) {
    const size_t n = sources_[s]->channels().size();
    if (failed_[s]) {  // frozen at its last good values; its model carries on
      k += n;
      continue;
    }
    values.clear();
    Status st = sources_[s]->Sample(&values);
    if (!st.ok()) {
      SwitchToModelLocked(s, k, st.message(), now);
    } else {
      for (size_t i = 0; i < n && i < values.size(); ++i) joules_[k + i] = std::max(joules_[k + i], values[i]);
    }
    k += n;
  }
  double after = 0;
  for (double j : joules_) after += j;
  if (options_.carbon.series) {
    if (auto g = options_.carbon.series->At(static_cast<int64_t>(std::time(nullptr)))) {
      weighted_gj_ += (after - before) * *g;
      covered_j_ += after - before;
    }
  }
  last_t_ = now;
}

void Tracker::SwitchToModelLocked(size_t s, size_t first, const std::string& reason, double now) {
  failed_[s] = true;
  const EnergySource& failed = *sources_[s];
  const size_t n = failed.channels().size();
  std::vector<Component> components;
  for (const Channel& c : failed.channels()) components.push_back(c.component);
  std::unique_ptr<EnergySource> model;
  std::string why;
  if (options_.fallback) {
    auto opened = options_.fallback(components);
    if (opened.ok()) model = std::move(opened).value();
    else why = " (model unavailable: " + opened.status().message() + ")";
  }
  if (!model) {
    const double elapsed = now - opened_t_;
    std::vector<Channel> channels;
    std::vector<double> watts;
    for (size_t i = 0; i < n; ++i) {
      Channel c = failed.channels()[i];
      c.device += " (after read error)";
      c.method = "modelled:mean-power-extrapolation";
      c.resolution_j = c.relative_uncertainty = -1;
      channels.push_back(c);
      watts.push_back(elapsed > 0 ? joules_[first + i] / elapsed : 0.0);
    }
    model = std::make_unique<ExtrapolationSource>(std::move(channels), std::move(watts), now, clock_);
  }
  std::string taken_by;
  for (const Channel& c : model->channels()) {
    channels_.push_back(c);
    channels_.back().device += channels_.back().device.find("after read error") == std::string::npos ? " (after " + failed.name() + " read error)" : "";
    FillDefaultUncertainty(&channels_.back());
    joules_.push_back(0.0);
    if (taken_by.find(c.method) == std::string::npos) taken_by += (taken_by.empty() ? "" : ", ") + c.method;
  }
  notes_.push_back({failed.name(), false,
                    fmt::format("read error {:.3f} s after opening: {}; its energy stops there and {} takes over{}",
                                now - opened_t_, reason, taken_by, why)});
  sources_.push_back(std::move(model));
  failed_.push_back(false);
}

void Tracker::SampleNow() {
  std::lock_guard<std::mutex> lock(mu_);
  SampleLocked(clock_->Now());
}

PhaseMark Tracker::Snapshot(std::string name) {
  PhaseMark m;
  m.name = std::move(name);
  m.start_utc = UtcNowIso8601();
  std::lock_guard<std::mutex> lock(mu_);
  m.t = clock_->Now();
  SampleLocked(m.t);
  m.joules = joules_;
  m.weighted_gj = weighted_gj_;
  m.covered_j = covered_j_;
  m.memory_byte_s = memory_byte_s_;
  m.memory_known = memory_known_;
  if (cpu_) ReadCpuTimesLocked(&m);
  return m;
}

void Tracker::ReadCpuTimesLocked(PhaseMark* m) {
  auto tracked = cpu_->TrackedCpuSeconds();
  auto machine = cpu_->MachineCpuSeconds();
  if (tracked.ok() && machine.ok()) {
    m->tracked_cpu_s = *tracked;
    m->machine_busy_cpu_s = machine->busy_s;
    m->machine_total_cpu_s = machine->total_s;
    return;
  }
  m->cpu_known = false;
  const std::string detail = fmt::format(
      "read error: {}; the CPU share of a phase spanning it is not measured: the whole machine is "
      "charged (upper bound, share 1 +/- 100 %)",
      (tracked.ok() ? machine.status() : tracked.status()).message());
  for (const SourceNote& n : notes_)
    if (n.source == "cpu-time" && n.detail == detail) return;  // said once
  notes_.push_back({"cpu-time", false, detail});
}

PhaseMark Tracker::Begin(std::string name) { return Snapshot(std::move(name)); }

EnergyRecord Tracker::End(const PhaseMark& mark) { return Diff(mark, Snapshot(mark.name)); }

EnergyRecord Tracker::Next(PhaseMark* mark, std::string next) {
  PhaseMark now = Snapshot(std::move(next));
  EnergyRecord r = Diff(*mark, now);
  *mark = std::move(now);
  return r;
}

// The CPU share: the tracked work's CPU time over the machine's busy CPU time, each known to
// one /proc tick. Unreadable CPU times: the whole machine, as an upper bound, +/- 100 %.
void Tracker::AttributeCpu(const PhaseMark& mark, const PhaseMark& now, EnergyRecord* r) const {
  const bool machine_mode = options_.attribution == Attribution::kMachine;
  r->cpu_times_known = mark.cpu_known && now.cpu_known;
  if (!r->cpu_times_known) {
    r->share = 1.0;
    r->share_relative_uncertainty = machine_mode ? 0.0 : 1.0;
    return;
  }
  r->tracked_cpu_s = std::max(0.0, now.tracked_cpu_s - mark.tracked_cpu_s);
  r->machine_busy_cpu_s = std::max(0.0, now.machine_busy_cpu_s - mark.machine_busy_cpu_s);
  r->machine_total_cpu_s = std::max(0.0, now.machine_total_cpu_s - mark.machine_total_cpu_s);
  r->share = r->machine_busy_cpu_s > 0 ? std::clamp(r->tracked_cpu_s / r->machine_busy_cpu_s, 0.0, 1.0)
                                       : (r->tracked_cpu_s > 0 ? 1.0 : 0.0);
  // Nothing to share out in machine mode (AttributeMemory sets the share to 1).
  r->share_relative_uncertainty =
      !machine_mode && r->share > 0
          ? std::min(1.0, kProcTickS / std::max(r->tracked_cpu_s, kProcTickS) +
                              kProcTickS / std::max(r->machine_busy_cpu_s, kProcTickS))
          : 0.0;
}

// The RAM share: memory held over time in process mode, everything in machine mode.
void Tracker::AttributeMemory(const PhaseMark& mark, const PhaseMark& now, EnergyRecord* r) const {
  r->attribution = AttributionName(options_.attribution);
  r->machine_memory_gb = cpu_ ? cpu_->MachineMemoryBytes() / 1e9 : 0;
  if (options_.attribution == Attribution::kMachine) {
    r->share = 1.0;
    r->ram_share = 1.0;
    r->ram_rule = "machine";
    return;
  }
  const double byte_s = std::max(0.0, now.memory_byte_s - mark.memory_byte_s);
  if (!now.memory_known || r->machine_memory_gb <= 0) {
    r->ram_share = r->share;
    r->ram_rule = "cpu-share (memory of the tracked work unknown)";
    return;
  }
  r->tracked_memory_gb = r->duration_s > 0 ? byte_s / r->duration_s / 1e9 : 0;
  r->ram_share = r->duration_s > 0 ? std::clamp(byte_s / (r->machine_memory_gb * 1e9 * r->duration_s), 0.0, 1.0) : 0;
  r->ram_rule = "memory-held (resident memory x time / MemTotal x duration)";
}

EnergyRecord Tracker::Diff(const PhaseMark& mark, const PhaseMark& now) {
  EnergyRecord r;
  r.phase = mark.name;
  r.start_utc = mark.start_utc;
  r.end_utc = now.start_utc;
  r.duration_s = std::max(0.0, now.t - mark.t);
  AttributeCpu(mark, now, &r);
  AttributeMemory(mark, now, &r);
  std::unique_lock<std::mutex> lock(mu_);  // channels_, notes_, sources_ grow on a read error
  const std::vector<Channel> channels(channels_.begin(), channels_.begin() + static_cast<long>(now.joules.size()));
  r.notes = notes_;
  for (const auto& s : sources_)
    for (const auto& c : s->constants()) r.constants.push_back(c);
  lock.unlock();
  double variance = 0;
  for (size_t i = 0; i < channels.size(); ++i) {
    ComponentEnergy c;
    c.channel = channels[i];
    c.machine_j = std::max(0.0, now.joules[i] - (i < mark.joules.size() ? mark.joules[i] : 0.0));
    const double u_machine = std::max(c.channel.resolution_j, c.channel.relative_uncertainty * c.machine_j);
    if (c.channel.component == Component::kGpu) {
      c.attributed_j = c.machine_j;
      c.uncertainty_j = u_machine;
    } else {
      const bool memory = c.channel.component == Component::kDram || c.channel.component == Component::kRam;
      const double share = memory ? r.ram_share : r.share;
      c.attributed_j = c.machine_j * share;
      c.uncertainty_j = std::hypot(u_machine * share, c.attributed_j * r.share_relative_uncertainty);
    }
    variance += c.uncertainty_j * c.uncertainty_j;
    r.machine_energy_j += c.machine_j;
    switch (c.channel.component) {
      case Component::kCpu:
      case Component::kPsys: r.cpu_energy_j += c.attributed_j; break;
      case Component::kDram:
      case Component::kRam: r.ram_energy_j += c.attributed_j; break;
      case Component::kGpu: r.gpu_energy_j += c.attributed_j; break;
    }
    r.components.push_back(c);
  }
  r.energy_j = r.cpu_energy_j + r.gpu_energy_j + r.ram_energy_j;
  r.energy_uncertainty_j = std::sqrt(variance);

  const CarbonSettings& cs = options_.carbon;
  r.carbon = cs.factor;
  r.pue = cs.pue;
  r.intensity_g_per_kwh = cs.factor.g_per_kwh;
  const double covered = now.covered_j - mark.covered_j;
  if (cs.series && r.machine_energy_j > 0 && covered > 0) {
    // Energy-weighted mean over the hours covered; the fallback factor for the rest.
    const double weighted = now.weighted_gj - mark.weighted_gj;
    const double rest = std::max(0.0, r.machine_energy_j - covered);
    r.intensity_g_per_kwh = (weighted + rest * cs.factor.g_per_kwh) / r.machine_energy_j;
    r.carbon.method = "hourly-series";
    r.carbon.source = cs.series_origin + (rest > 0 ? " (fallback " + cs.factor.source + " outside the series)" : "");
    r.carbon.g_per_kwh = r.intensity_g_per_kwh;
  }
  r.emissions_kg = r.energy_kwh() * r.pue * r.intensity_g_per_kwh / 1000.0;
  // Relative uncertainties of energy and intensity in quadrature; the tables give none for the
  // intensity, a user value may (--carbon-intensity-uncertainty; methodology).
  r.carbon.uncertainty_g_per_kwh = cs.factor.RelativeUncertainty() * r.intensity_g_per_kwh;
  r.emissions_uncertainty_kg =
      r.energy_j > 0 ? r.emissions_kg * std::hypot(r.energy_uncertainty_j / r.energy_j, cs.factor.RelativeUncertainty())
                     : r.energy_uncertainty_kwh() * r.pue * r.intensity_g_per_kwh / 1000.0;
  r.emissions_rate_kg_s = r.duration_s > 0 ? r.emissions_kg / r.duration_s : 0;
  for (const EmbodiedItem& e : cs.embodied) {
    const double kg = e.Amortised(r.duration_s, r.share);
    r.embodied.push_back({e, kg});
    r.embodied_kg += kg;
  }
  r.constants.push_back({"pue", r.pue});
  r.constants.push_back({"carbon_intensity_g_per_kwh", r.intensity_g_per_kwh});
  r.constants.push_back({"sampling_interval_s", options_.interval_s});
  return r;
}

Status Tracker::Start() {
  if (running_) return Status::Internal("Tracker::Start: already running");
  {
    // Memory integration starts with the run (samples taken before it do not count).
    std::lock_guard<std::mutex> lock(mu_);
    memory_known_ = true;
    last_memory_ = -1;
  }
  run_ = Snapshot("total");
  running_ = true;
  if (options_.interval_s > 0) {
    stop_thread_ = false;
    thread_ = std::thread([this] { Loop(); });
  }
  return Status::Ok();
}

void Tracker::Loop() {
  const auto period = std::chrono::duration<double>(options_.interval_s);
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_thread_) {
    if (cv_.wait_for(lock, period, [this] { return stop_thread_; })) break;
    SampleLocked(clock_->Now());
  }
}

Result<EnergyRecord> Tracker::Stop(const PhaseMark* open_phase, EnergyRecord* open_record) {
  if (!running_) return Status::Internal("Tracker::Stop: not running");
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_thread_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  const PhaseMark now = Snapshot(run_.name);
  EnergyRecord r = Diff(run_, now);
  if (open_phase && open_record) *open_record = Diff(*open_phase, now);
  running_ = false;
  ledger_.push_back(r);
  return r;
}

ScopedPhase::ScopedPhase(Tracker& tracker, std::string name)
    : tracker_(&tracker), mark_(tracker.Begin(std::move(name))) {}

ScopedPhase::~ScopedPhase() { Finish(); }

const EnergyRecord& ScopedPhase::Finish() {
  if (!done_) {
    record_ = tracker_->End(mark_);
    tracker_->AddToLedger(record_);
    done_ = true;
  }
  return record_;
}

}  // namespace airgrid::measure
