#include "study/durability.h"

#include <cmath>
#include <map>

#include <fmt/format.h>

namespace airgrid::study {
namespace {

constexpr size_t kEasy = 2;  // requested+easy in kConfigNames

// Mean and standard error of the mean.
std::pair<double, double> MeanAndError(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  const double mean = s / v.size();
  if (v.size() < 2) return {mean, 0};
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return {mean, std::sqrt(ss / (v.size() - 1) / v.size())};
}

}  // namespace

std::string Durability::Text() const {
  std::string r, w;
  for (const DurabilityPeriod& p : periods) {
    r += fmt::format("{}{:.3g} ± {:.2g}", r.empty() ? "" : " → ", p.ratio, p.ratio_unc);
    w += fmt::format("{}{}–{}", w.empty() ? "" : ", ", p.first_window, p.last_window);
  }
  return fmt::format("ratio to baseline per period {} (windows {}); slope {:.3g} ± {:.2g} per period", r, w,
                     slope, slope_unc);
}

Result<Durability> MeasureDurability(std::span<const sched::WindowMetrics> policy,
                                     std::span<const sched::WindowMetrics> baseline, int periods) {
  if (periods < 2) return Status::InvalidInput("durability: expected at least 2 periods");
  std::map<int32_t, double> base;
  for (const auto& w : baseline) base[w.window] = w.avg_bsld;
  std::vector<std::pair<int32_t, double>> ratios;  // window, r_w
  for (const auto& w : policy) {
    auto it = base.find(w.window);
    if (it != base.end() && it->second > 0) ratios.push_back({w.window, w.avg_bsld / it->second});
  }
  const size_t n = ratios.size(), k = static_cast<size_t>(periods);
  if (n < k) return Status::InvalidInput(fmt::format("durability: {} windows for {} periods", n, periods));
  Durability d;
  size_t next = 0;
  for (size_t p = 0; p < k; ++p) {
    const size_t count = n / k + (p < n % k ? 1 : 0);
    std::vector<double> r;
    for (size_t i = 0; i < count; ++i) r.push_back(ratios[next + i].second);
    const auto [mean, se] = MeanAndError(r);
    d.periods.push_back({ratios[next].first, ratios[next + count - 1].first, static_cast<int>(count), mean, se});
    next += count;
  }
  const double kbar = (k - 1) / 2.0;
  double sxx = 0;
  for (size_t p = 0; p < k; ++p) sxx += (p - kbar) * (p - kbar);
  double var = 0;
  for (size_t p = 0; p < k; ++p) {
    const double c = (p - kbar) / sxx;
    d.slope += c * d.periods[p].ratio;
    var += c * c * d.periods[p].ratio_unc * d.periods[p].ratio_unc;
  }
  d.slope_unc = std::sqrt(var);
  return d;
}

Status AddDurabilityCriterion(const DurabilityInput& in, grid::Grid* g) {
  grid::Criterion c;
  c.id = "lowtech.durability";
  c.label = "Durability: drift of AVEbsld ratio to FCFS per period (EASY)";
  c.area = grid::Area::kConviviality;
  c.unit = "1/period";
  c.direction = grid::Direction::kLowerIsBetter;
  c.scale = grid::Scale::kInterval;  // a slope, of either sign
  c.description = fmt::format(
      "Least-squares slope, over {} successive periods of the evaluation's sc17 windows (in time "
      "order), of the policy's mean per-window AVEbsld ratio to {}, requested times + EASY. > 0: the "
      "gain decays period after period. Uncertainty: first order from the periods' standard errors.",
      in.periods, in.baseline);
  AIRGRID_RETURN_IF_ERROR(g->AddCriterion(c));
  const PolicyResult* base = nullptr;
  for (const PolicyResult& p : in.policies)
    if (p.id == in.baseline) base = &p;
  for (const PolicyResult& p : in.policies) {
    grid::Value v;
    if (!base || base->configs.size() <= kEasy) {
      v = grid::Value::NotAssessed("the baseline " + in.baseline + " was not evaluated");
    } else if (&p == base) {
      v = grid::Value::NotAssessed("the baseline of the ratio");
    } else if (p.configs.size() <= kEasy) {
      v = grid::Value::NotAssessed("not evaluated");
    } else {
      auto d = MeasureDurability(p.configs[kEasy].per_window, base->configs[kEasy].per_window, in.periods);
      if (!d.ok()) {
        v = grid::Value::NotAssessed(d.status().message());
      } else {
        v = grid::Value::Number(d->slope, d->slope_unc,
                                {grid::ProvenanceKind::kMeasured, in.tool,
                                 "simulation: " + d->Text() + "; " + in.training, ""});
      }
    }
    AIRGRID_RETURN_IF_ERROR(g->Set(p.id, c.id, std::move(v)));
  }
  return Status::Ok();
}

}  // namespace airgrid::study
