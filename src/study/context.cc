#include "study/context.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "airgrid/base/atomic_file.h"

namespace airgrid::study {

namespace fs = std::filesystem;

Status OutputFolder::Create() const {
  std::error_code ec;
  fs::create_directories(fs::path(dir_) / "results", ec);
  if (ec) return Status::IoError("cannot create " + dir_ + ": " + ec.message());
  return Status::Ok();
}

Status OutputFolder::Write(const std::string& rel, const std::string& text) {
  AIRGRID_RETURN_IF_ERROR(plan_.WriteNow("study file", Path(rel), text));
  if (std::find(files_.begin(), files_.end(), rel) == files_.end()) List(rel);
  return Status::Ok();
}

std::string OutputFolder::Path(const std::string& rel) const { return (fs::path(dir_) / rel).string(); }

std::string Kwh(double joules) { return fmt::format("{:.3g} kWh", joules / 3.6e6); }

Result<measure::CarbonSettings> StudyCarbon(const StudyOptions& o) {
  measure::CarbonSettings c;
  c.pue = o.pue;
  if (o.pue < 1) return Status::InvalidInput("--pue " + fmt::format("{:g}", o.pue) + ": must be >= 1");
  if (o.carbon_intensity >= 0) {
    c.factor = {o.carbon_intensity, "user", 0, "--carbon-intensity", "user-value"};
  } else if (!o.country.empty()) {
    auto f = measure::CarbonTable::Builtin().Lookup(o.country);
    if (!f.ok()) return Status::InvalidInput("--country: " + f.status().message());
    c.factor = *f;
  } else {
    c.factor = measure::CarbonTable::Builtin().World();
  }
  if (!(o.carbon_intensity_uncertainty >= 0) || !std::isfinite(o.carbon_intensity_uncertainty))
    return Status::InvalidInput("--carbon-intensity-uncertainty: expected a number >= 0 (gCO2eq/kWh)");
  c.factor.uncertainty_g_per_kwh = o.carbon_intensity_uncertainty;
  if (!o.embodied_device.empty()) {
    auto item = measure::FindEmbodied(measure::BuiltinEmbodied(), o.embodied_device);
    if (!item.ok()) return Status::InvalidInput("embodied device: " + item.status().message());
    c.embodied.push_back(*item);
  }
  return c;
}

nlohmann::json StudyOptionsJson(const StudyOptions& o) {
  return {{"scale", o.scale}, {"procs", o.procs}, {"train_jobs", o.train_jobs},
          {"train_seed", o.train_seed}, {"eval_jobs", o.eval_jobs}, {"eval_seed", o.eval_seed},
          {"trace", o.trace}, {"trace_filter", o.trace_filter}, {"tuples", o.tuples},
          {"trials", o.trials}, {"seed", o.seed}, {"threads", o.threads},
          {"validate_top", o.validate_top}, {"mlp_hidden", o.mlp_hidden},
          {"mlp_epochs", o.mlp_epochs},
          {"policy_net_iterations", o.policy_net_iterations}, {"decisions_per_day", o.decisions_per_day},
          {"country", o.country}, {"carbon_intensity", o.carbon_intensity},
          {"carbon_intensity_uncertainty", o.carbon_intensity_uncertainty}, {"pue", o.pue},
          {"embodied_device", o.embodied_device},
          {"train_workload", o.train_workload}, {"train_fraction", o.train_fraction},
          {"eval_estimates", o.eval_estimates}, {"power_model", o.power_model},
          {"power_off_idle", o.power_off_idle},
          {"protocol", "sc17 (15-day windows, 16 state jobs, look-ahead 32)"}};
}

namespace {

class MeasuredPhases : public PhaseTracker {
 public:
  explicit MeasuredPhases(measure::Tracker* t) : tracker_(t) {}
  Status Start(std::string first_phase) override {
    AIRGRID_RETURN_IF_ERROR(tracker_->Start());
    phase_ = tracker_->run_mark();
    phase_.name = std::move(first_phase);
    return Status::Ok();
  }
  measure::EnergyRecord Next(std::string next) override {
    measure::EnergyRecord done = tracker_->Next(&phase_, std::move(next));
    tracker_->AddToLedger(done);
    return done;
  }
  Result<measure::EnergyRecord> Stop(measure::EnergyRecord* last) override {
    auto total = tracker_->Stop(&phase_, last);
    if (total.ok()) tracker_->AddToLedger(*last);
    return total;
  }
  const std::vector<measure::EnergyRecord>& ledger() const override { return tracker_->ledger(); }
  std::vector<std::string> notes() const override {
    std::vector<std::string> n;
    for (const auto& note : tracker_->notes()) n.push_back(note.source + ": " + note.detail);
    return n;
  }

 private:
  measure::Tracker* tracker_;
  measure::PhaseMark phase_;
};

}  // namespace

std::unique_ptr<PhaseTracker> TrackPhases(measure::Tracker* tracker) {
  return std::make_unique<MeasuredPhases>(tracker);
}

}  // namespace airgrid::study
