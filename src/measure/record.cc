// EnergyRecord outputs: JSON, the human summary and CSV rows.
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "airgrid/measure/tracker.h"

namespace airgrid::measure {

namespace {

// The attribution rule, stated in every output.
constexpr const char* kAttribution =
    "machine-level energy x share; share = tracked CPU time / machine busy CPU time (/proc), "
    "GPU energy of visible devices attributed in full";

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

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
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
       {{"rule", kAttribution},
        {"tracked_cpu_s", tracked_cpu_s},
        {"machine_busy_cpu_s", machine_busy_cpu_s},
        {"share", share},
        {"share_relative_uncertainty", share_relative_uncertainty}}},
      {"carbon",
       {{"intensity_g_per_kwh", intensity_g_per_kwh},
        {"region", carbon.region},
        {"year", carbon.year},
        {"source", carbon.source},
        {"method", carbon.method},
        {"pue", pue},
        {"emissions_kg", emissions_kg},
        {"emissions_uncertainty_kg", emissions_uncertainty_kg},
        {"intensity_uncertainty_g_per_kwh", 0.0},
        {"intensity_uncertainty_note", "the intensity source gives no uncertainty; only the energy's is propagated"},
        {"emissions_rate_kg_per_s", emissions_rate_kg_s}}},
      {"embodied", embodied_json},
      {"sources", sources_json},
      {"constants", constants_json},
  };
}

std::string EnergyRecord::Summary() const {
  std::string s = fmt::format("phase {}: {:.3f} s, share of machine CPU {:.1f}% ({:.3f} of {:.3f} busy CPU-s)\n",
                              phase, duration_s, 100 * share, tracked_cpu_s, machine_busy_cpu_s);
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

std::string CsvHeader() {
  return "timestamp,project_name,run_id,phase,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,"
         "cpu_energy,gpu_energy,ram_energy,energy_consumed,country_iso_code,pue,tracking_mode,"
         "carbon_intensity,carbon_method,carbon_source,cpu_method,gpu_method,ram_method,share,"
         "machine_energy,embodied_emissions\n";
}

std::string CsvRow(const EnergyRecord& r, const std::string& project_name, const std::string& run_id) {
  auto num = [](double v) { return fmt::format("{:.9g}", v); };
  std::string row;
  auto add = [&row](const std::string& field) { row += (row.empty() ? "" : ",") + field; };
  add(r.end_utc);
  add(CsvField(project_name));
  add(CsvField(run_id));
  add(CsvField(r.phase));
  add(num(r.duration_s));
  add(num(r.emissions_kg));
  add(num(r.emissions_rate_kg_s));
  add(num(r.Watts(r.cpu_energy_j)));
  add(num(r.Watts(r.gpu_energy_j)));
  add(num(r.Watts(r.ram_energy_j)));
  add(num(r.cpu_energy_j / 3.6e6));
  add(num(r.gpu_energy_j / 3.6e6));
  add(num(r.ram_energy_j / 3.6e6));
  add(num(r.energy_kwh()));
  add(CsvField(r.carbon.region));
  add(num(r.pue));
  add("process");
  add(num(r.intensity_g_per_kwh));
  add(CsvField(r.carbon.method));
  add(CsvField(r.carbon.source));
  add(CsvField(MethodOf(r, Component::kCpu, Component::kPsys)));
  add(CsvField(MethodOf(r, Component::kGpu, Component::kGpu)));
  add(CsvField(MethodOf(r, Component::kDram, Component::kRam)));
  add(num(r.share));
  add(num(r.machine_energy_j / 3.6e6));
  add(num(r.embodied_kg));
  return row + "\n";
}

}  // namespace airgrid::measure
