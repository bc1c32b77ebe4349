// Use-phase figures of the study. See use_phase.h for the contract.
#include "airgrid/study/use_phase.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace airgrid::study {
namespace {

constexpr double kJPerKwh = 3.6e6;
constexpr double kDay = 86400;

// Standard error of the mean of `v` (0 for fewer than two values).
double StandardError(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  const double n = static_cast<double>(v.size());
  return std::sqrt(ss / (n - 1) / n);
}

std::string Days(double d) { return d >= 100 ? fmt::format("{:.0f}", d) : fmt::format("{:.3g}", d); }

}  // namespace

Result<ClusterUse> AssessClusterUse(const sched::RunResult& run, const sched::PowerModel& model,
                                    const sched::PowerOff& off) {
  Result<sched::ClusterEnergy> e = sched::ComputeClusterEnergy(run, model, off);
  if (!e.ok()) return e.status();
  ClusterUse u;
  u.energy = std::move(e).value();
  double span_s = 0;
  for (const sched::WindowEnergy& w : u.energy.per_window) {
    span_s += w.submit_span_s;
    if (w.submit_span_s > 0) {
      u.window_kwh_per_day.push_back((w.busy_j + w.idle_j) / kJPerKwh / (w.submit_span_s / kDay));
    }
  }
  if (span_s <= 0) {
    return Status::InvalidInput("cluster energy: the evaluation's windows cover no submit span "
                                "(every job submitted at one instant)");
  }
  u.days = span_s / kDay;
  u.kwh_per_day = u.energy.total_j / kJPerKwh / u.days;
  const double model_unc = u.energy.uncertainty * u.kwh_per_day;
  const double window_unc = StandardError(u.window_kwh_per_day);
  u.kwh_per_day_unc = std::hypot(model_unc, window_unc);
  return u;
}

BreakEven ComputeBreakEven(double dev_kwh, double dev_kwh_unc, const ClusterUse& policy,
                           const ClusterUse& fcfs) {
  BreakEven b;
  const double u = policy.energy.uncertainty;
  b.saving_kwh_per_day = fcfs.kwh_per_day - policy.kwh_per_day;
  // Paired per-window savings (same windows, same order).
  std::vector<double> paired;
  const size_t n = std::min(policy.window_kwh_per_day.size(), fcfs.window_kwh_per_day.size());
  for (size_t i = 0; i < n; ++i) paired.push_back(fcfs.window_kwh_per_day[i] - policy.window_kwh_per_day[i]);
  const double se = StandardError(paired);
  const double s = b.saving_kwh_per_day;
  b.saving_low = std::min((s - 2 * se) * (1 - u), (s - 2 * se) * (1 + u));
  b.saving_high = std::max((s + 2 * se) * (1 + u), (s + 2 * se) * (1 - u));
  const double dev_lo = std::max(0.0, dev_kwh - dev_kwh_unc), dev_hi = dev_kwh + dev_kwh_unc;
  // Paybacks per year: 0 when the policy saves nothing (it never pays back), never negative.
  auto rate = [&](double saving, double dev) { return dev > 0 ? std::max(0.0, 365 * saving / dev) : 0.0; };
  b.per_year = rate(s, dev_kwh);
  if (dev_kwh > 0) {
    const double lo = rate(b.saving_low, dev_hi);
    const double hi = dev_lo > 0 ? rate(b.saving_high, dev_lo) : lo;
    b.per_year_unc = std::max(std::abs(b.per_year - lo), std::abs(hi - b.per_year));
  }
  const std::string saving = fmt::format("saving {:.4g} kWh/day [{:.4g}, {:.4g}] against FCFS", s,
                                         b.saving_low, b.saving_high);
  if (s <= 0) {
    b.never = true;
    b.text = "never (" + saving + ")";
    return b;
  }
  b.days = dev_kwh / s;
  b.days_low = dev_lo / b.saving_high;
  b.high_never = b.saving_low <= 0;
  b.days_high = b.high_never ? 0 : dev_hi / b.saving_low;
  b.text = fmt::format("after {} days [{}, {}] ({})", Days(b.days), Days(b.days_low),
                       b.high_never ? std::string("never") : Days(b.days_high), saving);
  return b;
}

Result<PublishedDevelopment> F1PublishedDevelopment(const sched::PowerModel& model,
                                                    double g_per_kwh, double pue, double g_per_kwh_unc) {
  if (!(model.cores > 0)) {
    return Status::InvalidInput(fmt::format(
        "power model '{}' states no cores per node: cannot derive a per-core power", model.name));
  }
  PublishedDevelopment d;
  d.watts_per_core = model.busy_w / model.cores;
  d.kwh = d.hours * d.watts_per_core / 1000;
  d.kwh_unc = d.kwh * model.uncertainty;
  d.co2_kg = d.kwh * pue * g_per_kwh / 1000;
  d.co2_kg_unc = d.co2_kg * std::hypot(model.uncertainty, g_per_kwh > 0 ? g_per_kwh_unc / g_per_kwh : 0);
  d.source = "Carastan-Santos & de Camargo, \"Obtaining Dynamic Scheduling Policies with Simulation "
             "and Machine Learning\", SC'17, and the talk presenting it (\"Simulation = 150 h de "
             "calcul, regression rapide\")";
  d.method = fmt::format(
      "declared 150 h of computation, read as core-hours, x {:.3g} W per core ({} busy {} W / "
      "{:g} cores, {} {}), band +/-{:g}%; x PUE {:g} x {:g} gCO2eq/kWh. Read as node-hours the "
      "figure would be {:g} times larger",
      d.watts_per_core, model.name, model.busy_w, model.cores,
      model.source.substr(0, model.source.find(':')), model.year, 100 * model.uncertainty, pue,
      g_per_kwh, model.cores);
  return d;
}

}  // namespace airgrid::study
