#include "study/use_cost.h"

#include <cmath>
#include <fstream>

#include <fmt/format.h>

#include "airgrid/sched/decision_cost.h"

namespace airgrid::study {
namespace {

std::string CpuBrand() {
  std::ifstream in("/proc/cpuinfo");
  std::string line, brand;
  int logical = 0;
  while (std::getline(in, line)) {
    if (line.rfind("processor", 0) == 0) ++logical;
    if (brand.empty() && line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos)
      brand = line.substr(line.find(':') + 2);
  }
  if (brand.empty()) return "unknown (no model name in /proc/cpuinfo)";
  return fmt::format("{} ({} logical CPUs visible)", brand, logical);
}

}  // namespace

Status MeasureUseCosts(const workload::Workload& eval, const std::vector<measure::EnergyRecord>& use_records,
                       std::vector<PolicyResult>* policies, std::string* benchmark_note) {
  double joules = 0, u_joules = 0, cpu_s = 0;
  for (const auto& r : use_records) {
    joules += r.energy_j;
    u_joules += r.energy_uncertainty_j;
    cpu_s += r.tracked_cpu_s;
  }
  if (!(cpu_s > 0) || !(joules > 0)) return Status::Ok();  // nothing tracked: use stays not assessed
  const double j_per_cpu_s = joules / cpu_s, rel_rate = u_joules / joules;
  for (PolicyResult& p : *policies) {
    auto policy = sched::MakePolicy(p.spec);
    if (!policy.ok()) return policy.status();
    auto cost = sched::MeasureDecisionCost(**policy, eval.jobs);
    if (!cost.ok()) return cost.status();
    p.use_j_per_decision = j_per_cpu_s * cost->median_s;
    p.use_uncertainty_j = p.use_j_per_decision * std::hypot(cost->RelativeUncertainty(), rel_rate);
    p.use_method = fmt::format("{:.3g} J per CPU second (evaluation energy {:.3g} ± {:.2g} J over {:.2f} CPU s) x {}",
                               j_per_cpu_s, joules, u_joules, cpu_s, cost->method);
    if (benchmark_note->empty())
      *benchmark_note = fmt::format("{} decisions of {} jobs (fixed windows of the evaluation queue) per repetition, "
                                    "{} repetitions after a warm-up, thread CPU time; median with a {:.0f}% CI",
                                    cost->decisions_per_repetition, cost->queue_length, cost->repetitions,
                                    100 * cost->confidence);
  }
  return Status::Ok();
}

std::vector<std::pair<std::string, std::string>> StudySetup(const SetupFacts& f) {
  const StudyOptions& o = *f.options;
  const measure::EnergyRecord& t = *f.total;
  std::vector<std::pair<std::string, std::string>> s;
  s.emplace_back("Machine CPU", CpuBrand());
  std::string constants;
  for (const auto& [k, v] : t.constants) constants += (constants.empty() ? "" : ", ") + fmt::format("{}={:g}", k, v);
  s.emplace_back("Energy", fmt::format("{} by the tracker: {}; attribution by CPU-time share; constants: {}",
                                        t.kind(), t.parts().empty() ? "no channel" : t.parts(), constants));
  std::string notes;
  for (const auto& n : f.notes)
    notes += (notes.empty() ? "" : "; ") + n.source + (n.used ? " (used): " : " (not used): ") + n.detail;
  s.emplace_back("Energy sensors", notes);
  s.emplace_back("Carbon intensity",
                 fmt::format("{:g} gCO2eq/kWh, {} {}, {} ({}); no uncertainty published by the source",
                             t.intensity_g_per_kwh, t.carbon.region, t.carbon.year ? std::to_string(t.carbon.year) : "-",
                             t.carbon.source, t.carbon.method));
  s.emplace_back("PUE", fmt::format("{:g}", t.pue));
  s.emplace_back("Embodied device", o.embodied_device.empty() ? std::string("none (embodied not assessed)")
                                                              : o.embodied_device + " (data/embodied.csv)");
  s.emplace_back("Workloads", "training: " + f.train_workload + "; evaluation: " + f.eval_workload);
  s.emplace_back("Seeds", fmt::format("study {}, training workload {}, evaluation workload {}", o.seed, o.train_seed,
                                      o.eval_seed));
  s.emplace_back("Scale", fmt::format("{}: {} tuples x {} trials, MLP {} epochs, {} threads", o.scale, o.tuples,
                                      o.trials, o.mlp_epochs, o.threads));
  if (!f.benchmark_note.empty()) s.emplace_back("Decision cost", f.benchmark_note);
  return s;
}

}  // namespace airgrid::study
