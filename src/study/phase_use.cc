#include "study/phase_use.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace airgrid::study {

std::pair<double, double> DevelopmentKwh(const PolicyResult& p) {
  if (p.published_development) return {p.published_development->kwh, p.published_development->kwh_unc};
  if (p.development.empty()) return {std::numeric_limits<double>::quiet_NaN(), 0};
  double j = 0;
  for (const auto& r : p.development) j += r.energy_j;
  return {j / 3.6e6, 0};
}

Status RunUsePhase(StudyContext& ctx, const UseInput& in) {
  const PolicyResult* fcfs = nullptr;
  for (const PolicyResult& p : in.policies) {
    if (p.id == "fcfs") fcfs = &p;
  }
  if (!fcfs || fcfs->cluster.size() != 3) return Status::Internal("use phase: FCFS's cluster energy is missing");
  for (PolicyResult& p : in.policies) {
    if (p.kind == PolicyKind::kPublishedFormula) {
      auto d = F1PublishedDevelopment(in.power_model, in.carbon.factor.g_per_kwh, in.carbon.pue,
                                      in.carbon.factor.uncertainty_g_per_kwh);
      if (!d.ok()) return d.status();
      p.published_development = *d;
      ctx.log << fmt::format("use: {} development from the published 150 h: {:.3g} +/- {:.2g} kWh ({:.3g} W per core)\n",
                             p.label, d->kwh, d->kwh_unc, d->watts_per_core);
    }
    const auto [dev, dev_unc] = DevelopmentKwh(p);
    if (p.kind == PolicyKind::kRule || std::isnan(dev) || p.cluster.size() != 3) continue;
    p.break_even.clear();
    for (size_t c = 0; c < 3; ++c) p.break_even.push_back(ComputeBreakEven(dev, dev_unc, p.cluster[c], fcfs->cluster[c]));
    ctx.log << fmt::format("use: {} break-even against FCFS (requested+EASY): {}\n", p.label,
                           p.break_even[2].text);
  }
  for (const PolicyResult& p : in.policies) {
    if (p.cluster.size() != 3) continue;
    ctx.log << fmt::format("use: {:<24} cluster {:.4g} / {:.4g} / {:.4g} kWh per day of workload (actual / requested / requested+EASY)\n",
                           p.label, p.cluster[0].kwh_per_day, p.cluster[1].kwh_per_day, p.cluster[2].kwh_per_day);
  }
  return Status::Ok();
}

}  // namespace airgrid::study
