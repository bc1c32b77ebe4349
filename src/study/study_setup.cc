#include "study/study_setup.h"

#include <fstream>

#include <fmt/format.h>

namespace airgrid::study {
namespace {

std::string CpuBrand() {
  std::ifstream in("/proc/cpuinfo");
  std::string line, brand;
  int logical = 0;
  while (std::getline(in, line)) {
    if (line.rfind("processor", 0) == 0) ++logical;
    if (brand.empty() && line.rfind("model name", 0) == 0 && line.find(": ") != std::string::npos)
      brand = line.substr(line.find(": ") + 2);
  }
  if (brand.empty()) return "unknown (no model name in /proc/cpuinfo)";
  return fmt::format("{} ({} logical CPUs visible)", brand, logical);
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : sep) + i;
  return s;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> StudySetup(const SetupFacts& f) {
  const StudyOptions& o = f.options;
  const measure::EnergyRecord& t = f.total;
  std::vector<std::pair<std::string, std::string>> s;
  s.emplace_back("Machine CPU", CpuBrand());
  std::vector<std::string> constants;
  for (const auto& [k, v] : t.constants) constants.push_back(fmt::format("{}={:g}", k, v));
  s.emplace_back("Energy", fmt::format("{} by the tracker ({}); attributed by CPU-time share; constants: {}", t.kind(),
                                        t.parts().empty() ? "no channel" : t.parts(), Join(constants, ", ")));
  s.emplace_back("Energy sensors", Join(f.notes, "; "));
  s.emplace_back("Carbon intensity",
                 fmt::format("{:g} gCO2eq/kWh{}, {} {}, {} ({})", t.intensity_g_per_kwh,
                             t.carbon.uncertainty_g_per_kwh > 0
                                 ? fmt::format(" ± {:g} (stated; propagated to every CO2eq)", t.carbon.uncertainty_g_per_kwh)
                                 : std::string("; the source publishes no uncertainty"), t.carbon.region, t.carbon.year ? std::to_string(t.carbon.year) : "-",
                             t.carbon.source, t.carbon.method));
  s.emplace_back("PUE", fmt::format("{:g}", t.pue));
  s.emplace_back("Embodied device", o.embodied_device.empty() ? std::string("none: embodied emissions not assessed")
                                                              : o.embodied_device + " (data/embodied.csv)");
  s.emplace_back("Workloads",
                 fmt::format("training: Lublin-Feitelson model (typeless), {} processors, {} jobs; evaluation: {}",
                             o.procs, o.train_jobs, f.eval_workload));
  s.emplace_back("Seeds", fmt::format("study {}, training workload {}, evaluation workload {}", o.seed, o.train_seed,
                                      o.eval_seed));
  s.emplace_back("Scale", fmt::format("{}: {} tuples x {} trials, MLP at most {} epochs, {} threads", o.scale, o.tuples,
                                      o.trials, o.mlp_epochs, o.threads));
  if (!f.benchmark.empty()) s.emplace_back("Decision cost", f.benchmark);
  return s;
}

}  // namespace airgrid::study
