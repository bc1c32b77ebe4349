// EnergyRecord outputs: JSON, the human summary and CSV rows.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "airgrid/base/csv.h"
#include "airgrid/measure/tracker.h"

namespace airgrid::measure {

namespace {

// The attribution rule, stated in every output.
const char* AttributionRule(const std::string& mode) {
  return mode == "machine"
             ? "machine: every channel's machine-level energy in full, idle draw included (CodeCarbon's default)"
             : "process: CPU energy x CPU share (tracked CPU time / machine busy CPU time, /proc); "
               "DRAM/RAM energy x memory share (resident memory held over time / MemTotal x duration); "
               "GPU energy of visible devices attributed in full";
}

std::string MethodOf(const EnergyRecord& r, Component a, Component b) {
  std::string out;
  for (const ComponentEnergy& c : r.components) {
    if (c.channel.component != a && c.channel.component != b) continue;
    if (out.find(c.channel.method) == std::string::npos) out += (out.empty() ? "" : "+") + c.channel.method;
  }
  return out.empty() ? "none" : out;
}

// Human-scale energy: J below 10 kJ, then kWh.
std::string Energy(double j) {
  if (j < 1e4) return fmt::format("{:.3g} J", j);
  return fmt::format("{:.4g} kWh", j / 3.6e6);
}

// Human-scale mass of CO2eq.
std::string Mass(double kg) {
  if (kg == 0) return "0 g";
  if (kg < 1e-3) return fmt::format("{:.3g} mg", kg * 1e6);
  if (kg < 1) return fmt::format("{:.3g} g", kg * 1e3);
  return fmt::format("{:.4g} kg", kg);
}

}  // namespace

std::string EnergyRecord::kind() const {
  if (components.empty()) return "none";
  for (const ComponentEnergy& c : components)
    if (!IsMeasuredMethod(c.channel.method)) return "modelled";
  return "measured";
}

std::string EnergyRecord::parts() const {
  std::string out;
  for (const ComponentEnergy& c : components)
    out += (out.empty() ? "" : "; ") + std::string(ComponentName(c.channel.component)) + " " + c.channel.device + " " +
           c.channel.method;
  return out;
}

nlohmann::json EnergyRecord::ToJson() const {
  using nlohmann::json;
  json components_json = json::array();
  for (const ComponentEnergy& c : components) {
    components_json.push_back({{"component", ComponentName(c.channel.component)},
                               {"device", c.channel.device},
                               {"method", c.channel.method},
                               {"machine_j", c.machine_j},
                               {"attributed_j", c.attributed_j},
                               {"uncertainty_j", c.uncertainty_j},
                               {"attributed_w", Watts(c.attributed_j)}});
  }
  json sources_json = json::array();
  for (const SourceNote& n : notes) sources_json.push_back({{"source", n.source}, {"used", n.used}, {"detail", n.detail}});
  json constants_json = json::object();
  for (const auto& [k, v] : constants) constants_json[k] = v;
  json embodied_json = {{"kg_co2eq", embodied_kg}, {"share", share}};
  if (embodied.empty()) {
    embodied_json["not_assessed"] = "no device given (airgrid track --embodied DEVICE; table data/embodied.csv)";
  } else {
    json items = json::array();
    for (const auto& [e, kg] : embodied)
      items.push_back({{"device", e.device}, {"kg_co2eq_device", e.kg_co2eq}, {"lifetime_years", e.lifetime_years},
                       {"source", e.source}, {"kg_co2eq_charged", kg}});
    embodied_json["items"] = items;
  }
  return json{
      {"phase", phase},
      {"start_utc", start_utc},
      {"end_utc", end_utc},
      {"duration_s", duration_s},
      {"energy",
       {{"total_j", energy_j},
        {"total_kwh", energy_kwh()},
        {"kind", kind()},
        {"parts", parts()},
        {"uncertainty_j", energy_uncertainty_j},
        {"uncertainty_kwh", energy_uncertainty_kwh()},
        {"cpu_j", cpu_energy_j},
        {"gpu_j", gpu_energy_j},
        {"ram_j", ram_energy_j},
        {"machine_j", machine_energy_j},
        {"cpu_method", MethodOf(*this, Component::kCpu, Component::kPsys)},
        {"gpu_method", MethodOf(*this, Component::kGpu, Component::kGpu)},
        {"ram_method", MethodOf(*this, Component::kDram, Component::kRam)}}},
      {"components", components_json},
      {"attribution",
       {{"mode", attribution},
        {"rule", AttributionRule(attribution)},
        {"tracked_cpu_s", cpu_times_known ? json(tracked_cpu_s) : json(nullptr)},
        {"machine_busy_cpu_s", cpu_times_known ? json(machine_busy_cpu_s) : json(nullptr)},
        {"machine_total_cpu_s", cpu_times_known ? json(machine_total_cpu_s) : json(nullptr)},
        {"share", share},
        {"share_relative_uncertainty", share_relative_uncertainty},
        {"ram_share", ram_share},
        {"ram_rule", ram_rule},
        {"tracked_memory_gb", tracked_memory_gb >= 0 ? json(tracked_memory_gb) : json(nullptr)},
        {"machine_memory_gb", machine_memory_gb}}},
      {"carbon",
       {{"intensity_g_per_kwh", intensity_g_per_kwh},
        {"region", carbon.region},
        {"year", carbon.year},
        {"source", carbon.source},
        {"method", carbon.method},
        {"pue", pue},
        {"emissions_kg", emissions_kg},
        {"emissions_uncertainty_kg", emissions_uncertainty_kg},
        {"intensity_uncertainty_g_per_kwh", carbon.uncertainty_g_per_kwh},
        {"intensity_uncertainty_note",
         carbon.uncertainty_g_per_kwh > 0
             ? "relative uncertainties of energy and intensity combined in quadrature"
             : "the intensity source gives no uncertainty; only the energy's is propagated"},
        {"emissions_rate_kg_per_s", emissions_rate_kg_s}}},
      {"embodied", embodied_json},
      {"sources", sources_json},
      {"constants", constants_json},
  };
}

std::string EnergyRecord::Summary() const {
  std::string s =
      cpu_times_known
          ? fmt::format("phase {}: {:.3f} s, attribution {}, share of machine CPU {:.1f}% ({:.3f} of {:.3f} busy CPU-s)\n",
                        phase, duration_s, attribution, 100 * share, tracked_cpu_s, machine_busy_cpu_s)
          : fmt::format("phase {}: {:.3f} s, attribution {}, share of machine CPU not measured (CPU times "
                        "unreadable, see notes): whole machine charged, +/- 100 %\n",
                        phase, duration_s, attribution);
  if (attribution == "process")
    s += fmt::format("  RAM share {:.4f}% ({}{})\n", 100 * ram_share, ram_rule,
                     tracked_memory_gb >= 0 ? fmt::format("; {:.4g} GB held on average of {:.4g} GB", tracked_memory_gb, machine_memory_gb)
                                            : std::string());
  for (const ComponentEnergy& c : components) {
    s += fmt::format("  {:<5} {:<28} {:>10}  {:>9.3f} W  {}  (machine {})\n", ComponentName(c.channel.component),
                     c.channel.device, Energy(c.attributed_j), Watts(c.attributed_j), c.channel.method,
                     Energy(c.machine_j));
  }
  if (components.empty()) s += "  (no energy source available)\n";
  s += fmt::format("  energy {} ± {} = {:.3g} kWh, {} (cpu {}, gpu {}, ram {})\n", Energy(energy_j),
                   Energy(energy_uncertainty_j), energy_kwh(), kind(), Energy(cpu_energy_j), Energy(gpu_energy_j),
                   Energy(ram_energy_j));
  s += fmt::format("  CO2eq  {} = energy x PUE {:.2f} x {:.1f} g/kWh ({} {}, {}; {})\n", Mass(emissions_kg), pue,
                   intensity_g_per_kwh, carbon.region, carbon.year ? std::to_string(carbon.year) : std::string("-"),
                   carbon.method, carbon.source);
  if (embodied.empty()) {
    s += "  embodied: not assessed (give --embodied DEVICE)\n";
  } else {
    for (const auto& [e, kg] : embodied)
      s += fmt::format("  embodied {} ({} kg over {} y, {}): {}\n", e.device, e.kg_co2eq, e.lifetime_years, e.source, Mass(kg));
  }
  for (const SourceNote& n : notes)
    s += fmt::format("  sensor {:<8} {}: {}\n", n.source, n.used ? "used" : "not used", n.detail);
  return s;
}

namespace {

// CodeCarbon 3.3.0, codecarbon/output_methods/emissions_data.py, EmissionsData field order.
constexpr const char* kCodeCarbonColumns[] = {
    "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate",
    "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed",
    "water_consumed", "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os",
    "python_version", "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude",
    "latitude", "ram_total_size", "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent",
    "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue"};

// "2026-12-01T14:58:36Z" → "2026-12-01T14:58:36" (CodeCarbon's %Y-%m-%dT%H:%M:%S; ours is UTC).
std::string CodeCarbonTimestamp(const std::string& iso) { return iso.substr(0, 19); }

std::string GpuModels(const EnergyRecord& r, int* count) {
  std::string out;
  *count = 0;
  for (const ComponentEnergy& c : r.components) {
    if (c.channel.component != Component::kGpu) continue;
    ++*count;
    out += (out.empty() ? "" : "; ") + c.channel.device;
  }
  return out;
}

}  // namespace

std::string CsvHeader() {
  std::string h;
  for (const char* c : kCodeCarbonColumns) {
    if (!h.empty()) h += ',';
    h += c;
  }
  return h + "\n";
}

std::string CsvRow(const EnergyRecord& r, const CsvRunInfo& info) {
  auto num = [](double v) { return fmt::format("{:.9g}", v); };
  // CodeCarbon multiplies every energy (not the powers) by the PUE.
  auto kwh = [&](double j) { return num(j * r.pue / 3.6e6); };
  const std::string empty;
  int gpu_count = 0;
  const std::string gpu_model = GpuModels(r, &gpu_count);
  std::vector<std::string> f = {
      CodeCarbonTimestamp(r.end_utc), CsvEscape(info.project_name), CsvEscape(info.run_id),
      CsvEscape(info.experiment_id), num(r.duration_s), num(r.emissions_kg), num(r.emissions_rate_kg_s),
      num(r.Watts(r.cpu_energy_j)), num(r.Watts(r.gpu_energy_j)), num(r.Watts(r.ram_energy_j)),
      kwh(r.cpu_energy_j), kwh(r.gpu_energy_j), kwh(r.ram_energy_j), kwh(r.energy_j),
      empty,  // water_consumed: no WUE model
      empty,  // country_name: our table has ISO codes only
      CsvEscape(r.carbon.region == "WORLD" ? std::string() : r.carbon.region),
      empty, empty, empty,  // region, cloud_provider, cloud_region
      empty, empty, empty,  // os, python_version, codecarbon_version: not CodeCarbon's to claim
      info.cpu_count > 0 ? std::to_string(info.cpu_count) : empty, CsvEscape(info.cpu_model),
      std::to_string(gpu_count), CsvEscape(gpu_model),
      empty, empty,  // longitude, latitude
      r.machine_memory_gb > 0 ? num(r.machine_memory_gb) : empty,
      r.attribution,
      r.machine_total_cpu_s > 0 ? num(100.0 * r.machine_busy_cpu_s / r.machine_total_cpu_s) : empty,
      empty,  // gpu_utilization_percent
      empty,  // ram_utilization_percent
      r.tracked_memory_gb >= 0 ? num(r.tracked_memory_gb) : empty,
      empty,  // on_cloud: unknown
      num(r.pue),
      empty,  // wue
  };
  std::string row;
  for (const std::string& x : f) row += (row.empty() ? "" : ",") + x;
  return row + "\n";
}

Status CheckCsvHeader(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Ok();  // absent: a new file gets the header
  std::string first;
  if (!std::getline(in, first) || first.empty()) return Status::Ok();
  if (!first.empty() && first.back() == '\r') first.pop_back();
  const std::string want = CsvHeader().substr(0, CsvHeader().size() - 1);
  if (first == want) return Status::Ok();
  // Name the first column that differs, so the user knows which schema the file has.
  std::vector<std::string> have;
  size_t start = 0;
  for (size_t c; (c = first.find(',', start)) != std::string::npos; start = c + 1) have.push_back(first.substr(start, c - start));
  have.push_back(first.substr(start));
  const size_t n = std::size(kCodeCarbonColumns);
  size_t i = 0;
  while (i < n && i < have.size() && have[i] == kCodeCarbonColumns[i]) ++i;
  std::string what = i < n ? fmt::format("column {} is '{}', expected '{}'", i + 1, i < have.size() ? have[i] : "(none)",
                                         kCodeCarbonColumns[i])
                           : fmt::format("{} columns, expected {}", have.size(), n);
  return Status::InvalidInput(fmt::format(
      "{}: line 1: header differs from CodeCarbon {} emissions.csv ({}); not appending to it", path,
      kCodeCarbonVersion, what));
}

}  // namespace airgrid::measure
