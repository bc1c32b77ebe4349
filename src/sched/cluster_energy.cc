// Cluster energy of a schedule from its per-job records. See cluster_energy.h for the contract.
#include "airgrid/sched/cluster_energy.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

namespace airgrid::sched {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Idle-gap accounting of one node: either idle throughout, or timeout, shutdown, off, boot.
struct GapEnergy {
  double joules = 0;
  double off_s = 0;
  bool switched_off = false;
};

GapEnergy IdleGap(double gap_s, const PowerModel& m, const PowerOff& off) {
  GapEnergy g;
  const double overhead_s = off.idle_timeout_s + m.shutdown_s + m.boot_s;
  if (!off.enabled || gap_s < overhead_s || gap_s <= 0) {
    g.joules = gap_s * m.idle_w;
    return g;
  }
  g.off_s = gap_s - overhead_s;
  g.joules = off.idle_timeout_s * m.idle_w + m.shutdown_j + g.off_s * m.off_w + m.boot_j;
  g.switched_off = true;
  return g;
}

struct Event {
  int64_t time;
  bool start;     // completions (false) sort before starts at one instant
  size_t record;
  bool operator<(const Event& o) const {
    if (time != o.time) return time < o.time;
    if (start != o.start) return !start;
    return record < o.record;
  }
};

// Walks one window's records in time order, mapping jobs to nodes (most recently freed
// first) and charging every idle gap of every node within [begin, end].
Status AccountWindow(const std::vector<const JobRecord*>& recs, int32_t procs,
                     const PowerModel& m, const PowerOff& off, ClusterEnergy* e) {
  int64_t begin = std::numeric_limits<int64_t>::max(), end = std::numeric_limits<int64_t>::min();
  int64_t last_submit = std::numeric_limits<int64_t>::min();
  const double busy_before = e->busy_j, idle_before = e->idle_j;
  std::vector<Event> events;
  events.reserve(2 * recs.size());
  for (size_t i = 0; i < recs.size(); ++i) {
    begin = std::min(begin, recs[i]->submit);
    end = std::max(end, recs[i]->end);
    last_submit = std::max(last_submit, recs[i]->submit);
    events.push_back({recs[i]->start, true, i});
    events.push_back({recs[i]->end, false, i});
  }
  std::sort(events.begin(), events.end());
  e->horizon_s += static_cast<double>(end - begin);

  std::vector<int64_t> idle_since(static_cast<size_t>(procs), begin);
  std::vector<int32_t> free_stack(static_cast<size_t>(procs));
  for (int32_t p = 0; p < procs; ++p) free_stack[static_cast<size_t>(p)] = procs - 1 - p;
  std::vector<std::vector<int32_t>> held(recs.size());
  auto charge = [&](int32_t node, int64_t until) {
    const GapEnergy g = IdleGap(static_cast<double>(until - idle_since[static_cast<size_t>(node)]), m, off);
    e->idle_j += g.joules;
    e->off_proc_s += g.off_s;
    e->shutdowns += g.switched_off ? 1 : 0;
  };
  for (const Event& ev : events) {
    const JobRecord& r = *recs[ev.record];
    if (!ev.start) {
      for (int32_t node : held[ev.record]) {
        idle_since[static_cast<size_t>(node)] = ev.time;
        free_stack.push_back(node);
      }
      continue;
    }
    if (static_cast<size_t>(r.procs) > free_stack.size()) {
      return Status::Internal(fmt::format(
          "job {} starts at {} on {} processors but only {} of {} are free: records are not a "
          "schedule of this machine",
          r.id, r.start, r.procs, free_stack.size(), procs));
    }
    for (int32_t k = 0; k < r.procs; ++k) {
      const int32_t node = free_stack.back();
      free_stack.pop_back();
      charge(node, ev.time);
      held[ev.record].push_back(node);
    }
    const double proc_s = static_cast<double>(r.procs) * static_cast<double>(r.end - r.start);
    e->busy_proc_s += proc_s;
    e->busy_j += proc_s * m.busy_w;
  }
  for (int32_t node : free_stack) charge(node, end);
  e->idle_proc_s += static_cast<double>(procs) * static_cast<double>(end - begin);
  e->jobs += static_cast<int64_t>(recs.size());
  e->per_window.push_back({recs.front()->window, static_cast<double>(end - begin),
                           static_cast<double>(last_submit - begin), e->busy_j - busy_before,
                           e->idle_j - idle_before});
  return Status::Ok();
}

}  // namespace

Result<ClusterEnergy> ComputeClusterEnergy(const RunResult& run, const PowerModel& model,
                                           const PowerOff& power_off) {
  if (power_off.enabled) {
    if (!(power_off.idle_timeout_s >= 0)) {
      return Status::InvalidInput(fmt::format("power-off idle timeout {} s: expected >= 0",
                                              power_off.idle_timeout_s));
    }
    if (!model.CanPowerOff()) {
      return Status::InvalidInput(fmt::format(
          "power model '{}' ({}) states no off power, shutdown or boot figures "
          "(fields off_w..boot_j): it cannot model power-off; use one that does (g5k-taurus)",
          model.name, model.origin));
    }
  }
  if (run.machine_procs <= 0) {
    return Status::InvalidInput(fmt::format("machine size {}: expected processors > 0",
                                            run.machine_procs));
  }
  ClusterEnergy e;
  e.model = model.name;
  e.power_off = power_off.enabled;
  e.idle_timeout_s = power_off.idle_timeout_s;
  e.uncertainty = model.uncertainty;
  std::map<int32_t, std::vector<const JobRecord*>> windows;
  for (const JobRecord& r : run.jobs) windows[r.window].push_back(&r);
  for (const auto& [window, recs] : windows) {
    AIRGRID_RETURN_IF_ERROR(AccountWindow(recs, run.machine_procs, model, power_off, &e));
  }
  e.idle_proc_s -= e.busy_proc_s;
  e.total_j = e.busy_j + e.idle_j;
  e.per_job_j = e.jobs > 0 ? e.total_j / static_cast<double>(e.jobs) : kNaN;
  return e;
}

double KgCo2eq(double joules, double g_per_kwh, double pue) {
  return joules / 3.6e6 * pue * g_per_kwh / 1000.0;
}

nlohmann::json ToJson(const ClusterEnergy& e, double g_per_kwh, double pue) {
  auto band = [&](double v) {
    return nlohmann::json{{"value", v}, {"low", e.Low(v)}, {"high", e.High(v)}};
  };
  auto co2 = [&](double j) { return band(KgCo2eq(j, g_per_kwh, pue)); };
  return {{"model", e.model},
          {"method", "modelled"},
          {"power_off", e.power_off},
          {"idle_timeout_s", e.idle_timeout_s},
          {"horizon", "per window: first submit to last completion"},
          {"horizon_s", e.horizon_s},
          {"jobs", e.jobs},
          {"busy_proc_s", e.busy_proc_s},
          {"idle_proc_s", e.idle_proc_s},
          {"off_proc_s", e.off_proc_s},
          {"shutdowns", e.shutdowns},
          {"uncertainty", e.uncertainty},
          {"busy_j", band(e.busy_j)},
          {"idle_j", band(e.idle_j)},
          {"total_j", band(e.total_j)},
          {"per_job_j", std::isnan(e.per_job_j) ? nlohmann::json() : band(e.per_job_j)},
          {"carbon_intensity_g_per_kwh", g_per_kwh},
          {"pue", pue},
          {"co2eq_kg", co2(e.total_j)}};
}

}  // namespace airgrid::sched
