// Fakes for testing the study's phases on their own: a phase tracker with fixed records, a
// clock that advances by a fixed step, a context over a temporary output folder, and tiny
// study sizes (seconds on one core).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "airgrid/study/study.h"
#include "airgrid/study/study_grid.h"
#include "study/context.h"

namespace airgrid::study::testing {

// Every phase lasts 1 s and is charged `joules` J for `cpu_s` CPU seconds.
class FakePhases : public PhaseTracker {
 public:
  Status Start(std::string first_phase) override {
    current_ = std::move(first_phase);
    started = true;
    return Status::Ok();
  }
  measure::EnergyRecord Next(std::string next) override {
    measure::EnergyRecord done = Record(current_);
    ledger_.push_back(done);
    current_ = std::move(next);
    return done;
  }
  Result<measure::EnergyRecord> Stop(measure::EnergyRecord* last) override {
    *last = Record(current_);
    ledger_.push_back(*last);
    measure::EnergyRecord total = Record("total");
    total.energy_j = joules * ledger_.size();
    stopped = true;
    return total;
  }
  const std::vector<measure::EnergyRecord>& ledger() const override { return ledger_; }
  std::vector<std::string> notes() const override { return {"fake: fixed records"}; }

  std::vector<std::string> names() const {
    std::vector<std::string> n;
    for (const auto& r : ledger_) n.push_back(r.phase);
    return n;
  }

  double joules = 100, cpu_s = 2;
  bool started = false, stopped = false;

 private:
  measure::EnergyRecord Record(const std::string& name) const {
    measure::EnergyRecord r;
    r.phase = name;
    r.duration_s = 1;
    r.energy_j = joules;
    r.tracked_cpu_s = cpu_s;
    return r;
  }
  std::string current_;
  std::vector<measure::EnergyRecord> ledger_;
};

// Advances by `step` seconds at every reading.
class FakeClock : public Clock {
 public:
  explicit FakeClock(double step) : step_(step) {}
  double Now() const override { return t_ += step_; }

 private:
  double step_;
  mutable double t_ = 0;
};

// Study sizes for unit tests: a few seconds on one core in all.
inline StudyOptions TinyOptions(const std::string& out_dir) {
  StudyOptions o;
  o.out_dir = out_dir;
  o.scale = "test";
  o.train_jobs = 3000;  // at least one sc17 window (15 days) for the selection by simulation
  o.eval_jobs = 3500;
  o.tuples = 4;
  o.trials = 40;
  o.threads = 1;
  o.validate_top = 2;
  o.mlp_hidden = {4};
  o.mlp_epochs = 5;
  o.progress = false;
  return o;
}

// A context over a fresh temporary folder, removed at the end.
class TestContext {
 public:
  TestContext()
      : dir_(std::filesystem::temp_directory_path() /
             ("airgrid_study_phase_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++))),
        options(TinyOptions(dir_.string())),
        folder(dir_.string()),
        ctx{options, command_line, log, folder, phases} {
    std::filesystem::remove_all(dir_);
    (void)folder.Create();
  }
  ~TestContext() { std::filesystem::remove_all(dir_); }
  std::string Read(const std::string& rel) const {
    std::ifstream in(dir_ / rel);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  bool Exists(const std::string& rel) const { return std::filesystem::exists(dir_ / rel); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;

 public:
  StudyOptions options;
  std::string command_line = "airgrid study (unit test)";
  std::ostringstream log;
  FakePhases phases;
  OutputFolder folder;
  StudyContext ctx;
};

// A rule policy with no development: id, label and spec all `id` (a built-in policy name).
inline PolicyResult Rule(const char* id) {
  PolicyResult p;
  p.id = id;
  p.label = id;
  p.spec = id;
  return p;
}

}  // namespace airgrid::study::testing
