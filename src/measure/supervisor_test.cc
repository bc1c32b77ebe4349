#include "airgrid/measure/supervisor.h"

#include <fstream>

#include <gtest/gtest.h>

#include "measure/test_util.h"

namespace airgrid::measure {
namespace {

using testing::FakeClock;
using testing::TempTree;

// A CPU channel whose joules grow by 10 J per simulated second.
class TickSource : public EnergySource {
 public:
  explicit TickSource(const FakeClock* clock) : clock_(clock), t0_(clock->t) {}
  std::string name() const override { return "tick"; }
  const std::vector<Channel>& channels() const override { return channels_; }
  Status Sample(std::vector<double>* j) override {
    *j = {10 * (clock_->t - t0_)};
    return Status::Ok();
  }

 private:
  const FakeClock* clock_;
  double t0_;
  std::vector<Channel> channels_{{Component::kCpu, "package-0", "measured:fake"}};
};

// A child that "runs" for a scripted number of waits, appending phase names to a file on some.
class ScriptedChild : public ChildProcess {
 public:
  ScriptedChild(FakeClock* clock, std::string phase_file, std::vector<std::string> script, int exit_code)
      : clock_(clock), phase_file_(std::move(phase_file)), script_(std::move(script)), exit_code_(exit_code) {}
  Status Start(const std::vector<std::string>& command) override {
    started_with = command;
    return start_error;
  }
  bool WaitFor(double, int* exit_code) override {
    clock_->t += 1.0;
    if (step_ < script_.size()) {
      if (!script_[step_].empty()) std::ofstream(phase_file_, std::ios::app) << script_[step_] << "\n";
      ++step_;
      return false;
    }
    *exit_code = exit_code_;
    return true;
  }
  std::vector<std::string> started_with;
  Status start_error;

 private:
  FakeClock* clock_;
  std::string phase_file_;
  std::vector<std::string> script_;
  size_t step_ = 0;
  int exit_code_;
};

std::unique_ptr<Tracker> MakeTracker(FakeClock* clock) {
  std::vector<std::unique_ptr<EnergySource>> v;
  v.push_back(std::make_unique<TickSource>(clock));
  TrackerOptions o;
  o.interval_s = 0;
  o.clock = clock;
  return std::make_unique<Tracker>(std::move(v), std::vector<SourceNote>{}, nullptr, o);
}

TEST(Supervise, PhasesFromTheFileTileTheRun) {
  TempTree dir;
  const std::string pf = dir.root() + "/phases";
  dir.Write("phases", "old line, not ours\n");
  FakeClock clock;
  auto tracker = MakeTracker(&clock);
  // Waits: "fit" written on the 1st, nothing on the 2nd, "eval" on the 3rd, exit on the 5th.
  ScriptedChild child(&clock, pf, {"fit", "", "eval", ""}, 3);
  SuperviseOptions o;
  o.command = {"train", "--fast"};
  o.phase_file = pf;
  auto run = Supervise(*tracker, child, o);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(child.started_with, o.command);
  EXPECT_EQ(run->exit_code, 3);
  ASSERT_EQ(run->phases.size(), 3u);
  EXPECT_EQ(run->phases[0].phase, "start");
  EXPECT_EQ(run->phases[1].phase, "fit");
  EXPECT_EQ(run->phases[2].phase, "eval");
  EXPECT_DOUBLE_EQ(run->phases[0].duration_s, 1);
  EXPECT_DOUBLE_EQ(run->phases[1].duration_s, 2);
  EXPECT_DOUBLE_EQ(run->phases[2].duration_s, 2);
  EXPECT_DOUBLE_EQ(run->total.duration_s, 5);
  EXPECT_DOUBLE_EQ(run->phases[1].machine_energy_j, 20);
  EXPECT_DOUBLE_EQ(run->total.machine_energy_j, 50);
  EXPECT_FALSE(tracker->running());
}

TEST(Supervise, ChildThatCannotStartStopsTheTrackerAndReportsWhy) {
  FakeClock clock;
  auto tracker = MakeTracker(&clock);
  ScriptedChild child(&clock, "", {}, 0);
  child.start_error = Status::InvalidInput("cannot run 'nope': No such file or directory");
  SuperviseOptions o;
  o.command = {"nope"};
  auto run = Supervise(*tracker, child, o);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().ExitCode(), 2);
  EXPECT_EQ(run.status().message(), "cannot run 'nope': No such file or directory");
  EXPECT_FALSE(tracker->running());
}

TEST(Supervise, NoCommandIsBadInput) {
  FakeClock clock;
  auto tracker = MakeTracker(&clock);
  ScriptedChild child(&clock, "", {}, 0);
  auto run = Supervise(*tracker, child, SuperviseOptions{});
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().ExitCode(), 2);
}

TEST(CarbonFromOptions, NamesTheOptionAndTheFile) {
  CarbonOptions o;
  o.pue = 0.5;
  auto r = CarbonFromOptions(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("--pue: expected a number >= 1"), std::string::npos);
  o.pue = 1.2;
  o.carbon_series = "/nonexistent/series.csv";
  r = CarbonFromOptions(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ExitCode(), 2);
  EXPECT_NE(r.status().message().find("--carbon-series /nonexistent/series.csv"), std::string::npos);
  o.carbon_series.clear();
  o.country = "FR";
  o.carbon_intensity = 42;
  r = CarbonFromOptions(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->factor.g_per_kwh, 42);
  EXPECT_EQ(r->factor.region, "FRA");
  EXPECT_EQ(r->factor.method, "user-value");
  EXPECT_EQ(r->pue, 1.2);
}

}  // namespace
}  // namespace airgrid::measure
